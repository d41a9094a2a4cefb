/**
 * The store till (收银): a clerk scans the member code, rings up a bill with
 * the member's coupon and points, and the shopper pays in their own
 * mini-program or the clerk settles cash/card at the till. Refunds of such
 * orders by line or in full, staff order lists by store, cancellation, and
 * owed points settled from the next earnings.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { couponModel } from '../../server/src/coupons/model';
import { memberModel } from '../../server/src/members/model';
import { orderModel } from '../../server/src/orders/model';
import { entryModel } from '../../server/src/points/model';
import { startTestApp, type TestApp } from '../support/app';
import { http, parallel } from '../support/http';

let app: TestApp;
let storeId = '';
let otherStoreId = '';
let templateId = '';
let clerk: Awaited<ReturnType<TestApp['login']>>;
let otherClerk: Awaited<ReturnType<TestApp['login']>>;
let admin: Awaited<ReturnType<TestApp['login']>>;

beforeAll(async () => {
  app = await startTestApp();
  storeId = String((await app.services.stores.upsert({ code: 'T1', name: '徐汇店', city: '上海', address: 'a', phone: '1', location: { lat: 31, lng: 121 } }))._id);
  otherStoreId = String((await app.services.stores.upsert({ code: 'T2', name: '浦东店', city: '上海', address: 'b', phone: '2', location: { lat: 31, lng: 121 } }))._id);
  admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  clerk = await app.login();
  await app.setRoles(clerk.member.id, ['member', 'staff'], storeId);
  otherClerk = await app.login();
  await app.setRoles(otherClerk.member.id, ['member', 'staff'], otherStoreId);
  templateId = (
    await app.call('POST', '/api/admin/coupons/templates', {
      token: admin.accessToken,
      body: { name: '满300减50', type: 'full_reduction', amountOffFen: 5000, thresholdFen: 30000, perMemberLimit: 5, validity: { mode: 'relative', days: 30 }, channel: 'claim_center' },
    })
  ).body.id;
});
afterAll(async () => {
  await app.close();
});

const summary = (memberId: string) => app.services.points.summary(memberId);

async function shopperWith(points: number) {
  const s = await app.login();
  const coupon = (await app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId } })).body;
  if (points) await app.services.points.earn({ memberId: s.member.id, amount: points, reason: 'purchase', source: 'order', reference: `seed-${s.member.id}`, leg: 'earn' });
  return { ...s, couponId: coupon.id as string };
}

/** The clerk scans the shopper's current member code. */
async function scan(memberId: string, by = clerk) {
  const code = await app.services.membership.currentCode(memberId);
  const r = await app.call('POST', '/api/staff/member-code/resolve', { token: by.accessToken, body: { code } });
  expect(r.status).toBe(200);
  return r.body.memberToken as string;
}

const LINES = [
  { id: 'sofa', name: '布艺沙发', amountFen: 30000 },
  { id: 'lamp', name: '落地灯', amountFen: 8000 },
  { id: 'rug', name: '地毯', amountFen: 2000 },
];

async function tillOrder(body: Record<string, unknown>, by = clerk) {
  return app.call('POST', '/api/staff/till/orders', { token: by.accessToken, body: { storeId, clientKey: randomUUID(), ...body } });
}

