/**
 * Console II, 首页装修: references checked at the field (unknown coupon / store / service / tier → nothing
 * written), a stale save is CONTENT_DRAFT_CONFLICT, the preview of an unsaved config by tier / store / time,
 * publish → GET /api/home, versions with their config and a rollback (an old version loaded back, saved and
 * published as a new one), the before → after audit, and chain admins only.
 */
import { startTestApp, type TestApp } from '../support/app';
import { consoleCall, consoleSignIn, type ConsoleJar } from '../support/console';

let app: TestApp;
let admin: ConsoleJar;
let manager: ConsoleJar;
let storeA = '';
let templateId = '';

const banner = (id: string, extra: Record<string, unknown> = {}) => ({ id, title: `横幅 ${id}`, image: `/media/images/${id}.png`, ...extra });
const call = (jar: ConsoleJar, method: string, p: string, body?: unknown) => consoleCall(app, jar, method, p, { body });
const DRAFT = '/api/console/content/home/draft';

beforeAll(async () => {
  app = await startTestApp();
  storeA = String((await app.services.stores.upsert({ code: 'CA', name: '门店甲', city: '上海', address: '路 1 号', phone: '021', location: { lat: 31, lng: 121 } }))._id);
  const a = await app.login();
  await app.setRoles(a.member.id, ['member', 'admin']);
  admin = await consoleSignIn(app, a.accessToken);
  const m = await app.login();
  await app.setRoles(m.member.id, ['member', 'staff', 'manager'], storeA);
  manager = await consoleSignIn(app, m.accessToken);
  const t = await call(admin, 'POST', '/api/console/coupons/templates', { name: '满300减50', type: 'full_reduction', amountOffFen: 5000, thresholdFen: 30000, validity: { mode: 'relative', days: 30 }, channel: 'claim_center', perMemberLimit: 1 });
  templateId = t.body.id;
});
afterAll(() => app.close());

test('unknown coupon, store, service or tier is a field error and writes nothing; a stale save is a conflict', async () => {
  const ghost = '0123456789abcdef01234567';
  const bad = await call(admin, 'PUT', DRAFT, {
    baseRevision: 0,
    config: {
      banners: [banner('a', { link: { kind: 'coupon', templateId: ghost }, tiers: ['platinum'] }), banner('b', { link: { kind: 'booking', storeId: storeA, serviceId: ghost }, storeIds: [ghost] })],
      featuredCouponIds: [templateId, ghost],
    },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.code).toBe('VALIDATION_FAILED');
  expect(bad.body.fields.map((f: any) => f.path).sort()).toEqual([
    'body.config.banners.0.link.templateId',
    'body.config.banners.0.tiers',
    'body.config.banners.1.link.serviceId',
    'body.config.banners.1.storeIds',
    'body.config.featuredCouponIds.1',
  ]);
  expect((await call(admin, 'GET', DRAFT)).body.revision).toBe(0);

  const ok = await call(admin, 'PUT', DRAFT, { baseRevision: 0, config: { banners: [banner('a', { link: { kind: 'coupon', templateId } })], featuredCouponIds: [templateId] } });
  expect(ok.status).toBe(200);
  expect(ok.body.revision).toBe(1);
  const stale = await call(admin, 'PUT', DRAFT, { baseRevision: 0, config: { banners: [] } });
  expect(stale.status).toBe(409);
  expect(stale.body).toMatchObject({ code: 'CONTENT_DRAFT_CONFLICT', message: '草稿已被他人修改，请刷新后再保存' });
  expect((await call(admin, 'GET', DRAFT)).body.config.banners.map((b: any) => b.id)).toEqual(['a']);
});

test('the preview shows an unsaved config as a tier / store / time would see it', async () => {
  const config = {
    banners: [
      banner('all'),
      banner('gold', { tiers: ['gold'] }),
      banner('store', { storeIds: [storeA] }),
      banner('later', { startAt: '2030-01-01T00:00:00+08:00', endAt: '2030-02-01T00:00:00+08:00' }),
    ],
    notice: { text: '周末全场满减' },
  };
  const ids = async (audience: Record<string, unknown>) => (await call(admin, 'POST', '/api/console/content/home/preview', { ...audience, config })).body.banners.map((b: any) => b.id);
  expect(await ids({})).toEqual(['all']);
  expect(await ids({ tier: 'gold', storeId: storeA })).toEqual(['all', 'gold', 'store']);
  expect(await ids({ at: '2030-01-15T12:00:00+08:00' })).toEqual(['all', 'later']);
  // without a config: the saved draft
  const saved = await call(admin, 'POST', '/api/console/content/home/preview', {});
  expect(saved.body).toMatchObject({ version: 0, banners: [{ id: 'a' }], featuredCouponIds: [templateId] });
});

test('publish → /api/home; versions with their config; rollback = an old version saved and published again', async () => {
  const v1 = await call(admin, 'POST', '/api/console/content/home/publish', { revision: 1 });
  expect(v1.status).toBe(200);
  expect(v1.body).toMatchObject({ version: 1, draftRevision: 1, bannerCount: 1 });
  expect((await app.call('GET', '/api/home')).body.banners.map((b: any) => b.id)).toEqual(['a']);

  const r2 = await call(admin, 'PUT', DRAFT, { baseRevision: 1, config: { banners: [banner('b')], notice: { text: '新品上市' } } });
  await call(admin, 'POST', '/api/console/content/home/publish', { revision: r2.body.revision });
  expect((await app.call('GET', '/api/home')).body).toMatchObject({ version: 2, banners: [{ id: 'b' }], notice: { text: '新品上市' } });

  const list = await call(admin, 'GET', '/api/console/content/home/versions');
  expect(list.body.publishedVersion).toBe(2);
  expect(list.body.items.map((v: any) => v.version)).toEqual([2, 1]);
  const old = await call(admin, 'GET', '/api/console/content/home/versions/1');
  expect(old.body).toMatchObject({ version: 1, config: { banners: [{ id: 'a' }], featuredCouponIds: [templateId] } });
  expect((await call(admin, 'GET', '/api/console/content/home/versions/9')).body.code).toBe('NOT_FOUND');

  const back = await call(admin, 'PUT', DRAFT, { baseRevision: r2.body.revision, config: old.body.config });
  const v3 = await call(admin, 'POST', '/api/console/content/home/publish', { revision: back.body.revision });
  expect(v3.body.version).toBe(3);
  expect((await app.call('GET', '/api/home')).body).toMatchObject({ version: 3, banners: [{ id: 'a' }], notice: null });

  const trail = await call(admin, 'GET', '/api/console/object-audit?subject=content:home');
  const saves = trail.body.items.filter((i: any) => i.action === 'content.home.save');
  expect(saves.length).toBe(3);
  expect(saves.some((i: any) => i.before?.banners?.[0]?.id === 'b' && i.after?.banners?.[0]?.id === 'a')).toBe(true);
});

test('store managers are refused every 首页装修 route', async () => {
  for (const [method, p, body] of [
    ['GET', DRAFT],
    ['PUT', DRAFT, { baseRevision: 3, config: {} }],
    ['POST', '/api/console/content/home/preview', {}],
    ['POST', '/api/console/content/home/publish', { revision: 1 }],
    ['GET', '/api/console/content/home/versions'],
    ['GET', '/api/console/content/home/versions/1'],
  ] as [string, string, unknown?][]) {
    const res = await call(manager, method, p, body);
    expect([p, res.body.code]).toEqual([p, 'CONSOLE_ADMIN_ONLY']);
  }
});
