/**
 * 导购提成 on the real engine: versioned rules (off by default, a stale save conflicts, unknown stores refused); the
 * commission recorded once per paid order at payment; concurrent and duplicate refunds before settlement reduce it
 * once each, in proportion; the monthly settlement job — crashed mid-way, then run twice at once — settles every due
 * commission into one settlement per guide × month exactly once; a refund after settlement is one clawback entry
 * against the next settlement; a negative month carries into the next; an entry whose month closed moves on; the
 * console's list of a month's settlements.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { guideModels } from '../../server/src/guides/model';
import { commissionModels } from '../../server/src/guides/commission-model';
import { monthOf, previousMonth } from '../../server/src/guides/commission.calc';
import { startTestApp, type TestApp } from '../support/app';
import { parallel } from '../support/http';
import { consoleCall, consoleSignIn, type ConsoleJar } from '../support/console';

let app: TestApp;
let storeId = '';
let jar: ConsoleJar;
type Login = Awaited<ReturnType<TestApp['login']>>;
let admin: Login;
let guide: Login;
let m: ReturnType<typeof guideModels>;
let c: ReturnType<typeof commissionModels>;

const DAY = 86400_000;
const commissionOf = async (orderId: string) => (await m.Credit.findById(orderId).lean())!.commission!;
const summary = async () => (await app.call('GET', '/api/staff/guide/commission', { token: guide.accessToken })).body;
async function relogin() {
  guide = await app.login(guide.openid);
  admin = await app.login(admin.openid);
  jar = await consoleSignIn(app, admin.accessToken);
}
async function tillOrder(billFen: number) {
  const shopper = await app.login();
  const code = await app.services.membership.currentCode(shopper.member.id);
  const { memberToken } = (await app.call('POST', '/api/staff/member-code/resolve', { token: guide.accessToken, body: { code } })).body;
  const r = await app.call('POST', '/api/staff/till/orders', {
    token: guide.accessToken,
    body: { storeId, clientKey: randomUUID(), memberToken, billFen, couponId: null, points: 0, settlement: 'other' },
  });
  expect(r.status).toBe(201);
  return r.body.order as { id: string; state: string };
}
const refund = (orderId: string, body: Record<string, unknown>) =>
  app.call('POST', `/api/staff/orders/${orderId}/refunds`, { token: admin.accessToken, body: { refundKey: randomUUID(), reason: '顾客退货', ...body } });
const settlementOf = (period: string) => app.services.guides.commission.settlement(guide.member.id, period);

beforeAll(async () => {
  app = await startTestApp();
  m = guideModels(app.conn);
  c = commissionModels(app.conn);
  storeId = String((await app.services.stores.upsert({ code: 'GC', name: '徐汇店', city: '上海', address: 'a', phone: '1', location: { lat: 31, lng: 121 } }))._id);
  admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  admin = await app.login(admin.openid);
  jar = await consoleSignIn(app, admin.accessToken);
  const g = await app.login();
  await app.setRoles(g.member.id, ['member', 'staff'], storeId);
  expect((await consoleCall(app, jar, 'POST', '/api/console/guides', { body: { memberId: g.member.id } })).status).toBe(201);
  guide = await app.login(g.openid);
});
afterAll(async () => {
  await app.close();
});

const ON = { active: true, bp: 200, stores: [], refundWindowDays: 7 };
let orderA = '';
let orderB = '';

test('rules: off by default (no commission recorded), saved on a revision, a stale save conflicts, unknown stores refused', async () => {
  const off = await consoleCall(app, jar, 'GET', '/api/console/guide-commission');
  expect(off.body).toEqual({ settings: { active: false, bp: 100, stores: [], refundWindowDays: 7 }, revision: 0 });
  const before = await tillOrder(10000);
  expect((await m.Credit.findById(before.id).lean())!.commission).toBeUndefined();
  const bad = await consoleCall(app, jar, 'PUT', '/api/console/guide-commission', { body: { settings: { ...ON, stores: [{ storeId: new Types.ObjectId().toHexString(), bp: 5 }] }, baseRevision: 0 } });
  expect([bad.status, bad.body.code]).toEqual([400, 'GUIDE_COMMISSION_INVALID']);
  const saved = await consoleCall(app, jar, 'PUT', '/api/console/guide-commission', { body: { settings: ON, baseRevision: 0 } });
  expect(saved.body).toEqual({ settings: ON, revision: 1 });
  const stale = await consoleCall(app, jar, 'PUT', '/api/console/guide-commission', { body: { settings: { ...ON, bp: 900 }, baseRevision: 0 } });
  expect([stale.status, stale.body.code]).toEqual([409, 'SETTINGS_CONFLICT']);
  const asGuide = await app.call('PUT', '/api/console/guide-commission', { token: guide.accessToken, body: { settings: ON, baseRevision: 1 } });
  expect(asGuide.status).toBeGreaterThanOrEqual(401);
});

test('recorded once at payment; concurrent and duplicate refunds before settlement reduce it once each, in proportion', async () => {
  orderA = (await tillOrder(100000)).id;
  expect(await commissionOf(orderA)).toMatchObject({ bp: 200, fen: 2000, reducedFen: 0, state: 'pending' });
  await app.services.orders.applyPaidSteps(new Types.ObjectId(orderA)); // a re-run changes nothing
  expect((await m.Credit.countDocuments({ _id: orderA }))).toBe(1);
  expect((await summary()).pendingFen).toBe(2000);
  // three refunds of ¥100, each sent twice, all at once
  const keys = [randomUUID(), randomUUID(), randomUUID()];
  const rs = await parallel(6, (i) => refund(orderA, { amountFen: 10000, refundKey: keys[i % 3] }));
  expect(rs.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
  const credit = (await m.Credit.findById(orderA).lean())!;
  expect(credit.reversals.map((r) => r.commissionFen)).toEqual([200, 200, 200]);
  expect([credit.reversedFen, credit.commission!.reducedFen]).toEqual([30000, 600]);
  const s = await summary();
  expect([s.active, s.bp, s.pendingFen, s.months[0].earnedFen]).toEqual([true, 200, 1400, 1400]);
  const perf = (await app.call('GET', '/api/staff/guide/performance', { token: guide.accessToken })).body;
  expect(perf.commissionFen).toBe(1400);
  orderB = (await tillOrder(50000)).id;
  expect((await commissionOf(orderB)).fen).toBe(1000);
});

test('settlement job: a crash mid-way, then two runs at once → every due commission settled once, one settlement per month', async () => {
  const paidMonth = monthOf(app.clock.now());
  app.clock.travel(40 * DAY); // past the refund window and into a later month
  await relogin();
  const closing = previousMonth(monthOf(app.clock.now()));
  let crashed = false;
  app.services.guides.commission.setFailpoint((w) => {
    if (w === 'mark' && !crashed) {
      crashed = true;
      throw new Error('crash after the settlement moved');
    }
  });
  await app.services.guides.commission.settle();
  app.services.guides.commission.setFailpoint(null);
  expect(crashed).toBe(true);
  expect((await settlementOf(closing))!.state).toBe('open'); // not closed while an entry is unfinished
  app.clock.travel(120_000); // the crashed runner's lease expires
  await Promise.all([app.services.guides.commission.settle(), app.services.guides.commission.settle()]);
  await app.services.guides.commission.settle();
  const s = (await settlementOf(closing))!;
  expect(s).toMatchObject({ state: 'closed', commissionFen: 2400, orders: 2, clawbackFen: 0, payableFen: 2400, inflight: [] });
  expect(await c.Settlement.countDocuments({ guideId: new Types.ObjectId(guide.member.id) })).toBe(1);
  expect(await c.Entry.countDocuments({ kind: 'commission', state: 'applied' })).toBe(2);
  expect(await commissionOf(orderA)).toMatchObject({ state: 'settled', settledFen: 1400, entered: true, period: closing });
  const sum = await summary();
  expect(sum.pendingFen).toBe(0);
  expect(sum.months.find((x: { period: string }) => x.period === closing)).toMatchObject({ settledFen: 2400, payableFen: 2400, state: 'closed' });
  expect(sum.months.find((x: { period: string }) => x.period === paidMonth).earnedFen).toBe(2400);
  // The console's month list: what payroll pays.
  const list = await consoleCall(app, jar, 'GET', `/api/console/guide-settlements?period=${closing}`);
  expect(list.body.items).toEqual([
    expect.objectContaining({ guideId: guide.member.id, state: 'closed', orders: 2, settledFen: 2400, clawbackFen: 0, payableFen: 2400 }),
  ]);
  expect((await consoleCall(app, jar, 'GET', '/api/console/guide-settlements?period=2026-13')).status).toBe(400);
});

test('a refund after settlement: one clawback against the next settlement; a negative month carries on; a late entry moves on', async () => {
  const now = monthOf(app.clock.now());
  // The same refund notification delivered three times at once to the refund hook: one reversal, one clawback.
  const order = (await app.conn.collection('orders').findOne({ _id: new Types.ObjectId(orderB) })) as never;
  const share = { refundNo: 'dup-1', weight: 10000, weights: [10000], basis: 50000, full: false };
  await Promise.all([1, 2, 3].map(() => app.services.guides.attribution.onOrderRefund(order, share)));
  expect(await commissionOf(orderB)).toMatchObject({ state: 'settled', clawedFen: 200 });
  expect(await c.Entry.countDocuments({ key: `k:${orderB}:dup-1`, state: 'applied' })).toBe(1);
  // Then the rest, refunded in full by requests sent three times at once: the remainder is clawed back once.
  const key = randomUUID();
  const rs = await parallel(3, () => refund(orderB, { full: true, refundKey: key }));
  expect(rs.map((r) => r.status)).toEqual([201, 201, 201]);
  expect(await commissionOf(orderB)).toMatchObject({ state: 'settled', settledFen: 1000, clawedFen: 1000 });
  expect(await c.Entry.countDocuments({ kind: 'clawback' })).toBe(2);
  expect(await settlementOf(now)).toMatchObject({ state: 'open', clawbackFen: 1000, clawbacks: 2, commissionFen: 0 });
  expect((await summary()).months[0]).toMatchObject({ period: now, clawbackFen: 1000, payableFen: null });

  app.clock.travel(32 * DAY);
  await relogin();
  await app.services.guides.commission.settle();
  const next = monthOf(app.clock.now());
  expect(await settlementOf(now)).toMatchObject({ state: 'closed', payableFen: 0, carryOutFen: -1000, carried: true });
  expect(await settlementOf(next)).toMatchObject({ state: 'open', carryInFen: -1000 });
  await app.services.guides.commission.settle(); // again: nothing moves twice
  expect((await settlementOf(next))!.carryInFen).toBe(-1000);

  // A clawback recorded late for a month already closed lands in the next open month.
  const credit = (await m.Credit.findById(orderA).lean())!;
  await app.services.guides.commission.clawBack(credit, { refundNo: 'late-1', at: new Date(app.clock.now().getTime() - 40 * DAY), clawFen: 7 });
  expect((await c.Entry.findOne({ key: `k:${orderA}:late-1` }).lean())!.period).toBe(next);
  expect((await settlementOf(next))!.clawbackFen).toBe(7);
});
