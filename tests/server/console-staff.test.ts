/**
 * Console, staff and roles (员工与权限): add by phone, promote, demote, remove — effective on the next request for
 * both the console session and the mini-program staff routes; store managers manage only their own store's clerks;
 * only admins appoint admins; the last admin cannot remove themself, and two admins removing each other at once
 * leave one; field errors at the field; every change audited before → after.
 */
import { startTestApp, type TestApp } from '../support/app';
import { consoleCall, consoleSignIn, type ConsoleJar } from '../support/console';
import { memberModel } from '../../server/src/members/model';

let app: TestApp;
let admin: ConsoleJar;
let adminId = '';
let storeA = '';
let storeB = '';
let phoneSeq = 13900000000;

const call = (jar: ConsoleJar, method: string, p: string, body?: unknown) => consoleCall(app, jar, method, p, { body });

/** A shopper who registered and bound a phone (staff are added by phone). */
async function shopper() {
  const s = await app.login();
  const phone = String(phoneSeq++);
  await memberModel(app.conn).updateOne({ _id: s.member.id }, { $set: { phone } });
  return { ...s, phone, id: s.member.id as string };
}

beforeAll(async () => {
  app = await startTestApp();
  const mk = async (code: string) => String((await app.services.stores.upsert({ code, name: `${code}店`, city: '上海', address: '徐汇区 1 号', phone: '021', location: { lat: 31, lng: 121 } }))._id);
  [storeA, storeB] = [await mk('SA'), await mk('SB')];
  const a = await shopper();
  adminId = a.id;
  await app.setRoles(a.id, ['member', 'admin']);
  admin = await consoleSignIn(app, a.accessToken);
});
afterAll(() => app.close());

test('a clerk added by phone gets the staff routes at once; removed, the next request is refused', async () => {
  const c = await shopper();
  expect((await app.call('GET', '/api/staff/me', { token: c.accessToken })).status).toBe(403);
  const added = await call(admin, 'POST', '/api/console/staff', { phone: c.phone, role: 'clerk', storeId: storeA });
  expect(added.status).toBe(201);
  expect(added.body).toMatchObject({ memberId: c.id, role: 'clerk', storeId: storeA, storeName: 'SA店', phoneMasked: expect.stringContaining('****') });
  const me = await app.call('GET', '/api/staff/me', { token: c.accessToken });
  expect(me.status).toBe(200);
  expect(me.body.store.id).toBe(storeA);
  const list = await call(admin, 'GET', `/api/console/staff?storeId=${storeA}`);
  expect(list.body.items.map((r: any) => r.memberId)).toContain(c.id);
  expect((await call(admin, 'DELETE', `/api/console/staff/${c.id}`)).status).toBe(200);
  const after = await app.call('GET', '/api/staff/me', { token: c.accessToken });
  expect(after.body.code).toBe('ROLE_REQUIRED');
  // Audited before → after, visible in the member's trail.
  const trail = await call(admin, 'GET', `/api/console/object-audit?subject=member:${c.id}`);
  expect(trail.body.items.map((r: any) => [r.action, r.before?.role ?? null, r.after?.role ?? null])).toEqual([
    ['staff.remove', 'clerk', null],
    ['staff.role', null, 'clerk'],
  ]);
});

test('a manager signed in to the console loses it on the next request when demoted to clerk', async () => {
  const m = await shopper();
  expect((await call(admin, 'POST', '/api/console/staff', { phone: m.phone, role: 'manager', storeId: storeB })).status).toBe(201);
  const jar = await consoleSignIn(app, m.accessToken);
  expect((await call(jar, 'GET', '/api/console/staff')).status).toBe(200);
  const demoted = await call(admin, 'PUT', `/api/console/staff/${m.id}`, { role: 'clerk', storeId: storeB });
  expect(demoted.body).toMatchObject({ role: 'clerk', storeId: storeB });
  const refused = await call(jar, 'GET', '/api/console/staff');
  expect(refused.body.code).toBe('CONSOLE_NOT_ALLOWED');
  // Still a clerk of the store in the mini-program.
  expect((await app.call('GET', '/api/staff/me', { token: m.accessToken })).status).toBe(200);
});