test('till quote: the member scanned by this clerk, lines get the discount allocated exactly', async () => {
  const s = await shopperWith(10_000);
  const memberToken = await scan(s.member.id);
  const q = await app.call('POST', '/api/staff/till/quote', { token: clerk.accessToken, body: { storeId, memberToken, billFen: 40000, couponId: s.couponId, points: 10000, lines: LINES } });
  expect(q.status).toBe(200);
  // 10,000 seeded + 200 signup bonus available; the cap is 50 % of ¥350.
  expect(q.body).toMatchObject({ couponDiscountFen: 5000, pointsUsed: 10000, maxPoints: 10200, cashFen: 25000, bestCouponId: s.couponId });
  const lines = q.body.lines as { couponFen: number; pointsFen: number; cashFen: number; amountFen: number }[];
  expect(lines.reduce((t, l) => t + l.couponFen, 0)).toBe(5000);
  expect(lines.reduce((t, l) => t + l.pointsFen, 0)).toBe(10000);
  expect(lines.reduce((t, l) => t + l.cashFen, 0)).toBe(25000);
  // Another store's clerk cannot use this scan, nor ring up at this store.
  const other = await app.call('POST', '/api/staff/till/quote', { token: otherClerk.accessToken, body: { storeId: otherStoreId, memberToken, billFen: 40000, points: 0 } });
  expect(other.body.code).toBe('TILL_MEMBER_TOKEN_INVALID');
  const scope = await app.call('POST', '/api/staff/till/quote', { token: otherClerk.accessToken, body: { storeId, memberToken, billFen: 40000, points: 0 } });
  expect(scope.body.code).toBe('STORE_SCOPE');
  // A forged or expired token is refused.
  const forged = await app.call('POST', '/api/staff/till/quote', { token: clerk.accessToken, body: { storeId, memberToken: memberToken.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), billFen: 40000, points: 0 } });
  expect(forged.body.code).toBe('TILL_MEMBER_TOKEN_INVALID');
  app.clock.travel(16 * 60_000);
  await relogin(); // session tokens expired too
  const expired = await app.call('POST', '/api/staff/till/quote', { token: clerk.accessToken, body: { storeId, memberToken, billFen: 40000, points: 0 } });
  expect(expired.body.code).toBe('TILL_MEMBER_TOKEN_INVALID');
});

async function relogin() {
  const again = async (who: typeof clerk) => app.login((await app.services.members.get(who.member.id))!.openid);
  [clerk, otherClerk, admin] = [await again(clerk), await again(otherClerk), await again(admin)];
}

test('paid at the till by cash/card: coupon used and points spent at once, points earned per the chain setting; a double tap is one order', async () => {
  const s = await shopperWith(10_000);
  const memberToken = await scan(s.member.id);
  const before = await summary(s.member.id);
  const body = { memberToken, billFen: 40000, couponId: s.couponId, points: 10000, lines: LINES, settlement: 'other', clientKey: randomUUID() };
  const results = await parallel(8, () => tillOrder(body));
  expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
  expect(new Set(results.map((r) => r.body.order.id)).size).toBe(1);
  const order = results[0].body.order;
  expect(order).toMatchObject({ state: 'paid', channel: 'till', settlement: 'other', cashFen: 25000, pointsUsed: 10000, pointsEarned: 250, member: { id: s.member.id } });
  expect(order.lines.map((l: { name: string }) => l.name)).toEqual(['布艺沙发', '落地灯', '地毯']);
  expect(await summary(s.member.id)).toMatchObject({ held: 0, balance: before.balance - 10000 + 250 });
  expect((await couponModel(app.conn).findById(s.couponId).lean())!.state).toBe('used');
  // The shopper sees it in their orders, with nothing to pay.
  const mine = await app.call('GET', `/api/orders/${order.id}`, { token: s.accessToken });
  expect(mine.body).toMatchObject({ state: 'paid', settlement: 'other', storeName: '徐汇店' });
  expect((await app.call('POST', `/api/orders/${order.id}/pay`, { token: s.accessToken })).body.code).toBe('PAY_ORDER_PAID');

  // The chain turns earning off for cash/card bills.
  const settings = (await app.call('GET', '/api/admin/membership/settings', { token: admin.accessToken })).body;
  const off = await app.call('PUT', '/api/admin/membership/settings', { token: admin.accessToken, body: { ...settings, checkout: { ...settings.checkout, earnOnOtherPayment: false } } });
  expect(off.status).toBe(200);
  try {
    const s2 = await shopperWith(0);
    const r = await tillOrder({ memberToken: await scan(s2.member.id), billFen: 20000, couponId: null, points: 0, settlement: 'other' });
    expect(r.body.order).toMatchObject({ state: 'paid', pointsEarned: 0, growthGained: 200 });
  } finally {
    await app.call('PUT', '/api/admin/membership/settings', { token: admin.accessToken, body: settings });
  }
});

