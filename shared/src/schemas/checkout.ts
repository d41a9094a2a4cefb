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
  usableCoupons: z.array(z.object({ id: z.string(), name: z.string(), discountFen: z.number().int(), applicable: z.boolean(), reason: z.string().nullable() })),
  lines: z.array(z.object({ id: z.string(), amountFen: z.number().int(), couponFen: z.number().int(), pointsFen: z.number().int(), cashFen: z.number().int() })),
});
export type QuoteResponse = z.infer<typeof quoteResponse>;

export const createOrderRequest = z.object({
  storeId: objectId,
  billFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  couponId: objectId.nullable().default(null),
  points: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  /** the client's key for this checkout: a double tap creates one order */
  clientKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});

export const orderState = z.enum(['pending_payment', 'paid', 'refunded', 'expired', 'cancelled']);

export const orderView = z.object({
  id: z.string(),
  storeId: z.string(),
  state: orderState,
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
});
export type OrderView = z.infer<typeof orderView>;

export const createOrderResponse = z.object({
  order: orderView,
  /** null when coupon + points covered the bill (no WeChat payment) */
  requestPayment: z.object({ timeStamp: z.string(), nonceStr: z.string(), package: z.string(), signType: z.literal('RSA'), paySign: z.string() }).nullable(),
});
export const orderIdParams = z.object({ orderId: objectId });
export const orderListResponse = z.object({ items: z.array(orderView) });

export const orderRefundRequest = z.object({
  amountFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  reason: z.string().trim().min(2).max(80),
  /** the clerk's key for this refund: retries refund once */
  refundKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});
export const orderRefundResponse = z.object({
  outRefundNo: z.string(),
  amountFen: z.number().int(),
  state: z.enum(['CREATED', 'PROCESSING', 'SUCCESS', 'CLOSED', 'ABNORMAL', 'FAILED']),
});
