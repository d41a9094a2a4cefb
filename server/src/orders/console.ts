/** Console reads of orders: a page by key across stores (or one store / one member), refunded ones only on request; the order a number names. */
import { Types, type Connection } from 'mongoose';
import type { PaymentsService } from '../payments/service';
import { orderModel, type OrderDoc } from './model';
import { findNamedOrder } from './search';
import { ORDER_PURPOSE } from './service';

export interface OrderPageQuery {
  storeId: string | null;
  memberId?: string;
  /** any of these members (a phone search) */
  memberIds?: string[];
  state?: string;
  /** only orders with a refund */
  refunded?: boolean;
  from?: Date;
  to?: Date;
  after?: string;
  limit: number;
}

export function createOrdersConsole(deps: { conn: Connection; payments: Pick<PaymentsService, 'get'> }) {
  const Order = orderModel(deps.conn);
  return {
    async page(q: OrderPageQuery): Promise<{ items: OrderDoc[]; next: string | null }> {
      const filter: Record<string, unknown> = {};
      if (q.storeId) filter.storeId = new Types.ObjectId(q.storeId);
      if (q.memberId) filter.memberId = new Types.ObjectId(q.memberId);
      else if (q.memberIds) filter.memberId = { $in: q.memberIds.map((id) => new Types.ObjectId(id)) };
      if (q.state) filter.state = q.state;
      if (q.refunded) filter.refundCount = { $gt: 0 };
      if (q.from || q.to) filter.createdAt = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lt: q.to } : {}) };
      if (q.after) filter._id = { $lt: new Types.ObjectId(q.after) };
      const docs = await Order.find(filter)
        .sort({ _id: -1 })
        .limit(q.limit + 1)
        .lean<OrderDoc[]>();
      const items = docs.slice(0, q.limit);
      return { items, next: docs.length > q.limit ? String(items[items.length - 1]._id) : null };
    },
    async count(storeId: string | null): Promise<number> {
      return storeId ? Order.countDocuments({ storeId: new Types.ObjectId(storeId) }) : Order.estimatedDocumentCount();
    },
    /** The one order an order or refund number or a 商户订单号 names (orders/search.ts). */
    findNamed: (s: Parameters<typeof findNamedOrder>[1]) => findNamedOrder({ Order, payments: deps.payments, purpose: ORDER_PURPOSE }, s),
    async get(orderId: string): Promise<OrderDoc | null> {
      return Types.ObjectId.isValid(orderId) ? Order.findById(orderId).lean<OrderDoc>() : null;
    },
  };
}

export type OrdersConsole = ReturnType<typeof createOrdersConsole>;
