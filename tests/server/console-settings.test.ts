/**
 * Console II, membership settings: a versioned save (two admins saving the same revision → exactly one
 * wins, the other gets SETTINGS_CONFLICT and nothing of theirs is written), field errors at the field,
 * the admin API's save moves the revision too, the tier preview counts, and the before → after audit.
 */
import { startTestApp, type TestApp } from '../support/app';
import { consoleCall, consoleSignIn, type ConsoleJar } from '../support/console';
import { parallel } from '../support/http';
import { memberModel } from '../../server/src/members/model';

let app: TestApp;
const admins: ConsoleJar[] = [];
let adminToken = '';

beforeAll(async () => {
  app = await startTestApp();
  for (let i = 0; i < 2; i++) {
    const a = await app.login();
    await app.setRoles(a.member.id, ['member', 'admin']);
    adminToken = a.accessToken;
    admins.push(await consoleSignIn(app, a.accessToken));
  }
  const Member = memberModel(app.conn);
  const growths = [0, 100, 2500, 3000, 12000, 60000];
  for (const g of growths) {
    const s = await app.login();
    await Member.updateOne({ _id: s.member.id }, { $set: { growth: g } });
  }
});
afterAll(() => app.close());

const call = (jar: ConsoleJar, method: string, p: string, body?: unknown) => consoleCall(app, jar, method, p, { body });
const toInput = (s: any) => ({ ...s, tiers: s.tiers.map(({ ...t }: any) => t) });

test('two admins save the same revision: one wins, the other gets the conflict and writes nothing', async () => {
  const loaded = await call(admins[0], 'GET', '/api/console/settings/membership');
  expect(loaded.status).toBe(200);
  const base = loaded.body.revision;
  const mine = toInput({ ...loaded.body.settings, growthPerYuan: 2 });
  const theirs = toInput({ ...loaded.body.settings, growthPerYuan: 3 });
  const [a, b] = await Promise.all([
    call(admins[0], 'PUT', '/api/console/settings/membership', { baseRevision: base, settings: mine }),
    call(admins[1], 'PUT', '/api/console/settings/membership', { baseRevision: base, settings: theirs }),
  ]);
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  const loser = a.status === 409 ? a : b;
  const winner = a.status === 200 ? a : b;
  expect(loser.body).toMatchObject({ code: 'SETTINGS_CONFLICT', message: '设置已被其他管理员修改，请刷新后重新编辑' });
  expect(winner.body.revision).toBe(base + 1);
  const now = await call(admins[0], 'GET', '/api/console/settings/membership');
  expect(now.body).toMatchObject({ revision: base + 1, settings: { growthPerYuan: winner.body.settings.growthPerYuan } });
  // Many at once on the new revision: still exactly one.
  const many = await parallel(8, (i) => call(admins[i % 2], 'PUT', '/api/console/settings/membership', { baseRevision: base + 1, settings: toInput({ ...now.body.settings, signupBonusPoints: 100 + i }) }));
  expect(many.filter((r) => r.status === 200)).toHaveLength(1);
  expect(many.filter((r) => r.status === 409)).toHaveLength(7);
  // The audit shows before → after.
  const trail = await call(admins[0], 'GET', '/api/console/object-audit?subject=settings:membership');
  expect(trail.body.items[trail.body.items.length - 1]).toMatchObject({ action: 'membership.settings', before: { growthPerYuan: 1 } });
});

test('the admin API save moves the revision: an editor holding the old one gets the conflict', async () => {
  const loaded = await call(admins[0], 'GET', '/api/console/settings/membership');
  const put = await app.call('PUT', '/api/admin/membership/settings', { token: adminToken, body: toInput(loaded.body.settings) });
  expect(put.status).toBe(200);
  const stale = await call(admins[0], 'PUT', '/api/console/settings/membership', { baseRevision: loaded.body.revision, settings: toInput(loaded.body.settings) });
  expect(stale.body.code).toBe('SETTINGS_CONFLICT');
});

test('bad input is a field error under body.settings; the preview counts members per proposed tier', async () => {
  const loaded = await call(admins[0], 'GET', '/api/console/settings/membership');
  const bad = toInput(loaded.body.settings);
  bad.tiers[1].color = 'red';
  const r = await call(admins[0], 'PUT', '/api/console/settings/membership', { baseRevision: loaded.body.revision, settings: bad });
  expect(r.status).toBe(400);
  expect(r.body.fields.map((f: any) => f.path)).toContain('body.settings.tiers.1.color');
  const tiers = [
    { code: 'normal', name: '普通会员', threshold: 0 },
    { code: 'silver', name: '银卡', threshold: 3000 },
    { code: 'gold', name: '金卡', threshold: 10000 },
  ];
  const p = await call(admins[0], 'POST', '/api/console/settings/membership/preview', { tiers });
  expect(p.status).toBe(200);
  // members: 2 admins (growth 0) + shoppers 0, 100, 2500 | 3000 | 12000, 60000
  expect(p.body.rows.map((x: any) => [x.code, x.projected])).toEqual([['normal', 5], ['silver', 1], ['gold', 2]]);
  expect(p.body).toMatchObject({ total: 8, below: 0 });
  const raised = await call(admins[0], 'POST', '/api/console/settings/membership/preview', { tiers: [{ code: 'silver', name: '银卡', threshold: 100 }] });
  expect(raised.body).toMatchObject({ below: 3, rows: [{ code: 'silver', projected: 5 }] });
});
