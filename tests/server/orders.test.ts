/** 优惠买单 orders against the payment simulator and the real engine. */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { couponModel } from '../../server/src/coupons/model';
import { orderModel } from '../../server/src/orders/model';
import { entryModel } from '../../server/src/points/model';
import { startTestApp, type TestApp } from '../support/app';
import { http, parallel } from '../support/http';

let app: TestApp;
let storeId = '';
let templateId = '';
let admin: Awaited<ReturnType<TestApp['login']>>;

beforeAll(async () => {
  app = await startTestApp();
  storeId = String((await app.services.stores.upsert({ code: 'O1', name: '徐汇店', city: '上海', address: 'a', phone: '1', location: { lat: 31, lng: 121 } }))._id);
  admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
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

async function shopperWith(points: number) {
  const s = await app.login();
  const coupon = (await app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId } })).body;
  if (points) await app.services.points.earn({ memberId: s.member.id, amount: points, reason: 'purchase', source: 'order', reference: `seed-${s.member.id}`, leg: 'earn' });
  return { ...s, couponId: coupon.id as string };
}

const summary = (memberId: string) => app.services.points.summary(memberId);

async function pay(outTradeNo: string) {
  await http(app.sim.payUrl, 'POST', '/control/pay', { body: { out_trade_no: outTradeNo, action: 'confirm' } });
  await app.sim.pay.whenIdle();
}

test('double submit (same clientKey, concurrently) creates one order; paying applies every effect once', async () => {
  const s = await shopperWith(20_000);
  const before = await summary(s.member.id);
  const body = { storeId, billFen: 40000, couponId: s.couponId, points: 17500, clientKey: randomUUID() };
  const results = await parallel(10, () => app.call('POST', '/api/orders', { token: s.accessToken, body }));
  expect(results.map((r) => `${r.status} ${r.body.code ?? ''}`)).toEqual(Array(10).fill('201 '));
  expect(new Set(results.map((r) => r.body.order.id)).size).toBe(1);
  expect(await orderModel(app.conn).countDocuments({ memberId: new Types.ObjectId(s.member.id) })).toBe(1);
  const { order, requestPayment } = results[0].body;
  expect(order).toMatchObject({ state: 'pending_payment', couponDiscountFen: 5000, pointsUsed: 17500, cashFen: 17500 });
  expect(requestPayment.package).toMatch(/^prepay_id=/);
  expect(await summary(s.member.id)).toMatchObject({ held: 17500, available: before.available - 17500 });
  expect((await couponModel(app.conn).findById(s.couponId).lean())!.state).toBe('locked');

  await pay(order.outTradeNo);
  // A duplicate notification and the recovery job change nothing more.
  await app.sim.pay.flushRetries();
  await app.services.orders.finishPaidSteps();
  const paid = await app.call('GET', `/api/orders/${order.id}`, { token: s.accessToken });
  expect(paid.body).toMatchObject({ state: 'paid', effectsApplied: true });
  expect(order.effectsApplied).toBe(false);
  const after = await summary(s.member.id);
  const earned = order.pointsEarned;
  expect(after).toMatchObject({ held: 0, balance: before.balance - 17500 + earned });
  expect((await couponModel(app.conn).findById(s.couponId).lean())!.state).toBe('used');
  expect(await entryModel(app.conn).countDocuments({ source: 'order', reference: order.id, leg: 'earn' })).toBe(1);
  expect((await app.services.membership.card(s.member.id)).growth).toBe(order.growthGained);
});

test('20 concurrent deliveries of the payment notification, then the query job: every effect of the order once', async () => {
  const s = await shopperWith(20_000);
  const before = await summary(s.member.id);
  const { order } = (await app.call('POST', '/api/orders', { token: s.accessToken, body: { storeId, billFen: 40000, couponId: s.couponId, points: 8000, clientKey: randomUUID() } })).body;
  expect((await http(app.sim.payUrl, 'POST', '/control/faults', { body: { fault: 'duplicate', copies: 20, out_trade_no: order.outTradeNo } })).status).toBe(200);
  await pay(order.outTradeNo);
  const deliveries = (await http(app.sim.payUrl, 'GET', `/control/deliveries?out_trade_no=${order.outTradeNo}`)).body.items;
  expect(deliveries.length).toBeGreaterThanOrEqual(20);
  await app.services.payments.recoverPendingIntents();
  await app.services.orders.finishPaidSteps();
  expect(await entryModel(app.conn).countDocuments({ source: 'order', reference: order.id })).toBe(3); // hold, capture, earn
  expect(await summary(s.member.id)).toMatchObject({ held: 0, balance: before.balance - 8000 + order.pointsEarned });
  expect((await app.services.membership.card(s.member.id)).growth).toBe(order.growthGained);
  expect((await couponModel(app.conn).findById(s.couponId).lean())!.state).toBe('used');
});

