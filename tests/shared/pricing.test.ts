import { allocate, bestCoupon, couponDiscount, DEFAULT_CHECKOUT_SETTINGS, pointsUnit, price, pricingSettingsOf, PricingError, type CouponTerms } from '@homeclub/shared';

const terms = (t: Partial<CouponTerms>): CouponTerms => ({
  name: 'c',
  type: 'no_threshold',
  amountOffFen: null,
  percentOffBp: null,
  maxDiscountFen: null,
  thresholdFen: 0,
  exchangeItem: null,
  storeIds: [],
  allowPoints: true,
  refundReturn: true,
  description: '',
  ...t,
});
const FULL_300_50 = terms({ type: 'full_reduction', amountOffFen: 5000, thresholdFen: 30000 });
const NO_THRESHOLD_20 = terms({ type: 'no_threshold', amountOffFen: 2000 });
const NINE_OFF_CAP_500 = terms({ type: 'discount', percentOffBp: 1000, maxDiscountFen: 50000, thresholdFen: 100000 });
const NO_POINTS = terms({ type: 'no_threshold', amountOffFen: 1000, allowPoints: false });

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as PricingError).code;
  }
};

describe('coupon discount', () => {
  test.each([
    ['满减 at the threshold', FULL_300_50, 30000, 5000],
    ['满减 above', FULL_300_50, 99999, 5000],
    ['无门槛 on a small bill is capped at the bill', NO_THRESHOLD_20, 1500, 1500],
    ['折扣 10 % of ¥1,234.56 rounds down', NINE_OFF_CAP_500, 123456, 12345],
    ['折扣 capped at ¥500', NINE_OFF_CAP_500, 9_000_000, 50000],
  ])('%s', (_n, c, bill, expected) => {
    expect(couponDiscount(bill, c)).toBe(expected);
  });

  test('threshold not met and 兑换券 are errors', () => {
    expect(code(() => couponDiscount(29999, FULL_300_50))).toBe('COUPON_THRESHOLD_NOT_MET');
    expect(code(() => couponDiscount(99999, NINE_OFF_CAP_500))).toBe('COUPON_THRESHOLD_NOT_MET');
    expect(code(() => couponDiscount(1000, terms({ type: 'exchange', exchangeItem: 'x' })))).toBe('COUPON_NOT_APPLICABLE');
  });
});

