/** Pure rules of the analytics rollups: range math, previous period, rates, points figures, sums of documents. */
import { addDays, compare, dayCount, dayEnd, dayOf, dayStart, missingDays, previousOf, rateBp, resolveRange } from '../../server/src/analytics/range.calc';
import { composeDay, emptyFigures, sumFigures } from '../../server/src/analytics/compose.calc';
import { buildDashboard, kpisOf } from '../../server/src/analytics/dashboard.calc';
import { pointsFigure } from '../../server/src/points/rollup';

test.each([
  ['2026-12-06T15:59:59.999Z', '2026-12-06'],
  ['2026-12-06T16:00:00.000Z', '2026-12-07'],
  ['2026-12-31T16:30:00.000Z', '2027-01-01'],
  ['2026-02-28T20:00:00.000Z', '2026-03-01'],
])('dayOf(%s) = %s (Asia/Shanghai)', (iso, day) => {
  expect(dayOf(new Date(iso))).toBe(day);
});

test('a day starts at 00:00 Shanghai and ends where the next starts', () => {
  expect(dayStart('2026-12-06').toISOString()).toBe('2026-12-05T16:00:00.000Z');
  expect(dayEnd('2026-12-06').toISOString()).toBe('2026-12-06T16:00:00.000Z');
  expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  expect(dayCount('2026-12-01', '2026-12-07')).toBe(7);
  expect(dayCount('2026-12-07', '2026-12-01')).toBe(0);
});

test.each([
  [{ range: 'today' }, { from: '2026-12-06', to: '2026-12-06', days: 1, previous: { from: '2026-12-05', to: '2026-12-05' } }],
  [{ range: '7d' }, { from: '2026-11-30', to: '2026-12-06', days: 7, previous: { from: '2026-11-23', to: '2026-11-29' } }],
  [{ range: '30d' }, { from: '2026-11-07', to: '2026-12-06', days: 30, previous: { from: '2026-10-08', to: '2026-11-06' } }],
  [{ range: '90d' }, { from: '2026-09-08', to: '2026-12-06', days: 90, previous: { from: '2026-06-10', to: '2026-09-07' } }],
  [{ range: 'custom', from: '2026-11-01', to: '2026-11-30' }, { from: '2026-11-01', to: '2026-11-30', days: 30, previous: { from: '2026-10-02', to: '2026-10-31' } }],
  [{ range: 'custom', from: '2026-12-06', to: '2026-12-06' }, { from: '2026-12-06', to: '2026-12-06', days: 1, previous: { from: '2026-12-05', to: '2026-12-05' } }],
] as const)('resolveRange(%j) on 2026-12-06', (input, expected) => {
  expect(resolveRange(input, '2026-12-06')).toEqual({ ok: true, range: expected });
});

test.each([
  [{ range: 'custom' }, 'custom_needs_dates'],
  [{ range: 'custom', from: '2026-11-01' }, 'custom_needs_dates'],
  [{ range: 'custom', from: '2026-02-30', to: '2026-03-01' }, 'bad_date'],
  [{ range: 'custom', from: '2026-12-02', to: '2026-12-01' }, 'from_after_to'],
  [{ range: 'custom', from: '2026-12-01', to: '2026-12-07' }, 'in_future'],
  [{ range: 'custom', from: '2025-12-01', to: '2026-12-06' }, 'too_long'],
] as const)('resolveRange(%j) is refused: %s', (input, problem) => {
  expect(resolveRange(input, '2026-12-06')).toEqual({ ok: false, problem });
});

