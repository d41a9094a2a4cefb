/**
 * Console II, stores: create and edit stores (field errors, unique code), hours / closed dates / photos,
 * booking services with a capacity that never drops below a future slot's bookings, manager scope,
 * POS keys (secret once, revoke refuses signed calls), image upload checked by magic bytes, served with
 * cache headers, and the per-object audit trail (before → after).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import { startTestApp, type TestApp } from '../support/app';
import { consoleCall, consoleSignIn, type ConsoleJar } from '../support/console';
import { PosClient, type PosApiError } from '../../server/examples/pos-client';

let app: TestApp;
let admin: ConsoleJar;
let manager: ConsoleJar;
let otherStore = '';
const newStore = { code: 'SH-NEW', name: '上海静安店', city: '上海', address: '静安区南京西路 1 号', phone: '021-60000000', location: { lat: 31.23, lng: 121.45 } };
const HOURS = Array.from({ length: 7 }, (_, d) => (d === 1 ? [] : [{ open: '10:00', close: '12:00' }, { open: '13:00', close: '21:00' }]));
const SERVICE = { durationMin: 60, intervalMin: 60, capacity: 3, horizonDays: 14, leadMinutes: 60, cutoffMinutes: 120, depositFen: 5000 };

beforeAll(async () => {
  app = await startTestApp({ env: { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hc-console-stores-')) } });
  otherStore = String((await app.services.stores.upsert({ code: 'OTHER', name: '其他店', city: '杭州', address: '西湖区 1 号', phone: '0571', location: { lat: 30, lng: 120 } }))._id);
  const a = await app.login();
  await app.setRoles(a.member.id, ['member', 'admin']);
  admin = await consoleSignIn(app, a.accessToken);
  const m = await app.login();
  await app.setRoles(m.member.id, ['member', 'staff', 'manager'], otherStore);
  manager = await consoleSignIn(app, m.accessToken);
});
afterAll(() => app.close());

const call = (jar: ConsoleJar, method: string, p: string, body?: unknown) => consoleCall(app, jar, method, p, { body });

test('create a store: field errors at the field, a taken code is STORE_CODE_TAKEN on body.code, then it is listed', async () => {
  const bad = await call(admin, 'POST', '/api/console/stores', { ...newStore, phone: 'x', location: { lat: 100, lng: 121 } });
  expect(bad.status).toBe(400);
  expect(bad.body.fields.map((f: any) => f.path)).toEqual(expect.arrayContaining(['body.phone', 'body.location.lat']));
  expect(bad.body.fields.find((f: any) => f.path === 'body.location.lat').message).toContain('纬度');
  const created = await call(admin, 'POST', '/api/console/stores', newStore);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ store: { code: 'SH-NEW', name: '上海静安店' }, active: true, allServices: [] });
  const again = await call(admin, 'POST', '/api/console/stores', newStore);
  expect(again.status).toBe(409);
  expect(again.body).toMatchObject({ code: 'STORE_CODE_TAKEN', fields: [{ path: 'body.code' }] });
  const list = await call(admin, 'GET', '/api/console/stores');
  expect(list.body.items.map((s: any) => s.code)).toEqual(expect.arrayContaining(['SH-NEW', 'OTHER']));
  // A store manager sees only their store and cannot create one.
  expect((await call(manager, 'GET', '/api/console/stores')).body.items.map((s: any) => s.code)).toEqual(['OTHER']);
  expect((await call(manager, 'POST', '/api/console/stores', { ...newStore, code: 'M1' })).body.code).toBe('CONSOLE_ADMIN_ONLY');
});

test('hours, closed dates and a service; the store shows in the public list and its slots follow the hours', async () => {
  const id = (await call(admin, 'GET', '/api/console/stores')).body.items.find((s: any) => s.code === 'SH-NEW').id;
  const p = await call(admin, 'PUT', `/api/console/stores/${id}/profile`, { hours: HOURS, closedDates: ['2026-12-25'], photos: [] });
  expect(p.status).toBe(200);
  expect(p.body.hours[1]).toEqual([]);
  const s = await call(admin, 'PUT', `/api/console/stores/${id}/services/visit`, SERVICE);
  expect(s.status).toBe(200);
  expect(s.body).toMatchObject({ kind: 'visit', capacity: 3, depositFen: 5000 });
  const pub = await app.call('GET', `/api/stores/${id}`);
  expect(pub.body.services.map((x: any) => x.kind)).toEqual(['visit']);
  // Edit name and phone; the audit trail shows before → after.
  const u = await call(admin, 'PUT', `/api/console/stores/${id}`, { ...newStore, code: undefined, name: '上海静安旗舰店', active: true });
  expect(u.body.store.name).toBe('上海静安旗舰店');
  const trail = await call(admin, 'GET', `/api/console/object-audit?subject=store:${id}`);
  expect(trail.body.items.map((r: any) => r.action)).toEqual(['store.update', 'booking.service', 'store.profile', 'store.create']);
  expect(trail.body.items[0]).toMatchObject({ before: { name: '上海静安店' }, after: { name: '上海静安旗舰店' } });
  // A manager may not edit another store, nor read its trail.
  expect((await call(manager, 'PUT', `/api/console/stores/${id}/services/visit`, SERVICE)).body.code).toBe('STORE_SCOPE');
  expect((await call(manager, 'GET', `/api/console/object-audit?subject=store:${id}`)).body.code).toBe('STORE_SCOPE');
});

test('two editors on one revision: one save wins, the other gets STORE_CONFLICT and nothing of it is written', async () => {
  const id = (await call(admin, 'GET', '/api/console/stores')).body.items.find((s: any) => s.code === 'SH-NEW').id;
  const loaded = (await call(admin, 'GET', `/api/console/stores/${id}`)).body;
  const b = await app.login();
  await app.setRoles(b.member.id, ['member', 'admin']);
  const other = await consoleSignIn(app, b.accessToken);
  const basic = { ...newStore, code: undefined, active: true, baseRevision: loaded.revision };
  const [x, y] = await Promise.all([
    call(admin, 'PUT', `/api/console/stores/${id}`, { ...basic, phone: '021-61111111' }),
    call(other, 'PUT', `/api/console/stores/${id}/profile`, { hours: HOURS, closedDates: ['2027-01-01'], photos: [], baseRevision: loaded.revision }),
  ]);
  expect([x.status, y.status].sort()).toEqual([200, 409]);
  const lost = x.status === 409 ? x : y;
  expect(lost.body.code).toBe('STORE_CONFLICT');
  const now = (await call(admin, 'GET', `/api/console/stores/${id}`)).body;
  expect(now.revision).toBe(loaded.revision + 1);
  if (x.status === 409) expect(now.store.phone).toBe(loaded.store.phone);
  else expect(now.closedDates).toEqual(loaded.closedDates);
  // On the new revision the loser's save goes through.
  const retry = x.status === 409 ? call(admin, 'PUT', `/api/console/stores/${id}`, { ...basic, phone: '021-61111111', baseRevision: now.revision }) : call(other, 'PUT', `/api/console/stores/${id}/profile`, { hours: HOURS, closedDates: ['2027-01-01'], photos: [], baseRevision: now.revision });
  expect((await retry).status).toBe(200);
  expect((await call(admin, 'GET', `/api/console/stores/${id}`)).body.revision).toBe(loaded.revision + 2);
});

test('lowering the capacity below a future slot with bookings is refused at the field; down to it is fine', async () => {
  const id = (await call(admin, 'GET', '/api/console/stores')).body.items.find((s: any) => s.code === 'SH-NEW').id;
  const service = (await call(admin, 'GET', `/api/console/stores/${id}`)).body.allServices[0];
  const start = new Date(app.clock.now().getTime() + 3 * 86400_000);
  const slotId = `${service.id}@${start.toISOString()}`;
  await app.conn.collection('booking_seats').insertMany(
    [0, 1].map((n) => ({ _id: `${slotId}#${n}` as never, slotId, serviceId: new Types.ObjectId(service.id), start, bookingId: new Types.ObjectId(), createdAt: app.clock.now() })),
  );
  const refused = await call(admin, 'PUT', `/api/console/stores/${id}/services/visit`, { ...SERVICE, capacity: 1 });
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ code: 'BOOKING_CAPACITY_IN_USE', fields: [{ path: 'body.capacity' }] });
  expect(refused.body.fields[0].message).toContain('已有 2 个预约');
  expect((await call(admin, 'GET', `/api/console/stores/${id}`)).body.allServices[0].capacity).toBe(3); // unchanged
  expect((await call(admin, 'PUT', `/api/console/stores/${id}/services/visit`, { ...SERVICE, capacity: 2 })).body.capacity).toBe(2);
});

test('POS keys: the secret is shown once, the list has none; after revoking, a signed call is refused', async () => {
  const created = await call(admin, 'POST', `/api/console/stores/${otherStore}/pos-keys`, { label: '收银 1 号' });
  expect(created.status).toBe(201);
  expect(created.body.secret).toMatch(/^sk_/);
  const list = await call(admin, 'GET', `/api/console/stores/${otherStore}/pos-keys`);
  expect(list.body.items).toHaveLength(1);
  expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
  const client = new PosClient({ base: app.url, keyId: created.body.keyId, secret: created.body.secret });
  const resolve = () => client.resolveMemberCode('000000000000000000').catch((e: PosApiError) => e);
  const before = (await resolve()) as PosApiError;
  expect(before.code).toMatch(/^MEMBER_CODE_/); // signed correctly: the code itself is what is wrong
  expect((await call(manager, 'POST', `/api/console/stores/${otherStore}/pos-keys/${created.body.keyId}/revoke`)).body.code).toBe('CONSOLE_ADMIN_ONLY');
  const revoked = await call(admin, 'POST', `/api/console/stores/${otherStore}/pos-keys/${created.body.keyId}/revoke`);
  expect(revoked.body.revokedAt).toBeTruthy();
  const after = (await resolve()) as PosApiError;
  expect(after.status).toBe(401);
  expect(after.code).toBe('POS_AUTH_INVALID');
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e2dd6b3a0000000049454e44ae426082', 'hex');
const upload = (bytes: Buffer, type: string, jar: ConsoleJar = admin) =>
  fetch(`${app.url}/api/console/images`, { method: 'POST', headers: { cookie: jar.cookie, 'x-csrf-token': jar.csrf, 'content-type': type }, body: new Uint8Array(bytes) });

test('images: png accepted by its magic bytes and served with cache headers; wrong type, fake bytes, > 2 MB refused', async () => {
  const ok = await upload(PNG, 'image/png');
  expect(ok.status).toBe(201);
  const body = await ok.json();
  expect(body).toMatchObject({ type: 'image/png', bytes: PNG.length });
  expect(body.url).toMatch(/\/media\/images\/[0-9a-f]{64}\.png$/);
  const served = await fetch(`${app.url}/media/images/${body.key}`);
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('image/png');
  expect(served.headers.get('cache-control')).toContain('immutable');
  expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  expect((await fetch(`${app.url}/media/images/${body.key}`, { headers: { 'if-none-match': served.headers.get('etag')! } })).status).toBe(304);
  expect((await fetch(`${app.url}/media/images/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  // The same bytes again: the same key.
  expect((await (await upload(PNG, 'image/png')).json()).key).toBe(body.key);
  expect((await (await upload(PNG, 'image/jpeg')).json()).code).toBe('IMAGE_TYPE_INVALID');
  expect((await (await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png')).json()).code).toBe('IMAGE_TYPE_INVALID');
  const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
  const tooBig = await upload(big, 'image/png');
  expect(tooBig.status).toBe(413);
  expect((await tooBig.json()).code).toBe('IMAGE_TOO_LARGE');
  // Without the CSRF token the upload is refused (a console write like any other).
  const noCsrf = await fetch(`${app.url}/api/console/images`, { method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'image/png' }, body: new Uint8Array(PNG) });
  expect((await noCsrf.json()).code).toBe('CONSOLE_CSRF_INVALID');
});
