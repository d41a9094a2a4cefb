/**
 * Booking slots from a store's opening hours (pure, Asia/Shanghai: UTC+8 all
 * year, no DST). A day has one or more opening intervals (a lunch break is two
 * intervals); slots start every `intervalMin` from each interval's opening and
 * must end (start + duration) by its closing. Closed dates have none. Slots
 * sooner than the lead time or beyond the horizon are not bookable.
 */

/** "HH:MM" 00:00–24:00 */
export type ClockTime = string;
export interface OpeningInterval {
  open: ClockTime;
  close: ClockTime;
}
/** index 0 = Sunday … 6 = Saturday (like Date#getUTCDay) */
export type WeeklyHours = OpeningInterval[][];

export interface SlotRules {
  durationMin: number;
  intervalMin: number;
  /** minutes between now and the earliest bookable start */
  leadMinutes: number;
  /** days ahead, counting today as day 0 (14 → today … today + 13) */
  horizonDays: number;
}

export interface Slot {
  /** ISO instant (UTC) */
  start: string;
  end: string;
  /** "HH:MM" local start, for display */
  label: string;
}

const OFFSET_MS = 8 * 3600_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-4]):([0-5]\d)$/;

export function minutesOf(t: ClockTime): number {
  const m = TIME_RE.exec(t);
  if (!m) throw new Error(`bad time ${t}`);
  const v = Number(m[1]) * 60 + Number(m[2]);
  if (v > 24 * 60) throw new Error(`bad time ${t}`);
  return v;
}

const pad = (n: number) => String(n).padStart(2, '0');
const label = (min: number) => `${pad(Math.floor(min / 60))}:${pad(min % 60)}`;

/** YYYY-MM-DD of an instant in Asia/Shanghai. */
export function shanghaiDay(at: Date | number): string {
  return new Date((typeof at === 'number' ? at : at.getTime()) + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a Shanghai local date + minutes after midnight. */
export function shanghaiInstant(date: string, minutes: number): Date {
  if (!DATE_RE.test(date)) throw new Error(`bad date ${date}`);
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - OFFSET_MS + minutes * 60_000);
}

const WALL_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** An instant's wall time in Asia/Shanghai as `YYYY-MM-DDTHH:mm:ss` (no zone): what a date-time picker shows. */
export function shanghaiWall(at: Date | number | string): string {
  const ms = new Date(at).getTime();
  if (Number.isNaN(ms)) throw new Error(`bad instant ${String(at)}`);
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 19);
}

/** The instant of a Shanghai wall time `YYYY-MM-DDTHH:mm[:ss]` (the inverse of shanghaiWall). */
export function shanghaiWallInstant(wall: string): Date {
  const m = WALL_RE.exec(wall);
  if (!m || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`)) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59)
    throw new Error(`bad wall time ${wall}`);
  return new Date(shanghaiInstant(m[1], Number(m[2]) * 60 + Number(m[3])).getTime() + Number(m[4] ?? 0) * 1000);
}

/** Weekday (0 = Sunday) of a Shanghai date. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00.000Z`).getUTCDay();
}

/** Shanghai date `days` after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86400_000).toISOString().slice(0, 10);
}

/** Every slot of the day by the hours alone (no lead time / horizon). */
export function daySlots(date: string, hours: WeeklyHours, closedDates: string[], rules: Pick<SlotRules, 'durationMin' | 'intervalMin'>): Slot[] {
  if (!DATE_RE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw new Error(`bad date ${date}`);
  if (rules.durationMin < 1 || rules.intervalMin < 1) throw new Error('duration and interval must be ≥ 1 minute');
  if (closedDates.includes(date)) return [];
  const intervals = [...(hours[weekdayOf(date)] ?? [])].map((i) => ({ open: minutesOf(i.open), close: minutesOf(i.close) })).sort((a, b) => a.open - b.open);
  const out: Slot[] = [];
  const seen = new Set<number>();
  for (const { open, close } of intervals) {
    for (let s = open; s + rules.durationMin <= close; s += rules.intervalMin) {
      if (seen.has(s)) continue;
      seen.add(s);
      out.push({ start: shanghaiInstant(date, s).toISOString(), end: shanghaiInstant(date, s + rules.durationMin).toISOString(), label: label(s) });
    }
  }
  return out.sort((a, b) => a.start.localeCompare(b.start));
}

/** The dates a shopper may book now: today … today + horizon − 1. */
export function bookableDates(now: Date, horizonDays: number): string[] {
  const today = shanghaiDay(now);
  return Array.from({ length: Math.max(0, horizonDays) }, (_, i) => addDays(today, i));
}

/** The bookable slots of a day at `now` (lead time and horizon applied). */
export function bookableSlots(date: string, now: Date, hours: WeeklyHours, closedDates: string[], rules: SlotRules): Slot[] {
  if (!bookableDates(now, rules.horizonDays).includes(date)) return [];
  const earliest = now.getTime() + rules.leadMinutes * 60_000;
  return daySlots(date, hours, closedDates, rules).filter((s) => Date.parse(s.start) >= earliest);
}

/** Is `start` (ISO) one of the bookable slots at `now`? Returns the slot. */
export function findBookableSlot(start: string, now: Date, hours: WeeklyHours, closedDates: string[], rules: SlotRules): Slot | null {
  const at = Date.parse(start);
  if (Number.isNaN(at)) return null;
  const iso = new Date(at).toISOString();
  return bookableSlots(shanghaiDay(at), now, hours, closedDates, rules).find((s) => s.start === iso) ?? null;
}

/** Is a change (cancel / reschedule) still allowed `cutoffMinutes` before the start? */
export function beforeCutoff(start: Date | string, now: Date, cutoffMinutes: number): boolean {
  return now.getTime() <= new Date(start).getTime() - cutoffMinutes * 60_000;
}