test('previous period is the same length just before; missing days of a range', () => {
  expect(previousOf({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-01-29', to: '2026-02-28' });
  expect(missingDays({ from: '2026-12-01', to: '2026-12-04' }, new Set(['2026-12-02', '2026-12-04']))).toEqual(['2026-12-01', '2026-12-03']);
});

test.each([
  [120, 100, 20],
  [80, 100, -20],
  [1, 3, -66.7],
  [5, 0, null],
  [0, 0, null],
  [0, 7, -100],
])('compare(%i, %i) changes by %s %', (value, previous, pct) => {
  expect(compare(value, previous)).toEqual({ value, previous, changePct: pct });
});

test.each([
  [1, 3, 3333],
  [2, 3, 6667],
  [5, 0, 0],
  [10, 10, 10000],
])('rateBp(%i, %i) = %i', (part, whole, bp) => {
  expect(rateBp(part, whole)).toBe(bp);
});

test.each([
  ['earn', 100, 'issued'],
  ['adjust', 50, 'issued'],
  ['adjust', -50, 'reversed'],
  ['reversal', -30, 'reversed'],
  ['reversal', 30, 'issued'],
  ['spend', -200, 'redeemed'],
  ['capture', -200, 'redeemed'],
  ['expire', -10, 'expired'],
  ['hold', 0, null],
])('pointsFigure(%s, %i) = %s', (kind, delta, figure) => {
  expect(pointsFigure(kind, delta)).toBe(figure);
});

function day(d: string, members: number, total: number, salesFen: number, outstanding: number) {
  const f = composeDay({
    members: { new: members, total, byTier: { '': total - 1, gold: 1 } },
    sales: { paidOrders: 2, amountFen: salesFen, cashFen: salesFen, couponFen: 0, pointsFen: 0, refunds: 0, refundFen: 0, byTierFen: { gold: salesFen }, byCoupon: { 满100减10: { orders: 1, amountFen: 100 } }, payers: ['a', 'b'] },
    coupons: { issued: 4, used: 1, byTemplate: { 满100减10: { issued: 4, used: 1 } } },
    points: { issued: 100, redeemed: 20, expired: 0, reversed: 0, outstanding },
    bookings: { booked: 3, attended: 2, noShow: 1, cancelled: 0, purchased: 1, byKind: { design: { booked: 3, attended: 2, noShow: 1, cancelled: 0, purchased: 1 } }, visitors: ['b', 'c'] },
  });
  return { ...f, day: d };
}

test('composeDay: maps become arrays, active = distinct payers ∪ visitors, coupon sales join by name', () => {
  const f = day('2026-12-01', 1, 5, 1000, 80);
  expect(f.members.active).toBe(3);
  expect(f.members.byTier).toEqual([{ tier: null, count: 4 }, { tier: 'gold', count: 1 }]);
  expect(f.coupons.byTemplate).toEqual([{ name: '满100减10', issued: 4, used: 1, orders: 1, amountFen: 100 }]);
  expect(f.bookings.byKind).toEqual([{ kind: 'design', booked: 3, attended: 2, noShow: 1, cancelled: 0, purchased: 1 }]);
  expect(composeDay({})).toEqual(emptyFigures());
});

test('sumFigures: flows add up, stocks are the last day summed over stores', () => {
  const s = sumFigures([day('2026-12-01', 1, 5, 1000, 80), day('2026-12-02', 2, 7, 500, 160), { ...day('2026-12-02', 1, 3, 200, 40) }]);
  expect(s.members.new).toBe(4);
  expect(s.members.total).toBe(10);
  expect(s.members.byTier).toEqual([{ tier: null, count: 8 }, { tier: 'gold', count: 2 }]);
  expect(s.points.outstanding).toBe(200);
  expect(s.points.issued).toBe(300);
  expect(s.sales.amountFen).toBe(1700);
  expect(s.coupons.byTemplate).toEqual([{ name: '满100减10', issued: 12, used: 3, orders: 3, amountFen: 300 }]);
  expect(sumFigures([])).toEqual(emptyFigures());
});

test('kpis: average order, rates in basis points, liability in fen at the redemption rate', () => {
  const k = kpisOf(sumFigures([day('2026-12-01', 1, 5, 1001, 250)]), 1, 100);
  expect(k.avgOrderFen).toBe(501);
  expect(k.couponRedemptionBp).toBe(2500);
  expect(k.attendanceBp).toBe(6667);
  expect(k.noShowBp).toBe(3333);
  expect(k.bookingPurchaseBp).toBe(5000);
  expect(k.pointsLiabilityFen).toBe(250);
  expect(kpisOf(sumFigures([day('2026-12-01', 1, 5, 1001, 250)]), 1, 50).pointsLiabilityFen).toBe(500);
  expect(kpisOf(emptyFigures(), 0, 100).avgOrderFen).toBe(0);
});

test('buildDashboard: previous period beside each figure, a daily series with zero days, tiers by name', () => {
  const range = { from: '2026-12-01', to: '2026-12-03', days: 3, previous: { from: '2026-11-28', to: '2026-11-30' } };
  const d = buildDashboard({
    range,
    storeId: null,
    stores: [],
    current: [day('2026-12-01', 1, 5, 1000, 80), day('2026-12-03', 2, 7, 500, 160)],
    previous: [day('2026-11-30', 1, 4, 750, 60)],
    pendingDays: [],
    meta: { tiers: [{ code: 'normal', name: '普通会员' }, { code: 'gold', name: '金卡' }], pointsPerYuan: 100 },
    generatedAt: new Date('2026-12-03T00:00:00Z'),
  });
  expect(d.kpis.salesFen).toEqual({ value: 1500, previous: 750, changePct: 100 });
  expect(d.kpis.membersTotal).toEqual({ value: 7, previous: 4, changePct: 75 });
  expect(d.series.days).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
  expect(d.series.salesFen).toEqual([1000, 0, 500]);
  expect(d.tiers).toEqual([
    { code: 'normal', name: '普通会员', members: 6, salesFen: 0 },
    { code: 'gold', name: '金卡', members: 1, salesFen: 1500 },
  ]);
  expect(d.bookingFunnel.map((s) => s.value)).toEqual([6, 4, 2]);
  expect(d.bookingsByKind[0].name).toBe('设计咨询');
});
