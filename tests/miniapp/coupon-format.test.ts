/**
 * Coupon display rules (services/coupons.ts): values, thresholds and discounts
 * with integer maths only, validity texts, the claim button per server reason,
 * the card after a claim, the stock bar, and the per-attempt keys.
 */
import { ApiError, NETWORK_ERROR } from '@/services/api';
import {
  afterClaim,
  AttemptKeys,
  claimButton,
  couponValidityText,
  couponValueText,
  discountText,
  newAttemptKey,
  stockPercent,
  storesText,
  templateValidityText,
  thresholdText,
  type CouponFace,
} from '@/services/coupons';
import { centerItem, store, template } from './support/http';

const face = (overrides: Partial<CouponFace>): CouponFace => ({
  type: 'full_reduction',
  amountOffFen: 5000,
  percentOffBp: null,
  maxDiscountFen: null,
  thresholdFen: 30000,
  exchangeItem: null,
  ...overrides,
});

describe('value', () => {
  test.each([
    [1500, '8.5折'],
    [2000, '8折'],
    [1550, '8.45折'],
    [1234, '8.766折'],
    [5000, '5折'],
    [100, '9.9折'],
    [9999, '0.001折'],
    [1, '9.999折'],
  ])('%i bp off → %s', (bp, text) => {
    expect(discountText(bp)).toBe(text);
    expect(couponValueText(face({ type: 'discount', amountOffFen: null, percentOffBp: bp, maxDiscountFen: 10000 }))).toBe(text);
  });

  test.each([
    [5000, '¥50'],
    [12345, '¥123.45'],
    [10, '¥0.10'],
    [5, '¥0.05'],
    [100000, '¥1,000'],
    [9007199254740991, '¥90,071,992,547,409.91'],
  ])('%i fen off → %s (no floats, .00 dropped)', (fen, text) => {
    expect(couponValueText(face({ amountOffFen: fen, thresholdFen: fen + 1 }))).toBe(text);
    expect(couponValueText(face({ type: 'no_threshold', amountOffFen: fen, thresholdFen: 0 }))).toBe(text);
  });

  test('exchange coupons say 「兑换」', () => {
    expect(couponValueText(face({ type: 'exchange', amountOffFen: null, thresholdFen: 0, exchangeItem: '抱枕一个' }))).toBe('兑换');
  });
});

describe('threshold', () => {
  test('满减: 「满 ¥300 可用」; 无门槛: 「无门槛」', () => {
    expect(thresholdText(face({}))).toBe('满 ¥300 可用');
    expect(thresholdText(face({ thresholdFen: 29990 }))).toBe('满 ¥299.90 可用');
    expect(thresholdText(face({ type: 'no_threshold', thresholdFen: 0 }))).toBe('无门槛');
  });

  test('折扣: the cap, and the threshold when there is one', () => {
    const discount = face({ type: 'discount', amountOffFen: null, percentOffBp: 1500, maxDiscountFen: 10000, thresholdFen: 0 });
    expect(thresholdText(discount)).toBe('最高减 ¥100');
    expect(thresholdText({ ...discount, thresholdFen: 30000 })).toBe('满 ¥300 可用，最高减 ¥100');
    expect(thresholdText({ ...discount, maxDiscountFen: 12345 })).toBe('最高减 ¥123.45');
  });

  test('兑换: what is exchanged', () => {
    expect(thresholdText(face({ type: 'exchange', amountOffFen: null, thresholdFen: 0, exchangeItem: '抱枕一个' }))).toBe('兑换 抱枕一个');
  });
});

describe('validity', () => {
  test('fixed dates in China time, relative days', () => {
    expect(templateValidityText({ mode: 'fixed', from: '2026-11-22T00:00:00+08:00', to: '2026-12-31T23:59:59+08:00' })).toBe(
      '2026.11.22–2026.12.31',
    );
    // 2026-12-31T20:00Z is already 2027-01-01 in China
    expect(templateValidityText({ mode: 'fixed', from: '2026-11-21T16:00:00.000Z', to: '2026-12-31T20:00:00.000Z' })).toBe(
      '2026.11.22–2027.01.01',
    );
    expect(templateValidityText({ mode: 'relative', days: 30 })).toBe('领取后 30 天内有效');
    expect(couponValidityText({ validFrom: '2026-11-22T02:00:00.000Z', validTo: '2026-12-31T15:59:59.999Z' })).toBe(
      '2026.11.22–2026.12.31',
    );
  });
});