test('rung up for WeChat Pay: the shopper finds the unpaid order in their mini-program and pays it; another member cannot', async () => {
  const s = await shopperWith(5_000);
  const memberToken = await scan(s.member.id);
  const created = await tillOrder({ memberToken, billFen: 40000, couponId: s.couponId, points: 5000, settlement: 'wechat' });
  expect(created.status).toBe(201);
  const order = created.body.order;
  expect(order).toMatchObject({ state: 'pending_payment', settlement: 'wechat', outTradeNo: null });
  expect(await summary(s.member.id)).toMatchObject({ held: 5000 });
  const list = await app.call('GET', '/api/orders?state=pending_payment', { token: s.accessToken });
  expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([order.id]);
  expect(list.body.items[0]).toMatchObject({ state: 'pending_payment', channel: 'till' });
  expect((await app.call('GET', '/api/orders?state=paid', { token: s.accessToken })).body.items).toEqual([]);

  const stranger = await app.login();
  expect((await app.call('POST', `/api/orders/${order.id}/pay`, { token: stranger.accessToken })).status).toBe(404);
  expect((await app.call('GET', `/api/orders/${order.id}`, { token: stranger.accessToken })).status).toBe(404);

  const pay1 = await app.call('POST', `/api/orders/${order.id}/pay`, { token: s.accessToken });
  const pay2 = await app.call('POST', `/api/orders/${order.id}/pay`, { token: s.accessToken });
  expect(pay1.status).toBe(200);
  expect(pay1.body.order.outTradeNo).toBe(pay2.body.order.outTradeNo);
  expect(pay1.body.requestPayment.package).toMatch(/^prepay_id=/);
  await http(app.sim.payUrl, 'POST', '/control/pay', { body: { out_trade_no: pay1.body.order.outTradeNo, action: 'confirm' } });
  await app.sim.pay.whenIdle();
  const staffView = await app.call('GET', `/api/staff/orders/${order.id}`, { token: clerk.accessToken });
  expect(staffView.body).toMatchObject({ state: 'paid', cashFen: 30000, member: { id: s.member.id } });
  expect(await summary(s.member.id)).toMatchObject({ held: 0 });
});

test('cancel an unpaid till order (clerk or shopper): coupon and points come back; a paid one cannot be cancelled', async () => {
  const s = await shopperWith(5_000);
  const { available } = await summary(s.member.id);
  const memberToken = await scan(s.member.id);
  const a = (await tillOrder({ memberToken, billFen: 40000, couponId: s.couponId, points: 5000, settlement: 'wechat' })).body.order;
  expect((await app.call('POST', `/api/staff/orders/${a.id}/cancel`, { token: otherClerk.accessToken })).body.code).toBe('STORE_SCOPE');
  const cancelled = await app.call('POST', `/api/staff/orders/${a.id}/cancel`, { token: clerk.accessToken });
  expect(cancelled.body.state).toBe('cancelled');
  expect(await summary(s.member.id)).toMatchObject({ held: 0, available });
  expect((await couponModel(app.conn).findById(s.couponId).lean())!.state).toBe('available');
  // The shopper's own cancel, after they opened the payment.
  const b = (await tillOrder({ memberToken, billFen: 40000, couponId: s.couponId, points: 5000, settlement: 'wechat' })).body.order;
  await app.call('POST', `/api/orders/${b.id}/pay`, { token: s.accessToken });
  expect((await app.call('POST', `/api/orders/${b.id}/cancel`, { token: s.accessToken })).body.state).toBe('cancelled');
  expect(await summary(s.member.id)).toMatchObject({ held: 0, available });
  expect((await app.call('POST', `/api/orders/${b.id}/pay`, { token: s.accessToken })).body.code).toBe('PAY_ORDER_CLOSED');
  const c = (await tillOrder({ memberToken, billFen: 1000, couponId: null, points: 0, settlement: 'other' })).body.order;
  expect((await app.call('POST', `/api/orders/${c.id}/cancel`, { token: s.accessToken })).body.code).toBe('ORDER_NOT_PENDING');
});

