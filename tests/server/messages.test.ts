/**
 * 消息模板 (subscribe messages): the chain maps each reminder kind to its WeChat template (id, keyword ← value,
 * on/off) on a revision (two admins on one revision → one wins; a bad keyword is refused at its field with nothing
 * written), the mini-program asks consent for the ids switched on, the senders compose through the mapping (a kind
 * switched off sends nothing), and a test send reaches a member found by phone (sim: the consent is simulated).
 */
import { startTestApp, type TestApp } from '../support/app';
import { http } from '../support/http';
import { consoleCall, consoleSignIn, type ConsoleJar } from '../support/console';

let app: TestApp;
const admins: ConsoleJar[] = [];
let manager: ConsoleJar;
const call = (jar: ConsoleJar, method: string, p: string, body?: unknown) => consoleCall(app, jar, method, p, { body });
const sent = async (openid: string) => (await http(app.sim.url, 'GET', `/control/messages?openid=${openid}`)).body.items as { templateId: string; page: string; data: Record<string, { value: string }> }[];

beforeAll(async () => {
  app = await startTestApp();
  for (let i = 0; i < 2; i++) {
    const a = await app.login();
    await app.setRoles(a.member.id, ['member', 'admin']);
    admins.push(await consoleSignIn(app, a.accessToken));
  }
  const store = String((await app.services.stores.upsert({ code: 'MS', name: '消息店', city: '上海', address: '路 2 号', phone: '021', location: { lat: 31, lng: 121 } }))._id);
  const m = await app.login();
  await app.setRoles(m.member.id, ['member', 'staff', 'manager'], store);
  manager = await consoleSignIn(app, m.accessToken);
});
afterAll(() => app.close());

test('defaults: every kind on, the mini-program gets their template ids; store managers are refused', async () => {
  const ids = await app.call('GET', '/api/messages/templates');
  expect(ids.body.items).toEqual([
    { kind: 'booking_confirm', templateId: 'TPL_BOOKING_CONFIRM' },
    { kind: 'booking_reminder', templateId: 'TPL_BOOKING_REMINDER' },
    { kind: 'coupon_expiry', templateId: 'TPL_COUPON_EXPIRY' },
  ]);
  const loaded = await call(admins[0], 'GET', '/api/console/messages');
  expect(loaded.body.revision).toBe(0);
  expect(loaded.body.settings.templates.find((t: any) => t.kind === 'coupon_expiry').fields).toEqual([
    { key: 'thing1', source: 'coupon' },
    { key: 'time2', source: 'expiresOn' },
    { key: 'thing3', source: 'tip' },
  ]);
  expect((await call(manager, 'GET', '/api/console/messages')).body.code).toBe('CONSOLE_ADMIN_ONLY');
  expect((await call(manager, 'POST', '/api/console/messages/test', { kind: 'coupon_expiry', phone: '13800000000' })).body.code).toBe('CONSOLE_ADMIN_ONLY');
});

test('saved on a revision: of two saves one wins; a bad keyword or a duplicate is refused at its field, nothing written', async () => {
  const { settings } = (await call(admins[0], 'GET', '/api/console/messages')).body;
  const withExpiry = (patch: object) => ({ templates: settings.templates.map((t: any) => (t.kind === 'coupon_expiry' ? { ...t, ...patch } : t)) });
  const bad = await call(admins[0], 'PUT', '/api/console/messages', { baseRevision: 0, settings: withExpiry({ fields: [{ key: 'foo1', source: 'coupon' }, { key: 'time2', source: 'nope' }] }) });
  expect(bad.status).toBe(400);
  expect(bad.body.fields.map((f: any) => f.path)).toEqual(['body.settings.templates.2.fields.0.key', 'body.settings.templates.2.fields.1.key']);
  const badId = await call(admins[0], 'PUT', '/api/console/messages', { baseRevision: 0, settings: withExpiry({ templateId: '模板 1' }) });
  expect(badId.body.fields.map((f: any) => f.path)).toEqual(['body.settings.templates.2.templateId']);
  expect((await call(admins[0], 'GET', '/api/console/messages')).body.revision).toBe(0);

  const mapping = withExpiry({ templateId: 'Kx9-expiry_2026', fields: [{ key: 'thing7', source: 'coupon' }, { key: 'date3', source: 'expiresOn' }, { key: 'thing9', source: 'tip' }] });
  const [a, b] = await Promise.all([
    call(admins[0], 'PUT', '/api/console/messages', { baseRevision: 0, settings: mapping }),
    call(admins[1], 'PUT', '/api/console/messages', { baseRevision: 0, settings: withExpiry({ enabled: false }) }),
  ]);
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  expect((a.status === 409 ? a : b).body.code).toBe('SETTINGS_CONFLICT');
  const now = (await call(admins[0], 'GET', '/api/console/messages')).body;
  expect(now.revision).toBe(1);
  if (now.settings.templates[2].templateId !== 'Kx9-expiry_2026') expect((await call(admins[0], 'PUT', '/api/console/messages', { baseRevision: 1, settings: mapping })).status).toBe(200);
  const trail = await call(admins[0], 'GET', '/api/console/object-audit?subject=settings:messages');
  expect(trail.body.items[0]).toMatchObject({ action: 'messages.settings' });
});

