/**
 * Console, partner programme (合伙人): settings saved on a revision (two admins on one revision → one wins, the
 * admin API's save moves it too), applications approved or rejected with a reason (guarded: decided once),
 * partners with friends and reward totals, the rewards for review; store managers refused; field errors at the field.
 */
import { Types } from 'mongoose';
import { startTestApp, type TestApp } from '../support/app';
import { consoleCall, consoleSignIn, type ConsoleJar } from '../support/console';

let app: TestApp;
const admins: ConsoleJar[] = [];
let adminToken = '';
let manager: ConsoleJar;

const call = (jar: ConsoleJar, method: string, p: string, body?: unknown) => consoleCall(app, jar, method, p, { body });

beforeAll(async () => {
  app = await startTestApp();
  for (let i = 0; i < 2; i++) {
    const a = await app.login();
    await app.setRoles(a.member.id, ['member', 'admin']);
    adminToken = a.accessToken;
    admins.push(await consoleSignIn(app, a.accessToken));
  }
  const store = String((await app.services.stores.upsert({ code: 'RF', name: '合伙店', city: '上海', address: '路 1 号', phone: '021', location: { lat: 31, lng: 121 } }))._id);
  const m = await app.login();
  await app.setRoles(m.member.id, ['member', 'staff', 'manager'], store);
  manager = await consoleSignIn(app, m.accessToken);
});
afterAll(() => app.close());

test('settings are saved on a revision: of two saves on one revision exactly one wins; the admin API moves it too', async () => {
  const loaded = await call(admins[0], 'GET', '/api/console/referrals/settings');
  expect(loaded.body.revision).toBe(0);
  const put = (jar: ConsoleJar, base: number, patch: object) => call(jar, 'PUT', '/api/console/referrals/settings', { baseRevision: base, settings: { ...loaded.body.settings, ...patch } });
  const [a, b] = await Promise.all([put(admins[0], 0, { eligibility: 'application' }), put(admins[1], 0, { dailyBindingCap: 5 })]);
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  expect((a.status === 409 ? a : b).body.code).toBe('SETTINGS_CONFLICT');
  const now = await call(admins[0], 'GET', '/api/console/referrals/settings');
  expect(now.body.revision).toBe(1);
  if (now.body.settings.eligibility !== 'application') expect((await put(admins[0], 1, { eligibility: 'application' })).status).toBe(200);
  const current = await call(admins[0], 'GET', '/api/console/referrals/settings');
  expect((await app.call('PUT', '/api/admin/referrals/settings', { token: adminToken, body: current.body.settings })).status).toBe(200);
  expect((await put(admins[0], current.body.revision, {})).body.code).toBe('SETTINGS_CONFLICT');
  const bad = await put(admins[0], current.body.revision + 1, { refundWindowDays: 500 });
  expect(bad.body.fields.map((f: any) => f.path)).toContain('body.settings.refundWindowDays');
  const trail = await call(admins[0], 'GET', '/api/console/object-audit?subject=settings:referrals');
  expect(trail.body.items.find((r: any) => r.after)).toMatchObject({ action: 'referral.settings', after: expect.objectContaining({ eligibility: 'application' }) });
});

test('applications: reject needs a reason, each is decided once; partners show friends and reward totals', async () => {
  const [x, y] = [await app.login(), await app.login()];
  const terms = (await app.call('GET', '/api/referrals/me', { token: x.accessToken })).body.termsVersion;
  for (const s of [x, y]) expect((await app.call('POST', '/api/referrals/join', { token: s.accessToken, body: { termsVersion: terms } })).body.status).toBe('pending');
  const pending = await call(admins[0], 'GET', '/api/console/referrals/partners?status=pending');
  expect(pending.body.items.map((p: any) => p.memberId).sort()).toEqual([x.member.id, y.member.id].sort());
  const noReason = await call(admins[0], 'POST', `/api/console/referrals/partners/${y.member.id}/decision`, { approve: false });
  expect(noReason.body.fields[0].path).toBe('body.reason');
  const rejected = await call(admins[0], 'POST', `/api/console/referrals/partners/${y.member.id}/decision`, { approve: false, reason: '资料不全' });
  expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '资料不全' });
  const [ok, again] = await Promise.all([0, 1].map((i) => call(admins[i], 'POST', `/api/console/referrals/partners/${x.member.id}/decision`, { approve: true })));
  expect([ok.status, again.status].sort()).toEqual([200, 409]);
  expect((ok.status === 409 ? ok : again).body.code).toBe('REFERRAL_DECIDED');
  // A friend and two rewards of x (stored shapes): the list sums them, the rewards list shows them.
  const friend = (await app.login()).member.id;
  const partner = new Types.ObjectId(x.member.id);
  const now = app.clock.now();
  await app.conn.collection('referral_bindings').insertOne({ memberId: new Types.ObjectId(friend), partnerMemberId: partner, code: 'X', scene: null, via: 'link', at: now });
  const reward = (key: string, state: string, amount: number) => ({ key, orderId: new Types.ObjectId(), friendMemberId: new Types.ObjectId(friend), partnerMemberId: partner, level: 1, kind: 'points', amount, reduced: 0, reductions: [], clawedBack: 0, clawbacks: [], state, settleAt: now, settledAmount: state === 'settled' ? amount : 0, settledAt: null, credited: false, orderPaidAt: now, createdAt: now });
  await app.conn.collection('referral_rewards').insertMany([reward('t:1', 'pending', 500), reward('t:2', 'settled', 300)]);
  const active = await call(admins[1], 'GET', '/api/console/referrals/partners?status=active');
  expect(active.body.items.find((p: any) => p.memberId === x.member.id)).toMatchObject({ friends: 1, pendingPoints: 500, settledPoints: 300, cancelled: 0 });
  const rewards = await call(admins[1], 'GET', `/api/console/referrals/rewards?partnerMemberId=${x.member.id}`);
  expect(rewards.body.items.map((r: any) => [r.state, r.amount]).sort()).toEqual([['pending', 500], ['settled', 300]]);
  expect((await call(admins[1], 'GET', '/api/console/referrals/rewards?state=settled')).body.items).toHaveLength(1);
  for (const [m, p] of [['GET', '/api/console/referrals/partners'], ['GET', '/api/console/referrals/settings'], ['GET', '/api/console/referrals/rewards']]) {
    expect((await call(manager, m, p)).body.code).toBe('CONSOLE_ADMIN_ONLY');
  }
});
