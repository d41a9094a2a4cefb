/** Console reads of claimed coupons: one member's, or a page by key over some members (export). */
import { Types, type Connection } from 'mongoose';
import { couponModel, type CouponDoc } from './model';

export function createCouponsConsole(deps: { conn: Connection }) {
  const Coupon = couponModel(deps.conn);
  return {
    async forMember(memberId: string, limit = 100): Promise<CouponDoc[]> {
      return Coupon.find({ memberId: new Types.ObjectId(memberId) })
        .sort({ _id: -1 })
        .limit(limit)
        .lean<CouponDoc[]>();
    },
    async count(): Promise<number> {
      return Coupon.estimatedDocumentCount();
    },
    /** All coupons (memberIds null) or those of the given members, newest first, by key. */
    async page(
      memberIds: string[] | null,
      after: string | undefined,
      limit: number,
    ): Promise<{ items: CouponDoc[]; next: string | null }> {
      const filter: Record<string, unknown> = {};
      if (memberIds) filter.memberId = { $in: memberIds.map((id) => new Types.ObjectId(id)) };
      if (after) filter._id = { $lt: new Types.ObjectId(after) };
      const docs = await Coupon.find(filter)
        .sort({ _id: -1 })
        .limit(limit + 1)
        .lean<CouponDoc[]>();
      const items = docs.slice(0, limit);
      return { items, next: docs.length > limit ? String(items[items.length - 1]._id) : null };
    },
  };
}

export type CouponsConsole = ReturnType<typeof createCouponsConsole>;
