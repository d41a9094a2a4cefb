/**
 * Rollups and the 概览 dashboard against the real engine: figures per store from
 * till orders, refunds, coupons, points and bookings; recomputing a day changes
 * nothing; the nightly run turns today's live figures into a final day; the
 * dashboard reads rollups only, scopes by store and compares with the previous period.
 */
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app';
import { consoleCall, consoleSignIn, type ConsoleJar } from '../support/console';
import { memberModel } from '../../server/src/members/model';
import { rollupModel, dayMarkerModel } from '../../server/src/analytics/model';
import { dayOf, addDays } from '../../server/src/analytics/range.calc';

let app: TestApp;
let storeA = '';
let storeB = '';
let admin: Awaited<ReturnType<TestApp['login']>>;
let clerkA: Awaited<ReturnType<TestApp['login']>>;
let clerkB: Awaited<ReturnType<TestApp['login']>>;
const shoppers: Awaited<ReturnType<TestApp['login']>>[] = [];
let adminJar: ConsoleJar;
let managerB: ConsoleJar;

const store = (code: string, name: string) => app.services.stores.upsert({ code, name, city: '上海', address: 'a', phone: '1', location: { lat: 31, lng: 121 } });

beforeAll(async () => {
  app = await startTestApp();
  storeA = String((await store('A1', '徐汇店'))._id);
  storeB = String((await store('B1', '浦东店'))._id);
  admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  clerkA = await app.login();
  await app.setRoles(clerkA.member.id, ['member', 'staff'], storeA);
  clerkB = await app.login();
  await app.setRoles(clerkB.member.id, ['member', 'staff', 'manager'], storeB);
  adminJar = await consoleSignIn(app, admin.accessToken);
  managerB = await consoleSignIn(app, clerkB.accessToken);
  for (const home of [storeA, storeA, storeB]) {
    const s = await app.login();
    await memberModel(app.conn).updateOne({ _id: s.member.id }, { $set: { preferredStoreId: home } });
    shoppers.push(s);
  }
});
afterAll(async () => {
  await app.close();
});

async function tillOrder(clerk: typeof clerkA, storeId: string, memberId: string, billFen: number) {
  const code = await app.services.membership.currentCode(memberId);
  const memberToken = (await app.call('POST', '/api/staff/member-code/resolve', { token: clerk.accessToken, body: { code } })).body.memberToken;
  const r = await app.call('POST', '/api/staff/till/orders', { token: clerk.accessToken, body: { storeId, memberToken, billFen, couponId: null, points: 0, settlement: 'other', clientKey: randomUUID() } });
  expect(r.status).toBe(201);
  return r.body.order as { id: string };
}

/** Access tokens expire across a day of travel: sign everyone in again. */
async function relogin() {
  admin = await app.login(admin.openid);
  clerkA = await app.login(clerkA.openid);
  clerkB = await app.login(clerkB.openid);
  for (let i = 0; i < shoppers.length; i++) shoppers[i] = await app.login(shoppers[i].openid);
}

const dashboard = (query: string, jar = adminJar) => consoleCall(app, jar, 'GET', `/api/console/dashboard?${query}`);

test('today: live figures per store, the chain sums every store, points outstanding equals the balances', async () => {
  const [a1, a2, b1] = shoppers;
  const o1 = await tillOrder(clerkA, storeA, a1.member.id, 20_000);
  await tillOrder(clerkA, storeA, a2.member.id, 10_000);
  await tillOrder(clerkB, storeB, b1.member.id, 5_000);
  const refund = await app.call('POST', `/api/staff/orders/${o1.id}/refunds`, { token: clerkA.accessToken, body: { reason: '顾客退货', refundKey: randomUUID(), amountFen: 5_000 } });
  expect(refund.status).toBe(201);

  const chain = await dashboard('range=today');
  expect(chain.status).toBe(200);
  const k = chain.body.kpis;
  expect(k.paidOrders.value).toBe(3);
  expect(k.salesFen.value).toBe(35_000);
  expect(k.avgOrderFen.value).toBe(11_667);
  expect(k.refunds.value).toBe(1);
  expect(k.refundFen.value).toBe(5_000);
  expect(k.membersNew.value).toBe(6); // admin, two clerks, three shoppers
  const balances = (await memberModel(app.conn).find({}, { points: 1 }).lean()).reduce((s, m) => s + (m.points?.balance ?? 0), 0);
  expect(balances).toBeGreaterThan(0);
  expect(k.pointsOutstanding.value).toBe(balances);
  expect(chain.body.series.days).toEqual([dayOf(app.clock.now())]);
  expect(chain.body.stores.map((s: { name: string }) => s.name).sort()).toEqual(['徐汇店', '浦东店']);

  const a = (await dashboard(`range=today&storeId=${storeA}`)).body;
  expect(a.storeId).toBe(storeA);
  expect(a.kpis.paidOrders.value).toBe(2);
  expect(a.kpis.salesFen.value).toBe(30_000);
  expect(a.kpis.membersNew.value).toBe(2);
  const b = (await dashboard(`range=today&storeId=${storeB}`)).body;
  expect(b.kpis.salesFen.value).toBe(5_000);
  expect(b.kpis.membersTotal.value).toBe(1);
});

