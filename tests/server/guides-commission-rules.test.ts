/** 导购提成 pure rules, as tables: the share that applies, the amount (rounded down), refund shares, months, the close. */
import {
  closeFigures,
  commissionAmount,
  commissionBp,
  commissionReduction,
  DEFAULT_COMMISSION_SETTINGS,
  monthOf,
  monthStart,
  nextMonth,
  previousMonth,
  settlementId,
} from '../../server/src/guides/commission.calc';

const STORE_A = 'a'.repeat(24);
const STORE_B = 'b'.repeat(24);
const on = { active: true, bp: 150, stores: [{ storeId: STORE_B, bp: 300 }], refundWindowDays: 7 };

test('off by default', () => {
  expect(DEFAULT_COMMISSION_SETTINGS.active).toBe(false);
  expect(commissionBp(DEFAULT_COMMISSION_SETTINGS, STORE_A)).toBe(0);
});

test.each([
  ['chain-wide share for a store without its own', on, STORE_A, 150],
  ["a store's own share replaces the chain's", on, STORE_B, 300],
  ['inactive → 0 even with shares set', { ...on, active: false }, STORE_B, 0],
  ['a store set to 0 earns nothing', { ...on, stores: [{ storeId: STORE_A, bp: 0 }] }, STORE_A, 0],
])('commissionBp: %s', (_n, s, store, bp) => {
  expect(commissionBp(s, store)).toBe(bp);
});

test.each([
  // cash fen, bp, commission fen: floor(cash × bp / 10000) — never a fraction of a fen the chain did not receive
  [100000, 150, 1500],
  [99999, 150, 1499], // 1499.985 → 1499
  [1, 9999, 0], // 0.9999 → 0
  [3333, 100, 33], // 33.33 → 33
  [10000, 10000, 10000], // 100% at most
  [0, 500, 0],
  [-5, 500, 0],
  [500, 0, 0],
  [9_007_199_254, 10000, 9_007_199_254], // large sums stay exact (BigInt)
])('commissionAmount(%i fen, %i bp) = %i', (cash, bp, fen) => {
  expect(commissionAmount(cash, bp)).toBe(fen);
  expect(Number.isInteger(commissionAmount(cash, bp))).toBe(true);
});

describe('commissionReduction: refunds reduce the commission in proportion, in integer fen', () => {
  // a commission of 1499 fen on a basis of 99999 (cash paid)
  test.each([
    ['a third of the cash', { weight: 33333, weights: [33333], basis: 99999, full: false }, 499], // 499.66 → 499
    ['everything at once', { weight: 99999, weights: [99999], basis: 99999, full: true }, 1499],
    ['1 fen', { weight: 1, weights: [1], basis: 99999, full: false }, 0],
  ])('%s', (_n, share, fen) => {
    expect(commissionReduction(1499, share)).toBe(fen);
  });
  test('three refunds of a third each sum to exactly the commission (the last takes the remainder)', () => {
    const w = [33333, 33333, 33333];
    const parts = [
      commissionReduction(1499, { weight: w[0]!, weights: w.slice(0, 1), basis: 99999, full: false }),
      commissionReduction(1499, { weight: w[1]!, weights: w.slice(0, 2), basis: 99999, full: false }),
      commissionReduction(1499, { weight: w[2]!, weights: w, basis: 99999, full: true }),
    ];
    expect(parts).toEqual([499, 499, 501]);
    expect(parts.reduce((a, b) => a + b)).toBe(1499);
  });
});

test.each([
  ['2026-01-31T15:59:59.999Z', '2026-01'], // 23:59:59 on Jan 31 in Shanghai
  ['2026-01-31T16:00:00.000Z', '2026-02'], // midnight Feb 1 in Shanghai
  ['2026-12-31T16:00:00.000Z', '2027-01'],
])('monthOf(%s) = %s (Asia/Shanghai)', (iso, period) => {
  expect(monthOf(new Date(iso))).toBe(period);
});

test.each([
  ['2026-01', '2026-02', '2025-12'],
  ['2026-12', '2027-01', '2026-11'],
  ['2026-09', '2026-10', '2026-08'],
])('months around %s: next %s, previous %s', (p, next, prev) => {
  expect(nextMonth(p)).toBe(next);
  expect(previousMonth(p)).toBe(prev);
  expect(monthOf(monthStart(p))).toBe(p);
  expect(monthOf(new Date(monthStart(p).getTime() - 1))).toBe(prev);
});

test('settlementId: one per guide × month, a valid ObjectId', () => {
  const g = 'c'.repeat(24);
  expect(settlementId(g, '2026-01')).toMatch(/^[0-9a-f]{24}$/);
  expect(settlementId(g, '2026-01')).toBe(settlementId(g, '2026-01'));
  expect(settlementId(g, '2026-01')).not.toBe(settlementId(g, '2026-02'));
  expect(settlementId(g, '2026-01')).not.toBe(settlementId('d'.repeat(24), '2026-01'));
});

test.each([
  [{ commissionFen: 5000, clawbackFen: 1200, carryInFen: 0 }, { payableFen: 3800, carryOutFen: 0 }],
  [{ commissionFen: 1000, clawbackFen: 1500, carryInFen: 0 }, { payableFen: 0, carryOutFen: -500 }], // carried on, never negative pay
  [{ commissionFen: 2000, clawbackFen: 0, carryInFen: -500 }, { payableFen: 1500, carryOutFen: 0 }],
  [{ commissionFen: 0, clawbackFen: 0, carryInFen: -500 }, { payableFen: 0, carryOutFen: -500 }],
])('closeFigures(%o) = %o', (s, out) => {
  expect(closeFigures(s)).toEqual(out);
});
