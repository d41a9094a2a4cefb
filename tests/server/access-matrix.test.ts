/**
 * Role checks for every route in the contract, generated from shared/api.ts so
 * a new route cannot skip them: anonymous / member / staff / admin; console
 * routes only with a console session, and store-manager rows (own store only).
 */
import { api, type RouteContract } from '@homeclub/shared';
import { Types } from 'mongoose';
import { assertOwns, assertStoreScope, consoleStoreScope, requireAccess } from '../../server/src/platform/auth/guard';
import { memberModel } from '../../server/src/members/model';
import { consoleCall, consoleSignIn, insertBooking, insertOrder, type ConsoleJar } from '../support/console';
import { AppError } from '../../server/src/platform/errors';
import type { Identity } from '../../server/src/platform/http/context';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
const tokens: Record<'member' | 'staff' | 'admin', string> = { member: '', staff: '', admin: '' };
let storeId = '';

beforeAll(async () => {
  app = await startTestApp();
  const store = await app.services.stores.upsert({ code: 'T1', name: '测试店', city: '上海', address: '测试路 1 号', phone: '021-1', location: { lat: 31, lng: 121 } });
  storeId = String(store._id);
  for (const role of ['member', 'staff', 'admin'] as const) {
    const s = await app.login();
    if (role === 'staff') await app.setRoles(s.member.id, ['member', 'staff'], storeId);
    if (role === 'admin') await app.setRoles(s.member.id, ['member', 'admin']);
    tokens[role] = s.accessToken;
  }
});
afterAll(async () => {
  await app.close();
});

const rank = { public: 0, member: 1, staff: 2, admin: 3, console: 4 } as const;
const routes = (Object.entries(api) as [string, RouteContract][]).filter(([, c]) => c.access !== 'public');

function concretePath(c: RouteContract): string {
  return c.path.replace(/:[A-Za-z]+/g, new Types.ObjectId().toHexString());
}

describe.each(routes)('%s', (_name, c) => {
  test('anonymous → 401 AUTH_REQUIRED', async () => {
    const res = await app.call(c.method, concretePath(c), c.body ? { body: {} } : {});
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH_REQUIRED');
  });

  test.each(['member', 'staff', 'admin'] as const)('as %s', async (role) => {
    const res = await app.call(c.method, concretePath(c), { token: tokens[role], ...(c.body ? { body: {} } : {}) });
    if (c.access === 'console') {
      // Console routes open only with the console's cookie session, never with a mini-program token.
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH_REQUIRED');
      return;
    }
    const allowed = role === c.access || role === 'admin' ? true : rank[role] >= rank[c.access] && c.access === 'member';
    if (allowed) {
      // Past the role check (a store-scoped route may still say STORE_SCOPE to an admin without a store,
      // a guide route GUIDE_NOT_GUIDE to staff without the guide role).
      expect(res.status).not.toBe(401);
      expect(res.body?.code).not.toBe('ROLE_REQUIRED');
      if (res.status === 403) expect(['STORE_SCOPE', 'GUIDE_NOT_GUIDE']).toContain(res.body.code);
    } else {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ROLE_REQUIRED');
    }
  });
});

test('admin-only routes are not open to staff (the matrix covers at least one)', () => {
  expect(routes.some(([, c]) => c.access === 'admin')).toBe(true);
  expect(routes.some(([, c]) => c.access === 'staff')).toBe(true);
});

