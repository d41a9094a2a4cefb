import { z } from 'zod';
import { objectId } from './common';

export const tierView = z.object({
  code: z.string(),
  name: z.string(),
  /** growth value needed */
  threshold: z.number().int(),
  /** points multiplier on purchases in basis points (10000 = 1×) */
  pointsMultiplierBp: z.number().int(),
  birthdayCouponTemplateId: z.string().nullable(),
  birthdayPoints: z.number().int(),
  bookingPriority: z.boolean(),
  color: z.string(),
});
export type TierView = z.infer<typeof tierView>;

export const tierInput = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,19}$/, 'lowercase code, 2–20 chars'),
  name: z.string().trim().min(1).max(20),
  threshold: z.number().int().min(0).max(100_000_000),
  pointsMultiplierBp: z.number().int().min(0).max(100_000),
  birthdayCouponTemplateId: objectId.nullable().default(null),
  birthdayPoints: z.number().int().min(0).max(1_000_000).default(0),
  bookingPriority: z.boolean().default(false),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour like #c0a062'),
});

/** Checkout rules of the chain: points value, cap, earning when paid at the till by cash/card, unpaid expiry. */
export const checkoutSettings = z.object({
  /** points worth ¥1 (100 → 1 point = 1 fen) */
  pointsPerYuan: z.number().int().min(1).max(100_000),
  /** cap of the points share of the amount after the coupon, basis points (5000 = 50 %) */
  maxPointsShareBp: z.number().int().min(0).max(10_000),
  /** whether bills settled by cash/card at the till (or a POS) earn points */
  earnOnOtherPayment: z.boolean(),
  /** minutes an unpaid order keeps its coupon and points */
  unpaidMinutes: z.number().int().min(1).max(24 * 60),
});
export type CheckoutSettings = z.infer<typeof checkoutSettings>;
export const DEFAULT_CHECKOUT_SETTINGS: CheckoutSettings = { pointsPerYuan: 100, maxPointsShareBp: 5000, earnOnOtherPayment: true, unpaidMinutes: 15 };

/** Booking rules of the chain. */
export const bookingSettings = z.object({
  /** future bookings (booked or awaiting the deposit) a member may hold at once */
  maxActive: z.number().int().min(1).max(20),
});
export type BookingSettings = z.infer<typeof bookingSettings>;
export const DEFAULT_BOOKING_SETTINGS: BookingSettings = { maxActive: 3 };

export const membershipSettings = z.object({
  tiers: z.array(tierView),
  checkout: checkoutSettings,
  booking: bookingSettings,
  /** growth value per yuan paid */
  growthPerYuan: z.number().int(),
  /** annual tier review (downgrades happen only then), MM-DD in Asia/Shanghai */
  reviewMonthDay: z.string(),
  /** points expire at the end of the calendar year this many years after earning */
  pointsExpiryYears: z.number().int(),
  signupBonusPoints: z.number().int(),
});
export type MembershipSettings = z.infer<typeof membershipSettings>;

export const updateMembershipSettings = z
  .object({
    tiers: z.array(tierInput).min(1).max(10),
    growthPerYuan: z.number().int().min(0).max(1000),
    reviewMonthDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'MM-DD'),
    pointsExpiryYears: z.number().int().min(0).max(10),
    signupBonusPoints: z.number().int().min(0).max(1_000_000),
    checkout: checkoutSettings.default(DEFAULT_CHECKOUT_SETTINGS),
    booking: bookingSettings.default(DEFAULT_BOOKING_SETTINGS),
  })
  .superRefine((s, ctx) => {
    // Refinements also run when a check such as min(1) already failed: never assume an element exists.
    const lowest = Math.min(...s.tiers.map((t) => t.threshold));
    if (s.tiers.length > 0 && lowest !== 0) ctx.addIssue({ code: 'custom', path: ['tiers'], message: 'the lowest tier must start at growth 0' });
    if (new Set(s.tiers.map((t) => t.code)).size !== s.tiers.length) ctx.addIssue({ code: 'custom', path: ['tiers'], message: 'tier codes must be unique' });
    if (new Set(s.tiers.map((t) => t.threshold)).size !== s.tiers.length) ctx.addIssue({ code: 'custom', path: ['tiers'], message: 'tier thresholds must differ' });
  });

