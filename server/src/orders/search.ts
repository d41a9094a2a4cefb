/**
 * The order search boxes (shared's orderSearch). `findNamedOrder`: the one order an order or refund number or a
 * 商户订单号 names (unique keys), for the staff list and the console. `orderSearchFilter`: the staff 门店订单 box as a
 * filter fragment for the list, which adds the store scope (a phone is that member's orders; a card number is not
 * asked there: the clerk scans the member code at the till instead).
 */
import { orderSearch, ORDER_SEARCH_HINT, type OrderSearch } from '@homeclub/shared';
import type { Model, Types } from 'mongoose';
import { AppError } from '../platform/errors';
import type { MembersService } from '../members/service';
import type { PaymentsService } from '../payments/service';
import type { OrderDoc } from './model';

const NONE = { _id: null };

type Named = Extract<OrderSearch, { kind: 'order' | 'refund' | 'outTradeNo' }>;
interface NamedDeps {
  Order: Model<OrderDoc>;
  payments: Pick<PaymentsService, 'get'>;
  purpose: string;
}

/**
 * The order `s` names, or null. The refund's number through $elemMatch: the embedded test engine finds nothing for a
 * dotted path through the array's unique index (MongoDB answers both forms from orders_refund_number_unique).
 */
export async function findNamedOrder(deps: NamedDeps, s: Named, projection?: Record<string, 1>): Promise<OrderDoc | null> {
  if (s.kind === 'outTradeNo') {
    const intent = await deps.payments.get(s.outTradeNo);
    return intent?.purpose === deps.purpose ? deps.Order.findById(intent.reference, projection).lean<OrderDoc>() : null;
  }
  return deps.Order.findOne(s.kind === 'order' ? { number: s.number } : { refunds: { $elemMatch: { number: s.number } } }, projection).lean<OrderDoc>();
}

export async function orderSearchFilter(deps: NamedDeps & { members: Pick<MembersService, 'findByPhone'> }, text: string): Promise<Record<string, unknown>> {
  const s = orderSearch(text);
  if (!s || s.kind === 'card') {
    throw new AppError('VALIDATION_FAILED', `staff order search: ${text}`, { fields: [{ path: 'query.q', message: `请输入${ORDER_SEARCH_HINT.replace(' / 会员手机号或卡号', ' / 顾客手机号')}` }] });
  }
  if (s.kind === 'phone') {
    const ids = (await deps.members.findByPhone(s.phone)).map((m) => m._id as Types.ObjectId);
    return ids.length ? { memberId: { $in: ids } } : NONE;
  }
  const o = await findNamedOrder(deps, s, { _id: 1 });
  return o ? { _id: o._id } : NONE;
}
