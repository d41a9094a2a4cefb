/**
 * Campaign report, treated vs control (intention to treat: every member the
 * split put on the treated side counts, whether or not a cap or the budget
 * left them out). Window: from the first run for `measureDays`. Stored as a
 * rollup document; the console reads that one.
 */
import { addValue, diffOfProportions, emptyMoments, incrementalSales, welchInterval, type CampaignReport } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import type { CouponsService } from '../coupons/service';
import type { OrdersService } from '../orders/service';
import type { CampaignDoc, CampaignModels, DeliveryDoc, RunDoc } from './campaign-model';

const DAY = 86400_000;

export function createReports(deps: { campaigns: CampaignModels; clock: Clock; coupons: CouponsService; orders: OrdersService }) {
  const { Run, Delivery, Report } = deps.campaigns;

  async function compute(c: CampaignDoc): Promise<CampaignReport> {
    const first = await Run.findOne({ campaignId: String(c._id) }).sort({ startedAt: 1 }).lean<RunDoc>();
    const now = deps.clock.now();
    const from = first?.startedAt ?? now;
    const to = new Date(Math.min(now.getTime(), from.getTime() + c.measureDays * DAY));
    const buys = await deps.orders.memberStats.purchasesBetween(from, to);
    const group = new Map<string, 'treated' | 'control'>();
    const couponIds: string[] = [];
    const bannerGiven = new Set<string>();
    const bannerSeen = new Set<string>();
    for await (const d of Delivery.find({ campaignId: String(c._id) }, { memberId: 1, group: 1, couponId: 1, state: 1, seenAt: 1 }).lean<DeliveryDoc[]>().cursor()) {
      const doc = d as DeliveryDoc;
      if (!group.has(doc.memberId)) group.set(doc.memberId, doc.group);
      if (doc.couponId) couponIds.push(doc.couponId);
      if (doc.state === 'given') bannerGiven.add(doc.memberId);
      if (doc.seenAt) bannerSeen.add(doc.memberId);
    }
    const side = () => ({ members: 0, buyers: 0, orders: 0, salesFen: 0, redeemed: 0, om: emptyMoments(), sm: emptyMoments() });
    const t = side();
    const k = side();
    for (const [memberId, g] of group) {
      const s = g === 'treated' ? t : k;
      const b = buys.get(memberId);
      s.members += 1;
      if (b && b.orders > 0) s.buyers += 1;
      s.orders += b?.orders ?? 0;
      s.salesFen += b?.paidFen ?? 0;
      addValue(s.om, b?.orders ?? 0);
      addValue(s.sm, b?.paidFen ?? 0);
    }
    t.redeemed = await deps.coupons.gifts.usedCount(couponIds);
    const view = (s: typeof t) => ({ members: s.members, buyers: s.buyers, orders: s.orders, salesFen: s.salesFen, redeemed: s.redeemed });
    return {
      campaignId: String(c._id),
      from: from.toISOString(),
      to: to.toISOString(),
      treated: view(t),
      control: view(k),
      redemptionRate: couponIds.length ? t.redeemed / couponIds.length : null,
      conversion: diffOfProportions(t.buyers, t.members, k.buyers, k.members),
      ordersPerMember: welchInterval(t.om, k.om),
      salesPerMemberFen: welchInterval(t.sm, k.sm),
      incrementalSales: incrementalSales(t.sm, k.sm),
      banner: c.action.kind === 'banner' ? { targeted: bannerGiven.size, shown: bannerSeen.size } : null,
      computedAt: now.toISOString(),
    };
  }

  return {
    /** The stored report, recomputed when older than `maxAgeMs` (or on request with 0). */
    async get(c: CampaignDoc, maxAgeMs = 3600_000): Promise<CampaignReport> {
      const stored = await Report.findById(String(c._id)).lean();
      if (stored && deps.clock.now().getTime() - stored.computedAt.getTime() < maxAgeMs) return stored.report as unknown as CampaignReport;
      const report = await compute(c);
      const strip = (i: { diff: number; low: number; high: number; significant: boolean } | null) => (i ? { diff: i.diff, low: i.low, high: i.high, significant: i.significant } : null);
      const clean = { ...report, ordersPerMember: strip(report.ordersPerMember), salesPerMemberFen: strip(report.salesPerMemberFen) };
      await Report.replaceOne({ _id: String(c._id) }, { report: clean, computedAt: deps.clock.now() }, { upsert: true });
      return clean;
    },
  };
}
