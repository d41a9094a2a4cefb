/**
 * The staff 门店订单 search box (shared's orderSearch): an order or refund number or a 商户订单号 is one order (unique
 * keys), a phone is that member's orders. The result is a filter fragment for the list, which adds the store scope.
 * A card number is not asked here (the clerk scans the member code at the till instead).
 */
import { orderSearch, ORDER_SEARCH_HINT } from '@homeclub/shared';
import type { Model, Types } from 'mongoose';
import { AppError } from '../platform/errors';
import type { MembersService } from '../members/service';
import type { PaymentsService } from '../payments/service';
import type { OrderDoc } from './model';

const NONE = { _id: null };

export async function orderSearchFilter(
  deps: { Order: Model<OrderDoc>; members: Pick<MembersService, 'findByPhone'>; payments: Pick<PaymentsService, 'get'>; purpose: string },
  text: string,
): Promise<Record<string, unknown>> {
  const s = orderSearch(text);
  if (!s || s.kind === 'card') {
    throw new AppError('VALIDATION_FAILED', `staff order search: ${text}`, { fields: [{ path: 'query.q', message: `请输入${ORDER_SEARCH_HINT.replace(' / 会员手机号或卡号', ' / 顾客手机号')}` }] });
  }
  if (s.kind === 'phone') {
    const ids = (await deps.members.findByPhone(s.phone)).map((m) => m._id as Types.ObjectId);
    return ids.length ? { memberId: { $in: ids } } : NONE;
  }
  if (s.kind === 'outTradeNo') {
    const intent = await deps.payments.get(s.outTradeNo);
    return intent?.purpose === deps.purpose ? { _id: intent.reference } : NONE;
  }
  // the refund's number through $elemMatch: the embedded engine finds nothing for the dotted path (orders/console.ts)
  const o = await deps.Order.findOne(s.kind === 'order' ? { number: s.number } : { refunds: { $elemMatch: { number: s.number } } }, { _id: 1 }).lean();
  return o ? { _id: o._id } : NONE;
}