test('20 concurrent orders with the same coupon: exactly one holds it, the rest fail cleanly and give points back', async () => {
  const s = await shopperWith(100_000);
  const results = await parallel(20, () =>
    app.call('POST', '/api/orders', { token: s.accessToken, body: { storeId, billFen: 40000, couponId: s.couponId, points: 1000, clientKey: randomUUID() } }),
  );
  expect(results.filter((r) => r.status === 201)).toHaveLength(1);
  expect(results.filter((r) => r.status !== 201).every((r) => r.body.code === 'COUPON_NOT_AVAILABLE')).toBe(true);
  expect(await summary(s.member.id)).toMatchObject({ held: 1000 });
  expect(await orderModel(app.conn).countDocuments({ memberId: new Types.ObjectId(s.member.id), state: 'pending_payment' })).toBe(1);
});

test('held points cannot be spent elsewhere', async () => {
  const s = await shopperWith(0);
  const bal = (await summary(s.member.id)).available; // the sign-up bonus
  const order = await app.call('POST', '/api/orders', { token: s.accessToken, body: { storeId, billFen: 100_000, couponId: null, points: bal, clientKey: randomUUID() } });
  expect(order.status).toBe(201);
  const second = await app.call('POST', '/api/orders', { token: s.accessToken, body: { storeId, billFen: 100_000, couponId: null, points: 1, clientKey: randomUUID() } });
  expect(second.body.code).toBe('POINTS_INSUFFICIENT');
  await expect(app.services.points.spend({ memberId: s.member.id, amount: 1, reason: 'checkout', source: 't', reference: 'x', leg: 'spend' })).rejects.toMatchObject({ code: 'POINTS_INSUFFICIENT' });
});

test('an unpaid order expires: intent closed, coupon and points released', async () => {
  const s = await shopperWith(10_000);
  const before = await summary(s.member.id);
  const { order } = (await app.call('POST', '/api/orders', { token: s.accessToken, body: { storeId, billFen: 40000, couponId: s.couponId, points: 5000, clientKey: randomUUID() } })).body;
  app.clock.travel(16 * 60_000);
  expect(await app.services.orders.expireUnpaid()).toBeGreaterThanOrEqual(1);
  expect(await app.services.orders.expireUnpaid()).toBe(0);
  expect((await orderModel(app.conn).findById(order.id).lean())!.state).toBe('expired');
  expect((await couponModel(app.conn).findById(s.couponId).lean())!.state).toBe('available');
  expect(await summary(s.member.id)).toMatchObject({ balance: before.balance, held: 0, available: before.available });
  expect((await app.services.payments.get(order.outTradeNo))!.state).toBe('CLOSED');
});

test('a bill covered by coupon + points completes without WeChat Pay', async () => {
  const s = await app.login();
  const t = (
    await app.call('POST', '/api/admin/coupons/templates', {
      token: (await app.login(admin.openid)).accessToken,
      body: { name: '无门槛100', type: 'no_threshold', amountOffFen: 10000, validity: { mode: 'relative', days: 30 }, channel: 'claim_center' },
    })
  ).body.id;
  const c = (await app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId: t } })).body;
  const res = await app.call('POST', '/api/orders', { token: s.accessToken, body: { storeId, billFen: 8000, couponId: c.id, points: 0, clientKey: randomUUID() } });
  expect(res.status).toBe(201);
  expect(res.body.requestPayment).toBeNull();
  expect(res.body.order).toMatchObject({ state: 'paid', cashFen: 0, couponDiscountFen: 8000 });
  expect((await couponModel(app.conn).findById(c.id).lean())!.state).toBe('used');
});