describe('claim button', () => {
  const NOW = Date.parse('2026-11-22T10:00:00.000Z');

  test('claimable: 「立即领取」, then 「再领一张」 while under the limit', () => {
    const t = template(1, { perMemberLimit: 3 });
    expect(claimButton(centerItem(t), NOW)).toEqual({ label: '立即领取', disabled: false });
    expect(claimButton(centerItem(t, { claimedByMe: 1 }), NOW)).toEqual({ label: '再领一张', disabled: false });
  });

  test.each([
    ['COUPON_OUT_OF_STOCK', {}, '已抢光'],
    ['COUPON_LIMIT_REACHED', {}, '已领取'],
    ['COUPON_WINDOW_CLOSED', { claimFrom: '2026-11-23T00:00:00.000Z' }, '未开始'],
    ['COUPON_WINDOW_CLOSED', { claimTo: '2026-11-21T00:00:00.000Z' }, '已结束'],
    ['COUPON_WINDOW_CLOSED', {}, '已结束'],
    ['COUPON_TIER_NOT_ALLOWED', {}, '等级不足'],
    ['COUPON_NOT_ELIGIBLE', {}, '不可领取'],
    ['SOMETHING_NEW', {}, '不可领取'],
  ])('%s → disabled 「%s」', (reason, overrides, label) => {
    const item = centerItem(template(1, overrides), { canClaim: false, reason });
    expect(claimButton(item, NOW)).toEqual({ label, disabled: true });
  });

  test('points exchange: 「1,500 积分兑换」, 「已兑换」 at the limit', () => {
    const t = template(2, { channel: 'points_exchange', pointsCost: 1500 });
    expect(claimButton(centerItem(t), NOW)).toEqual({ label: '1,500 积分兑换', disabled: false });
    expect(claimButton(centerItem(t, { claimedByMe: 1, canClaim: false, reason: 'COUPON_LIMIT_REACHED' }), NOW).label).toBe('已兑换');
  });

  test('after a claim: one more claimed by me, one less in stock, blocked at the limit or when the stock runs out', () => {
    const two = afterClaim(centerItem(template(1, { perMemberLimit: 2 })));
    expect(two).toMatchObject({ claimedByMe: 1, remaining: 59, canClaim: true, reason: null });
    expect(afterClaim(two)).toMatchObject({ claimedByMe: 2, remaining: 58, canClaim: false, reason: 'COUPON_LIMIT_REACHED' });
    const last = centerItem(template(1, { perMemberLimit: 5 }), { remaining: 1 });
    expect(afterClaim(last)).toMatchObject({ remaining: 0, canClaim: false, reason: 'COUPON_OUT_OF_STOCK' });
    const unlimited = centerItem(template(1, { totalStock: null, perMemberLimit: 5 }));
    expect(afterClaim(unlimited)).toMatchObject({ remaining: null, canClaim: true });
  });
});

test('stock percent: integer, at least 1 while any is left, null when unlimited', () => {
  expect(stockPercent(60, 100)).toBe(60);
  expect(stockPercent(1, 1000)).toBe(1);
  expect(stockPercent(0, 1000)).toBe(0);
  expect(stockPercent(2, 3)).toBe(66);
  expect(stockPercent(null, 100)).toBeNull();
  expect(stockPercent(5, null)).toBeNull();
});

test('stores: all, names, or a count while the names are unknown', () => {
  const a = store();
  const b = store({ id: '650000000000000000000002', name: 'HomeClub 杭州西湖店' });
  expect(storesText([], null)).toBe('全部门店可用');
  expect(storesText([a.id, b.id], [a, b])).toBe('HomeClub 上海徐汇店、HomeClub 杭州西湖店');
  expect(storesText([b.id], [a, b])).toBe('HomeClub 杭州西湖店');
  expect(storesText([a.id, b.id], null)).toBe('指定 2 家门店可用');
});

describe('attempt keys', () => {
  test('keys fit the contract (8-64 of [A-Za-z0-9_-]) and differ', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newAttemptKey()));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  test('kept after a failure that may not have reached the server, dropped after an answer', () => {
    const keys = new AttemptKeys();
    const first = keys.keyFor('t1');
    expect(keys.keyFor('t1')).toBe(first);
    expect(keys.keyFor('t2')).not.toBe(first);

    keys.settle('t1', new ApiError(NETWORK_ERROR, '网络连接失败', 0));
    expect(keys.keyFor('t1')).toBe(first);
    keys.settle('t1', new ApiError('INTERNAL', '系统繁忙', 500));
    expect(keys.keyFor('t1')).toBe(first);

    keys.settle('t1', new ApiError('POINTS_INSUFFICIENT', '可用积分不足', 409));
    const second = keys.keyFor('t1');
    expect(second).not.toBe(first);
    keys.settle('t1');
    expect(keys.has('t1')).toBe(false);
    expect(keys.keyFor('t1')).not.toBe(second);
  });
});
