import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
let storeId = '';
let otherStoreId = '';
let shopper: Awaited<ReturnType<TestApp['login']>>;

beforeAll(async () => {
  app = await startTestApp();
  storeId = String((await app.services.stores.upsert({ code: 'Q1', name: '徐汇店', city: '上海', address: 'a', phone: '1', location: { lat: 31, lng: 121 } }))._id);
  otherStoreId = String((await app.services.stores.upsert({ code: 'Q2', name: '西湖店', city: '杭州', address: 'b', phone: '2', location: { lat: 30, lng: 120 } }))._id);
  const admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  shopper = await app.login();
  const mk = async (body: Record<string, unknown>) =>
    (await app.call('POST', '/api/admin/coupons/templates', { token: admin.accessToken, body: { validity: { mode: 'relative', days: 30 }, channel: 'claim_center', ...body } })).body.id;
  const full = await mk({ name: '满300减50', type: 'full_reduction', amountOffFen: 5000, thresholdFen: 30000 });
  const small = await mk({ name: '无门槛20', type: 'no_threshold', amountOffFen: 2000 });
  const elsewhere = await mk({ name: '西湖店专享100', type: 'no_threshold', amountOffFen: 10000, storeIds: [otherStoreId] });
  for (const t of [full, small, elsewhere]) await app.call('POST', '/api/coupons/claim', { token: shopper.accessToken, body: { templateId: t } });
  await app.services.points.earn({ memberId: shopper.member.id, amount: 10_000, reason: 'purchase', source: 'order', reference: 'q', leg: 'earn' });
});
afterAll(async () => {
  await app.close();
});

test('suggests the best coupon usable at this store and prices coupon then points', async () => {
  const res = await app.call('POST', '/api/checkout/quote', { token: shopper.accessToken, body: { storeId, billFen: 40000, points: 'max' } });
  expect(res.status).toBe(200);
  const names = res.body.usableCoupons.map((c: { name: string }) => c.name);
  expect(names).toEqual(expect.arrayContaining(['满300减50', '无门槛20']));
  expect(names).not.toContain('西湖店专享100');
  const best = res.body.usableCoupons.find((c: { name: string }) => c.name === '满300减50');
  expect(res.body.bestCouponId).toBe(best.id);
  expect(res.body).toMatchObject({ couponId: null, couponDiscountFen: 0, pointsUsed: 10_200, cashFen: 40000 - 10_200 });

  const withCoupon = await app.call('POST', '/api/checkout/quote', { token: shopper.accessToken, body: { storeId, billFen: 40000, couponId: best.id, points: 'max' } });
  expect(withCoupon.body).toMatchObject({ couponDiscountFen: 5000, pointsUsed: 10_200, pointsValueFen: 10_200, cashFen: 24_800, pointsEarned: 248, growthGained: 248 });
});

test('errors are clear codes, never 500', async () => {
  const small = (await app.call('POST', '/api/checkout/quote', { token: shopper.accessToken, body: { storeId, billFen: 100 } })).body.usableCoupons.find((c: { name: string }) => c.name === '满300减50');
  expect(small).toMatchObject({ applicable: false, reason: 'COUPON_THRESHOLD_NOT_MET' });
  const below = await app.call('POST', '/api/checkout/quote', { token: shopper.accessToken, body: { storeId, billFen: 100, couponId: small.id } });
  expect(below.body.code).toBe('COUPON_THRESHOLD_NOT_MET');
  const tooMany = await app.call('POST', '/api/checkout/quote', { token: shopper.accessToken, body: { storeId, billFen: 100, points: 999_999 } });
  expect(tooMany.body.code).toBe('POINTS_INSUFFICIENT');
  for (const billFen of [0, -5, 1.5, '100']) {
    const bad = await app.call('POST', '/api/checkout/quote', { token: shopper.accessToken, body: { storeId, billFen } });
    expect(bad.status).toBe(400);
  }
  const other = await app.login();
  const notMine = await app.call('POST', '/api/checkout/quote', { token: other.accessToken, body: { storeId, billFen: 40000, couponId: small.id } });
  expect(notMine.body.code).toBe('COUPON_NOT_AVAILABLE');
  const noStore = await app.call('POST', '/api/checkout/quote', { token: shopper.accessToken, body: { storeId: '0'.repeat(24), billFen: 100 } });
  expect(noStore.body.code).toBe('STORE_NOT_FOUND');
});

test('an order with couponId "best" takes the best usable coupon in one call, priced exactly as the quote; another store’s coupon is never chosen', async () => {
  const quote = await app.call('POST', '/api/checkout/quote', { token: shopper.accessToken, body: { storeId, billFen: 40000, couponId: null, points: 0 } });
  const priced = await app.call('POST', '/api/checkout/quote', { token: shopper.accessToken, body: { storeId, billFen: 40000, couponId: quote.body.bestCouponId, points: 1000 } });
  const res = await app.call('POST', '/api/orders', { token: shopper.accessToken, body: { storeId, billFen: 40000, couponId: 'best', points: 1000, clientKey: 'best-coupon-order-1' } });
  expect(res.status).toBe(201);
  expect(res.body.order).toMatchObject({ couponDiscountFen: 5000, pointsUsed: 1000, cashFen: priced.body.cashFen, pointsEarned: priced.body.pointsEarned });
  // The 西湖店 coupon (¥100 off, no threshold) would be larger but is not usable here: 满300减50 is the one locked.
  expect(res.body.order.couponDiscountFen).toBe(5000);
  expect(await app.call('GET', `/api/coupons/${quote.body.bestCouponId}`, { token: shopper.accessToken }).then((r) => r.body.state)).toBe('locked');
});
