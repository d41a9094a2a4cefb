/**
 * Console sign-in: one-time tickets (2 minutes, once), confirmation only by an
 * admin or a store manager, httpOnly SameSite=Strict cookie, CSRF on writes,
 * revocation by logout, role removal ending access at once, demo login in sim mode only.
 */
import { startTestApp, type TestApp } from '../support/app';
import { consoleCall, consoleSignIn, jarFrom } from '../support/console';
import { memberModel } from '../../server/src/members/model';
import { DEMO_ADMIN_OPENID } from '../../server/src/seed/demo-data';
import { createConsoleAuthService } from '../../server/src/console/service';

let app: TestApp;
let storeId = '';
const tokens = { admin: '', manager: '', clerk: '' };
const ids = { admin: '', manager: '', clerk: '' };

beforeAll(async () => {
  app = await startTestApp();
  const store = await app.services.stores.upsert({ code: 'C1', name: '控制台店', city: '上海', address: '测试路 1 号', phone: '021-1', location: { lat: 31, lng: 121 } });
  storeId = String(store._id);
  for (const role of ['admin', 'manager', 'clerk'] as const) {
    const s = await app.login(role === 'admin' ? DEMO_ADMIN_OPENID : undefined);
    ids[role] = s.member.id;
    tokens[role] = s.accessToken;
  }
  await app.setRoles(ids.admin, ['member', 'admin']);
  await app.setRoles(ids.manager, ['member', 'staff', 'manager'], storeId);
  await app.setRoles(ids.clerk, ['member', 'staff'], storeId);
});
afterAll(() => app.close());

test('scan flow: ticket → confirmed by the admin → the poll sets an httpOnly SameSite=Strict cookie, once', async () => {
  const t = await app.call('POST', '/api/console/login-tickets');
  expect(t.status).toBe(201);
  expect(t.body.ticketId).toHaveLength(22);
  expect(t.body.qrContent).toContain(`/#/pages-staff/console-login/index?ticket=${t.body.ticketId}`);
  expect(t.body.qrSvg).toMatch(/^<svg/);
  const poll = () => app.call('POST', `/api/console/login-tickets/${t.body.ticketId}/poll`, { body: { pollToken: t.body.pollToken } });
  expect((await poll()).body).toEqual({ state: 'pending', user: null });

  const view = await app.call('GET', `/api/staff/console-login/${t.body.ticketId}`, { token: tokens.admin });
  expect(view.body).toMatchObject({ state: 'pending', allowed: true });
  expect((await app.call('POST', `/api/staff/console-login/${t.body.ticketId}/confirm`, { token: tokens.admin })).status).toBe(200);
  // A second confirmation finds no pending ticket.
  expect((await app.call('POST', `/api/staff/console-login/${t.body.ticketId}/confirm`, { token: tokens.admin })).body.code).toBe('CONSOLE_TICKET_INVALID');

  const first = await poll();
  expect(first.body.state).toBe('used');
  expect(first.body.user).toMatchObject({ id: ids.admin, role: 'admin', storeId: null });
  const cookies = first.headers.getSetCookie();
  const session = cookies.find((c) => c.startsWith('hc_console='))!;
  expect(session).toMatch(/HttpOnly/);
  expect(session).toMatch(/SameSite=Strict/);
  expect(session).toMatch(/Path=\/api\/console/);
  expect(cookies.find((c) => c.startsWith('hc_console_csrf='))).not.toMatch(/HttpOnly/);

  // The ticket worked once: the next poll says used and sets no cookie.
  const again = await poll();
  expect(again.body).toEqual({ state: 'used', user: null });
  expect(again.headers.getSetCookie()).toHaveLength(0);

  const jar = jarFrom(first.headers);
  const me = await consoleCall(app, jar, 'GET', '/api/console/session');
  expect(me.status).toBe(200);
  expect(me.body.user.nickname).toBeTruthy();
  // The session is stored hashed: the cookie value is nowhere in the database.
  const raw = jar.cookie.split('; ').find((p) => p.startsWith('hc_console='))!.split('=')[1];
  expect(await app.conn.collection('console_sessions').countDocuments({ tokenHash: decodeURIComponent(raw) })).toBe(0);
});

test('a wrong poll token learns nothing; an unknown ticket is CONSOLE_TICKET_INVALID', async () => {
  const t = await app.call('POST', '/api/console/login-tickets');
  const wrong = await app.call('POST', `/api/console/login-tickets/${t.body.ticketId}/poll`, { body: { pollToken: 'x'.repeat(32) } });
  expect(wrong.status).toBe(410);
  expect(wrong.body.code).toBe('CONSOLE_TICKET_INVALID');
  const unknown = await app.call('GET', `/api/staff/console-login/${'A'.repeat(22)}`, { token: tokens.admin });
  expect(unknown.body.code).toBe('CONSOLE_TICKET_INVALID');
});

