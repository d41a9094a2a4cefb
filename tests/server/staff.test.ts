import { memberModel } from '../../server/src/members/model';
import { startTestApp, type TestApp } from '../support/app';
import { parallel } from '../support/http';

let app: TestApp;
let admin: Awaited<ReturnType<TestApp['login']>>;
let storeId = '';

beforeAll(async () => {
  app = await startTestApp();
  storeId = String((await app.services.stores.upsert({ code: 'S1', name: '徐汇店', city: '上海', address: '漕溪北路 88 号', phone: '021-1', location: { lat: 31.1, lng: 121.4 } }))._id);
  admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
});
afterAll(async () => {
  await app.close();
});

test('admin makes an existing member staff of a store; the staff sees their store', async () => {
  const clerk = await app.login();
  const created = await app.call('POST', '/api/admin/staff', { token: admin.accessToken, body: { memberId: clerk.member.id, storeId } });
  expect(created.status).toBe(201);
  expect(created.body.member.roles).toEqual(['member', 'staff']);
  expect(created.body.store.name).toBe('徐汇店');
  const me = await app.call('GET', '/api/staff/me', { token: clerk.accessToken });
  expect(me.status).toBe(200);
  expect(me.body.store.id).toBe(storeId);
  const list = await app.call('GET', '/api/admin/staff', { token: admin.accessToken });
  expect(list.body.items.map((s: any) => s.member.id)).toContain(clerk.member.id);
  // Audit trail: who, what, when.
  const audit = await app.services.audit.recent(5);
  expect(audit[0]).toMatchObject({ actorId: admin.member.id, action: 'staff.create' });
});

test('granting twice → 409 STAFF_EXISTS; concurrent grants → one wins', async () => {
  const clerk = await app.login();
  const results = await parallel(8, () => app.call('POST', '/api/admin/staff', { token: admin.accessToken, body: { memberId: clerk.member.id, storeId } }));
  expect(results.filter((r) => r.status === 201)).toHaveLength(1);
  expect(results.filter((r) => r.status === 409 && r.body.code === 'STAFF_EXISTS')).toHaveLength(7);
});

test('unknown member or store → 404 with its code, nothing written', async () => {
  const clerk = await app.login();
  const noStore = await app.call('POST', '/api/admin/staff', { token: admin.accessToken, body: { memberId: clerk.member.id, storeId: '0'.repeat(24) } });
  expect(noStore.status).toBe(404);
  expect(noStore.body.code).toBe('STORE_NOT_FOUND');
  const noMember = await app.call('POST', '/api/admin/staff', { token: admin.accessToken, body: { memberId: '0'.repeat(24), storeId } });
  expect(noMember.status).toBe(404);
  expect(noMember.body.code).toBe('MEMBER_NOT_FOUND');
  expect((await memberModel(app.conn).findById(clerk.member.id).lean())!.roles).toEqual(['member']);
});

test('removing staff takes the role away at once', async () => {
  const clerk = await app.login();
  await app.call('POST', '/api/admin/staff', { token: admin.accessToken, body: { memberId: clerk.member.id, storeId } });
  const removed = await app.call('DELETE', `/api/admin/staff/${clerk.member.id}`, { token: admin.accessToken });
  expect(removed.status).toBe(200);
  const me = await app.call('GET', '/api/staff/me', { token: clerk.accessToken });
  expect(me.status).toBe(403);
  const again = await app.call('DELETE', `/api/admin/staff/${clerk.member.id}`, { token: admin.accessToken });
  expect(again.status).toBe(404);
});

test('admin finds members by phone', async () => {
  const s = await app.login();
  await memberModel(app.conn).updateOne({ _id: s.member.id }, { $set: { phone: '13911112222' } });
  const res = await app.call('GET', '/api/admin/members?phone=13911112222', { token: admin.accessToken });
  expect(res.status).toBe(200);
  expect(res.body.items.map((m: any) => m.id)).toEqual([s.member.id]);
  expect(res.body.items[0].phoneMasked).toBe('139****2222');
});
