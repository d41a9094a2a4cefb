/** The pure referral rules: amounts, qualifying orders, keys, codes, masking. */
import { maskName, newInviteCode, qualifies, rewardAmount, rewardKey } from '../../server/src/referrals/calc';

test.each([
  [{ fixed: 500, bp: 100 }, 30000, 800],
  [{ fixed: 500, bp: 100 }, 1, 500], // 1 % of 1 fen rounds down to 0
  [{ fixed: 0, bp: 250 }, 12345, 308], // 2.5 % → 308.625 → 308
  [{ fixed: 100, bp: 0 }, 0, 0], // nothing paid in cash: no reward
  [{ fixed: 0, bp: 5000 }, Number.MAX_SAFE_INTEGER, Math.floor(Number.MAX_SAFE_INTEGER / 2)],
])('reward %j on %i fen → %i', (level, cash, expected) => {
  expect(rewardAmount(level, cash)).toBe(expected);
});

test('which orders qualify', () => {
  const bound = new Date('2026-11-01T00:00:00Z');
  const day = 86400_000;
  expect(qualifies({ mode: 'first_order', withinDays: 30 }, bound, new Date(bound.getTime() + 400 * day))).toBe(true);
  expect(qualifies({ mode: 'orders_within_days', withinDays: 30 }, bound, new Date(bound.getTime() + 30 * day))).toBe(true);
  expect(qualifies({ mode: 'orders_within_days', withinDays: 30 }, bound, new Date(bound.getTime() + 30 * day + 1))).toBe(false);
  expect(qualifies({ mode: 'first_order', withinDays: 30 }, bound, new Date(bound.getTime() - 1))).toBe(false); // paid before the binding
  expect(rewardKey({ mode: 'first_order' }, 'f', 'o1', 1)).toBe(rewardKey({ mode: 'first_order' }, 'f', 'o2', 1));
  expect(rewardKey({ mode: 'orders_within_days' }, 'f', 'o1', 1)).not.toBe(rewardKey({ mode: 'orders_within_days' }, 'f', 'o2', 1));
  expect(rewardKey({ mode: 'first_order' }, 'f', 'o1', 1)).not.toBe(rewardKey({ mode: 'first_order' }, 'f', 'o1', 2));
});

test('invite codes avoid look-alikes; names are masked', () => {
  let i = 0;
  const seq = (n: number) => i++ % n;
  const code = newInviteCode(seq, 8);
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
  for (let k = 0; k < 200; k++) expect(newInviteCode((n) => Math.floor(Math.random() * n))).not.toMatch(/[01ILO]/);
  expect(maskName('陈晓')).toBe('陈*');
  expect(maskName('Linda')).toBe('L***');
  expect(maskName('王')).toBe('王*');
});