test('tickets expire after 2 minutes', async () => {
  const t = await app.call('POST', '/api/console/login-tickets');
  app.clock.travel(121_000);
  const c = await app.call('POST', `/api/staff/console-login/${t.body.ticketId}/confirm`, { token: tokens.admin });
  expect(c.body.code).toBe('CONSOLE_TICKET_INVALID');
  const p = await app.call('POST', `/api/console/login-tickets/${t.body.ticketId}/poll`, { body: { pollToken: t.body.pollToken } });
  expect(p.body.state).toBe('expired');
});

test('clerks have no console: the confirmation is refused, the ticket stays unused', async () => {
  const t = await app.call('POST', '/api/console/login-tickets');
  const view = await app.call('GET', `/api/staff/console-login/${t.body.ticketId}`, { token: tokens.clerk });
  expect(view.body.allowed).toBe(false);
  const c = await app.call('POST', `/api/staff/console-login/${t.body.ticketId}/confirm`, { token: tokens.clerk });
  expect(c.status).toBe(403);
  expect(c.body.code).toBe('CONSOLE_NOT_ALLOWED');
  const p = await app.call('POST', `/api/console/login-tickets/${t.body.ticketId}/poll`, { body: { pollToken: t.body.pollToken } });
  expect(p.body.state).toBe('pending');
});

test('a store manager signs in scoped to their store; removing the role ends access at once', async () => {
  const jar = await consoleSignIn(app, tokens.manager);
  const me = await consoleCall(app, jar, 'GET', '/api/console/session');
  expect(me.body.user).toMatchObject({ role: 'manager', storeId, storeName: '控制台店', canExport: false });
  await app.setRoles(ids.manager, ['member', 'staff'], storeId);
  const after = await consoleCall(app, jar, 'GET', '/api/console/session');
  expect(after.status).toBe(403);
  expect(after.body.code).toBe('CONSOLE_NOT_ALLOWED');
  await app.setRoles(ids.manager, ['member', 'staff', 'manager'], storeId);
});

test('writes need the CSRF token; logout revokes the session', async () => {
  const jar = await consoleSignIn(app, tokens.admin);
  const noCsrf = await consoleCall(app, jar, 'POST', '/api/console/logout', { csrf: null });
  expect(noCsrf.status).toBe(403);
  expect(noCsrf.body.code).toBe('CONSOLE_CSRF_INVALID');
  const forged = await consoleCall(app, jar, 'POST', '/api/console/logout', { csrf: 'f'.repeat(32) });
  expect(forged.body.code).toBe('CONSOLE_CSRF_INVALID');
  expect((await consoleCall(app, jar, 'GET', '/api/console/session')).status).toBe(200);
  const out = await consoleCall(app, jar, 'POST', '/api/console/logout');
  expect(out.status).toBe(200);
  const gone = await consoleCall(app, jar, 'GET', '/api/console/session');
  expect(gone.status).toBe(401);
  expect(gone.body.code).toBe('AUTH_REQUIRED');
});

test('a mini-program bearer token never opens console routes', async () => {
  const res = await app.call('GET', '/api/console/session', { token: tokens.admin });
  expect(res.status).toBe(401);
  expect(res.body.code).toBe('AUTH_REQUIRED');
});

test('演示管理员登录 signs in the seeded admin in sim mode, with the export flag when set', async () => {
  await memberModel(app.conn).updateOne({ _id: ids.admin }, { $set: { permissions: ['export'] } });
  const res = await app.call('POST', '/api/console/demo-login');
  expect(res.status).toBe(200);
  expect(res.body.user).toMatchObject({ id: ids.admin, role: 'admin', canExport: true });
  expect(res.headers.getSetCookie().some((c) => c.startsWith('hc_console='))).toBe(true);
});

test('live mode refuses the demo login', async () => {
  const svc = app.services;
  const live = createConsoleAuthService({
    conn: app.conn,
    clock: app.clock,
    members: svc.members,
    membersConsole: svc.membersConsole,
    stores: svc.stores,
    wechat: undefined as never, // never reached: the mode check comes first
    audit: svc.audit,
    settings: { mode: 'live', publicUrl: app.url, demoAdminOpenid: DEMO_ADMIN_OPENID },
  });
  await expect(live.demoLogin()).rejects.toMatchObject({ code: 'CONSOLE_DEMO_DISABLED' });
});
