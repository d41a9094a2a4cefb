/** The operator dashboard (概览): figures from daily rollups with the previous period beside each. */
import { z } from 'zod';
import { objectId } from './common';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-12-06');

export const consoleDashboardQuery = z.object({
  range: z.enum(['today', '7d', '30d', '90d', 'custom']).default('7d'),
  from: day.optional(),
  to: day.optional(),
  storeId: objectId.optional(),
});
export type ConsoleDashboardQuery = z.infer<typeof consoleDashboardQuery>;

const int = z.number().int();
export const compared = z.object({ value: int, previous: int, changePct: z.number().nullable() });
export type ComparedFigure = z.infer<typeof compared>;

export const DASHBOARD_KPIS = [
  'membersTotal',
  'membersNew',
  'membersActiveDaily',
  'paidOrders',
  'salesFen',
  'avgOrderFen',
  'refunds',
  'refundFen',
  'couponsIssued',
  'couponsUsed',
  'couponRedemptionBp',
  'pointsIssued',
  'pointsRedeemed',
  'pointsExpired',
  'pointsOutstanding',
  'pointsLiabilityFen',
  'bookings',
  'attendanceBp',
  'noShowBp',
  'bookingPurchaseBp',
  'referralsRegistered',
  'referralsPurchased',
] as const;
export type DashboardKpi = (typeof DASHBOARD_KPIS)[number];

const rewardAmounts = z.object({ count: int, points: int, fen: int });
const funnelStep = z.object({ key: z.string(), name: z.string(), value: int });

export const consoleDashboardResponse = z.object({
  range: z.object({ from: day, to: day, days: int, previous: z.object({ from: day, to: day }) }),
  storeId: objectId.nullable(),
  stores: z.array(z.object({ id: objectId, name: z.string() })),
  /** days of the range without a rollup yet (the catch-up job has been asked for them) */
  pendingDays: z.array(day),
  generatedAt: z.string(),
  kpis: z.object(Object.fromEntries(DASHBOARD_KPIS.map((k) => [k, compared])) as Record<DashboardKpi, typeof compared>),
  series: z.object({
    days: z.array(day),
    membersNew: z.array(int),
    paidOrders: z.array(int),
    salesFen: z.array(int),
    refundFen: z.array(int),
    couponsUsed: z.array(int),
    bookings: z.array(int),
    pointsIssued: z.array(int),
    pointsRedeemed: z.array(int),
  }),
  tiers: z.array(z.object({ code: z.string(), name: z.string(), members: int, salesFen: int })),
  coupons: z.array(z.object({ name: z.string(), issued: int, used: int, redemptionBp: int, orders: int, salesFen: int })),
  bookingsByKind: z.array(z.object({ kind: z.string(), name: z.string(), booked: int, attended: int, noShow: int, purchased: int })),
  bookingFunnel: z.array(funnelStep),
  referralFunnel: z.array(funnelStep),
  rewards: z.object({ pending: rewardAmounts, settled: rewardAmounts, cancelled: rewardAmounts, clawedBack: rewardAmounts }),
});
export type ConsoleDashboard = z.infer<typeof consoleDashboardResponse>;
