/**
 * Coupon state machine, one guarded update per transition, history on the coupon:
 * available → locked(order) → used; locked → available (order cancelled/expired);
 * used → available (full refund, still valid, template allows); available → expired (job);
 * available → used by a staff verification in store, used → available when the store undoes it;
 * issuing → available when a keyed issue completes. The only writer of a coupon's `state`.
 */
import { Types, type Connection } from 'mongoose';
import type { CouponState } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import { couponModel, type CouponDoc } from './model';

export function createLifecycle(deps: { conn: Connection; clock: Clock }) {
  const Coupon = couponModel(deps.conn);

  async function transition(filter: Record<string, unknown>, from: CouponState, to: CouponState, set: Record<string, unknown>, by: string, ref: string | null): Promise<CouponDoc | null> {
    const now = deps.clock.now();
    return (await Coupon.findOneAndUpdate(
      { ...filter, state: from },
      { $set: { state: to, ...set }, $push: { history: { at: now, from, to, by, ref } } },
      { returnDocument: 'after', lean: true },
    )) as CouponDoc | null;
  }

  const id = (couponId: string) => {
    if (!Types.ObjectId.isValid(couponId)) throw new AppError('COUPON_NOT_FOUND', `bad coupon id ${couponId}`);
    return new Types.ObjectId(couponId);
  };

  return {
    /** Lock to exactly one order. Re-locking to the same order is a no-op success. */
    async lock(couponId: string, memberId: string, orderRef: string): Promise<CouponDoc> {
      const now = deps.clock.now();
      const locked = await transition({ _id: id(couponId), memberId: new Types.ObjectId(memberId), validFrom: { $lte: now }, validTo: { $gte: now } }, 'available', 'locked', { lockedTo: orderRef }, memberId, orderRef);
      if (locked) return locked;
      const c = await Coupon.findOne({ _id: id(couponId), memberId: new Types.ObjectId(memberId) }).lean<CouponDoc>();
      if (!c) throw new AppError('COUPON_NOT_FOUND', `coupon ${couponId} not found for member`);
      if (c.state === 'locked' && c.lockedTo === orderRef) return c;
      throw new AppError('COUPON_NOT_AVAILABLE', `coupon ${couponId} is ${c.state}${c.lockedTo ? ` (${c.lockedTo})` : ''}`);
    },
    /** Give a locked coupon back (order cancelled or expired). Idempotent. */
    async release(couponId: string, orderRef: string, by = 'system'): Promise<CouponDoc | null> {
      return transition({ _id: id(couponId), lockedTo: orderRef }, 'locked', 'available', { lockedTo: null }, by, orderRef);
    },
    /** The order was paid. Idempotent for the same order. */
    async use(couponId: string, orderRef: string, by = 'system'): Promise<CouponDoc> {
      const used = await transition({ _id: id(couponId), lockedTo: orderRef }, 'locked', 'used', { usedAt: deps.clock.now(), usedRef: orderRef }, by, orderRef);
      if (used) return used;
      const c = await Coupon.findById(id(couponId)).lean<CouponDoc>();
      if (c?.state === 'used' && c.usedRef === orderRef) return c;
      throw new AppError('COUPON_NOT_AVAILABLE', `coupon ${couponId} is not locked to ${orderRef}`);
    },
    /** Staff verification (核销) in store: a valid available coupon → used. Idempotent for the same `ref`; null when it is not usable. */
    async redeem(couponId: Types.ObjectId, ref: string, by: string): Promise<CouponDoc | null> {
      const now = deps.clock.now();
      const used = await transition({ _id: couponId, validFrom: { $lte: now }, validTo: { $gte: now } }, 'available', 'used', { usedAt: now, usedRef: ref }, by, ref);
      if (used) return used;
      const cur = await Coupon.findById(couponId).lean<CouponDoc>();
      return cur?.state === 'used' && cur.usedRef === ref ? cur : null;
    },
    /** The store undoes its verification `ref`: used → available (null when it is not used by that verification). */
    async unredeem(couponId: Types.ObjectId, ref: string, by: string, historyRef: string): Promise<CouponDoc | null> {
      return transition({ _id: couponId, usedRef: ref }, 'used', 'available', { usedAt: null, usedRef: null }, by, historyRef);
    },
    /** A keyed issue's placeholder becomes the member's coupon; its history gets the issue line a direct claim is inserted with. */
    async activate(couponId: Types.ObjectId, by: string, channel: string): Promise<CouponDoc | null> {
      const now = deps.clock.now();
      return (await Coupon.findOneAndUpdate(
        { _id: couponId, state: 'issuing' },
        { $set: { state: 'available' }, $push: { history: { at: now, from: null, to: 'available', by, ref: channel } } },
        { returnDocument: 'after', lean: true },
      )) as CouponDoc | null;
    },
    /** Full refund: back to available if the template allows it and it is still valid. */
    async restore(couponId: string, ref: string, by = 'system'): Promise<CouponDoc | null> {
      const now = deps.clock.now();
      return transition({ _id: id(couponId), 'terms.refundReturn': true, validTo: { $gte: now } }, 'used', 'available', { usedAt: null, usedRef: null, lockedTo: null }, by, ref);
    },
    /** Job: available coupons past their validity → expired. Idempotent. */
    async expireDue(limit = 1000): Promise<number> {
      const now = deps.clock.now();
      const due = await Coupon.find({ state: 'available', validTo: { $lt: now } }).limit(limit).select({ _id: 1 }).lean();
      let n = 0;
      for (const c of due) if (await transition({ _id: c._id, validTo: { $lt: now } }, 'available', 'expired', {}, 'system', 'expiry')) n += 1;
      return n;
    },
  };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;