export const pointsSummary = z.object({
  balance: z.number().int(),
  held: z.number().int(),
  available: z.number().int(),
  /** the next lot(s) to expire */
  expiring: z.array(z.object({ amount: z.number().int(), expiresOn: z.string() })),
});
export type PointsSummary = z.infer<typeof pointsSummary>;

export const memberCard = z.object({
  memberId: z.string(),
  cardNo: z.string(),
  nickname: z.string(),
  phoneMasked: z.string().nullable(),
  tier: tierView,
  nextTier: z.object({ name: z.string(), threshold: z.number().int(), growthNeeded: z.number().int(), spendNeededFen: z.number().int() }).nullable(),
  growth: z.number().int(),
  points: pointsSummary,
  perks: z.array(z.string()),
  birthday: z.string().nullable(),
  homeCity: z.string().nullable(),
  preferredStoreId: z.string().nullable(),
});
export type MemberCard = z.infer<typeof memberCard>;

export const pointsEntryKind = z.enum(['earn', 'spend', 'hold', 'release', 'capture', 'expire', 'reversal', 'adjust']);
export type PointsEntryKind = z.infer<typeof pointsEntryKind>;

export const pointsEntryView = z.object({
  id: z.string(),
  kind: pointsEntryKind,
  reason: z.string(),
  /** change of the balance (negative for spends) */
  amount: z.number().int(),
  /** change of the held amount */
  heldDelta: z.number().int(),
  balanceAfter: z.number().int().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type PointsEntryView = z.infer<typeof pointsEntryView>;

export const pointsHistoryQuery = z.object({
  cursor: z.string().regex(/^[0-9a-f]{24}$/).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  kind: pointsEntryKind.optional(),
});
export const pointsHistoryResponse = z.object({ items: z.array(pointsEntryView), nextCursor: z.string().nullable() });

export const birthdayRequest = z.object({
  birthday: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a real date'),
});

export const profileUpdateRequest = z.object({
  nickname: z.string().trim().min(1).max(20).optional(),
  avatarUrl: z.string().url().max(500).nullable().optional(),
  homeCity: z.string().trim().min(1).max(20).nullable().optional(),
  preferredStoreId: objectId.nullable().optional(),
});

export const memberCodeSecretResponse = z.object({
  cardNo: z.string(),
  /** hex secret for the offline rotating code (owner only) */
  secret: z.string(),
  periodSeconds: z.number().int(),
  chainPrefix: z.string(),
});

export const memberCodeResolveRequest = z.object({ code: z.string().trim().regex(/^\d{18}$/, 'an 18-digit member code') });
export const memberCodeResolveResponse = z.object({
  memberId: z.string(),
  cardNo: z.string(),
  nickname: z.string(),
  phoneMasked: z.string().nullable(),
  tier: z.object({ code: z.string(), name: z.string(), color: z.string() }),
  availablePoints: z.number().int(),
  usableCoupons: z.number().int(),
  storeId: z.string().nullable(),
  /** proof that the member was present (their code scanned), for the till: 15 minutes, this clerk only */
  memberToken: z.string(),
});
export type MemberCodeResolveResponse = z.infer<typeof memberCodeResolveResponse>;

export const pointsAdjustRequest = z.object({
  amount: z.number().int().min(-10_000_000).max(10_000_000).refine((n) => n !== 0, 'amount must not be 0'),
  reason: z.string().trim().min(2).max(200),
});
export const memberIdParams = z.object({ memberId: objectId });
