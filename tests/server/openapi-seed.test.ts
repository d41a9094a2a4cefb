import { api } from '@homeclub/shared';
import { seedDemo } from '../../server/src/seed/demo';
import { DEMO_MANAGER } from '../../server/src/seed/console-demo';
import { DEMO_PEOPLE } from '../../server/src/seed/demo-data';
import { memberModel } from '../../server/src/members/model';
import { createLogger } from '../../server/src/platform/logger';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

test('OpenAPI 3.1 document lists every contract route with its schemas', async () => {
  const res = await app.call('GET', '/api/openapi.json');
  expect(res.status).toBe(200);
  expect(res.body.openapi).toBe('3.1.0');
  for (const c of Object.values(api)) {
    const p = c.path.replace(/:([A-Za-z]+)/g, '{$1}');
    expect(res.body.paths[p]?.[c.method.toLowerCase()]).toBeDefined();
  }
  const login = res.body.paths['/api/auth/login'].post;
  expect(login.requestBody.content['application/json'].schema.required).toEqual(['code']);
  expect(res.body.paths['/api/admin/staff/{memberId}'].delete.parameters[0]).toMatchObject({ name: 'memberId', in: 'path', required: true });
});

test('Idempotency-Key is a required header parameter exactly where a route requires it, and enforced there', async () => {
  const doc = (await app.call('GET', '/api/openapi.json')).body;
  const required = Object.entries(api).filter(([, c]) => (c as { idempotencyKey?: string }).idempotencyKey === 'required');
  expect(required.map(([n]) => n)).toContain('adminAdjustPoints');
  for (const [name, c] of Object.entries(api)) {
    const op = doc.paths[c.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')][c.method.toLowerCase()];
    const header = op.parameters.find((p: any) => p.in === 'header' && p.name === 'Idempotency-Key');
    const wants = required.some(([n]) => n === name);
    expect({ name, declared: Boolean(header?.required) }).toEqual({ name, declared: wants });
  }
  const admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  const noKey = await app.call('POST', `/api/admin/members/${admin.member.id}/points/adjust`, { token: admin.accessToken, body: { amount: 5, reason: '补发积分' } });
  expect([noKey.status, noKey.body.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
});

test('the docs page is human-readable HTML', async () => {
  const res = await fetch(`${app.url}/api/docs`);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  const html = await res.text();
  expect(html).toContain('HomeClub API 文档');
  expect(html).toContain('/api/auth/login');
});

test('health and ready', async () => {
  expect((await app.call('GET', '/api/health')).body.status).toBe('ok');
  const ready = await app.call('GET', '/api/ready');
  expect(ready.status).toBe(200);
  expect(ready.body).toMatchObject({ status: 'ready', database: { reachable: true } });
});

test('demo seed: a chain with 3 stores in two cities, admin, staff and shoppers; runs once', async () => {
  const logger = createLogger('silent');
  expect(await seedDemo(app.conn, app.services, logger)).toBe(true);
  expect(await seedDemo(app.conn, app.services, logger)).toBe(false);
  const stores = await app.services.stores.list();
  expect(stores).toHaveLength(3);
  expect(new Set(stores.map((s) => s.city))).toEqual(new Set(['上海', '杭州']));
  expect(await app.services.stores.chainName()).toBe('HomeClub 家居');
  const res = await app.call('GET', '/api/stores');
  expect(res.body.items).toHaveLength(3);
  expect(res.body.items[0]).toMatchObject({ name: expect.stringContaining('HomeClub 家居'), phone: expect.any(String), location: { lat: expect.any(Number), lng: expect.any(Number) } });
  const people = await memberModel(app.conn).find({ openid: { $in: DEMO_PEOPLE.map((p) => p.openid) } }).lean();
  expect(people).toHaveLength(DEMO_PEOPLE.length);
  expect(people.filter((p) => p.roles.includes('admin'))).toHaveLength(1);
  const staff = people.find((p) => p.roles.includes('staff'))!;
  expect(String(staff.staffStoreId)).toBe(String(stores.find((s) => s.code === 'SH-XH')!._id));
  // The staff demo identity can log in through the simulator and sees its store.
  const s = await app.login(staff.openid);
  const me = await app.call('GET', '/api/staff/me', { token: s.accessToken });
  expect(me.body.store.code).toBe('SH-XH');
  // The home page has a published first version: three banners, six shortcuts, featured coupons, a notice.
  const home = await app.call('GET', '/api/home');
  expect(home.body.version).toBe(1);
  expect(home.body.banners.map((b: any) => b.title)).toEqual(['冬季家装节 满3000减300', '免费上门量尺', '邀请好友 双方有礼']);
  expect(home.body.banners[1].link).toMatchObject({ kind: 'booking', storeId: me.body.store.id, serviceId: expect.any(String) });
  expect(home.body.shortcuts).toHaveLength(6);
  expect(home.body.featuredCouponIds.length).toBeGreaterThan(0);
  expect(home.body.notice.text).toContain('冬季家装节');
  // 导购: a guide per store, each with a demo shopper; 张伟's workspace lists 陈晓 with a masked phone; 王芳 has 林悦's birthday task.
  const guides = (await app.services.guides.list({ memberId: 'seed', sessionId: 's', roles: ['member', 'admin'], staffStoreId: null, channel: 'console' }, {})).map((g) => [g.storeName, g.nickname, g.performance.customers]);
  expect(guides.sort()).toEqual([['HomeClub 家居 上海徐汇店', '张伟', 1], ['HomeClub 家居 上海浦东店', '王芳', 1], ['HomeClub 家居 杭州西湖店', '刘洋', 1]].sort());
  const mine = await app.call('GET', '/api/staff/guide/customers', { token: s.accessToken });
  expect(mine.body.items.map((c: any) => [c.nickname, c.phoneMasked])).toEqual([['陈晓', '138****8001']]);
  const wang = await app.login(DEMO_MANAGER.openid);
  expect((await app.call('GET', '/api/staff/guide/tasks', { token: wang.accessToken })).body.items.map((t: any) => t.rule)).toContain('birthday');
});
