/** The pure referral rules: amounts, qualifying orders, keys, codes, masking, the reward rule text. */
import type { ReferralSettings } from '@homeclub/shared';
import { describeRewards, maskName, newInviteCode, qualifies, rewardAmount, rewardKey } from '../../server/src/referrals/calc';
import { DEFAULT_REFERRAL_SETTINGS } from '../../server/src/referrals/settings';

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

// Issue 18 item 9: the rule text says what a partner gets in plain words (it once said 「按分计积分」).
test.each<[string, Partial<ReferralSettings>, string]>([
  [
    'points: fixed + a share, with what ¥100 earns',
    { rewardKind: 'points', mode: 'first_order', level1: { fixed: 200, bp: 100 }, level2: null, refundWindowDays: 7 },
    '好友首单支付后，您获得 200 积分 + 实付金额的 1%（实付每 ¥100 得 100 积分）。奖励在支付 7 天后（退款期结束）到账。',
  ],
  [
    'cash commission over 30 days, two levels, a fractional share',
    { rewardKind: 'cash', mode: 'orders_within_days', withinDays: 30, level1: { fixed: 1000, bp: 250 }, level2: { fixed: 0, bp: 50 }, refundWindowDays: 10 },
    '好友注册 30 天内每笔支付后，您获得 ¥10.00 + 实付金额的 2.50%；您的邀请人获得 实付金额的 0.50%。奖励在支付 10 天后（退款期结束）到账。',
  ],
  ['nothing configured says 0', { rewardKind: 'points', mode: 'first_order', level1: { fixed: 0, bp: 0 }, level2: null, refundWindowDays: 7 }, '好友首单支付后，您获得 0 积分。奖励在支付 7 天后（退款期结束）到账。'],
])('reward rule text: %s', (_name, over, text) => {
  const said = describeRewards({ ...DEFAULT_REFERRAL_SETTINGS, ...over });
  expect(said).toBe(text);
  expect(said).not.toContain('按分计');
});
