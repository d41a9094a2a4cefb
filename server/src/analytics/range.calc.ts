/**
 * Pure date-range math of the dashboard: business days are Asia/Shanghai
 * (UTC+8, no DST) written YYYY-MM-DD; a range is inclusive on both ends and
 * its previous period is the same number of days just before it.
 */
import { shanghaiDate, shanghaiMidnight } from '../platform/clock';

const DAY_MS = 86_400_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export type RangeName = 'today' | '7d' | '30d' | '90d' | 'custom';

export interface DayRange {
  from: string;
  to: string;
}

export interface ResolvedRange extends DayRange {
  days: number;
  previous: DayRange;
}

/** The longest custom range (a year and a day: leap years). */
export const MAX_RANGE_DAYS = 366;

export function isDay(s: string): boolean {
  if (!DAY_RE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** The business day (Asia/Shanghai) of an instant. */
export const dayOf = shanghaiDate;

/** The instant a business day starts (00:00 Asia/Shanghai). */
export const dayStart = shanghaiMidnight;

/** The instant the business day ends (exclusive: the next day's start). */
export function dayEnd(day: string): Date {
  return new Date(dayStart(day).getTime() + DAY_MS);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` inclusive (0 when to < from). */
export function dayCount(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1);
}

/** Every day of the range, in order. */
export function daysOf(r: DayRange): string[] {
  const n = dayCount(r.from, r.to);
  return Array.from({ length: n }, (_, i) => addDays(r.from, i));
}

/** The period of the same length just before the range. */
export function previousOf(r: DayRange): DayRange {
  const n = dayCount(r.from, r.to);
  return { from: addDays(r.from, -n), to: addDays(r.from, -1) };
}

export type RangeProblem = 'custom_needs_dates' | 'bad_date' | 'from_after_to' | 'in_future' | 'too_long';

/** Resolve a dashboard range against today; a problem instead when the input cannot be a range. */
export function resolveRange(
  input: { range: RangeName; from?: string; to?: string },
  today: string,
): { ok: true; range: ResolvedRange } | { ok: false; problem: RangeProblem } {
  let r: DayRange;
  if (input.range === 'custom') {
    if (!input.from || !input.to) return { ok: false, problem: 'custom_needs_dates' };
    if (!isDay(input.from) || !isDay(input.to)) return { ok: false, problem: 'bad_date' };
    if (input.from > input.to) return { ok: false, problem: 'from_after_to' };
    if (input.to > today) return { ok: false, problem: 'in_future' };
    if (dayCount(input.from, input.to) > MAX_RANGE_DAYS) return { ok: false, problem: 'too_long' };
    r = { from: input.from, to: input.to };
  } else {
    const n = input.range === 'today' ? 1 : Number(input.range.slice(0, -1));
    r = { from: addDays(today, 1 - n), to: today };
  }
  return { ok: true, range: { ...r, days: dayCount(r.from, r.to), previous: previousOf(r) } };
}

export interface Compared {
  value: number;
  previous: number;
  /** change against the previous period in per cent, one decimal; null when the previous is 0 */
  changePct: number | null;
}

/** A figure with its previous-period value and the change (a display ratio, never money). */
export function compare(value: number, previous: number): Compared {
  const changePct = previous === 0 ? null : Math.round(((value - previous) / Math.abs(previous)) * 1000) / 10;
  return { value, previous, changePct };
}

/** A rate in basis points (integer), 0 when there is no denominator. */
export function rateBp(part: number, whole: number): number {
  return whole > 0 ? Math.round((part * 10_000) / whole) : 0;
}

/** The missing days of a range, given the days that have rollups. */
export function missingDays(r: DayRange, have: Set<string>): string[] {
  return daysOf(r).filter((d) => !have.has(d));
}