test('invalid orders are refused with codes and leave nothing behind', async () => {
  const s = await shopperWith(1000);
  const count = () => orderModel(app.conn).countDocuments({ memberId: new Types.ObjectId(s.member.id) });
  const before = await count();
  const tooManyPoints = await app.call('POST', '/api/orders', { token: s.accessToken, body: { storeId, billFen: 1000, couponId: null, points: 900, clientKey: randomUUID() } });
  expect(tooManyPoints.status).toBe(400);
  expect(tooManyPoints.body.fields[0].path).toBe('body.points');
  const threshold = await app.call('POST', '/api/orders', { token: s.accessToken, body: { storeId, billFen: 1000, couponId: s.couponId, points: 0, clientKey: randomUUID() } });
  expect(threshold.body.code).toBe('COUPON_THRESHOLD_NOT_MET');
  for (const billFen of [0, 1.5, '10']) {
    expect((await app.call('POST', '/api/orders', { token: s.accessToken, body: { storeId, billFen, couponId: null, points: 0, clientKey: randomUUID() } })).status).toBe(400);
  }
  expect(await count()).toBe(before);
  const other = await app.login();
  expect((await app.call('GET', '/api/orders', { token: other.accessToken })).body.items).toEqual([]);
});

test('crash injection: the process dies before each paid step in turn; the recovery job converges to the same effects', async () => {
  const steps = ['couponUsed', 'pointsSettled', 'growthAdded', 'referralReward', 'guideCredit'];
  for (const crashAt of steps) {
    const s = await shopperWith(20_000);
    const before = await summary(s.member.id);
    const { order } = (await app.call('POST', '/api/orders', { token: s.accessToken, body: { storeId, billFen: 40000, couponId: s.couponId, points: 10000, clientKey: randomUUID() } })).body;
    let crashed = 0;
    app.services.orders.setBeforeStep((step) => {
      if (step === crashAt && crashed++ === 0) throw new Error(`simulated crash before ${step}`);
    });
    try {
      await pay(order.outTradeNo); // the notification's hook dies mid-way
    } finally {
      app.services.orders.setBeforeStep(null);
    }
    expect(crashed).toBe(1);
    const Orders = orderModel(app.conn);
    const mid = (await Orders.findById(order.id).lean())!;
    expect(mid.state).toBe('paid');
    expect(mid.stepsDone).toBe(false);
    expect(mid.steps?.[crashAt]).toBeFalsy();
    // "Restart": the recovery jobs finish the rest; a duplicate notification changes nothing.
    await app.services.orders.finishPaidSteps();
    await app.services.payments.runPendingHooks();
    await app.sim.pay.flushRetries();
    await app.services.orders.finishPaidSteps();
    const done = (await Orders.findById(order.id).lean())!;
    expect(done.steps).toEqual({ couponUsed: true, pointsSettled: true, growthAdded: true, referralReward: true, guideCredit: true });
    expect(done.stepsDone).toBe(true);
    expect(await summary(s.member.id)).toMatchObject({ held: 0, balance: before.balance - 10000 + order.pointsEarned });
    expect(await entryModel(app.conn).countDocuments({ source: 'order', reference: order.id })).toBe(3); // hold, capture, earn
    expect((await app.services.membership.card(s.member.id)).growth).toBe(order.growthGained);
    expect((await couponModel(app.conn).findById(s.couponId).lean())!.state).toBe('used');
  }
});

