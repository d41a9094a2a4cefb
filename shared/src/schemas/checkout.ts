import { z } from 'zod';
import { objectId } from './common';

export const quoteRequest = z.object({
  storeId: objectId,
  billFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** a coupon of mine; null = none; omitted = the best one is suggested but not applied */
  couponId: objectId.nullable().optional(),
  points: z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.literal('max')]).default(0),
  lines: z.array(z.object({ id: z.string().min(1).max(64), amountFen: z.number().int().min(1) })).max(200).optional(),
});
export type QuoteRequest = z.input<typeof quoteRequest>;

export const quoteResponse = z.object({
  billFen: z.number().int(),
  couponId: z.string().nullable(),
  couponDiscountFen: z.number().int(),
  pointsUsed: z.number().int(),
  pointsValueFen: z.number().int(),
  maxPoints: z.number().int(),
  cashFen: z.number().int(),
  pointsEarned: z.number().int(),
  growthGained: z.number().int(),
  paidInFull: z.boolean(),
  bestCouponId: z.string().nullable(),
  /** points worth ¥1 under the chain's settings */
  pointsPerYuan: z.number().int(),
  usableCoupons: z.array(z.object({ id: z.string(), name: z.string(), discountFen: z.number().int(), applicable: z.boolean(), reason: z.string().nullable() })),
  lines: z.array(z.object({ id: z.string(), amountFen: z.number().int(), couponFen: z.number().int(), pointsFen: z.number().int(), cashFen: z.number().int() })),
});
export type QuoteResponse = z.infer<typeof quoteResponse>;

export const createOrderRequest = z.object({
  storeId: objectId,
  billFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** a coupon id, or "best": the usable coupon with the largest discount (none if none applies) — no quote needed first */
  couponId: z.union([objectId, z.literal('best')]).nullable().default(null),
  points: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  /** the client's key for this checkout: a double tap creates one order */
  clientKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});

export const orderState = z.enum(['pending_payment', 'paid', 'refunded', 'expired', 'cancelled']);
/** where the order was made: the shopper's 优惠买单, a clerk's till, a store POS system */
export const orderChannel = z.enum(['miniapp', 'till', 'pos']);
/** how the cash part is paid: WeChat Pay, cash/card at the till (outside this system), or nothing left to pay */
export const orderSettlement = z.enum(['wechat', 'other', 'none']);

/** A bill line (POS/till): the discount allocated to it deterministically, so a line refund reverses an exact share. */
export const orderLineInput = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/),
  name: z.string().trim().max(40).default(''),
  amountFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});
export const orderLineView = z.object({
  id: z.string(),
  name: z.string(),
  amountFen: z.number().int(),
  couponFen: z.number().int(),
  pointsFen: z.number().int(),
  cashFen: z.number().int(),
  refunded: z.boolean(),
});

export const refundState = z.enum(['CREATED', 'PROCESSING', 'SUCCESS', 'CLOSED', 'ABNORMAL', 'FAILED']);
export const orderRefundView = z.object({
  refundNo: z.string(),
  /** readable refund number (R + date + sequence) shown to people; refundNo for refunds made before numbers */
  number: z.string(),
  /** cash refunded (0 when the order had no cash part) */
  amountFen: z.number().int(),
  lineIds: z.array(z.string()),
  state: refundState,
  reason: z.string(),
  /** how the cash goes back: to the WeChat balance/card, or at the till */
  via: z.enum(['wechat', 'other', 'none']),
  createdAt: z.string(),
});
export type OrderRefundView = z.infer<typeof orderRefundView>;