describe('refunds of till orders', () => {
  const refund = (orderId: string, body: Record<string, unknown>, by = clerk) =>
    app.call('POST', `/api/staff/orders/${orderId}/refunds`, { token: by.accessToken, body: { reason: '顾客退货', refundKey: randomUUID(), ...body } });

  test('cash at the till, refunded by line then the rest: exact shares, coupon back, ledger sums hold', async () => {
    const s = await shopperWith(10_000);
    const start = await summary(s.member.id);
    const order = (await tillOrder({ memberToken: await scan(s.member.id), billFen: 40000, couponId: s.couponId, points: 10000, lines: LINES, settlement: 'other' })).body.order;
    const lamp = order.lines.find((l: { id: string }) => l.id === 'lamp');
    const key = randomUUID();
    const r1 = await refund(order.id, { lineIds: ['lamp'], refundKey: key });
    expect(r1.status).toBe(201);
    expect(r1.body).toMatchObject({ amountFen: lamp.cashFen, state: 'SUCCESS' });
    expect(r1.body.outRefundNo).toMatch(/^LR/);
    // Retry with the same key: once. The same line again with another key: refused.
    expect((await refund(order.id, { lineIds: ['lamp'], refundKey: key })).body.outRefundNo).toBe(r1.body.outRefundNo);
    expect((await refund(order.id, { lineIds: ['lamp', 'rug'] })).body.code).toBe('ORDER_REFUND_LINES_INVALID');
    expect((await refund(order.id, { lineIds: ['nope'] })).body.code).toBe('ORDER_REFUND_LINES_INVALID');
    const mid = await summary(s.member.id);
    // points back = floor(10000 × lamp cash / 25000); earned back = floor(250 × lamp cash / 25000)
    expect(mid.balance).toBe(start.balance - 10000 + 250 + Math.floor((10000 * lamp.cashFen) / 25000) - Math.floor((250 * lamp.cashFen) / 25000));
    expect((await refund(order.id, { amountFen: 25000 })).body.code).toBe('PAY_REFUND_EXCEEDS');
    const rest = await refund(order.id, { full: true });
    expect(rest.body).toMatchObject({ amountFen: 25000 - lamp.cashFen, state: 'SUCCESS' });
    const end = await summary(s.member.id);
    expect(end.balance).toBe(start.balance);
    expect((await couponModel(app.conn).findById(s.couponId).lean())!.state).toBe('available');
    expect((await app.services.membership.card(s.member.id)).growth).toBe(0);
    const o = (await orderModel(app.conn).findById(order.id).lean())!;
    expect(o).toMatchObject({ state: 'refunded', refundedFen: 25000, refundCount: 2 });
    expect((await refund(order.id, { full: true })).body.code).toBe('PAY_REFUND_EXCEEDS');
    const entries = await entryModel(app.conn).find({ memberId: new Types.ObjectId(s.member.id), state: 'applied' }).lean();
    expect(entries.reduce((t, e) => t + e.delta, 0)).toBe(end.balance);
    // The shopper's receipt shows both refunds.
    const mine = await app.call('GET', `/api/orders/${order.id}`, { token: s.accessToken });
    expect(mine.body.refunds.map((r: { state: string; via: string }) => `${r.via}:${r.state}`)).toEqual(['other:SUCCESS', 'other:SUCCESS']);
    expect(mine.body.lines.find((l: { id: string }) => l.id === 'lamp').refunded).toBe(true);
  });

  test('a bill fully covered by coupon + points: refunded in full (no cash), points and coupon come back; amount refunds refused', async () => {
    const s = await shopperWith(20_000);
    const start = await summary(s.member.id);
    const memberToken = await scan(s.member.id);
    // 满300减50 on ¥300 leaves ¥250; points cover at most 50 % → cash remains. A 无门槛 coupon covering it all is the zero-cash case.
    const zeroT = (
      await app.call('POST', '/api/admin/coupons/templates', {
        token: admin.accessToken,
        body: { name: '无门槛20元', type: 'no_threshold', amountOffFen: 2000, thresholdFen: 0, perMemberLimit: 1, validity: { mode: 'relative', days: 30 }, channel: 'claim_center' },
      })
    ).body.id;
    const zc = (await app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId: zeroT } })).body.id;
    const order = (await tillOrder({ memberToken, billFen: 2000, couponId: zc, points: 0, settlement: 'other' })).body.order;
    expect(order).toMatchObject({ state: 'paid', settlement: 'none', cashFen: 0 });
    expect((await refund(order.id, { amountFen: 100 })).body.code).toBe('VALIDATION_FAILED');
    expect((await refund(order.id, { full: true })).body).toMatchObject({ amountFen: 0, state: 'SUCCESS' });
    expect((await couponModel(app.conn).findById(zc).lean())!.state).toBe('available');
    expect((await summary(s.member.id)).balance).toBe(start.balance);
  });

  test('concurrent line refunds of the same line with different keys: exactly one succeeds', async () => {
    const s = await shopperWith(0);
    const order = (await tillOrder({ memberToken: await scan(s.member.id), billFen: 40000, couponId: null, points: 0, lines: LINES, settlement: 'other' })).body.order;
    const results = await parallel(10, () => refund(order.id, { lineIds: ['sofa'] }));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 201).every((r) => r.body.code === 'ORDER_REFUND_LINES_INVALID')).toBe(true);
    expect((await orderModel(app.conn).findById(order.id).lean())!.refundCount).toBe(1);
  });

  test('WeChat-paid till order refunded by line: the payment refund is the line’s cash, a refused refund leaves no trace', async () => {
    const s = await shopperWith(0);
    const order = (await tillOrder({ memberToken: await scan(s.member.id), billFen: 40000, couponId: null, points: 0, lines: LINES, settlement: 'wechat' })).body.order;
    const { body } = await app.call('POST', `/api/orders/${order.id}/pay`, { token: s.accessToken });
    await http(app.sim.payUrl, 'POST', '/control/pay', { body: { out_trade_no: body.order.outTradeNo, action: 'confirm' } });
    await app.sim.pay.whenIdle();
    const r = await refund(order.id, { lineIds: ['rug'] });
    expect(r.status).toBe(201);
    expect(r.body.amountFen).toBe(2000);
    expect(r.body.outRefundNo).toMatch(/^OR/);
    const over = await refund(order.id, { amountFen: 39000 });
    expect(over.body.code).toBe('PAY_REFUND_EXCEEDS');
    await app.sim.pay.settleRefunds();
    await app.sim.pay.whenIdle();
    const o = (await orderModel(app.conn).findById(order.id).lean())!;
    expect(o.refunds.map((x) => `${x.refundNo.slice(0, 2)}:${x.state}`)).toEqual(['OR:SUCCESS']);
    expect(o).toMatchObject({ refundCount: 1, refundedFen: 2000, refundedLineIds: ['rug'] });
    expect((await app.call('GET', `/api/orders/${order.id}`, { token: s.accessToken })).body.refunds[0]).toMatchObject({ amountFen: 2000, lineIds: ['rug'], state: 'SUCCESS', via: 'wechat' });
  });
});

