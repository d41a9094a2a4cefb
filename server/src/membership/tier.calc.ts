/** Tier rules: pure functions over the configured tiers (table-tested). */
import type { TierView } from '@homeclub/shared';

export function sortTiers(tiers: TierView[]): TierView[] {
  return [...tiers].sort((a, b) => a.threshold - b.threshold);
}

/** The highest tier whose threshold the growth value reaches. */
export function tierFor(growth: number, tiers: TierView[]): TierView {
  const sorted = sortTiers(tiers);
  let tier = sorted[0];
  for (const t of sorted) if (growth >= t.threshold) tier = t;
  return tier;
}

/**
 * The tier after a growth change: upgrades apply at once; a lower tier is
 * only taken when downgrades are allowed (the annual review).
 */
export function nextTierCode(currentCode: string | null, growth: number, tiers: TierView[], allowDowngrade: boolean): string {
  const target = tierFor(growth, tiers);
  const current = tiers.find((t) => t.code === currentCode);
  if (!current || allowDowngrade || target.threshold >= current.threshold) return target.code;
  return current.code;
}

export function nextTierOf(current: TierView, tiers: TierView[]): TierView | null {
  return sortTiers(tiers).find((t) => t.threshold > current.threshold) ?? null;
}

/** Fen to spend to gain `growthNeeded` at `growthPerYuan` (rounded up to whole yuan). */
export function spendNeededFen(growthNeeded: number, growthPerYuan: number): number {
  if (growthNeeded <= 0) return 0;
  if (growthPerYuan <= 0) return 0;
  return Math.ceil(growthNeeded / growthPerYuan) * 100;
}

/** Growth for a paid amount: `growthPerYuan` per whole yuan. */
export function growthForPaid(paidFen: number, growthPerYuan: number): number {
  return Math.floor(paidFen / 100) * growthPerYuan;
}

/** The next review date (MM-DD, 00:00 Asia/Shanghai) strictly after `now`. */
export function nextReviewDate(now: Date, monthDay: string): Date {
  const [mm, dd] = monthDay.split('-').map(Number);
  const localYear = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
  for (const year of [localYear, localYear + 1]) {
    const at = new Date(Date.UTC(year, mm - 1, dd) - 8 * 3600_000);
    if (at.getTime() > now.getTime()) return at;
  }
  return new Date(Date.UTC(localYear + 2, mm - 1, dd) - 8 * 3600_000);
}

/** Human-readable perks of a tier (Chinese, shown on the card). */
export function perksOf(t: TierView): string[] {
  const perks: string[] = [];
  const mult = t.pointsMultiplierBp / 10000;
  perks.push(mult === 1 ? '消费 1 元积 1 分' : `消费积分 ${Number.isInteger(mult) ? mult : mult.toFixed(2).replace(/0+$/, '')} 倍`);
  if (t.birthdayPoints > 0) perks.push(`生日月赠送 ${t.birthdayPoints} 积分`);
  if (t.birthdayCouponTemplateId) perks.push('生日月专享优惠券');
  if (t.bookingPriority) perks.push('设计咨询、上门量尺优先预约');
  return perks;
}

export const DEFAULT_TIERS: TierView[] = [
  { code: 'normal', name: '普通会员', threshold: 0, pointsMultiplierBp: 10000, birthdayCouponTemplateId: null, birthdayPoints: 100, bookingPriority: false, color: '#8c8c8c' },
  { code: 'silver', name: '银卡', threshold: 2000, pointsMultiplierBp: 12000, birthdayCouponTemplateId: null, birthdayPoints: 300, bookingPriority: false, color: '#9aa5b1' },
  { code: 'gold', name: '金卡', threshold: 10000, pointsMultiplierBp: 15000, birthdayCouponTemplateId: null, birthdayPoints: 800, bookingPriority: true, color: '#c8a24a' },
  { code: 'diamond', name: '钻石卡', threshold: 50000, pointsMultiplierBp: 20000, birthdayCouponTemplateId: null, birthdayPoints: 2000, bookingPriority: true, color: '#3a3f58' },
];
