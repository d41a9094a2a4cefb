/**
 * The one pricing path of a checkout, used by the quote and by order creation
 * (shopper, till, POS): the store, the member's pricing profile (available
 * points + tier, and the settings: read once) and the coupon — by its _id, or
 * the best usable one for `couponId: "best"`, or the whole usable list when a
 * quote shows it — priced by the shared pure function.
 */
import { PricingError, bestCoupon, price, pricingSettingsOf, type MembershipSettings, type PricingResult } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { CouponsService } from '../coupons/service';
import type { CouponDoc } from '../coupons/service';
import type { MembershipService } from '../membership/service';
import type { StoreDoc, StoresService } from '../stores/service';
import type { MemberDoc } from '../members/service';

export interface PriceInput {
  storeId: string;
  billFen: number;
  /** a coupon id, "best" (the largest discount among the usable ones), or none */
  couponId?: string | null;
  points: number | 'max';
  lines?: { id: string; amountFen: number }[];
}

export interface CheckoutPrice {
  r: PricingResult;
  coupon: CouponDoc | null;
  /** the usable coupons, when listed (quote, or "best") */
  usable: CouponDoc[];
  best: CouponDoc | null;
  settings: MembershipSettings;
  /** the store, read once for the whole request (its view needs it too) */
  store: StoreDoc;
}

export function createCheckoutPricing(deps: { coupons: CouponsService; membership: MembershipService; stores: StoresService }) {
  return {
    /** `opts.member`: the member document the caller already read this request (one read less) */
    async price(memberId: string, q: PriceInput, opts: { listCoupons?: boolean; member?: MemberDoc } = {}): Promise<CheckoutPrice> {
      const list = opts.listCoupons || q.couponId === 'best';
      const [store, profile, usable, one] = await Promise.all([
        deps.stores.require(q.storeId),
        deps.membership.pricingProfile(memberId, opts.member),
        list ? deps.coupons.usableAt(memberId, q.storeId) : Promise.resolve([] as CouponDoc[]),
        q.couponId && q.couponId !== 'best' && !list ? deps.coupons.usableOne(q.couponId, memberId, q.storeId) : Promise.resolve(null),
      ]);
      const best = list ? bestCoupon(q.billFen, usable) : null;
      let coupon: CouponDoc | null = null;
      if (q.couponId === 'best') coupon = best;
      else if (q.couponId) {
        coupon = list ? (usable.find((c) => String(c._id) === q.couponId) ?? null) : one;
        if (!coupon) throw new AppError('COUPON_NOT_AVAILABLE', `coupon ${q.couponId} is not usable by member ${memberId} at store ${q.storeId}`);
      }
      try {
        const r = price({
          billFen: q.billFen,
          coupon: coupon?.terms ?? null,
          points: q.points,
          pointsAvailable: profile.pointsAvailable,
          earnMultiplierBp: profile.tier.pointsMultiplierBp,
          settings: pricingSettingsOf(profile.settings),
          lines: q.lines?.map((l) => ({ id: l.id, amountFen: l.amountFen })),
        });
        return { r, coupon, usable, best, settings: profile.settings, store };
      } catch (e) {
        if (e instanceof PricingError) throw new AppError(e.code, e.message);
        throw e;
      }
    },
  };
}

export type CheckoutPricing = ReturnType<typeof createCheckoutPricing>;