test('staff order lists: own store only, admins any; newest first with paging', async () => {
  const s = await shopperWith(0);
  const memberToken = await scan(s.member.id);
  for (let i = 0; i < 3; i++) await tillOrder({ memberToken, billFen: 1000 + i, couponId: null, points: 0, settlement: 'other' });
  const page1 = await app.call('GET', '/api/staff/orders?limit=2', { token: clerk.accessToken });
  expect(page1.status).toBe(200);
  expect(page1.body.items).toHaveLength(2);
  expect(page1.body.items.every((o: { storeId: string }) => o.storeId === storeId)).toBe(true);
  expect(page1.body.items[0].member.phoneMasked === null || /\*{4}/.test(page1.body.items[0].member.phoneMasked)).toBe(true);
  const page2 = await app.call('GET', `/api/staff/orders?limit=2&before=${encodeURIComponent(page1.body.nextBefore)}`, { token: clerk.accessToken });
  expect(page2.body.items[0].createdAt <= page1.body.items[1].createdAt).toBe(true);
  // Orders made in the same millisecond are neither skipped nor repeated across pages.
  const same = new Date('2030-01-01T00:00:00.000Z');
  const ids = (await orderModel(app.conn).find({ storeId: new Types.ObjectId(storeId) }).sort({ _id: -1 }).limit(3).lean()).map((o) => o._id);
  await orderModel(app.conn).updateMany({ _id: { $in: ids } }, { $set: { createdAt: same } });
  const seen: string[] = [];
  let before: string | null = null;
  for (let i = 0; i < 3; i++) {
    const page: { body: { items: { id: string }[]; nextBefore: string | null } } = await app.call('GET', `/api/staff/orders?limit=1${before ? `&before=${encodeURIComponent(before)}` : ''}`, { token: clerk.accessToken });
    seen.push(page.body.items[0].id);
    before = page.body.nextBefore;
  }
  expect(seen.sort()).toEqual(ids.map(String).sort());
  expect((await app.call('GET', '/api/staff/orders?before=yesterday', { token: clerk.accessToken })).body.code).toBe('VALIDATION_FAILED');
  expect((await app.call('GET', `/api/staff/orders?storeId=${storeId}`, { token: otherClerk.accessToken })).body.code).toBe('STORE_SCOPE');
  const theirs = await app.call('GET', '/api/staff/orders', { token: otherClerk.accessToken });
  expect(theirs.body.items.every((o: { storeId: string }) => o.storeId === otherStoreId)).toBe(true);
  const one = page1.body.items[0].id;
  expect((await app.call('GET', `/api/staff/orders/${one}`, { token: otherClerk.accessToken })).body.code).toBe('STORE_SCOPE');
  expect((await app.call('GET', '/api/staff/orders?state=paid', { token: admin.accessToken })).body.items.length).toBeGreaterThan(0);
  expect((await app.call('GET', '/api/staff/orders', { token: s.accessToken })).status).toBe(403);
  expect((await app.call('GET', '/api/staff/orders?state=nope', { token: clerk.accessToken })).body.code).toBe('VALIDATION_FAILED');
});

