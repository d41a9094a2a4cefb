/**
 * Console II, coupons: template creation with field errors, pause / resume (claims refused while paused),
 * batch issue to pasted phones and card numbers with a per-line report (retry-safe), the verification log
 * scoped by store and undo from the console, and the template's audit trail.
 */
import { memberCode } from '@homeclub/shared';
import { startTestApp, type TestApp } from '../support/app';
import { consoleCall, consoleSignIn, type ConsoleJar } from '../support/console';
import { memberModel } from '../../server/src/members/model';

let app: TestApp;
let admin: ConsoleJar;
let manager: ConsoleJar;
let storeA = '';
let storeB = '';
let clerk: Awaited<ReturnType<TestApp['login']>>;
const shoppers: Awaited<ReturnType<TestApp['login']>>[] = [];
const TEMPLATE = { name: '满300减50', type: 'full_reduction', amountOffFen: 5000, thresholdFen: 30000, validity: { mode: 'relative', days: 30 }, channel: 'claim_center', perMemberLimit: 1 };

beforeAll(async () => {
  app = await startTestApp();
  storeA = String((await app.services.stores.upsert({ code: 'CA', name: '门店甲', city: '上海', address: '路 1 号', phone: '021', location: { lat: 31, lng: 121 } }))._id);
  storeB = String((await app.services.stores.upsert({ code: 'CB', name: '门店乙', city: '上海', address: '路 2 号', phone: '021', location: { lat: 31, lng: 121 } }))._id);
  const a = await app.login();
  await app.setRoles(a.member.id, ['member', 'admin']);
  admin = await consoleSignIn(app, a.accessToken);
  const m = await app.login();
  await app.setRoles(m.member.id, ['member', 'staff', 'manager'], storeB);
  manager = await consoleSignIn(app, m.accessToken);
  clerk = await app.login();
  await app.setRoles(clerk.member.id, ['member', 'staff'], storeA);
  const Member = memberModel(app.conn);
  for (let i = 0; i < 3; i++) {
    const s = await app.login();
    await Member.updateOne({ _id: s.member.id }, { $set: { phone: `1390000000${i}`, cardNo: `880000000${i}` } });
    shoppers.push(s);
  }
});
afterAll(() => app.close());

const call = (jar: ConsoleJar, method: string, p: string, body?: unknown) => consoleCall(app, jar, method, p, { body });

test('a 满减 template: missing threshold is a field error; created, paused (claims refused), resumed (claimed)', async () => {
  const bad = await call(admin, 'POST', '/api/console/coupons/templates', { ...TEMPLATE, thresholdFen: 0 });
  expect(bad.status).toBe(400);
  expect(bad.body.fields).toEqual(expect.arrayContaining([{ path: 'body.thresholdFen', message: '满减券需要门槛金额' }]));
  const t = await call(admin, 'POST', '/api/console/coupons/templates', TEMPLATE);
  expect(t.status).toBe(201);
  expect((await call(manager, 'GET', '/api/console/coupons/templates')).body.code).toBe('CONSOLE_ADMIN_ONLY');
  const paused = await call(admin, 'PATCH', `/api/console/coupons/templates/${t.body.id}`, { status: 'paused' });
  expect(paused.body.status).toBe('paused');
  const refused = await app.call('POST', '/api/coupons/claim', { token: shoppers[0].accessToken, body: { templateId: t.body.id } });
  expect(refused.status).toBeGreaterThanOrEqual(400);
  await call(admin, 'PATCH', `/api/console/coupons/templates/${t.body.id}`, { status: 'active' });
  const claimed = await app.call('POST', '/api/coupons/claim', { token: shoppers[0].accessToken, body: { templateId: t.body.id } });
  expect(claimed.status).toBe(201);
  const trail = await call(admin, 'GET', `/api/console/object-audit?subject=coupon-template:${t.body.id}`);
  expect(trail.body.items.map((r: any) => r.action)).toEqual(['coupon_template.resume', 'coupon_template.pause', 'coupon_template.create']);
  expect(trail.body.items[1]).toMatchObject({ before: { status: 'active' }, after: { status: 'paused' } });
});

