/**
 * Quote: the member's own coupons and points priced with the shared pricing
 * function. Advisory only — an order recomputes everything at creation.
 */
import { Types, type Connection } from 'mongoose';
import { PricingError, bestCoupon, couponDiscount, price, pricingSettingsOf, type QuoteResponse } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import { couponModel, type CouponDoc } from '../coupons/model';
import type { PointsService } from '../points/service';
import type { MembershipService } from '../membership/service';
import type { StoresService } from '../stores/service';

export function createQuoter(deps: { conn: Connection; clock: Clock; points: PointsService; membership: MembershipService; stores: StoresService }) {
  const Coupon = couponModel(deps.conn);

  /** My coupons usable now at this store (available, valid, store scope, not 兑换券), soonest expiry first. */
  async function usableAt(memberId: string, storeId: string): Promise<CouponDoc[]> {
    const now = deps.clock.now();
    const list = await Coupon.find({ memberId: new Types.ObjectId(memberId), state: 'available', validFrom: { $lte: now }, validTo: { $gte: now } })
      .sort({ validTo: 1 })
      .limit(100)
      .lean<CouponDoc[]>();
    return list.filter((c) => c.terms.type !== 'exchange' && (!c.terms.storeIds.length || c.terms.storeIds.includes(storeId)));
  }

  return {
    usableAt,
    async quote(memberId: string, q: { storeId: string; billFen: number; couponId?: string | null; points: number | 'max'; lines?: { id: string; amountFen: number }[] }): Promise<QuoteResponse> {
      await deps.stores.require(q.storeId);
      const [coupons, summary, tier, settings] = await Promise.all([
        usableAt(memberId, q.storeId),
        deps.points.summary(memberId),
        deps.membership.tier(memberId),
        deps.membership.getSettings(),
      ]);
      const best = bestCoupon(q.billFen, coupons);
      let chosen: CouponDoc | null = null;
      if (q.couponId) {
        chosen = coupons.find((c) => String(c._id) === q.couponId) ?? null;
        if (!chosen) throw new AppError('COUPON_NOT_AVAILABLE', `coupon ${q.couponId} is not usable by member ${memberId} at store ${q.storeId}`);
      }
      try {
        const r = price({
          billFen: q.billFen,
          coupon: chosen?.terms ?? null,
          points: q.points,
          pointsAvailable: summary.available,
          earnMultiplierBp: tier.pointsMultiplierBp,
          settings: pricingSettingsOf(settings),
          lines: q.lines?.map((l) => ({ id: l.id, amountFen: l.amountFen })),
        });
        return {
          billFen: r.billFen,
          couponId: chosen ? String(chosen._id) : null,
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
          usableCoupons: coupons.map((c) => {
            try {
              return { id: String(c._id), name: c.terms.name, discountFen: couponDiscount(q.billFen, c.terms), applicable: true, reason: null };
            } catch (e) {
              return { id: String(c._id), name: c.terms.name, discountFen: 0, applicable: false, reason: (e as PricingError).code };
            }
          }),
          lines: r.lines,
        };
      } catch (e) {
        if (e instanceof PricingError) throw new AppError(e.code, e.message);
        throw e;
      }
    },
  };
}

export type Quoter = ReturnType<typeof createQuoter>;
