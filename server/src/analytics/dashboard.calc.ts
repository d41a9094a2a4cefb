/**
 * Pure: the 概览 response from rollup documents of the range and of the
 * previous period. No database, no clock: table-tested.
 */
import { BOOKING_KIND_NAMES, type BookingKind, type DashboardKpi, type ConsoleDashboard } from '@homeclub/shared';
import { compare, daysOf, rateBp, type ResolvedRange } from './range.calc';
import { sumFigures, type DailyFigures } from './compose.calc';

type Doc = DailyFigures & { day: string };

export interface DashboardMeta {
  tiers: { code: string; name: string }[];
  /** points worth ¥1 */
  pointsPerYuan: number;
}

/** The headline figures of one period. */
export function kpisOf(f: DailyFigures, days: number, pointsPerYuan: number): Record<DashboardKpi, number> {
  const b = f.bookings;
  return {
    membersTotal: f.members.total,
    membersNew: f.members.new,
    membersActiveDaily: days > 0 ? Math.round(f.members.active / days) : 0,
    paidOrders: f.sales.paidOrders,
    salesFen: f.sales.amountFen,
    avgOrderFen: f.sales.paidOrders > 0 ? Math.round(f.sales.amountFen / f.sales.paidOrders) : 0,
    refunds: f.sales.refunds,
    refundFen: f.sales.refundFen,
    couponsIssued: f.coupons.issued,
    couponsUsed: f.coupons.used,
    couponRedemptionBp: rateBp(f.coupons.used, f.coupons.issued),
    pointsIssued: f.points.issued,
    pointsRedeemed: f.points.redeemed,
    pointsExpired: f.points.expired,
    pointsOutstanding: f.points.outstanding,
    // 100 points = ¥1 by default: fen = points × 100 / pointsPerYuan, rounded down (integer fen)
    pointsLiabilityFen: Math.floor((f.points.outstanding * 100) / pointsPerYuan),
    bookings: b.booked,
    attendanceBp: rateBp(b.attended, b.attended + b.noShow),
    noShowBp: rateBp(b.noShow, b.attended + b.noShow),
    bookingPurchaseBp: rateBp(b.purchased, b.attended),
    referralsRegistered: f.referrals.registered,
    referralsPurchased: f.referrals.purchased,
  };
}

export function buildDashboard(input: {
  range: ResolvedRange;
  storeId: string | null;
  stores: { id: string; name: string }[];
  current: Doc[];
  previous: Doc[];
  pendingDays: string[];
  meta: DashboardMeta;
  generatedAt: Date;
}): ConsoleDashboard {
  const { range, meta } = input;
  const cur = sumFigures(input.current);
  const prev = sumFigures(input.previous);
  const now = kpisOf(cur, range.days, meta.pointsPerYuan);
  const before = kpisOf(prev, range.days, meta.pointsPerYuan);
  const kpis = Object.fromEntries((Object.keys(now) as DashboardKpi[]).map((k) => [k, compare(now[k], before[k])])) as ConsoleDashboard['kpis'];

  const days = daysOf(range);
  const byDay = new Map<string, Doc[]>();
  for (const d of input.current) byDay.set(d.day, [...(byDay.get(d.day) ?? []), d]);
  const perDay = days.map((d) => sumFigures(byDay.get(d) ?? []));

  const lowest = meta.tiers[0]?.code ?? '';
  const tierCode = (t: string | null) => t ?? lowest;
  const tiers = meta.tiers.map((t) => ({
    code: t.code,
    name: t.name,
    members: cur.members.byTier.filter((x) => tierCode(x.tier) === t.code).reduce((a, x) => a + x.count, 0),
    salesFen: cur.sales.byTier.filter((x) => tierCode(x.tier) === t.code).reduce((a, x) => a + x.amountFen, 0),
  }));

  const b = cur.bookings;
  const r = cur.referrals;
  return {
    range: { from: range.from, to: range.to, days: range.days, previous: range.previous },
    storeId: input.storeId,
    stores: input.stores,
    pendingDays: input.pendingDays,
    generatedAt: input.generatedAt.toISOString(),
    kpis,
    series: {
      days,
      membersNew: perDay.map((f) => f.members.new),
      paidOrders: perDay.map((f) => f.sales.paidOrders),
      salesFen: perDay.map((f) => f.sales.amountFen),
      refundFen: perDay.map((f) => f.sales.refundFen),
      couponsUsed: perDay.map((f) => f.coupons.used),
      bookings: perDay.map((f) => f.bookings.booked),
      pointsIssued: perDay.map((f) => f.points.issued),
      pointsRedeemed: perDay.map((f) => f.points.redeemed),
    },
    tiers,
    coupons: cur.coupons.byTemplate
      .map((t) => ({ name: t.name, issued: t.issued, used: t.used, redemptionBp: rateBp(t.used, t.issued), orders: t.orders, salesFen: t.amountFen }))
      .sort((x, y) => y.used - x.used || y.issued - x.issued || x.name.localeCompare(y.name)),
    bookingsByKind: b.byKind.map((k) => ({
      kind: k.kind,
      name: BOOKING_KIND_NAMES[k.kind as BookingKind] ?? k.kind,
      booked: k.booked,
      attended: k.attended,
      noShow: k.noShow,
      purchased: k.purchased,
    })),
    bookingFunnel: [
      { key: 'booked', name: '预约', value: b.booked },
      { key: 'attended', name: '到店', value: b.attended },
      { key: 'purchased', name: '30天内成交', value: b.purchased },
    ],
    referralFunnel: [
      { key: 'invited', name: '邀请', value: r.invited },
      { key: 'registered', name: '注册', value: r.registered },
      { key: 'booked', name: '预约', value: r.booked },
      { key: 'purchased', name: '成交', value: r.purchased },
    ],
    rewards: r.rewards,
  };
}