test('batch issue: phones and card numbers pasted, each line reported; the same batch again issues nothing twice', async () => {
  const t = await call(admin, 'POST', '/api/console/coupons/templates', { ...TEMPLATE, name: '会员日礼券', channel: 'admin_issue', perMemberLimit: 1 });
  // shopper 0 by phone and again by card (same member), shopper 1 by card, an unknown phone, garbage, a repeat.
  const text = '13900000000\n8800000000, 8800000001；13911112222\nabc\n13900000000';
  const r = await call(admin, 'POST', `/api/console/coupons/templates/${t.body.id}/issue`, { text, batchKey: 'batch-0001' });
  expect(r.status).toBe(200);
  expect(r.body.rows.map((x: any) => [x.input, x.outcome])).toEqual([
    ['13900000000', 'issued'],
    ['8800000000', 'duplicate'],
    ['8800000001', 'issued'],
    ['13911112222', 'not_found'],
    ['abc', 'invalid'],
    ['13900000000', 'duplicate'],
  ]);
  expect(r.body).toMatchObject({ issued: 2, failed: 4 });
  const again = await call(admin, 'POST', `/api/console/coupons/templates/${t.body.id}/issue`, { text, batchKey: 'batch-0001' });
  expect(again.status).toBe(200);
  expect(await app.conn.collection('coupons').countDocuments({ templateId: { $exists: true }, issueKey: /^admin:batch-0001:/ })).toBe(2);
  // A new batch: the per-member limit (1) skips both, with the reason.
  const limited = await call(admin, 'POST', `/api/console/coupons/templates/${t.body.id}/issue`, { text: '13900000000', batchKey: 'batch-0002' });
  expect(limited.body.rows[0]).toMatchObject({ outcome: 'skipped', code: 'COUPON_LIMIT_REACHED', message: '已达到领取上限' });
  const tooMany = await call(admin, 'POST', `/api/console/coupons/templates/${t.body.id}/issue`, { text: Array.from({ length: 1001 }, (_, i) => `1${String(i).padStart(10, '0')}`).join('\n'), batchKey: 'batch-0003' });
  expect(tooMany.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'body.text' }] });
});

test('verification log: scoped by store; undo from the console makes the coupon available again, once', async () => {
  const t = await call(admin, 'POST', '/api/console/coupons/templates', { ...TEMPLATE, name: '免费测量', type: 'exchange', exchangeItem: '上门量尺', amountOffFen: null, thresholdFen: 0, storeIds: [storeA] });
  const s = shoppers[2];
  const c = (await app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId: t.body.id } })).body;
  const secret = (await app.call('GET', `/api/coupons/${c.id}/code-secret`, { token: s.accessToken })).body;
  const code = memberCode(secret.chainPrefix, secret.couponNo, secret.secret, app.clock.now().getTime());
  const v = await app.call('POST', '/api/staff/coupons/verify', { token: clerk.accessToken, body: { code, idempotencyKey: 'console-verify-1' } });
  expect(v.status).toBe(201);
  const log = await call(admin, 'GET', '/api/console/coupons/verifications?limit=10');
  expect(log.body.items[0]).toMatchObject({ id: v.body.id, storeName: '门店甲', couponName: '免费测量', undoneAt: null });
  expect((await call(manager, 'GET', '/api/console/coupons/verifications')).body.items).toEqual([]);
  expect((await call(manager, 'GET', `/api/console/coupons/verifications?storeId=${storeA}`)).body.code).toBe('STORE_SCOPE');
  expect((await call(manager, 'POST', `/api/console/coupons/verifications/${v.body.id}/undo`)).body.code).toBe('STORE_SCOPE');
  const undone = await call(admin, 'POST', `/api/console/coupons/verifications/${v.body.id}/undo`);
  expect(undone.body.undoneAt).toBeTruthy();
  expect((await app.call('GET', `/api/coupons/${c.id}`, { token: s.accessToken })).body.state).toBe('available');
  expect((await call(admin, 'POST', `/api/console/coupons/verifications/${v.body.id}/undo`)).body.undoneAt).toBe(undone.body.undoneAt);
});