describe('guard functions', () => {
  const member: Identity = { memberId: 'a'.repeat(24), sessionId: 's', roles: ['member'], staffStoreId: null };
  const staff: Identity = { memberId: 'b'.repeat(24), sessionId: 's', roles: ['member', 'staff'], staffStoreId: 'store1' };
  const admin: Identity = { memberId: 'c'.repeat(24), sessionId: 's', roles: ['member', 'admin'], staffStoreId: null };
  const code = (fn: () => unknown) => {
    try {
      fn();
      return 'ok';
    } catch (e) {
      return (e as AppError).code;
    }
  };

  test('ownership: member A never passes for member B; not-owned looks like not-found', () => {
    expect(code(() => assertOwns(member, member.memberId))).toBe('ok');
    expect(code(() => assertOwns(member, staff.memberId))).toBe('NOT_FOUND');
    expect(code(() => assertOwns(admin, member.memberId))).toBe('NOT_FOUND');
    expect(code(() => assertOwns(admin, member.memberId, { adminMay: true }))).toBe('ok');
  });

  test('store scope: staff only for their own store, admin for any', () => {
    expect(code(() => assertStoreScope(staff, 'store1'))).toBe('ok');
    expect(code(() => assertStoreScope(staff, 'store2'))).toBe('STORE_SCOPE');
    expect(code(() => assertStoreScope(member, 'store1'))).toBe('STORE_SCOPE');
    expect(code(() => assertStoreScope(admin, 'store2'))).toBe('ok');
  });

  test('access levels', () => {
    expect(code(() => requireAccess(undefined, 'public'))).toBe('ok');
    expect(code(() => requireAccess(undefined, 'member'))).toBe('AUTH_REQUIRED');
    expect(code(() => requireAccess(member, 'staff'))).toBe('ROLE_REQUIRED');
    expect(code(() => requireAccess(staff, 'admin'))).toBe('ROLE_REQUIRED');
    expect(code(() => requireAccess(admin, 'admin'))).toBe('ok');
    expect(code(() => requireAccess(staff, 'staff'))).toBe('ok');
    expect(code(() => requireAccess(admin, 'staff'))).toBe('ok');
  });
});

test('a removed role stops working at once (roles are read per request)', async () => {
  const s = await app.login();
  await app.setRoles(s.member.id, ['member', 'staff'], storeId);
  expect((await app.call('GET', '/api/staff/me', { token: s.accessToken })).status).toBe(200);
  await app.setRoles(s.member.id, ['member'], null);
  const res = await app.call('GET', '/api/staff/me', { token: s.accessToken });
  expect(res.status).toBe(403);
});

