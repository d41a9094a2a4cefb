/**
 * Per-day sales figures for the analytics rollups (sales family): paid orders
 * by the day they were paid and the store that rang them up, refunds by the
 * day they succeeded, sales per coupon (by the coupon's name on the order),
 * and "did these members buy within a window" for the booking and referral
 * funnels. Read by the nightly job (and for today, small), never per page view.
 */
import { Types, type Connection } from 'mongoose';
import { shanghaiDate } from '../platform/clock';
import { dayStoreKey, type HomeResolver } from '../members/rollup';
import { orderModel } from './model';

export interface SalesDay {
  paidOrders: number;
  amountFen: number;
  cashFen: number;
  couponFen: number;
  pointsFen: number;
  refunds: number;
  refundFen: number;
  /** bill amounts by the payer's current tier ('' = lowest tier) */
  byTierFen: Record<string, number>;
  /** coupon name → orders and bill amount paid with it */
  byCoupon: Record<string, { orders: number; amountFen: number }>;
  /** who paid that day (for the active-members figure) */
  payers: string[];
}

const emptySales = (): SalesDay => ({ paidOrders: 0, amountFen: 0, cashFen: 0, couponFen: 0, pointsFen: 0, refunds: 0, refundFen: 0, byTierFen: {}, byCoupon: {}, payers: [] });

/** Above this many members, read the span instead of listing them in $in. */
export const IN_LIMIT = 500;

export interface PurchaseWindow {
  memberId: string;
  from: Date;
  to: Date;
}

export function createOrdersRollup(deps: { conn: Connection }) {
  const Order = orderModel(deps.conn);

  return {
    async daily(bounds: { start: Date; end: Date }, homes: HomeResolver): Promise<Map<string, SalesDay>> {
      const rows = new Map<string, SalesDay>();
      const row = (day: string, store: string) => {
        const k = dayStoreKey(day, store);
        let r = rows.get(k);
        if (!r) rows.set(k, (r = emptySales()));
        return r;
      };
      const paid = await Order.find(
        { paidAt: { $gte: bounds.start, $lt: bounds.end } },
        { memberId: 1, storeId: 1, paidAt: 1, billFen: 1, cashFen: 1, couponDiscountFen: 1, pointsValueFen: 1, couponName: 1 },
      ).lean();
      const tiers = await homes(paid.map((o) => String(o.memberId)));
      const payers = new Map<string, Set<string>>();
      for (const o of paid) {
        const day = shanghaiDate(o.paidAt!);
        const store = String(o.storeId);
        const r = row(day, store);
        r.paidOrders += 1;
        r.amountFen += o.billFen ?? 0;
        r.cashFen += o.cashFen ?? 0;
        r.couponFen += o.couponDiscountFen ?? 0;
        r.pointsFen += o.pointsValueFen ?? 0;
        const tier = tiers.get(String(o.memberId))?.tier ?? '';
        r.byTierFen[tier] = (r.byTierFen[tier] ?? 0) + (o.billFen ?? 0);
        if (o.couponName) {
          const c = (r.byCoupon[o.couponName] ??= { orders: 0, amountFen: 0 });
          c.orders += 1;
          c.amountFen += o.billFen ?? 0;
        }
        const k = dayStoreKey(day, store);
        const set = payers.get(k) ?? new Set<string>();
        set.add(String(o.memberId));
        payers.set(k, set);
      }
      for (const [k, set] of payers) rows.get(k)!.payers = [...set];

      const refunded = await Order.find({ 'refunds.createdAt': { $gte: bounds.start, $lt: bounds.end } }, { storeId: 1, refunds: 1 }).lean();
      for (const o of refunded) {
        for (const f of o.refunds ?? []) {
          if (f.state !== 'SUCCESS' || f.createdAt < bounds.start || f.createdAt >= bounds.end) continue;
          const r = row(shanghaiDate(f.createdAt), String(o.storeId));
          r.refunds += 1;
          r.refundFen += f.amountFen;
        }
      }
      return rows;
    },

    /** Which of the windows saw a paid order by that member (indices into `windows`). */
    async boughtWithin(windows: PurchaseWindow[]): Promise<Set<number>> {
      const hit = new Set<number>();
      if (!windows.length) return hit;
      const min = new Date(Math.min(...windows.map((w) => w.from.getTime())));
      const max = new Date(Math.max(...windows.map((w) => w.to.getTime())));
      const ids = [...new Set(windows.map((w) => w.memberId))].filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
      // Many members (a catch-up of months): one read of the paid orders in the span beats a huge $in.
      const filter = ids.length > IN_LIMIT ? { paidAt: { $gte: min, $lt: max } } : { memberId: { $in: ids }, paidAt: { $gte: min, $lt: max } };
      const orders = await Order.find(filter, { memberId: 1, paidAt: 1 }).lean();
      const byMember = new Map<string, number[]>();
      for (const o of orders) {
        const list = byMember.get(String(o.memberId)) ?? [];
        list.push(o.paidAt!.getTime());
        byMember.set(String(o.memberId), list);
      }
      windows.forEach((w, i) => {
        if ((byMember.get(w.memberId) ?? []).some((t) => t >= w.from.getTime() && t < w.to.getTime())) hit.add(i);
      });
      return hit;
    },
  };
}

export type OrdersRollup = ReturnType<typeof createOrdersRollup>;
