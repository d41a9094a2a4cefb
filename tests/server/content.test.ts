/** Home-page content API: draft with revisions, guarded and idempotent publish, versions, the filtered GET /api/home. */
import { memberModel } from '../../server/src/members/model';
import { startTestApp, type TestApp } from '../support/app';
import { parallel } from '../support/http';

let app: TestApp;
let admin: Awaited<ReturnType<TestApp['login']>>;
let storeA = '';
let storeB = '';

const banner = (id: string, extra: Record<string, unknown> = {}) => ({ id, title: `横幅 ${id}`, image: `/static/${id}.png`, ...extra });

beforeAll(async () => {
  app = await startTestApp();
  const store = (code: string) => app.services.stores.upsert({ code, name: code, city: '上海', address: '路', phone: '021-1', location: { lat: 31.1, lng: 121.4 } });
  storeA = String((await store('CA'))._id);
  storeB = String((await store('CB'))._id);
  admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
});
afterAll(async () => {
  await app.close();
});

const save = (baseRevision: number, config: unknown) => app.call('PUT', '/api/admin/content/home/draft', { token: admin.accessToken, body: { baseRevision, config } });
const publish = (revision: number) => app.call('POST', '/api/admin/content/home/publish', { token: admin.accessToken, body: { revision } });

test('before anything is published the home shows the six default shortcuts, version 0', async () => {
  const res = await app.call('GET', '/api/home');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ version: 0, banners: [], notice: null });
  expect(res.body.shortcuts.map((s: any) => s.label)).toEqual(['领券', '到店预约', '上门量尺', '会员码', '优惠买单', '邀请有礼']);
  const publishNothing = await publish(1);
  expect(publishNothing.status).toBe(409);
  expect(publishNothing.body.code).toBe('CONTENT_NOTHING_TO_PUBLISH');
});

test('draft saves bump the revision; a save on a stale revision is a conflict (concurrent saves: one wins)', async () => {
  const first = await save(0, { banners: [banner('one')] });
  expect(first.status).toBe(200);
  expect(first.body.revision).toBe(1);
  const results = await parallel(6, (i) => save(1, { banners: [banner(`race-${i}`)] }));
  expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  expect(results.filter((r) => r.status === 409 && r.body.code === 'CONTENT_DRAFT_CONFLICT')).toHaveLength(5);
  const draft = await app.call('GET', '/api/admin/content/home/draft', { token: admin.accessToken });
  expect(draft.body.revision).toBe(2);
  expect(draft.body.publishedVersion).toBe(0);
  // nothing published: the shopper still sees the default
  expect((await app.call('GET', '/api/home')).body.version).toBe(0);
});

test('publish makes version 1 live; publishing the same revision again (also concurrently) returns the same version', async () => {
  const saved = await save(2, {
    banners: [banner('all'), banner('gold', { tiers: ['gold'] }), banner('a', { storeIds: [storeA] })],
    notice: { text: '本周末全场满 5000 减 300', link: { kind: 'page', page: 'coupons' } },
    shortcuts: [{ key: 'pay', label: '优惠买单' }, { key: 'booking', label: '到店预约' }],
  });
  const rev = saved.body.revision;
  const results = await parallel(5, () => publish(rev));
  expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  expect(new Set(results.map((r) => r.body.version))).toEqual(new Set([1]));
  const versions = await app.call('GET', '/api/admin/content/home/versions', { token: admin.accessToken });
  expect(versions.body.items.map((v: any) => [v.version, v.draftRevision])).toEqual([[1, rev]]);
  expect(versions.body.publishedVersion).toBe(1);

  const anonymous = await app.call('GET', '/api/home');
  expect(anonymous.body.version).toBe(1);
  expect(anonymous.body.banners.map((b: any) => b.id)).toEqual(['all']);
  expect(anonymous.body.notice.text).toBe('本周末全场满 5000 减 300');
  expect(anonymous.body.shortcuts.map((s: any) => s.key)).toEqual(['pay', 'booking']);

  const shopper = await app.login();
  const atA = await app.call('GET', `/api/home?storeId=${storeA}`, { token: shopper.accessToken });
  expect(atA.body.banners.map((b: any) => b.id)).toEqual(['all', 'a']);
  const atB = await app.call('GET', `/api/home?storeId=${storeB}`, { token: shopper.accessToken });
  expect(atB.body.banners.map((b: any) => b.id)).toEqual(['all']);
  // the tier comes from the session's member, never from the client
  const gold = await app.login();
  await memberModel(app.conn).updateOne({ _id: gold.member.id }, { $set: { tierCode: 'gold', growth: 10_000 } });
  const goldHome = await app.call('GET', '/api/home?tier=normal', { token: gold.accessToken });
  expect(goldHome.body.banners.map((b: any) => b.id)).toEqual(['all', 'gold']);
});

test('a new draft is not live until published; the previous version is kept; publishing a stale revision is refused', async () => {
  const draft = await app.call('GET', '/api/admin/content/home/draft', { token: admin.accessToken });
  const next = await save(draft.body.revision, { banners: [banner('spring', { startAt: '2027-03-01T00:00:00+08:00' })] });
  expect((await app.call('GET', '/api/home')).body.banners.map((b: any) => b.id)).toEqual(['all']);
  const stale = await publish(draft.body.revision - 1);
  expect(stale.status).toBe(409);
  expect(stale.body.code).toBe('CONTENT_DRAFT_CONFLICT');

  const preview = await app.call('POST', '/api/admin/content/home/preview', { token: admin.accessToken, body: { at: '2027-03-02T10:00:00+08:00' } });
  expect(preview.body).toMatchObject({ version: 0, banners: [expect.objectContaining({ id: 'spring' })] });
  const previewNow = await app.call('POST', '/api/admin/content/home/preview', { token: admin.accessToken, body: {} });
  expect(previewNow.body.banners).toEqual([]);

  const v2 = await publish(next.body.revision);
  expect(v2.body.version).toBe(2);
  const versions = await app.call('GET', '/api/admin/content/home/versions', { token: admin.accessToken });
  expect(versions.body.items.map((v: any) => v.version)).toEqual([2, 1]);
  expect((await app.call('GET', '/api/home')).body).toMatchObject({ version: 2, banners: [] });
});

test('bad input is a field error and writes nothing; only admins edit', async () => {
  const before = await app.call('GET', '/api/admin/content/home/draft', { token: admin.accessToken });
  const bad = await save(before.body.revision, { banners: [banner('x', { image: 'javascript:alert(1)' })] });
  expect(bad.status).toBe(400);
  expect(bad.body.code).toBe('VALIDATION_FAILED');
  expect(bad.body.fields[0].path).toContain('image');
  const after = await app.call('GET', '/api/admin/content/home/draft', { token: admin.accessToken });
  expect(after.body.revision).toBe(before.body.revision);
  const shopper = await app.login();
  const denied = await app.call('PUT', '/api/admin/content/home/draft', { token: shopper.accessToken, body: { baseRevision: 0, config: {} } });
  expect(denied.status).toBe(403);
  expect((await app.call('GET', '/api/home?storeId=nope')).status).toBe(400);
});
