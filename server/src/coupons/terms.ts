/** Pure coupon rules: terms snapshot, validity window, claimability, value text. */
import type { CouponTerms, TemplateView } from '@homeclub/shared';
import type { TemplateDoc } from './model';

export function snapshotTerms(t: TemplateDoc): CouponTerms {
  return {
    name: t.name,
    type: t.type,
    amountOffFen: t.amountOffFen,
    percentOffBp: t.percentOffBp,
    maxDiscountFen: t.maxDiscountFen,
    thresholdFen: t.thresholdFen,
    exchangeItem: t.exchangeItem,
    storeIds: t.storeIds,
    allowPoints: t.allowPoints,
    refundReturn: t.refundReturn,
    description: t.description,
  };
}

/** [validFrom, validTo] of a coupon claimed at `claimedAt` (relative: N days, ending at 23:59:59 Asia/Shanghai). */
export function validityWindow(t: Pick<TemplateDoc, 'validity'>, claimedAt: Date): { validFrom: Date; validTo: Date } {
  if (t.validity.mode === 'fixed') return { validFrom: new Date(t.validity.from), validTo: new Date(t.validity.to) };
  const localMidnight = Math.floor((claimedAt.getTime() + 8 * 3600_000) / 86400_000) * 86400_000 - 8 * 3600_000;
  return { validFrom: claimedAt, validTo: new Date(localMidnight + t.validity.days * 86400_000 - 1) };
}

export type ClaimBlock = 'COUPON_WINDOW_CLOSED' | 'COUPON_TIER_NOT_ALLOWED' | 'COUPON_OUT_OF_STOCK' | 'COUPON_NOT_ELIGIBLE' | 'COUPON_LIMIT_REACHED';

/** Why a member may not claim now (null = may), before the atomic guards decide. */
export function claimBlock(t: TemplateDoc, now: Date, tierCode: string, claimedByMe: number, channel: string): ClaimBlock | null {
  if (t.status !== 'active' || t.channel !== channel) return 'COUPON_NOT_ELIGIBLE';
  if ((t.claimFrom && now < t.claimFrom) || (t.claimTo && now > t.claimTo)) return 'COUPON_WINDOW_CLOSED';
  if (t.validity.mode === 'fixed' && now > new Date(t.validity.to)) return 'COUPON_WINDOW_CLOSED';
  if (t.tiers.length && !t.tiers.includes(tierCode)) return 'COUPON_TIER_NOT_ALLOWED';
  if (claimedByMe >= t.perMemberLimit) return 'COUPON_LIMIT_REACHED';
  if (t.totalStock !== null && t.claimed >= t.totalStock) return 'COUPON_OUT_OF_STOCK';
  return null;
}

export function toTemplateView(t: TemplateDoc): TemplateView {
  return {
    id: String(t._id),
    name: t.name,
    type: t.type,
    amountOffFen: t.amountOffFen,
    percentOffBp: t.percentOffBp,
    maxDiscountFen: t.maxDiscountFen,
    thresholdFen: t.thresholdFen,
    exchangeItem: t.exchangeItem,
    storeIds: t.storeIds,
    tiers: t.tiers,
    perMemberLimit: t.perMemberLimit,
    totalStock: t.totalStock,
    claimed: t.claimed,
    claimFrom: t.claimFrom?.toISOString() ?? null,
    claimTo: t.claimTo?.toISOString() ?? null,
    validity: t.validity,
    channel: t.channel,
    pointsCost: t.pointsCost,
    allowPoints: t.allowPoints,
    refundReturn: t.refundReturn,
    description: t.description,
    status: t.status,
  };
}
