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
