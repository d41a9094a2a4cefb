/**
 * Member insight through the operator console: the admin's cookie session
 * runs the scores, previews and saves a 沉睡 segment, creates and runs a gift
 * campaign with a holdout and reads its report; a store manager's console
 * session and a bearer token are refused; a write without the CSRF header is refused.
 */
import { Types } from 'mongoose';
import { startTestApp, type TestApp } from '../support/app';
import { consoleCall, consoleSignIn, insertOrder, type ConsoleJar } from '../support/console';
import { memberModel } from '../../server/src/members/model';
import { inHoldout } from '@homeclub/shared';

const DAY = 86400_000;
let app: TestApp;
let admin: ConsoleJar;
let manager: ConsoleJar;
let adminToken = '';
let storeId = '';
let templateId = '';
const sleepers: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  storeId = String((await app.services.stores.upsert({ code: 'CI1', name: '徐汇店', city: '上海', address: '路', phone: '021', location: { lat: 31, lng: 121 } }))._id);
  const Member = memberModel(app.conn);
  const a = await app.login();
  await Member.updateOne({ _id: a.member.id }, { $set: { roles: ['member', 'admin'] } });
  adminToken = (await app.login(a.openid)).accessToken;
  admin = await consoleSignIn(app, a.accessToken);
  const m = await app.login();
  await Member.updateOne({ _id: m.member.id }, { $set: { roles: ['member', 'staff', 'manager'], staffStoreId: storeId } });
  manager = await consoleSignIn(app, m.accessToken);
  // 20 members who last bought 400 days ago (沉睡 with the default thresholds) and 5 recent buyers
  const now = app.clock.now();
  for (let i = 0; i < 25; i++) {
    const id = new Types.ObjectId();
    await Member.collection.insertOne({ _id: id, openid: `ci-${i}`, nickname: `m${i}`, roles: ['member'], createdAt: new Date(now.getTime() - 800 * DAY), lastLoginAt: now, points: { balance: 0, held: 0, available: 0, inflight: [] }, growth: 0 });
    const at = new Date(now.getTime() - (i < 20 ? 400 : 5) * DAY);
    await insertOrder(app, { memberId: String(id), storeId, billFen: 100000 });
    await app.conn.db!.collection('orders').updateOne({ memberId: id }, { $set: { createdAt: at, paidAt: at } });
    if (i < 20) sleepers.push(String(id));
  }
  const t = await app.call('POST', '/api/admin/coupons/templates', {
    token: adminToken,
    body: { name: '唤醒礼 无门槛50元', type: 'no_threshold', amountOffFen: 5000, thresholdFen: 0, perMemberLimit: 1, validity: { mode: 'relative', days: 30 }, channel: 'campaign' },
  });
  expect(t.status).toBe(201);
  templateId = t.body.id;
}, 60_000);
afterAll(() => app.close());

const rule = { op: 'and', rules: [{ field: 'stage', in: ['沉睡'] }] };

test('an admin runs the scores, previews and saves a 沉睡 segment, runs a gift campaign with a holdout and reads the report', async () => {
  // no quiet hours, so the run is not deferred whatever the hour in Shanghai
  const settings = await consoleCall(app, admin, 'GET', '/api/console/insight/settings');
  const put = await consoleCall(app, admin, 'PUT', '/api/console/insight/settings', {
    body: { settings: { ...settings.body.settings, quietHours: { start: 0, end: 0 } }, baseRevision: settings.body.revision },
  });
  expect(put.status).toBe(200);
  expect(put.body.revision).toBe(settings.body.revision + 1);
  const run = await consoleCall(app, admin, 'POST', '/api/console/insight/scores/run');
  expect(run.status).toBe(200);
  expect(run.body.phase).toBe('done');
  const stages = await consoleCall(app, admin, 'GET', '/api/console/insight/stages?months=3');
  expect(stages.status).toBe(200);
  const rfm = await consoleCall(app, admin, 'GET', '/api/console/insight/rfm');
  expect(rfm.body.groups.reduce((s: number, g: any) => s + g.members, 0)).toBeGreaterThanOrEqual(25);

  const preview = await consoleCall(app, admin, 'POST', '/api/console/insight/segments/preview', { body: rule });
  expect(preview.status).toBe(200);
  expect(preview.body.members).toBe(20);
  expect(preview.body.sample.every((s: any) => s.stage === '沉睡' && sleepers.includes(s.memberId))).toBe(true);
  const seg = await consoleCall(app, admin, 'POST', '/api/console/insight/segments', { body: { name: '沉睡会员', rule } });
  expect(seg.status).toBe(201);
  expect((await consoleCall(app, admin, 'GET', '/api/console/insight/segments')).body.items.map((s: any) => s.name)).toContain('沉睡会员');

  const gifts = await consoleCall(app, admin, 'GET', '/api/console/insight/gift-templates');
  expect(gifts.body.items.map((t: any) => t.id)).toEqual([templateId]);
  const created = await consoleCall(app, admin, 'POST', '/api/console/insight/campaigns', {
    body: { name: '沉睡唤醒', segmentId: seg.body.id, action: { kind: 'coupon', templateId }, schedule: { kind: 'once', at: app.clock.now().toISOString() }, holdoutShare: 0.2, giftTitle: '唤醒礼已到账' },
  });
  expect(created.status).toBe(201);
  const ran = await consoleCall(app, admin, 'POST', `/api/console/insight/campaigns/${created.body.id}/run`);
  expect(ran.status).toBe(200);
  expect(ran.body).toMatchObject({ state: 'done', audience: 20 });
  expect(ran.body.treated + ran.body.control).toBe(20);
  // the control group is exactly the members the campaign's hash holds out; they get no gift, the others one each
  const control = sleepers.filter((id) => inHoldout(created.body.id, id, 0.2));
  expect(ran.body.control).toBe(control.length);
  const gifted = await app.conn.db!.collection('coupons').distinct('memberId', { templateId: new Types.ObjectId(templateId) });
  expect(gifted.map(String).sort()).toEqual(sleepers.filter((id) => !control.includes(id)).sort());
  const report = await consoleCall(app, admin, 'GET', `/api/console/insight/campaigns/${created.body.id}/report?fresh=1`);
  expect(report.status).toBe(200);
  expect(report.body.treated.members).toBe(ran.body.treated);
  expect(report.body.control.members).toBe(ran.body.control);
  const paused = await consoleCall(app, admin, 'POST', `/api/console/insight/campaigns/${created.body.id}/status`, { body: { status: 'paused' } });
  expect(paused.body.code).toBe('INSIGHT_CAMPAIGN_ENDED'); // a one-off campaign ends with its run
  const monthly = await consoleCall(app, admin, 'POST', '/api/console/insight/campaigns', {
    body: { name: '会员日', segmentId: seg.body.id, action: { kind: 'points', amount: 100 }, schedule: { kind: 'monthly', day: 26, hour: 10 } },
  });
  expect(monthly.status).toBe(201);
  const p = await consoleCall(app, admin, 'POST', `/api/console/insight/campaigns/${monthly.body.id}/status`, { body: { status: 'paused' } });
  expect(p.body.status).toBe('paused');
  const list = await consoleCall(app, admin, 'GET', '/api/console/insight/campaigns');
  expect(list.body.items.map((c: any) => [c.name, c.status])).toEqual(expect.arrayContaining([['沉睡唤醒', 'ended'], ['会员日', 'paused']]));
});

