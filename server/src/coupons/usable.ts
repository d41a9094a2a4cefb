/**
 * Whether a member's coupon can be used on a bill at a store right now: the one
 * place this is decided (quote, order creation, till and POS all ask here).
 * Usable = the member's own, available, inside its validity, not a 兑换券
 * (exchanged in store only), and the store in its scope.
 */
import { Types, type Connection } from 'mongoose';
import type { Clock } from '../platform/clock';
import { couponModel, type CouponDoc } from './model';

export function isUsableAt(c: CouponDoc, memberId: string, storeId: string, now: Date): boolean {
  return (
    String(c.memberId) === memberId &&
    c.state === 'available' &&
    c.validFrom <= now &&
    c.validTo >= now &&
    c.terms.type !== 'exchange' &&
    (!c.terms.storeIds.length || c.terms.storeIds.includes(storeId))
  );
}

export function createUsable(deps: { conn: Connection; clock: Clock }) {
  const Coupon = couponModel(deps.conn);
  return {
    /** My coupons usable now at this store, soonest expiry first (a list: by the memberId index). */
    async usableAt(memberId: string, storeId: string): Promise<CouponDoc[]> {
      const now = deps.clock.now();
      const list = await Coupon.find({ memberId: new Types.ObjectId(memberId), state: 'available', validFrom: { $lte: now }, validTo: { $gte: now } })
        .sort({ validTo: 1 })
        .limit(100)
        .lean<CouponDoc[]>();
      return list.filter((c) => isUsableAt(c, memberId, storeId, now));
    },
    /** One coupon by its _id (the hot path: one command), or null when it is not usable by this member here. */
    async usableOne(couponId: string, memberId: string, storeId: string): Promise<CouponDoc | null> {
      if (!Types.ObjectId.isValid(couponId)) return null;
      const c = await Coupon.findById(couponId).lean<CouponDoc>();
      return c && isUsableAt(c, memberId, storeId, deps.clock.now()) ? c : null;
    },
  };
}
