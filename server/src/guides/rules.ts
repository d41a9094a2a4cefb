/**
 * Pure rules of the guide domain (table-tested in tests/server/guides-rules.test.ts):
 * who may bind, the protection end, a refund's share of a credit, where a
 * transfer sends a customer, and which follow-up tasks a customer's facts call for.
 */
import { createHash } from 'node:crypto';
import { shanghaiDay, type GuideSettings, type GuideTaskRule } from '@homeclub/shared';
import { finalRemainder, refundShare } from '../orders/refund.calc';

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A guide code from a random source: G + 5 characters of the look-alike-free alphabet. */
export function guideCodeFrom(bytes: Uint8Array): string {
  let s = 'G';
  for (let i = 0; i < 5; i++) s += CODE_ALPHABET[bytes[i]! % CODE_ALPHABET.length];
  return s;
}

/** End of the protection of a binding made at `at` (null = permanent). */
export function protectedUntil(settings: GuideSettings, at: Date): Date | null {
  return settings.mode === 'permanent' ? null : new Date(at.getTime() + settings.protectDays * 86400_000);
}

export type BindVerdict = 'bind' | 'renew' | 'already_yours' | 'taken' | 'self';

/**
 * Whether `guideId` may bind `memberId` now, given the current binding (if any).
 * Permanent mode: only the first binding (a transfer moves it). Protected mode:
 * another guide may bind once the protection has lapsed; the same guide renews it.
 */
export function bindVerdict(
  settings: GuideSettings,
  memberId: string,
  guideId: string,
  current: { guideId: string; protectedUntil: Date | null } | null,
  now: Date,
): BindVerdict {
  if (memberId === guideId) return 'self';
  if (!current) return 'bind';
  const lapsed =
    settings.mode === 'protected' && current.protectedUntil !== null && current.protectedUntil.getTime() <= now.getTime();
  if (current.guideId === guideId) return lapsed ? 'renew' : 'already_yours';
  return lapsed ? 'bind' : 'taken';
}

/** The share of a credited amount a refund reverses: proportional, rounded down, exact remainder on the refund that completes the basis. */
export function creditReversal(
  creditFen: number,
  share: { weight: number; weights: number[]; basis: number; full: boolean },
): number {
  let x = refundShare(creditFen, share.weight, share.basis);
  if (share.full) x += finalRemainder(creditFen, share.weights, share.basis) ?? 0;
  return Math.max(0, Math.min(x, creditFen));
}

/** The guide a transfer sends one customer to: fixed by (transfer, member), so a resumed run chooses the same one. */
export function spreadTarget(transferId: string, memberId: string, targets: string[]): string {
  if (targets.length === 0) throw new Error('no transfer target');
  const h = createHash('sha256').update(`${transferId}:${memberId}`).digest();
  return targets[h.readUInt32BE(0) % targets.length]!;
}

export interface CustomerFacts {
  memberId: string;
  birthday: string | null; // YYYY-MM-DD
  bookings: { id: string; state: string; start: Date; attendedAt: Date | null }[];
  lastPaidAt: Date | null;
  coupons: { id: string; name: string; validTo: Date }[];
}
export interface TaskDraft {
  rule: GuideTaskRule;
  occasion: string;
  title: string;
  dueAt: Date;
}

const DAY = 86400_000;

/**
 * Follow-up tasks for one customer at `now` (Asia/Shanghai days):
 * booking tomorrow → confirm; attended 3–14 days ago without a purchase since → follow up;
 * birthday this month → greet (once a year); an available coupon ending within 3 days → remind.
 */
export function followUpTasks(f: CustomerFacts, now: Date, nickname: string): TaskDraft[] {
  const out: TaskDraft[] = [];
  const tomorrow = shanghaiDay(now.getTime() + DAY);
  for (const b of f.bookings) {
    if (b.state === 'booked' && shanghaiDay(b.start) === tomorrow) {
      out.push({ rule: 'booking_tomorrow', occasion: b.id, title: `${nickname} 明天有预约，请电话确认`, dueAt: now });
    }
  }
  const visit = f.bookings
    .filter((b) => b.state === 'attended' && b.attendedAt)
    .sort((a, b) => b.attendedAt!.getTime() - a.attendedAt!.getTime())[0];
  if (visit) {
    const since = now.getTime() - visit.attendedAt!.getTime();
    const bought = f.lastPaidAt !== null && f.lastPaidAt.getTime() >= visit.attendedAt!.getTime();
    if (since >= 3 * DAY && since <= 14 * DAY && !bought) {
      out.push({ rule: 'visit_no_purchase', occasion: visit.id, title: `${nickname} 到店 3 天未购买，请回访`, dueAt: now });
    }
  }
  if (f.birthday) {
    const [year, month] = shanghaiDay(now).split('-');
    if (f.birthday.slice(5, 7) === month)
      out.push({ rule: 'birthday', occasion: year!, title: `${nickname} 本月生日，送上祝福`, dueAt: now });
  }
  for (const c of f.coupons) {
    const left = c.validTo.getTime() - now.getTime();
    if (left > 0 && left <= 3 * DAY)
      out.push({ rule: 'coupon_expiring', occasion: c.id, title: `${nickname} 的「${c.name}」即将过期，提醒使用`, dueAt: now });
  }
  return out;
}

/** `from`..`to` (inclusive) as Shanghai days, defaulting to this month so far. */
export function periodOf(now: Date, q: { from?: string; to?: string }): { from: string; to: string } {
  const today = shanghaiDay(now);
  return { from: q.from ?? `${today.slice(0, 8)}01`, to: q.to ?? today };
}