describe('price', () => {
  test.each([
    // bill, coupon, points asked, available, multiplierBp → coupon, points used, cash, earned, growth
    ['no coupon, no points', 10000, null, 0, 0, 10000, 0, 0, 10000, 100, 100],
    ['coupon then max points (50 % of the rest)', 40000, FULL_300_50, 'max', 1_000_000, 10000, 5000, 17500, 17500, 175, 175],
    ['points limited by balance', 40000, null, 'max', 123, 10000, 0, 123, 39877, 398, 398],
    ['exact points asked', 10000, null, 3000, 5000, 15000, 0, 3000, 7000, 105, 70],
    ['asking more than the cap uses the cap', 10000, null, 9000, 9000, 10000, 0, 5000, 5000, 50, 50],
    ['1-fen bill: no points (cap rounds to 0)', 1, null, 'max', 100, 10000, 0, 0, 1, 0, 0],
    ['3-fen bill: 1 point', 3, null, 'max', 100, 10000, 0, 1, 2, 0, 0],
    ['coupon covers the bill: zero cash, paid in full', 1500, NO_THRESHOLD_20, 'max', 1000, 10000, 1500, 0, 0, 0, 0],
    ['gold multiplier 1.5× rounds down', 12345, null, 0, 0, 15000, 0, 0, 12345, 185, 123],
  ] as const)('%s', (_n, bill, coupon, points, available, mult, cDisc, used, cash, earned, growth) => {
    const r = price({ billFen: bill, coupon, points, pointsAvailable: available, earnMultiplierBp: mult });
    expect([r.couponDiscountFen, r.pointsUsed, r.cashFen, r.pointsEarned, r.growthGained]).toEqual([cDisc, used, cash, earned, growth]);
    expect(r.couponDiscountFen + r.pointsValueFen + r.cashFen).toBe(bill);
    expect(r.paidInFull).toBe(cash === 0);
  });

  test('a coupon that refuses points: max gives 0, an explicit ask is an error', () => {
    expect(price({ billFen: 5000, coupon: NO_POINTS, points: 'max', pointsAvailable: 9999, earnMultiplierBp: 10000 }).pointsUsed).toBe(0);
    expect(code(() => price({ billFen: 5000, coupon: NO_POINTS, points: 10, pointsAvailable: 9999, earnMultiplierBp: 10000 }))).toBe('POINTS_NOT_ALLOWED');
  });

  test.each([0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('invalid bill %p is refused', (bill) => {
    expect(code(() => price({ billFen: bill, coupon: null, points: 0, pointsAvailable: 0, earnMultiplierBp: 10000 }))).toBe('PRICING_INVALID_AMOUNT');
  });

  test('invalid points are refused', () => {
    const base = { billFen: 1000, coupon: null, pointsAvailable: 100, earnMultiplierBp: 10000 };
    expect(code(() => price({ ...base, points: -1 }))).toBe('PRICING_INVALID_AMOUNT');
    expect(code(() => price({ ...base, points: 1.5 }))).toBe('PRICING_INVALID_AMOUNT');
    expect(code(() => price({ ...base, points: 101 }))).toBe('POINTS_INSUFFICIENT');
  });

  test('max-safe bill stays exact', () => {
    const r = price({ billFen: Number.MAX_SAFE_INTEGER, coupon: null, points: 'max', pointsAvailable: Number.MAX_SAFE_INTEGER, earnMultiplierBp: 10000 });
    expect(r.couponDiscountFen + r.pointsValueFen + r.cashFen).toBe(Number.MAX_SAFE_INTEGER);
  });

  test('lines: discounts allocated deterministically and exactly; lines must add up', () => {
    const lines = [
      { id: 'sofa', amountFen: 29999 },
      { id: 'lamp', amountFen: 10001 },
      { id: 'rug', amountFen: 1 },
    ];
    const r = price({ billFen: 40001, coupon: FULL_300_50, points: 'max', pointsAvailable: 1_000_000, earnMultiplierBp: 10000, lines });
    expect(r.lines.reduce((s, l) => s + l.couponFen, 0)).toBe(5000);
    expect(r.lines.reduce((s, l) => s + l.pointsFen, 0)).toBe(r.pointsValueFen);
    expect(r.lines.reduce((s, l) => s + l.cashFen, 0)).toBe(r.cashFen);
    expect(r.lines.every((l) => l.cashFen >= 0)).toBe(true);
    expect(price({ billFen: 40001, coupon: FULL_300_50, points: 'max', pointsAvailable: 1_000_000, earnMultiplierBp: 10000, lines }).lines).toEqual(r.lines);
    expect(code(() => price({ billFen: 40000, coupon: null, points: 0, pointsAvailable: 0, earnMultiplierBp: 10000, lines }))).toBe('PRICING_INVALID_AMOUNT');
    const dup = [{ id: 'a', amountFen: 500 }, { id: 'a', amountFen: 500 }];
    expect(code(() => price({ billFen: 1000, coupon: null, points: 0, pointsAvailable: 0, earnMultiplierBp: 10000, lines: dup }))).toBe('PRICING_INVALID_AMOUNT');
  });

  test('the chain’s settings: 200 points per yuan and a 30 % cap', () => {
    const settings = pricingSettingsOf({ growthPerYuan: 2, checkout: { ...DEFAULT_CHECKOUT_SETTINGS, pointsPerYuan: 200, maxPointsShareBp: 3000 } });
    const r = price({ billFen: 10000, coupon: null, points: 'max', pointsAvailable: 1_000_000, earnMultiplierBp: 10000, settings });
    // cap ¥30 → 6,000 points worth 3,000 fen; growth 2 per whole yuan of ¥70 cash
    expect(r).toMatchObject({ maxPoints: 6000, pointsUsed: 6000, pointsValueFen: 3000, cashFen: 7000, growthGained: 140, pointsEarned: 70 });
    // a single point is worth half a fen: points go in steps of 2, never wasted
    expect(code(() => price({ billFen: 10000, coupon: null, points: 1, pointsAvailable: 10, earnMultiplierBp: 10000, settings }))).toBe('PRICING_INVALID_AMOUNT');
    expect(price({ billFen: 10000, coupon: null, points: 'max', pointsAvailable: 7, earnMultiplierBp: 10000, settings })).toMatchObject({ pointsUsed: 6, pointsValueFen: 3 });
    expect([100, 200, 300, 150, 1000, 7].map(pointsUnit)).toEqual([1, 2, 3, 3, 10, 7]);
  });
});

test('allocate: proportional, exact, largest remainder then order', () => {
  expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
  expect(allocate(100, [50, 30, 20])).toEqual([50, 30, 20]);
  expect(allocate(0, [5, 5])).toEqual([0, 0]);
  expect(allocate(7, [0, 10])).toEqual([0, 7]);
});

test('best coupon: the largest discount that applies', () => {
  const coupons = [{ id: 'a', terms: FULL_300_50 }, { id: 'b', terms: NO_THRESHOLD_20 }, { id: 'c', terms: NINE_OFF_CAP_500 }];
  expect(bestCoupon(20000, coupons)?.id).toBe('b');
  expect(bestCoupon(40000, coupons)?.id).toBe('a');
  expect(bestCoupon(200000, coupons)?.id).toBe('c');
  expect(bestCoupon(100, [{ id: 'a', terms: FULL_300_50 }])).toBeNull();
});
