/**
 * Per-day coupon figures for the analytics rollups (coupons family): coupons
 * issued (claimed or gifted) and used, per template name (the coupon's terms
 * snapshot), attributed to the holder's home store. Read by the nightly job.
 */
import type { Connection } from 'mongoose';
import { shanghaiDate } from '../platform/clock';
import { dayStoreKey, type HomeResolver, NO_STORE } from '../members/rollup';
import { couponModel } from './model';

export interface CouponDay {
  issued: number;
  used: number;
  /** template name → issued and used that day */
  byTemplate: Record<string, { issued: number; used: number }>;
}

export function createCouponsRollup(deps: { conn: Connection }) {
  const Coupon = couponModel(deps.conn);

  return {
    async daily(bounds: { start: Date; end: Date }, homes: HomeResolver): Promise<Map<string, CouponDay>> {
      const range = { $gte: bounds.start, $lt: bounds.end };
      const [claimed, used] = await Promise.all([
        Coupon.find({ claimedAt: range, state: { $ne: 'issuing' } }, { memberId: 1, claimedAt: 1, 'terms.name': 1 }).lean(),
        Coupon.find({ usedAt: range, state: 'used' }, { memberId: 1, usedAt: 1, 'terms.name': 1 }).lean(),
      ]);
      const home = await homes([...claimed, ...used].map((c) => String(c.memberId)));
      const rows = new Map<string, CouponDay>();
      const add = (c: (typeof claimed)[number], at: Date, field: 'issued' | 'used') => {
        const k = dayStoreKey(shanghaiDate(at), home.get(String(c.memberId))?.storeId ?? NO_STORE);
        const r = rows.get(k) ?? { issued: 0, used: 0, byTemplate: {} };
        r[field] += 1;
        const t = (r.byTemplate[c.terms?.name ?? '?'] ??= { issued: 0, used: 0 });
        t[field] += 1;
        rows.set(k, r);
      };
      for (const c of claimed) add(c, c.claimedAt, 'issued');
      for (const c of used) add(c, c.usedAt!, 'used');
      return rows;
    },
  };
}

export type CouponsRollup = ReturnType<typeof createCouponsRollup>;
