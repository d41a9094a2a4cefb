import { z } from 'zod';
import { objectId } from './common';

/** 满减 amount off above a threshold; 折扣 percent off (basis points) with a cap; 无门槛 amount off; 兑换券 exchanged in store. */
export const couponType = z.enum(['full_reduction', 'discount', 'no_threshold', 'exchange']);
export type CouponType = z.infer<typeof couponType>;

export const couponChannel = z.enum(['claim_center', 'new_member', 'birthday', 'points_exchange', 'admin_issue', 'referral', 'campaign']);
export type CouponChannel = z.infer<typeof couponChannel>;

export const couponState = z.enum(['available', 'locked', 'used', 'expired']);
export type CouponState = z.infer<typeof couponState>;

const fen = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const couponValidity = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('fixed'), from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
  z.object({ mode: z.literal('relative'), days: z.number().int().min(1).max(3650) }),
]);

/** The terms a claimed coupon keeps, whatever happens to its template later. */
export const couponTerms = z.object({
  name: z.string(),
  type: couponType,
  amountOffFen: z.number().int().nullable(),
  percentOffBp: z.number().int().nullable(),
  maxDiscountFen: z.number().int().nullable(),
  thresholdFen: z.number().int(),
  exchangeItem: z.string().nullable(),
  storeIds: z.array(z.string()),
  allowPoints: z.boolean(),
  refundReturn: z.boolean(),
  description: z.string(),
});
export type CouponTerms = z.infer<typeof couponTerms>;

export const templateInput = z
  .object({
    name: z.string().trim().min(1).max(30),
    type: couponType,
    amountOffFen: fen.nullable().default(null),
    percentOffBp: z.number().int().min(1).max(9999).nullable().default(null),
    maxDiscountFen: fen.nullable().default(null),
    thresholdFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    exchangeItem: z.string().trim().min(1).max(50).nullable().default(null),
    storeIds: z.array(objectId).max(100).default([]),
    tiers: z.array(z.string()).max(10).default([]),
    perMemberLimit: z.number().int().min(1).max(100).default(1),
    totalStock: z.number().int().min(1).max(10_000_000).nullable().default(null),
    claimFrom: z.iso.datetime({ offset: true }).nullable().default(null),
    claimTo: z.iso.datetime({ offset: true }).nullable().default(null),
    validity: couponValidity,
    channel: couponChannel,
    pointsCost: z.number().int().min(1).max(100_000_000).nullable().default(null),
    allowPoints: z.boolean().default(true),
    refundReturn: z.boolean().default(true),
    description: z.string().trim().max(300).default(''),
  })
  .superRefine((t, ctx) => {
    const need = (field: keyof typeof t, ok: boolean, msg: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [field], message: msg });
    };
    if (t.type === 'full_reduction') {
      need('amountOffFen', t.amountOffFen !== null, '满减券需要减免金额');
      need('thresholdFen', t.thresholdFen > 0, '满减券需要门槛金额');
      need('amountOffFen', t.amountOffFen === null || t.amountOffFen < t.thresholdFen, '减免金额须小于门槛金额');
    }
    if (t.type === 'no_threshold') need('amountOffFen', t.amountOffFen !== null, '无门槛券需要减免金额');
    if (t.type === 'discount') {
      need('percentOffBp', t.percentOffBp !== null, '折扣券需要折扣');
      need('maxDiscountFen', t.maxDiscountFen !== null, '折扣券需要最高优惠金额');
    }
    if (t.type === 'exchange') need('exchangeItem', t.exchangeItem !== null, '兑换券需要兑换内容');
    need('pointsCost', t.channel !== 'points_exchange' || t.pointsCost !== null, '积分兑换券需要积分价格');
    if (t.validity.mode === 'fixed') need('validity', Date.parse(t.validity.from) < Date.parse(t.validity.to), '有效期开始须早于结束');
    if (t.claimFrom && t.claimTo) need('claimTo', Date.parse(t.claimFrom) < Date.parse(t.claimTo), '领取开始须早于结束');
  });
