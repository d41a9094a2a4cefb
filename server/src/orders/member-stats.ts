/**
 * Per-member purchase facts for member insight (RFM, lifecycle), one
 * aggregation per range of member ids so the nightly job reads orders in
 * `_id`-ordered batches. Only orders still paid count (fully refunded ones do
 * not); the amount is the cash kept (cash paid − cash refunded).
 */
import { Types, type Connection } from 'mongoose';
import { orderModel } from './model';

export interface MemberPurchaseFacts {
  memberId: string;
  firstPaidAt: Date;
  lastPaidAt: Date;
  /** paid orders since `since` */
  orders: number;
  /** fen kept from orders since `since` */
  paidFen: number;
  lastStoreId: string;
}

export interface MemberWindowFacts {
  memberId: string;
  orders: number;
  paidFen: number;
}

export function createOrderMemberStats(conn: Connection) {
  const Order = orderModel(conn);
  return {
    /** Facts of every member with a paid order whose id is in [fromId, toId]. */
    async purchasesInRange(fromId: string, toId: string, since: Date): Promise<MemberPurchaseFacts[]> {
      const rows = await Order.aggregate<{ _id: Types.ObjectId; first: Date; last: Date; orders: number; paidFen: number; lastStoreId: Types.ObjectId }>([
        { $match: { memberId: { $gte: new Types.ObjectId(fromId), $lte: new Types.ObjectId(toId) }, state: 'paid' } },
        { $sort: { paidAt: 1 } },
        {
          $group: {
            _id: '$memberId',
            first: { $min: '$paidAt' },
            last: { $max: '$paidAt' },
            orders: { $sum: { $cond: [{ $gte: ['$paidAt', since] }, 1, 0] } },
            paidFen: { $sum: { $cond: [{ $gte: ['$paidAt', since] }, { $subtract: ['$cashFen', '$refundedFen'] }, 0] } },
            lastStoreId: { $last: '$storeId' },
          },
        },
      ]);
      return rows.map((r) => ({ memberId: String(r._id), firstPaidAt: r.first, lastPaidAt: r.last, orders: r.orders, paidFen: r.paidFen, lastStoreId: String(r.lastStoreId) }));
    },

    /** Paid orders and fen kept per member among those paid in [from, to) (campaign reports). */
    async purchasesBetween(from: Date, to: Date): Promise<Map<string, MemberWindowFacts>> {
      const rows = await Order.aggregate<{ _id: Types.ObjectId; orders: number; paidFen: number }>([
        { $match: { state: 'paid', paidAt: { $gte: from, $lt: to } } },
        { $group: { _id: '$memberId', orders: { $sum: 1 }, paidFen: { $sum: { $subtract: ['$cashFen', '$refundedFen'] } } } },
      ]);
      return new Map(rows.map((r) => [String(r._id), { memberId: String(r._id), orders: r.orders, paidFen: r.paidFen }]));
    },
  };
}

export type OrderMemberStats = ReturnType<typeof createOrderMemberStats>;