test('recomputing a day is idempotent: the same documents, figures unchanged', async () => {
  const today = dayOf(app.clock.now());
  await app.services.analytics.rollupDays(today, today);
  const strip = (docs: { _id: string; computedAt: Date }[]) => docs.map(({ computedAt: _c, ...d }) => d).sort((x, y) => String(x._id).localeCompare(String(y._id)));
  const first = strip(await rollupModel(app.conn).find({ day: today }).lean());
  await app.services.analytics.rollupDays(today, today);
  await app.services.analytics.rollupDays(addDays(today, -2), today);
  const again = strip(await rollupModel(app.conn).find({ day: today }).lean());
  expect(again).toEqual(first);
  expect(first.length).toBeGreaterThanOrEqual(3); // store A, store B, members without a home store
});

test('the next day: the nightly run finalises yesterday; 7 days compare with the week before', async () => {
  const yesterday = dayOf(app.clock.now());
  app.clock.travel(24 * 3600_000);
  await relogin();
  adminJar = await consoleSignIn(app, admin.accessToken);
  managerB = await consoleSignIn(app, clerkB.accessToken);
  const r = await app.services.analytics.runNightly();
  expect(r).toMatchObject({ to: yesterday });
  expect((await dayMarkerModel(app.conn).findById(yesterday).lean())?.live).toBe(false);
  await tillOrder(clerkB, storeB, shoppers[2].member.id, 8_000);

  const week = (await dashboard('range=7d')).body;
  expect(week.pendingDays).toEqual([]);
  expect(week.kpis.paidOrders).toEqual({ value: 4, previous: 0, changePct: null });
  expect(week.kpis.salesFen.value).toBe(43_000);
  expect(week.series.salesFen.slice(-2)).toEqual([35_000, 8_000]);
  expect(week.kpis.membersTotal.value).toBe(6);

  const yesterdayOnly = (await dashboard(`range=custom&from=${yesterday}&to=${yesterday}`)).body;
  expect(yesterdayOnly.kpis.salesFen.value).toBe(35_000);
  const today = (await dashboard('range=today')).body;
  expect(today.kpis.salesFen).toEqual({ value: 8_000, previous: 35_000, changePct: -77.1 });
});

test('a store manager sees only their store, and is refused another', async () => {
  const mine = await dashboard('range=7d', managerB);
  expect(mine.status).toBe(200);
  expect(mine.body.storeId).toBe(storeB);
  expect(mine.body.stores.map((s: { id: string }) => s.id)).toEqual([storeB]);
  expect(mine.body.kpis.salesFen.value).toBe(13_000);
  expect((await dashboard(`range=7d&storeId=${storeB}`, managerB)).body.kpis.salesFen.value).toBe(13_000);
  const other = await dashboard(`range=7d&storeId=${storeA}`, managerB);
  expect(other.status).toBe(403);
  expect(other.body.code).toBe('STORE_SCOPE');
});

test('refusals: console session only, a range that cannot be, an unknown store', async () => {
  expect((await app.call('GET', '/api/console/dashboard?range=7d', { token: admin.accessToken })).status).toBe(401); // a mini-program token is not a console session
  await expect(consoleSignIn(app, clerkA.accessToken)).rejects.toThrow(/confirm: 403/); // clerks have no console
  const future = await dashboard(`range=custom&from=${dayOf(app.clock.now())}&to=${addDays(dayOf(app.clock.now()), 3)}`);
  expect(future.status).toBe(400);
  expect(future.body.code).toBe('DASHBOARD_RANGE_INVALID');
  expect((await dashboard('range=custom')).body.code).toBe('DASHBOARD_RANGE_INVALID');
  expect((await dashboard('range=year')).body.code).toBe('VALIDATION_FAILED');
  expect((await dashboard('range=7d&storeId=0123456789abcdef01234567')).body.code).toBe('STORE_NOT_FOUND');
});
