/**
 * Coupon audit, one batch by `_id` range: a coupon locked to an order must
 * have that order still awaiting payment (a paid order uses it, a cancelled or
 * expired one releases it). Locks younger than `staleMs` are left alone (the
 * order's steps may be running). Orders are asked through `liveOrders`.
 */
import { Types, type Connection } from 'mongoose';
import type { AuditFinding } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import type { AuditBatch } from '../points/audit';
import { couponModel } from './model';

export type LiveOrders = (orderIds: string[]) => Promise<Set<string>>;

export function createCouponsAudit(deps: { conn: Connection; clock: Clock; liveOrders: LiveOrders }) {
  const Coupon = couponModel(deps.conn);
  return async function auditCouponsBatch(opts: { after: string | null; size: number; staleMs: number }): Promise<AuditBatch> {
    const filter = opts.after ? { _id: { $gt: new Types.ObjectId(opts.after) } } : {};
    const coupons = await Coupon.find(filter, { state: 1, lockedTo: 1, history: 1, memberId: 1 }).sort({ _id: 1 }).limit(opts.size).lean();
    const staleBefore = deps.clock.now().getTime() - opts.staleMs;
    const locked = coupons.filter((c) => c.state === 'locked' && new Date(c.history?.at(-1)?.at ?? 0).getTime() < staleBefore);
    const orderId = (ref: string | null) => (ref?.startsWith('order:') ? ref.slice('order:'.length) : null);
    const live = await deps.liveOrders(locked.map((c) => orderId(c.lockedTo)).filter((x): x is string => Boolean(x)));
    const findings: AuditFinding[] = locked
      .filter((c) => !live.has(orderId(c.lockedTo) ?? ''))
      .map((c) => ({ kind: 'coupon_locked_without_live_order' as const, subject: String(c._id), memberId: c.memberId ? String(c.memberId) : null, detail: `locked to ${c.lockedTo ?? '(nothing)'}, which is not awaiting payment`, expected: null, actual: null }));
    return { checked: coupons.length, findings, next: coupons.length < opts.size ? null : String(coupons[coupons.length - 1]._id) };
  };
}
