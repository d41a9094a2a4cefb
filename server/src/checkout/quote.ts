/**
 * Quote: the member's own coupons and points priced by the checkout pricing
 * path (`pricing.ts`, the same one order creation uses). Advisory only — an
 * order recomputes everything at creation.
 */
import { PricingError, couponDiscount, type QuoteResponse } from '@homeclub/shared';
import type { CouponsService } from '../coupons/service';
import type { MembershipService } from '../membership/service';
import type { StoresService } from '../stores/service';
import { createCheckoutPricing, type PriceInput } from './pricing';
import type { MemberDoc } from '../members/service';

export function createQuoter(deps: { coupons: CouponsService; membership: MembershipService; stores: StoresService }) {
  const pricing = createCheckoutPricing(deps);
  return {
    pricing,
    /** `member`: the member document authentication read this request */
    async quote(memberId: string, q: PriceInput, member?: MemberDoc): Promise<QuoteResponse> {
      const { r, coupon, usable, best, settings } = await pricing.price(memberId, q, { listCoupons: true, member });
      return {
        billFen: r.billFen,
        couponId: coupon ? String(coupon._id) : null,
        couponDiscountFen: r.couponDiscountFen,
        pointsUsed: r.pointsUsed,
        pointsValueFen: r.pointsValueFen,
        maxPoints: r.maxPoints,
        cashFen: r.cashFen,
        pointsEarned: r.pointsEarned,
        growthGained: r.growthGained,
        paidInFull: r.paidInFull,
        bestCouponId: best ? String(best._id) : null,
        pointsPerYuan: settings.checkout.pointsPerYuan,
        usableCoupons: usable.map((c) => {
          try {
            return { id: String(c._id), name: c.terms.name, discountFen: couponDiscount(q.billFen, c.terms), applicable: true, reason: null };
          } catch (e) {
            return { id: String(c._id), name: c.terms.name, discountFen: 0, applicable: false, reason: (e as PricingError).code };
          }
        }),
        lines: r.lines,
      };
    },
  };
}

export type Quoter = ReturnType<typeof createQuoter>;