describe('refunds', () => {

  async function paidOrder(points: number) {
    const s = await shopperWith(points);
    const { order } = (await app.call('POST', '/api/orders', { token: s.accessToken, body: { storeId, billFen: 40000, couponId: s.couponId, points: Math.min(points, 17500), clientKey: randomUUID() } })).body;
    await pay(order.outTradeNo);
    return { s, order };
  }
  async function refund(orderId: string, amountFen: number, key = randomUUID()) {
    const clerkToken = (await app.login((await app.services.members.get(staffId))!.openid)).accessToken; // fresh token: tests travel in time
    const r = await app.call('POST', `/api/staff/orders/${orderId}/refunds`, { token: clerkToken, body: { amountFen, reason: '顾客退货', refundKey: key } });
    await app.sim.pay.settleRefunds();
    await app.sim.pay.whenIdle();
    return r;
  }
  let staffId = '';
  beforeAll(async () => {
    const clerk = await app.login();
    await app.setRoles(clerk.member.id, ['member', 'staff'], storeId);
    staffId = clerk.member.id;
  });

  test('three partial refunds then the rest: every balance exact, coupon back, growth reversed', async () => {
    const { s, order } = await paidOrder(30_000);
    const start = await summary(s.member.id);
    const cash = order.cashFen; // 17,500
    for (const part of [3000, 4000, 5000]) expect((await refund(order.id, part)).status).toBe(201);
    const over = await refund(order.id, cash);
    expect(over.body.code).toBe('PAY_REFUND_EXCEEDS');
    expect((await refund(order.id, cash - 12000)).status).toBe(201);
    const end = await summary(s.member.id);
    // Redeemed points all back, earned points all taken back.
    expect(end.balance).toBe(start.balance + order.pointsUsed - order.pointsEarned);
    expect(end.held).toBe(0);
    expect((await app.services.membership.card(s.member.id)).growth).toBe(0);
    expect((await couponModel(app.conn).findById(s.couponId).lean())!.state).toBe('available');
    const o = (await orderModel(app.conn).findById(order.id).lean())!;
    expect(o).toMatchObject({ state: 'refunded', refundedFen: cash });
    // Ledger sums still equal the balance.
    const entries = await entryModel(app.conn).find({ memberId: new Types.ObjectId(s.member.id), state: 'applied' }).lean();
    expect(entries.reduce((t, e) => t + e.delta, 0)).toBe(end.balance);
  });

  test('a refund retried with the same key refunds once', async () => {
    const { order } = await paidOrder(1000);
    const key = randomUUID();
    await refund(order.id, 1000, key);
    await refund(order.id, 1000, key);
    expect((await http(app.sim.payUrl, 'GET', `/control/refunds?out_trade_no=${order.outTradeNo}`)).body.items).toHaveLength(1);
  });

  test('earned points already spent: taken back as far as possible, the rest recorded as owed, never negative', async () => {
    const { s, order } = await paidOrder(17_500);
    const avail = (await summary(s.member.id)).available;
    await app.services.points.spend({ memberId: s.member.id, amount: avail, reason: 'checkout', source: 't', reference: `spent-${order.id}`, leg: 'spend' });
    await refund(order.id, order.cashFen);
    const end = await summary(s.member.id);
    expect(end.available).toBeGreaterThanOrEqual(0);
    expect(end.balance).toBeGreaterThanOrEqual(0);
    const owed = await app.conn.collection('points_owed').find({ memberId: new Types.ObjectId(s.member.id) }).toArray();
    // Redeemed points came back first (17,500), so the earned 175 could be taken from them: nothing owed here…
    expect(owed.reduce((t, o) => t + o.amount, 0)).toBe(0);
    // …unless they are spent too before the reversal: a second order proves the owed path.
    const second = await paidOrder(0);
    await app.services.points.spend({ memberId: second.s.member.id, amount: (await summary(second.s.member.id)).available, reason: 'checkout', source: 't', reference: `spent2-${second.order.id}`, leg: 'spend' });
    await refund(second.order.id, second.order.cashFen);
    const owed2 = await app.conn.collection('points_owed').find({ memberId: new Types.ObjectId(second.s.member.id) }).toArray();
    expect(owed2.reduce((t, o) => t + o.amount, 0)).toBe(second.order.pointsEarned);
    expect((await summary(second.s.member.id)).balance).toBe(0);
  });

  test('only staff of the order’s store (or admin) may refund', async () => {
    const { order } = await paidOrder(0);
    const other = await app.login();
    await app.setRoles(other.member.id, ['member', 'staff'], '0'.repeat(24));
    const res = await app.call('POST', `/api/staff/orders/${order.id}/refunds`, { token: other.accessToken, body: { amountFen: 100, reason: '顾客退货', refundKey: randomUUID() } });
    expect(res.body.code).toBe('STORE_SCOPE');
    const member = await app.login();
    expect((await app.call('POST', `/api/staff/orders/${order.id}/refunds`, { token: member.accessToken, body: { amountFen: 100, reason: '顾客退货', refundKey: randomUUID() } })).status).toBe(403);
  });
});