test('staff order search: by order number or the customer\'s phone, own store only; a name is a field error', async () => {
  const s = await shopperWith(0);
  const phone = `139${String(Date.now()).slice(-8)}`;
  await memberModel(app.conn).updateOne({ _id: s.member.id }, { $set: { phone } });
  const memberToken = await scan(s.member.id);
  const order = (await tillOrder({ memberToken, billFen: 4321, couponId: null, points: 0, settlement: 'other' })).body.order;
  expect(order.number).toMatch(/^\d{13}$/);
  const find = async (q: string, by = clerk) => (await app.call('GET', `/api/staff/orders?q=${encodeURIComponent(q)}`, { token: by.accessToken })).body;
  expect((await find(order.number)).items.map((o: { id: string }) => o.id)).toEqual([order.id]);
  expect((await find(phone)).items.map((o: { id: string }) => o.id)).toEqual([order.id]);
  expect((await find(order.number, otherClerk)).items).toEqual([]);
  expect((await find(phone, otherClerk)).items).toEqual([]);
  expect((await find('20991231999999'.slice(0, 13))).items).toEqual([]);
  expect((await find('张三')).code).toBe('VALIDATION_FAILED');
});

test('points owed after a refund are settled from the next earnings, exactly once, never below zero', async () => {
  const s = await shopperWith(0);
  const memberToken = await scan(s.member.id);
  const first = (await tillOrder({ memberToken, billFen: 50000, couponId: null, points: 0, settlement: 'other' })).body.order;
  expect(first.pointsEarned).toBe(500);
  await app.services.points.spend({ memberId: s.member.id, amount: (await summary(s.member.id)).available, reason: 'checkout', source: 't', reference: `spent-${first.id}`, leg: 'spend' });
  await refund(first.id, { full: true });
  expect(await app.services.orders.owedTotal(s.member.id)).toBe(500);
  expect((await summary(s.member.id)).balance).toBe(0);
  // Next purchase earns 300: all of it settles debt; then 400 more: 200 settles, 200 stays.
  const second = (await tillOrder({ memberToken, billFen: 30000, couponId: null, points: 0, settlement: 'other' })).body.order;
  await app.services.orders.applyPaidSteps(new Types.ObjectId(second.id)); // re-running the steps settles nothing twice
  expect(await app.services.orders.owedTotal(s.member.id)).toBe(200);
  expect((await summary(s.member.id)).balance).toBe(0);
  await tillOrder({ memberToken, billFen: 40000, couponId: null, points: 0, settlement: 'other' });
  expect(await app.services.orders.owedTotal(s.member.id)).toBe(0);
  expect((await summary(s.member.id)).balance).toBe(200);
  const history = await app.call('GET', '/api/member/points/history', { token: s.accessToken });
  expect(history.body.items.filter((e: { reason: string }) => e.reason === 'owed').map((e: { amount: number }) => e.amount)).toEqual([-200, -300]);

  function refund(orderId: string, body: Record<string, unknown>) {
    return app.call('POST', `/api/staff/orders/${orderId}/refunds`, { token: clerk.accessToken, body: { reason: '顾客退货', refundKey: randomUUID(), ...body } });
  }
});
