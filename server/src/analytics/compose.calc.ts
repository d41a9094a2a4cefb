/**
 * Pure parts of the rollups: one (day, store) document from the families the
 * owning modules computed, and the sums of many documents. Flows (new members,
 * sales, coupons, points moved, bookings, referrals) add up over days and
 * stores; stocks (members in total and by tier, points outstanding) are the
 * last day's values summed over stores.
 */
import type { MemberDay } from '../members/rollup';
import type { SalesDay } from '../orders/rollup';
import type { CouponDay } from '../coupons/rollup';
import type { PointsDay } from '../points/rollup';
import type { BookingDay, KindFigures } from '../booking/rollup';
import type { ReferralDay, RewardAmounts } from '../referrals/rollup';

export interface DailyFigures {
  members: { new: number; total: number; active: number; byTier: { tier: string | null; count: number }[] };
  sales: Omit<SalesDay, 'byTierFen' | 'byCoupon' | 'payers'> & { byTier: { tier: string | null; amountFen: number }[] };
  coupons: { issued: number; used: number; byTemplate: { name: string; issued: number; used: number; orders: number; amountFen: number }[] };
  points: PointsDay;
  bookings: KindFigures & { byKind: ({ kind: string } & KindFigures)[] };
  referrals: ReferralDay;
}

export interface DayParts {
  members?: MemberDay;
  sales?: SalesDay;
  coupons?: CouponDay;
  points?: PointsDay;
  bookings?: BookingDay;
  referrals?: ReferralDay;
}

const tierOf = (key: string) => (key === '' ? null : key);
const kinds = (): KindFigures => ({ booked: 0, attended: 0, noShow: 0, cancelled: 0, purchased: 0 });
const amounts = (): RewardAmounts => ({ count: 0, points: 0, fen: 0 });

export function emptyFigures(): DailyFigures {
  return {
    members: { new: 0, total: 0, active: 0, byTier: [] },
    sales: { paidOrders: 0, amountFen: 0, cashFen: 0, couponFen: 0, pointsFen: 0, refunds: 0, refundFen: 0, byTier: [] },
    coupons: { issued: 0, used: 0, byTemplate: [] },
    points: { issued: 0, redeemed: 0, expired: 0, reversed: 0, outstanding: 0 },
    bookings: { ...kinds(), byKind: [] },
    referrals: { invited: 0, registered: 0, booked: 0, purchased: 0, rewards: { pending: amounts(), settled: amounts(), cancelled: amounts(), clawedBack: amounts() } },
  };
}

/** One (day, store) document's figures from the families (maps become arrays: names are never field names). */
export function composeDay(p: DayParts): DailyFigures {
  const f = emptyFigures();
  if (p.members) {
    f.members.new = p.members.new;
    f.members.total = p.members.total;
    f.members.byTier = Object.entries(p.members.byTier).map(([t, count]) => ({ tier: tierOf(t), count }));
  }
  f.members.active = new Set([...(p.sales?.payers ?? []), ...(p.bookings?.visitors ?? [])]).size;
  if (p.sales) {
    const { byTierFen, byCoupon: _byCoupon, payers: _payers, ...flat } = p.sales;
    f.sales = { ...flat, byTier: Object.entries(byTierFen).map(([t, amountFen]) => ({ tier: tierOf(t), amountFen })) };
  }
  const templates = new Map<string, DailyFigures['coupons']['byTemplate'][number]>();
  const template = (name: string) => {
    let t = templates.get(name);
    if (!t) templates.set(name, (t = { name, issued: 0, used: 0, orders: 0, amountFen: 0 }));
    return t;
  };
  if (p.coupons) {
    f.coupons.issued = p.coupons.issued;
    f.coupons.used = p.coupons.used;
    for (const [name, c] of Object.entries(p.coupons.byTemplate)) Object.assign(template(name), { issued: c.issued, used: c.used });
  }
  for (const [name, s] of Object.entries(p.sales?.byCoupon ?? {})) Object.assign(template(name), { orders: s.orders, amountFen: s.amountFen });
  f.coupons.byTemplate = [...templates.values()];
  if (p.points) f.points = { ...p.points };
  if (p.bookings) {
    const { byKind, visitors: _visitors, ...flat } = p.bookings;
    f.bookings = { ...flat, byKind: Object.entries(byKind).map(([kind, k]) => ({ kind, ...k! })) };
  }
  if (p.referrals) f.referrals = structuredClone(p.referrals);
  return f;
}

function addNumbers<T extends object>(into: T, from: T): void {
  for (const [k, v] of Object.entries(from)) {
    if (typeof v === 'number') (into as Record<string, number>)[k] = ((into as Record<string, number>)[k] ?? 0) + v;
  }
}

function addBy<T extends object>(list: T[], item: T, key: keyof T): void {
  const found = list.find((x) => x[key] === item[key]);
  if (found) addNumbers(found, item);
  else list.push({ ...item });
}

/**
 * Sum of documents over days and stores. Stocks come from the latest day
 * present (summed over that day's stores); flows add up. Active members add up
 * as member-days (the caller divides by days for a daily average).
 */
export function sumFigures(docs: (DailyFigures & { day: string })[]): DailyFigures {
  const f = emptyFigures();
  const lastDay = docs.reduce((m, d) => (d.day > m ? d.day : m), '');
  for (const d of docs) {
    const isLast = d.day === lastDay;
    f.members.new += d.members.new;
    f.members.active += d.members.active;
    if (isLast) {
      f.members.total += d.members.total;
      for (const t of d.members.byTier) addBy(f.members.byTier, t, 'tier');
      f.points.outstanding += d.points.outstanding;
    }
    const { byTier, ...sales } = d.sales;
    addNumbers(f.sales, sales);
    for (const t of byTier) addBy(f.sales.byTier, t, 'tier');
    f.coupons.issued += d.coupons.issued;
    f.coupons.used += d.coupons.used;
    for (const t of d.coupons.byTemplate) addBy(f.coupons.byTemplate, t, 'name');
    const { outstanding: _o, ...points } = d.points;
    addNumbers(f.points, points);
    const { byKind, ...bookings } = d.bookings;
    addNumbers(f.bookings, bookings);
    for (const k of byKind) addBy(f.bookings.byKind, k, 'kind');
    const { rewards, ...funnel } = d.referrals;
    addNumbers(f.referrals, funnel);
    for (const s of ['pending', 'settled', 'cancelled', 'clawedBack'] as const) addNumbers(f.referrals.rewards[s], rewards[s]);
  }
  return f;
}