test('a store manager sees and manages only their own store’s clerks; only admins appoint managers and admins', async () => {
  const m = await shopper();
  await call(admin, 'POST', '/api/console/staff', { phone: m.phone, role: 'manager', storeId: storeA });
  const mgr = await consoleSignIn(app, m.accessToken);
  const [x, y, z] = [await shopper(), await shopper(), await shopper()];
  await call(admin, 'POST', '/api/console/staff', { phone: y.phone, role: 'clerk', storeId: storeB });
  expect((await call(mgr, 'POST', '/api/console/staff', { phone: x.phone, role: 'clerk', storeId: storeA })).status).toBe(201);
  for (const body of [{ phone: z.phone, role: 'clerk', storeId: storeB }, { phone: z.phone, role: 'manager', storeId: storeA }, { phone: z.phone, role: 'admin' }]) {
    expect((await call(mgr, 'POST', '/api/console/staff', body)).body.code).toBe('STAFF_ROLE_DENIED');
  }
  expect((await call(mgr, 'PUT', `/api/console/staff/${x.id}`, { role: 'manager', storeId: storeA })).body.code).toBe('STAFF_ROLE_DENIED');
  expect((await call(mgr, 'DELETE', `/api/console/staff/${y.id}`)).body.code).toBe('STAFF_ROLE_DENIED');
  expect((await call(mgr, 'DELETE', `/api/console/staff/${adminId}`)).body.code).toBe('STAFF_ROLE_DENIED');
  expect((await call(mgr, 'GET', `/api/console/staff?storeId=${storeB}`)).body.code).toBe('STORE_SCOPE');
  const mine = await call(mgr, 'GET', '/api/console/staff');
  expect(mine.body.items.every((r: any) => r.storeId === storeA)).toBe(true);
  expect(mine.body.items.map((r: any) => r.memberId)).toEqual(expect.arrayContaining([m.id, x.id]));
  expect((await call(mgr, 'DELETE', `/api/console/staff/${x.id}`)).status).toBe(200);
  // Nothing of the refused attempts was written.
  expect((await memberModel(app.conn).findById(z.id).lean())!.roles).toEqual(['member']);
});

test('field errors at the field; an unknown phone or an existing staff member is refused on body.phone', async () => {
  const bad = await call(admin, 'POST', '/api/console/staff', { phone: '123', role: 'clerk' });
  expect(bad.status).toBe(400);
  expect(bad.body.fields.map((f: any) => f.path)).toEqual(expect.arrayContaining(['body.phone', 'body.storeId']));
  const unknown = await call(admin, 'POST', '/api/console/staff', { phone: '13012345678', role: 'clerk', storeId: storeA });
  expect(unknown.body).toMatchObject({ code: 'STAFF_PHONE_UNKNOWN', fields: [{ path: 'body.phone' }] });
  const c = await shopper();
  await call(admin, 'POST', '/api/console/staff', { phone: c.phone, role: 'clerk', storeId: storeA });
  const again = await call(admin, 'POST', '/api/console/staff', { phone: c.phone, role: 'clerk', storeId: storeA });
  expect(again.body).toMatchObject({ code: 'STAFF_EXISTS', fields: [{ path: 'body.phone' }] });
  const noStore = await call(admin, 'POST', '/api/console/staff', { phone: (await shopper()).phone, role: 'clerk', storeId: '0123456789abcdef01234567' });
  expect(noStore.body).toMatchObject({ code: 'STORE_NOT_FOUND', fields: [{ path: 'body.storeId' }] });
});

test('the last admin cannot remove themself; two admins removing each other at once leave exactly one', async () => {
  const Member = memberModel(app.conn);
  const others = await Member.find({ roles: 'admin', _id: { $ne: adminId } }).lean();
  expect(others).toHaveLength(0);
  expect((await call(admin, 'DELETE', `/api/console/staff/${adminId}`)).body.code).toBe('STAFF_LAST_ADMIN');
  expect((await call(admin, 'PUT', `/api/console/staff/${adminId}`, { role: 'manager', storeId: storeA })).body.code).toBe('STAFF_LAST_ADMIN');
  const b = await shopper();
  expect((await call(admin, 'POST', '/api/console/staff', { phone: b.phone, role: 'admin' })).body.role).toBe('admin');
  const second = await consoleSignIn(app, b.accessToken);
  const [r1, r2] = await Promise.all([call(admin, 'DELETE', `/api/console/staff/${b.id}`), call(second, 'DELETE', `/api/console/staff/${adminId}`)]);
  expect([r1.status, r2.status].sort()).toEqual([200, 403].sort());
  expect(await Member.countDocuments({ roles: 'admin' })).toBe(1);
  // Whoever was removed lost the console at once; restore the first admin for the other tests.
  const survivor = r1.status === 200 ? admin : second;
  const gone = r1.status === 200 ? second : admin;
  expect((await call(gone, 'GET', '/api/console/staff')).body.code).toBe('CONSOLE_NOT_ALLOWED');
  if (survivor !== admin) await app.setRoles(adminId, ['member', 'admin']);
});
