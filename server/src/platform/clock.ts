/** Injectable time. Business dates are Asia/Shanghai (UTC+8, no DST). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can move forward; it also follows real time between travels. */
export class TravelClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  travel(ms: number): void {
    this.offsetMs += ms;
  }
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** YYYY-MM-DD of the business day in Asia/Shanghai. */
export function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a business day (YYYY-MM-DD) starts: 00:00 Asia/Shanghai (an invalid date gives an invalid Date). */
export function shanghaiMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}