test('a store manager’s console session, a bearer token and a write without CSRF are refused', async () => {
  const byManager = await consoleCall(app, manager, 'GET', '/api/console/insight/segments');
  expect(byManager.status).toBe(403);
  expect(byManager.body.code).toBe('CONSOLE_ADMIN_ONLY');
  const preview = await consoleCall(app, manager, 'POST', '/api/console/insight/segments/preview', { body: rule });
  expect(preview.body.code).toBe('CONSOLE_ADMIN_ONLY');
  const bearer = await app.call('GET', '/api/console/insight/segments', { token: adminToken });
  expect([401, 403]).toContain(bearer.status);
  const noCsrf = await consoleCall(app, admin, 'POST', '/api/console/insight/segments', { body: { name: '无令牌', rule }, csrf: null });
  expect(noCsrf.status).toBe(403);
  expect((await consoleCall(app, admin, 'GET', '/api/console/insight/segments')).body.items.map((s: any) => s.name)).not.toContain('无令牌');
});

test('bad input is a field error, never a 500', async () => {
  const bad = await consoleCall(app, admin, 'POST', '/api/console/insight/segments/preview', { body: { op: 'and', rules: [{ field: 'stage', in: ['不存在'] }] } });
  expect(bad.status).toBe(400);
  expect(bad.body.code).toBe('VALIDATION_FAILED');
});

test('洞察设置 saves on its revision: of two admins saving the same revision at once one wins, the other is SETTINGS_CONFLICT; the trail has before → after', async () => {
  const loaded = await consoleCall(app, admin, 'GET', '/api/console/insight/settings');
  expect(loaded.status).toBe(200);
  const { settings, revision } = loaded.body;
  const save = (monthlyCap: number) =>
    consoleCall(app, admin, 'PUT', '/api/console/insight/settings', { body: { settings: { ...settings, monthlyCap }, baseRevision: revision } });
  const results = await Promise.all([save(7), save(8), save(9)]);
  expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  const won = results.find((r) => r.status === 200)!;
  expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'SETTINGS_CONFLICT')).toBe(true);
  const after = await consoleCall(app, admin, 'GET', '/api/console/insight/settings');
  expect(after.body).toEqual({ settings: won.body.settings, revision: revision + 1 });

  // the admin API's unversioned save moves the revision too: an editor open on revision + 1 now conflicts
  const viaApi = await app.call('PUT', '/api/admin/insight/settings', { token: adminToken, body: { ...settings, monthlyCap: 5 } });
  expect(viaApi.status).toBe(200);
  const stale = await consoleCall(app, admin, 'PUT', '/api/console/insight/settings', { body: { settings, baseRevision: revision + 1 } });
  expect(stale.body.code).toBe('SETTINGS_CONFLICT');
  expect((await consoleCall(app, admin, 'GET', '/api/console/insight/settings')).body).toEqual({ settings: { ...settings, monthlyCap: 5 }, revision: revision + 2 });

  const trail = await consoleCall(app, admin, 'GET', '/api/console/object-audit?subject=settings:insight');
  expect(trail.status).toBe(200);
  expect(trail.body.items[0]).toMatchObject({ action: 'insight.settings', before: { monthlyCap: won.body.settings.monthlyCap }, after: { monthlyCap: 5 } });
  expect(trail.body.items[1]).toMatchObject({ before: { monthlyCap: settings.monthlyCap }, after: { monthlyCap: won.body.settings.monthlyCap } });

  // sleep ≥ lost is a field error, nothing saved
  const bad = await consoleCall(app, admin, 'PUT', '/api/console/insight/settings', {
    body: { settings: { ...settings, thresholds: { ...settings.thresholds, sleepDays: 800, lostDays: 730 } }, baseRevision: revision + 2 },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.code).toBe('VALIDATION_FAILED');
  expect((await consoleCall(app, admin, 'GET', '/api/console/insight/settings')).body.revision).toBe(revision + 2);
});