export type TemplateInput = z.infer<typeof templateInput>;

export const templateView = z.object({
  id: z.string(),
  name: z.string(),
  type: couponType,
  amountOffFen: z.number().int().nullable(),
  percentOffBp: z.number().int().nullable(),
  maxDiscountFen: z.number().int().nullable(),
  thresholdFen: z.number().int(),
  exchangeItem: z.string().nullable(),
  storeIds: z.array(z.string()),
  tiers: z.array(z.string()),
  perMemberLimit: z.number().int(),
  totalStock: z.number().int().nullable(),
  claimed: z.number().int(),
  claimFrom: z.string().nullable(),
  claimTo: z.string().nullable(),
  validity: couponValidity,
  channel: couponChannel,
  pointsCost: z.number().int().nullable(),
  allowPoints: z.boolean(),
  refundReturn: z.boolean(),
  description: z.string(),
  status: z.enum(['active', 'paused']),
});
export type TemplateView = z.infer<typeof templateView>;

export const templateUpdate = z.object({
  name: z.string().trim().min(1).max(30).optional(),
  description: z.string().trim().max(300).optional(),
  totalStock: z.number().int().min(1).max(10_000_000).nullable().optional(),
  perMemberLimit: z.number().int().min(1).max(100).optional(),
  claimTo: z.iso.datetime({ offset: true }).nullable().optional(),
  status: z.enum(['active', 'paused']).optional(),
  amountOffFen: fen.optional(),
  thresholdFen: z.number().int().min(0).optional(),
});

export const centerItem = z.object({
  template: templateView,
  remaining: z.number().int().nullable(),
  claimedByMe: z.number().int(),
  canClaim: z.boolean(),
  /** why not, as an error code (e.g. COUPON_OUT_OF_STOCK) */
  reason: z.string().nullable(),
});
export const centerResponse = z.object({ items: z.array(centerItem) });

export const couponView = z.object({
  id: z.string(),
  templateId: z.string(),
  terms: couponTerms,
  state: couponState,
  validFrom: z.string(),
  validTo: z.string(),
  claimedAt: z.string(),
  usedAt: z.string().nullable(),
  channel: couponChannel,
  couponNo: z.string(),
});
export type CouponView = z.infer<typeof couponView>;

export const myCouponsQuery = z.object({ state: couponState.optional() });
export const myCouponsResponse = z.object({ items: z.array(couponView) });
export const couponIdParams = z.object({ couponId: objectId });
export const templateIdParams = z.object({ templateId: objectId });
export const claimRequest = z.object({
  templateId: objectId,
  /** how many of this template the claim centre showed as mine (a hint that saves a command; never trusted for the limit) */
  claimedByMe: z.number().int().min(0).max(100).optional(),
});
export const exchangeRequest = z.object({ templateId: objectId, clientKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });
export const couponCodeSecretResponse = z.object({ couponNo: z.string(), secret: z.string(), periodSeconds: z.number().int(), chainPrefix: z.string() });
export const issueRequest = z.object({ memberIds: z.array(objectId).min(1).max(1000), batchKey: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/) });
export const issueResponse = z.object({ issued: z.number().int(), skipped: z.array(z.object({ memberId: z.string(), code: z.string() })) });

export const verifyRequest = z.object({ code: z.string().trim().regex(/^\d{18}$/), idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });
export const verificationView = z.object({
  id: z.string(),
  couponId: z.string(),
  couponName: z.string(),
  memberNickname: z.string(),
  storeId: z.string(),
  staffId: z.string(),
  at: z.string(),
  undoneAt: z.string().nullable(),
  undoableUntil: z.string(),
});
export type VerificationView = z.infer<typeof verificationView>;
export const verificationIdParams = z.object({ verificationId: objectId });
export const verificationListResponse = z.object({ items: z.array(verificationView) });
