/**
 * Checkout pricing: pure integer arithmetic (fen, whole points), shared by the
 * server (which always recomputes) and the mini-program (live breakdown).
 * Order: the coupon first (threshold checked on the bill), then points
 * (100 points = ¥1 and at most 50 % of the amount after the coupon by default).
 */
import type { CouponTerms } from './schemas/coupons';

export interface PricingSettings {
  /** points worth ¥1 (default 100 → 1 point = 1 fen) */
  pointsPerYuan: number;
  /** cap of the points share of the amount after the coupon, basis points (default 5000 = 50 %) */
  maxPointsShareBp: number;
  /** growth value per whole yuan paid in cash */
  growthPerYuan: number;
}

export const DEFAULT_PRICING: PricingSettings = { pointsPerYuan: 100, maxPointsShareBp: 5000, growthPerYuan: 1 };

/** The smallest number of points worth a whole number of fen. */
export function pointsUnit(pointsPerYuan: number): number {
  let a = pointsPerYuan;
  let b = 100;
  while (b) [a, b] = [b, a % b];
  return pointsPerYuan / a;
}

/** The chain's pricing settings from its membership settings. */
export function pricingSettingsOf(s: { growthPerYuan: number; checkout: { pointsPerYuan: number; maxPointsShareBp: number } }): PricingSettings {
  return { pointsPerYuan: s.checkout.pointsPerYuan, maxPointsShareBp: s.checkout.maxPointsShareBp, growthPerYuan: s.growthPerYuan };
}

export interface PricingInput {
  billFen: number;
  coupon: CouponTerms | null;
  /** points the member asks to use ('max' = as many as allowed) */
  points: number | 'max';
  pointsAvailable: number;
  /** tier multiplier on earned points, basis points (10000 = 1 point per yuan) */
  earnMultiplierBp: number;
  settings?: PricingSettings;
  lines?: { id: string; amountFen: number }[];
}

export interface LineAllocation {
  id: string;
  amountFen: number;
  couponFen: number;
  pointsFen: number;
  cashFen: number;
}

export interface PricingResult {
  billFen: number;
  couponDiscountFen: number;
  afterCouponFen: number;
  pointsUsed: number;
  pointsValueFen: number;
  maxPoints: number;
  cashFen: number;
  pointsEarned: number;
  growthGained: number;
  /** true when coupon + points cover the bill: no WeChat payment */
  paidInFull: boolean;
  lines: LineAllocation[];
}

export type PricingErrorCode = 'PRICING_INVALID_AMOUNT' | 'COUPON_THRESHOLD_NOT_MET' | 'COUPON_NOT_APPLICABLE' | 'POINTS_INSUFFICIENT' | 'POINTS_NOT_ALLOWED';

export class PricingError extends Error {
  constructor(readonly code: PricingErrorCode, detail: string) {
    super(detail);
  }
}

const isAmount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 1;

/** The coupon's discount on a bill (0 when its threshold is not met → error), never more than the bill. */
export function couponDiscount(bill: number, c: CouponTerms): number {
  if (c.type === 'exchange') throw new PricingError('COUPON_NOT_APPLICABLE', '兑换券 is verified in store, not used at checkout');
  if (bill < c.thresholdFen) throw new PricingError('COUPON_THRESHOLD_NOT_MET', `bill ${bill} below threshold ${c.thresholdFen}`);
  let d = 0;
  if (c.type === 'full_reduction' || c.type === 'no_threshold') d = c.amountOffFen ?? 0;
  if (c.type === 'discount') d = Math.min(Math.floor((bill * (c.percentOffBp ?? 0)) / 10000), c.maxDiscountFen ?? Number.MAX_SAFE_INTEGER);
  return Math.min(d, bill);
}

/** Split `total` over lines in proportion to their amounts; remainders by largest fraction, then line order. */
export function allocate(total: number, amounts: number[]): number[] {
  const sum = amounts.reduce((s, a) => s + a, 0);
  if (sum === 0 || total === 0) return amounts.map(() => 0);
  const exact = amounts.map((a) => BigInt(a) * BigInt(total));
  const base = exact.map((e) => Number(e / BigInt(sum)));
  const rem = exact.map((e, i) => ({ i, r: Number(e % BigInt(sum)) }));
  let left = total - base.reduce((s, b) => s + b, 0);
  rem.sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of rem) {
    if (left <= 0) break;
    base[i] += 1;
    left -= 1;
  }
  return base;
}

