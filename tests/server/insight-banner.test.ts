/**
 * Campaign action 「首页横幅」 (#16): GET /api/home shows the campaign's banner to its treated members only
 * (first, before the operator's banners), never to the holdout or to other members; a re-run adds nothing;
 * the report counts members given and shown the banner (each once, however often the home is opened); the
 * banner goes away after its days.
 */
import { inHoldout } from '@homeclub/shared';
import { startTestApp, type TestApp } from '../support/app';

const DAY = 86400_000;
let app: TestApp;
let adminToken = '';
const shoppers: Awaited<ReturnType<TestApp['login']>>[] = [];
let outsider: Awaited<ReturnType<TestApp['login']>>;

const admin = (method: string, path: string, body?: unknown) => app.call(method, path, { token: adminToken, body });
const home = (token: string) => app.call('GET', '/api/home', { token });

beforeAll(async () => {
  app = await startTestApp();
  const a = await app.login();
  await app.setRoles(a.member.id, ['member', 'admin']);
  adminToken = (await app.login(a.openid)).accessToken;
  for (let i = 0; i < 12; i++) shoppers.push(await app.login());
  outsider = await app.login();
  const settings = await admin('GET', '/api/admin/insight/settings');
  await admin('PUT', '/api/admin/insight/settings', { ...settings.body, quietHours: { start: 0, end: 0 } });
  expect((await admin('POST', '/api/admin/insight/scores/run')).body.phase).toBe('done');
  const tagged = await admin('POST', '/api/admin/insight/tags', { memberIds: shoppers.map((s) => s.member.id), tags: ['新品'] });
  expect(tagged.body.updated).toBe(12);
  // an operator banner for everyone, published
  await admin('PUT', '/api/admin/content/home/draft', { baseRevision: 0, config: { banners: [{ id: 'ops', title: '全场满减', image: '/media/images/ops.png' }] } });
  await admin('POST', '/api/admin/content/home/publish', { revision: 1 });
}, 60_000);
afterAll(() => app.close());

test('a banner action with a bad image or link is a field error', async () => {
  const bad = await admin('POST', '/api/admin/insight/campaigns', {
    name: '坏横幅',
    segmentId: '0123456789abcdef01234567',
    action: { kind: 'banner', title: '', image: 'javascript:alert(1)', link: { kind: 'page', page: 'nowhere' }, days: 0 },
    schedule: { kind: 'once', at: app.clock.now().toISOString() },
  });
  expect(bad.status).toBe(400);
  const paths = bad.body.fields.map((f: any) => f.path);
  for (const p of ['body.action.title', 'body.action.image', 'body.action.link.page', 'body.action.days']) expect(paths).toContain(p);
});

test('treated members see the campaign banner first, the holdout and others do not; the report counts given and shown once', async () => {
  const seg = await admin('POST', '/api/admin/insight/segments', { name: '新品关注', rule: { op: 'and', rules: [{ field: 'tags', any: ['新品'] }] } });
  expect(seg.status).toBe(201);
  const created = await admin('POST', '/api/admin/insight/campaigns', {
    name: '新品横幅',
    segmentId: seg.body.id,
    action: { kind: 'banner', title: '会员专享新品预览', image: '/media/images/new.png', link: { kind: 'page', page: 'coupons' }, days: 7 },
    schedule: { kind: 'once', at: app.clock.now().toISOString() },
    holdoutShare: 0.3,
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const run = await admin('POST', `/api/admin/insight/campaigns/${id}/run`);
  expect(run.body).toMatchObject({ state: 'done', audience: 12 });
  const control = shoppers.filter((s) => inHoldout(id, s.member.id, 0.3));
  const treated = shoppers.filter((s) => !control.includes(s));
  expect(control.length).toBeGreaterThan(0);
  expect(run.body.treated).toBe(treated.length);

  const bannerId = `campaign-${id}`;
  for (const s of treated) {
    const h = await home(s.accessToken);
    expect(h.body.banners.map((b: any) => b.id)).toEqual([bannerId, 'ops']);
    expect(h.body.banners[0]).toMatchObject({ title: '会员专享新品预览', image: '/media/images/new.png', link: { kind: 'page', page: 'coupons' } });
  }
  for (const s of [...control, outsider]) expect((await home(s.accessToken)).body.banners.map((b: any) => b.id)).toEqual(['ops']);
  expect((await app.call('GET', '/api/home')).body.banners.map((b: any) => b.id)).toEqual(['ops']);

  // a second look and a re-run change nothing
  await home(treated[0].accessToken);
  await admin('POST', `/api/admin/insight/campaigns/${id}/run`).catch(() => undefined);
  await app.services.insight.runCampaign(id, 'once');
  expect((await home(treated[0].accessToken)).body.banners.filter((b: any) => b.id === bannerId)).toHaveLength(1);

  const report = await admin('GET', `/api/admin/insight/campaigns/${id}/report?fresh=1`);
  expect(report.status).toBe(200);
  expect(report.body.treated.members).toBe(treated.length);
  expect(report.body.control.members).toBe(control.length);
  expect(report.body.banner).toEqual({ targeted: treated.length, shown: treated.length });

  // after its 7 days the banner is gone
  app.clock.travel(8 * DAY);
  const again = await app.login(treated[0].openid);
  expect((await home(again.accessToken)).body.banners.map((b: any) => b.id)).toEqual(['ops']);
});