export const orderView = z.object({
  id: z.string(),
  /** readable order number (date + sequence) shown to people; the id for orders made before numbers */
  number: z.string(),
  storeId: z.string(),
  storeName: z.string(),
  state: orderState,
  channel: orderChannel,
  settlement: orderSettlement,
  billFen: z.number().int(),
  couponId: z.string().nullable(),
  couponName: z.string().nullable(),
  couponDiscountFen: z.number().int(),
  pointsUsed: z.number().int(),
  pointsValueFen: z.number().int(),
  cashFen: z.number().int(),
  pointsEarned: z.number().int(),
  growthGained: z.number().int(),
  outTradeNo: z.string().nullable(),
  expireAt: z.string(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  lines: z.array(orderLineView),
  refundedFen: z.number().int(),
  refunds: z.array(orderRefundView),
  posTxnId: z.string().nullable(),
  /** paid and every effect applied (coupon used, points spent and earned, growth): a moment after "paid" */
  effectsApplied: z.boolean(),
});
export type OrderView = z.infer<typeof orderView>;

export const createOrderResponse = z.object({
  order: orderView,
  /** null when coupon + points covered the bill (no WeChat payment) */
  requestPayment: z.object({ timeStamp: z.string(), nonceStr: z.string(), package: z.string(), signType: z.literal('RSA'), paySign: z.string() }).nullable(),
});
export const orderIdParams = z.object({ orderId: objectId });
export const orderListResponse = z.object({ items: z.array(orderView) });
export const myOrdersQuery = z.object({ state: orderState.optional() });

/** The member an order belongs to, as staff see it. */
export const orderMemberView = z.object({ id: z.string(), nickname: z.string(), phoneMasked: z.string().nullable(), cardNo: z.string().nullable() });
export const staffOrderView = orderView.extend({ member: orderMemberView });
export type StaffOrderView = z.infer<typeof staffOrderView>;
export const staffOrderListQuery = z.object({
  /** admins: any store or all; staff: their own store only */
  storeId: objectId.optional(),
  state: orderState.optional(),
  /** order number, refund number (R…), 商户订单号 or the customer's 11-digit phone (exact) */
  q: z.string().trim().max(40).optional(),
  /** the previous page's nextBefore (opaque: the last order's time and id) */
  before: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z(_[0-9a-f]{24})?$/, 'a nextBefore value').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const staffOrderListResponse = z.object({ items: z.array(staffOrderView), nextBefore: z.string().nullable() });

/** Refund by amount, by lines, or everything that is left; exactly one of them. */
export const orderRefundRequest = z
  .object({
    amountFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    lineIds: z.array(z.string().min(1).max(64)).min(1).max(200).optional(),
    full: z.literal(true).optional(),
    reason: z.string().trim().min(2).max(80),
    /** the clerk's key for this refund: retries refund once */
    refundKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  })
  .refine((r) => [r.amountFen !== undefined, r.lineIds !== undefined, r.full !== undefined].filter(Boolean).length === 1, {
    message: 'give exactly one of amountFen, lineIds, full',
    path: ['amountFen'],
  });
export type OrderRefundRequest = z.input<typeof orderRefundRequest>;
export const orderRefundResponse = z.object({
  outRefundNo: z.string(),
  amountFen: z.number().int(),
  state: refundState,
});

/** Till: a member identified by scanning their code, proven by a short-lived signed token from the scan. */
export const tillQuoteRequest = z.object({
  storeId: objectId,
  memberToken: z.string().min(20).max(400),
  billFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  couponId: objectId.nullable().optional(),
  points: z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.literal('max')]).default(0),
  lines: z.array(orderLineInput).min(1).max(200).optional(),
});
export const tillOrderRequest = z.object({
  storeId: objectId,
  memberToken: z.string().min(20).max(400),
  billFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** a coupon id, or "best" (as for 优惠买单) */
  couponId: z.union([objectId, z.literal('best')]).nullable().default(null),
  points: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  lines: z.array(orderLineInput).min(1).max(200).optional(),
  /** wechat: the shopper pays in their own mini-program; other: paid by cash/card at the till */
  settlement: z.enum(['wechat', 'other']),
  clientKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});
export type TillOrderRequest = z.input<typeof tillOrderRequest>;
export const tillOrderResponse = z.object({ order: staffOrderView });