describe('store manager rows (console): a manager of store A is refused store B', () => {
  let jar: ConsoleJar;
  let clerkToken = '';
  const b = { store: '', member: '', order: '', booking: '' };
  beforeAll(async () => {
    const storeB = await app.services.stores.upsert({ code: 'T2', name: '测试店B', city: '上海', address: '测试路 2 号', phone: '021-2', location: { lat: 31, lng: 121 } });
    b.store = String(storeB._id);
    const manager = await app.login();
    await app.setRoles(manager.member.id, ['member', 'staff', 'manager'], storeId);
    jar = await consoleSignIn(app, manager.accessToken);
    const clerk = await app.login();
    await app.setRoles(clerk.member.id, ['member', 'staff'], storeId);
    clerkToken = clerk.accessToken;
    const shopper = await app.login();
    b.member = shopper.member.id;
    await memberModel(app.conn).updateOne({ _id: b.member }, { $set: { preferredStoreId: storeB._id } });
    b.order = await insertOrder(app, { memberId: b.member, storeId: b.store, billFen: 9900 });
    b.booking = await insertBooking(app, { memberId: b.member, storeId: b.store, start: new Date('2026-05-01T02:00:00Z') });
  });

  test.each([
    ['member detail', () => `/api/console/members/${b.member}`],
    ['member ledger', () => `/api/console/members/${b.member}/points`],
    ['orders of store B', () => `/api/console/orders?storeId=${b.store}`],
    ['bookings of store B', () => `/api/console/bookings?storeId=${b.store}&date=2026-05-01`],
    ['member list of store B', () => `/api/console/members?storeId=${b.store}`],
    ['orders export of store B', () => `/api/console/exports/orders?storeId=${b.store}`],
  ])('%s → 403 STORE_SCOPE', async (_label, path) => {
    const res = await consoleCall(app, jar, 'GET', path());
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('STORE_SCOPE');
  });

  test("store B's order and booking never appear in the manager's own lists", async () => {
    const orders = await consoleCall(app, jar, 'GET', '/api/console/orders?limit=100');
    expect(orders.body.items.map((o: any) => o.id)).not.toContain(b.order);
    const bookings = await consoleCall(app, jar, 'GET', '/api/console/bookings?date=2026-05-01');
    expect(bookings.body.items.map((x: any) => x.id)).not.toContain(b.booking);
    const members = await consoleCall(app, jar, 'GET', '/api/console/members?limit=100');
    expect(members.body.items.map((m: any) => m.id)).not.toContain(b.member);
  });

  test('chain-wide pages are refused to a manager; clerks cannot confirm a console login', async () => {
    expect((await consoleCall(app, jar, 'GET', '/api/console/audit')).body.code).toBe('CONSOLE_ADMIN_ONLY');
    expect((await consoleCall(app, jar, 'GET', '/api/console/payments/anomalies')).body.code).toBe('CONSOLE_ADMIN_ONLY');
    const t = await app.call('POST', '/api/console/login-tickets');
    const c = await app.call('POST', `/api/staff/console-login/${t.body.ticketId}/confirm`, { token: clerkToken });
    expect(c.body.code).toBe('CONSOLE_NOT_ALLOWED');
  });

  test('guard: consoleStoreScope', () => {
    const manager: Identity = { memberId: 'd'.repeat(24), sessionId: 's', roles: ['member', 'staff', 'manager'], staffStoreId: 'store1', channel: 'console' };
    const admin: Identity = { memberId: 'e'.repeat(24), sessionId: 's', roles: ['member', 'admin'], staffStoreId: null, channel: 'console' };
    expect(consoleStoreScope(manager)).toBe('store1');
    expect(consoleStoreScope(manager, 'store1')).toBe('store1');
    expect(() => consoleStoreScope(manager, 'store2')).toThrow(expect.objectContaining({ code: 'STORE_SCOPE' }));
    expect(consoleStoreScope(admin)).toBeNull();
    expect(consoleStoreScope(admin, 'store2')).toBe('store2');
    expect(() => requireAccess({ ...manager, channel: undefined }, 'console')).toThrow(expect.objectContaining({ code: 'AUTH_REQUIRED' }));
    expect(() => requireAccess({ ...manager, roles: ['member', 'staff'] }, 'console')).toThrow(expect.objectContaining({ code: 'CONSOLE_NOT_ALLOWED' }));
  });
});

