import { finalRemainder, refundShare } from '../../server/src/orders/refund.calc';

test.each([
  // total points, refunds (fen), cash (fen)
  [17500, [3000, 4000, 5000, 5500], 17500],
  [175, [1, 1, 17498], 17500],
  [1, [5000, 5000], 10000],
  [999, [333, 333, 334], 1000],
])('shares of %i over %j (cash %i) add up exactly once fully refunded', (total, refunds, cash) => {
  const shares = refunds.reduce((s, r) => s + refundShare(total, r, cash), 0);
  const rest = finalRemainder(total, refunds, cash);
  expect(rest).not.toBeNull();
  expect(shares + rest!).toBe(total);
  expect(rest!).toBeGreaterThanOrEqual(0);
  // Order of refunds does not matter.
  expect(finalRemainder(total, [...refunds].reverse(), cash)).toBe(rest);
});

test('no remainder before the refunds cover the cash; no share without cash', () => {
  expect(finalRemainder(100, [10, 20], 100)).toBeNull();
  expect(refundShare(100, 50, 0)).toBe(0);
  expect(refundShare(Number.MAX_SAFE_INTEGER, 1, 2)).toBe(Math.floor(Number.MAX_SAFE_INTEGER / 2));
});
