import { Types, type Connection } from 'mongoose';
import { orderModel } from './model';

/** For the ledger audit: which of these orders still await payment (may hold a coupon). One read by `_id`s. */
export function createLiveOrders(deps: { conn: Connection }) {
  const Order = orderModel(deps.conn);
  return async (orderIds: string[]): Promise<Set<string>> => {
    const ids = orderIds.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
    if (!ids.length) return new Set();
    const live = await Order.find({ _id: { $in: ids }, state: 'pending_payment' }, { _id: 1 }).lean();
    return new Set(live.map((o) => String(o._id)));
  };
}