describe('guide rows: guide A vs guide B of the same store, a guide of another store, a store manager', () => {
  let adminJar: ConsoleJar;
  let managerJar: ConsoleJar;
  const g: Record<'a' | 'b' | 'other', { token: string; id: string }> = { a: { token: '', id: '' }, b: { token: '', id: '' }, other: { token: '', id: '' } };
  let customer = '';
  let otherGuideId = '';
  beforeAll(async () => {
    const admin = await app.login();
    await app.setRoles(admin.member.id, ['member', 'admin']);
    adminJar = await consoleSignIn(app, admin.accessToken);
    const storeC = String((await app.services.stores.upsert({ code: 'T3', name: '测试店C', city: '杭州', address: '测试路 3 号', phone: '021-3', location: { lat: 30, lng: 120 } }))._id);
    for (const [k, store] of [['a', storeId], ['b', storeId], ['other', storeC]] as const) {
      const s = await app.login();
      await app.setRoles(s.member.id, ['member', 'staff'], store);
      expect((await consoleCall(app, adminJar, 'POST', '/api/console/guides', { body: { memberId: s.member.id } })).status).toBe(201);
      g[k] = { token: (await app.login(s.openid)).accessToken, id: s.member.id };
    }
    otherGuideId = g.other.id;
    const shopper = await app.login();
    customer = shopper.member.id;
    await memberModel(app.conn).updateOne({ _id: customer }, { $set: { phone: '13912345678', birthday: `1990-${new Date(app.clock.now().getTime() + 8 * 3600_000).toISOString().slice(5, 7)}-15` } });
    const code = (await app.call('GET', '/api/staff/guide/me', { token: g.a.token })).body.code;
    expect((await app.call('POST', '/api/guides/bind', { token: shopper.accessToken, body: { code } })).body.bound).toBe(true);
    const manager = await app.login();
    await app.setRoles(manager.member.id, ['member', 'staff', 'manager'], storeId);
    managerJar = await consoleSignIn(app, manager.accessToken);
  });

  test('guide A sees their customer with a masked phone; the lookup is audited', async () => {
    const list = await app.call('GET', '/api/staff/guide/customers', { token: g.a.token });
    expect(list.body.items.map((x: any) => [x.memberId, x.phoneMasked])).toEqual([[customer, '139****5678']]);
    const one = await app.call('GET', `/api/staff/guide/customers/${customer}`, { token: g.a.token });
    expect(one.status).toBe(200);
    expect(JSON.stringify(one.body)).not.toContain('13912345678');
    expect(await app.conn.collection('audit_log').countDocuments({ actorId: g.a.id, action: 'guide.customer.view', 'detail.memberId': customer })).toBe(1);
  });

  test.each(['b', 'other'] as const)('guide %s: not in their list, the customer page, notes and tasks say not yours', async (who) => {
    expect((await app.call('GET', '/api/staff/guide/customers', { token: g[who].token })).body.items).toEqual([]);
    const page = await app.call('GET', `/api/staff/guide/customers/${customer}`, { token: g[who].token });
    expect([page.status, page.body.code]).toEqual([404, 'GUIDE_CUSTOMER_NOT_YOURS']);
    const note = await app.call('POST', `/api/staff/guide/customers/${customer}/notes`, { token: g[who].token, body: { text: '想看沙发' } });
    expect(note.body.code).toBe('GUIDE_CUSTOMER_NOT_YOURS');
    await app.services.guides.workspace.generate();
    const task = (await app.call('GET', '/api/staff/guide/tasks', { token: g.a.token })).body.items.find((t: any) => t.memberId === customer);
    expect(task).toMatchObject({ rule: 'birthday' }); // birthday this month
    expect((await app.call('POST', `/api/staff/guide/tasks/${task.id}/done`, { token: g[who].token })).body.code).toBe('GUIDE_TASK_NOT_FOUND');
    expect((await app.call('GET', '/api/staff/guide/tasks', { token: g[who].token })).body.items).toEqual([]);
  });

  test('a store manager: guides of another store → STORE_SCOPE; settings and transfers are admin-only', async () => {
    expect((await consoleCall(app, managerJar, 'GET', `/api/console/guides/${otherGuideId}/customers`)).body.code).toBe('STORE_SCOPE');
    expect((await consoleCall(app, managerJar, 'POST', `/api/console/guides/${otherGuideId}/leave`)).body.code).toBe('STORE_SCOPE');
    const list = (await consoleCall(app, managerJar, 'GET', '/api/console/guides')).body.items.map((x: any) => x.memberId);
    expect(list.sort()).toEqual([g.a.id, g.b.id].sort());
    expect((await consoleCall(app, managerJar, 'PUT', '/api/console/guide-settings', { body: { mode: 'protected', protectDays: 5 } })).body.code).toBe('CONSOLE_ADMIN_ONLY');
    expect((await consoleCall(app, managerJar, 'POST', '/api/console/guide-transfers', { body: { fromGuideId: g.a.id, toGuideId: g.b.id } })).body.code).toBe('CONSOLE_ADMIN_ONLY');
    expect((await consoleCall(app, managerJar, 'GET', '/api/console/guide-transfers')).body.code).toBe('CONSOLE_ADMIN_ONLY');
  });
});