test('the coupon expiry reminder goes out on the saved mapping; switched off, nothing is sent and the coupon waits', async () => {
  const current = (await call(admins[0], 'GET', '/api/console/messages')).body;
  const expiry = current.settings.templates.find((t: any) => t.kind === 'coupon_expiry');
  expect(expiry.templateId).toBe('Kx9-expiry_2026');
  const admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  const to = new Date(app.clock.now().getTime() + 2 * 86400_000).toISOString();
  const from = new Date(app.clock.now().getTime() - 86400_000).toISOString();
  const t = await app.call('POST', '/api/admin/coupons/templates', {
    token: admin.accessToken,
    body: { name: '一个很长很长很长很长的到期提醒测试券名称满三百减五十', type: 'full_reduction', amountOffFen: 5000, thresholdFen: 30000, validity: { mode: 'fixed', from, to }, channel: 'claim_center' },
  });
  const s = await app.login();
  const c = (await app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId: t.body.id } })).body;
  await http(app.sim.url, 'POST', '/control/subscribe', { body: { openid: s.openid, templateIds: ['Kx9-expiry_2026'], times: 2 } });

  const off = { templates: current.settings.templates.map((x: any) => (x.kind === 'coupon_expiry' ? { ...x, enabled: false } : x)) };
  expect((await call(admins[0], 'PUT', '/api/console/messages', { baseRevision: current.revision, settings: off })).status).toBe(200);
  expect((await app.call('GET', '/api/messages/templates')).body.items.map((i: any) => i.kind)).toEqual(['booking_confirm', 'booking_reminder']);
  expect(await app.services.coupons.sendExpiryReminders()).toEqual({ sent: 0, notSubscribed: 0 });
  expect(await sent(s.openid)).toEqual([]);

  expect((await call(admins[0], 'PUT', '/api/console/messages', { baseRevision: current.revision + 1, settings: current.settings })).status).toBe(200);
  expect(await app.services.coupons.sendExpiryReminders()).toMatchObject({ sent: 1 });
  const [msg] = await sent(s.openid);
  expect(msg.templateId).toBe('Kx9-expiry_2026');
  expect(msg.page).toContain(c.id);
  expect(Object.keys(msg.data)).toEqual(['thing7', 'date3', 'thing9']);
  expect(Array.from(msg.data.thing7.value)).toHaveLength(20); // thing ≤ 20 characters: cut, never refused
  expect(msg.data.date3.value).toBe(to.slice(0, 10));
});

test('test send: the sample values to the member bound to a phone (sim consent); an unknown phone at the field', async () => {
  const s = await app.login();
  await app.services.members.bindPhone(s.member.id, { purePhoneNumber: '13912345678', countryCode: '86' });
  const r = await call(admins[1], 'POST', '/api/console/messages/test', { kind: 'booking_reminder', phone: '13912345678' });
  expect(r.body).toMatchObject({ sent: true, reason: null, templateId: 'TPL_BOOKING_REMINDER', simulated: true });
  const [msg] = await sent(s.openid);
  expect(msg).toMatchObject({ templateId: 'TPL_BOOKING_REMINDER', page: 'pages-booking/booking-detail/index' });
  expect(msg.data.thing1.value).toBe('上门量尺');
  const unknown = await call(admins[1], 'POST', '/api/console/messages/test', { kind: 'booking_reminder', phone: '13900000001' });
  expect(unknown.status).toBe(404);
  expect(unknown.body).toMatchObject({ code: 'MEMBER_NOT_FOUND', fields: [{ path: 'body.phone' }] });
  expect((await call(admins[1], 'POST', '/api/console/messages/test', { kind: 'booking_reminder', phone: '123' })).body.fields[0].path).toBe('body.phone');
});