export function price(input: PricingInput): PricingResult {
  const s = input.settings ?? DEFAULT_PRICING;
  const bill = input.billFen;
  if (!isAmount(bill)) throw new PricingError('PRICING_INVALID_AMOUNT', `bill must be a whole number of fen ≥ 1, got ${String(bill)}`);
  const lines = input.lines ?? [{ id: 'bill', amountFen: bill }];
  if (lines.some((l) => !isAmount(l.amountFen)) || lines.reduce((t, l) => t + l.amountFen, 0) !== bill) {
    throw new PricingError('PRICING_INVALID_AMOUNT', 'lines must be whole fen ≥ 1 and add up to the bill');
  }
  if (new Set(lines.map((l) => l.id)).size !== lines.length) throw new PricingError('PRICING_INVALID_AMOUNT', 'line ids must be unique');
  const couponDiscountFen = input.coupon ? couponDiscount(bill, input.coupon) : 0;
  const afterCoupon = bill - couponDiscountFen;

  const pointsAllowed = !input.coupon || input.coupon.allowPoints;
  const capFen = Math.floor((afterCoupon * s.maxPointsShareBp) / 10000);
  // Points are used in steps worth whole fen (1 at 100 points per yuan, 2 at 200, 3 at 300…).
  const unit = pointsUnit(s.pointsPerYuan);
  const maxByCap = Math.floor((capFen * s.pointsPerYuan) / 100 / unit) * unit;
  const maxPoints = pointsAllowed ? Math.max(0, Math.floor(Math.min(maxByCap, input.pointsAvailable) / unit) * unit) : 0;
  let pointsUsed: number;
  if (input.points === 'max') pointsUsed = maxPoints;
  else {
    if (!Number.isSafeInteger(input.points) || input.points < 0) throw new PricingError('PRICING_INVALID_AMOUNT', 'points must be a whole number ≥ 0');
    if (input.points > 0 && !pointsAllowed) throw new PricingError('POINTS_NOT_ALLOWED', 'this coupon cannot be combined with points');
    if (input.points > input.pointsAvailable) throw new PricingError('POINTS_INSUFFICIENT', `${input.points} > ${input.pointsAvailable} available`);
    if (input.points % unit !== 0) throw new PricingError('PRICING_INVALID_AMOUNT', `points are used in steps of ${unit}`);
    pointsUsed = Math.min(input.points, maxByCap);
  }
  // Only whole points that are worth whole fen: value rounds down.
  const pointsValueFen = Math.floor((pointsUsed * 100) / s.pointsPerYuan);
  const cashFen = afterCoupon - pointsValueFen;
  const pointsEarned = Math.floor((cashFen * input.earnMultiplierBp) / (100 * 10000));
  const growthGained = Math.floor(cashFen / 100) * s.growthPerYuan;

  const amounts = lines.map((l) => l.amountFen);
  const couponAlloc = allocate(couponDiscountFen, amounts);
  const pointsAlloc = allocate(pointsValueFen, amounts.map((a, i) => a - couponAlloc[i]));
  return {
    billFen: bill,
    couponDiscountFen,
    afterCouponFen: afterCoupon,
    pointsUsed,
    pointsValueFen,
    maxPoints,
    cashFen,
    pointsEarned,
    growthGained,
    paidInFull: cashFen === 0,
    lines: lines.map((l, i) => ({ id: l.id, amountFen: l.amountFen, couponFen: couponAlloc[i], pointsFen: pointsAlloc[i], cashFen: l.amountFen - couponAlloc[i] - pointsAlloc[i] })),
  };
}

/** The coupon giving the largest discount on this bill (ties: the one expiring first, given in that order). */
export function bestCoupon<T extends { terms: CouponTerms }>(bill: number, coupons: T[]): T | null {
  let best: T | null = null;
  let bestD = 0;
  for (const c of coupons) {
    let d = 0;
    try {
      d = couponDiscount(bill, c.terms);
    } catch {
      continue;
    }
    if (d > bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
