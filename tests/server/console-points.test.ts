/**
 * Console points adjustments (积分调整): a double click (same Idempotency-Key) is one adjustment; above the
 * threshold it becomes a request that a second admin approves (the requester cannot), approve/reject are guarded
 * transitions, parallel approves move the points exactly once; store managers are refused; the threshold is a
 * versioned setting; field errors at the field.
 */
import { startTestApp, type TestApp } from '../support/app';
import { consoleSignIn, type ConsoleJar } from '../support/console';
import { parallel } from '../support/http';
import { Types } from 'mongoose';
import { memberModel } from '../../server/src/members/model';

let app: TestApp;
const admins: ConsoleJar[] = [];
let manager: ConsoleJar;
let memberId = '';

const call = (jar: ConsoleJar, method: string, p: string, body?: unknown, key?: string) =>
  app.call(method, p, { headers: { cookie: jar.cookie, ...(method !== 'GET' ? { 'x-csrf-token': jar.csrf } : {}), ...(key ? { 'idempotency-key': key } : {}) }, body: body ?? (method === 'GET' ? undefined : {}) });
const balance = async () => (await memberModel(app.conn).findById(memberId).lean())!.points;
const entries = () => app.conn.collection('points_entries').countDocuments({ memberId: new Types.ObjectId(memberId), kind: 'adjust' });

beforeAll(async () => {
  app = await startTestApp();
  for (let i = 0; i < 3; i++) {
    const a = await app.login();
    await app.setRoles(a.member.id, ['member', 'admin']);
    admins.push(await consoleSignIn(app, a.accessToken));
  }
  const store = String((await app.services.stores.upsert({ code: 'PA', name: '积分店', city: '上海', address: '路 1 号', phone: '021', location: { lat: 31, lng: 121 } }))._id);
  const m = await app.login();
  await app.setRoles(m.member.id, ['member', 'staff', 'manager'], store);
  manager = await consoleSignIn(app, m.accessToken);
  memberId = (await app.login()).member.id;
});
afterAll(() => app.close());

test('a small adjustment applies at once; the same key again (double click) is the same adjustment', async () => {
  const before = (await balance()).balance;
  const [a, b] = await Promise.all([0, 1].map(() => call(admins[0], 'POST', `/api/console/members/${memberId}/points-adjust`, { amount: 300, reason: '活动补发' }, 'page-key-0001')));
  expect([a.status, b.status]).toEqual([200, 200]);
  expect(a.body).toMatchObject({ state: 'applied', amount: 300, threshold: 5000 });
  expect(b.body.entryId).toBe(a.body.entryId);
  expect((await balance()).balance).toBe(before + 300);
  const reused = await call(admins[0], 'POST', `/api/console/members/${memberId}/points-adjust`, { amount: 301, reason: '活动补发' }, 'page-key-0001');
  expect(reused.body.code).toBe('POINTS_ADJUST_KEY_REUSED');
  const missing = await call(admins[0], 'POST', `/api/console/members/${memberId}/points-adjust`, { amount: 1, reason: '无键' });
  expect(missing.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
});

test('above the threshold: pending until a second admin approves; the requester cannot; parallel approves move once', async () => {
  const before = (await balance()).balance;
  const asked = await call(admins[0], 'POST', `/api/console/members/${memberId}/points-adjust`, { amount: 8000, reason: '大客户补偿' }, 'page-key-0002');
  expect(asked.body).toMatchObject({ state: 'pending', entryId: null });
  expect((await balance()).balance).toBe(before);
  const id = encodeURIComponent(asked.body.id);
  expect((await call(admins[0], 'POST', `/api/console/points-adjust/${id}/approve`)).body.code).toBe('POINTS_ADJUST_SELF_APPROVAL');
  const pending = await call(admins[1], 'GET', '/api/console/points-adjust?state=pending');
  expect(pending.body.items.map((r: any) => r.id)).toContain(asked.body.id);
  const approves = await parallel(10, (i) => call(admins[1 + (i % 2)], 'POST', `/api/console/points-adjust/${id}/approve`));
  expect(approves.filter((r) => r.status === 200)).toHaveLength(1);
  expect(approves.filter((r) => r.body.code === 'POINTS_ADJUST_DECIDED')).toHaveLength(9);
  expect(approves.find((r) => r.status === 200)!.body).toMatchObject({ state: 'applied', decidedByName: expect.any(String) });
  expect((await balance()).balance).toBe(before + 8000);
  const n = await entries();
  expect(n).toBe(2); // the 300 and the 8000, each once
  // A decided request cannot be rejected afterwards.
  expect((await call(admins[2], 'POST', `/api/console/points-adjust/${id}/reject`, { reason: '太晚了' })).body.code).toBe('POINTS_ADJUST_DECIDED');
});

test('reject with a reason leaves the points; a large debit beyond what is available fails on approval, nothing moves', async () => {
  const before = await balance();
  const asked = await call(admins[0], 'POST', `/api/console/members/${memberId}/points-adjust`, { amount: -6000, reason: '误发扣回' }, 'page-key-0003');
  const id = encodeURIComponent(asked.body.id);
  const rejected = await call(admins[1], 'POST', `/api/console/points-adjust/${id}/reject`, { reason: '核实后无误发' });
  expect(rejected.body).toMatchObject({ state: 'rejected', rejectReason: '核实后无误发' });
  expect((await balance()).balance).toBe(before.balance);
  const big = await call(admins[0], 'POST', `/api/console/members/${memberId}/points-adjust`, { amount: -(before.available + 6000), reason: '扣回' }, 'page-key-0004');
  const failed = await call(admins[2], 'POST', `/api/console/points-adjust/${encodeURIComponent(big.body.id)}/approve`);
  expect(failed.body).toMatchObject({ state: 'failed', failure: expect.stringContaining('可用积分不足') });
  expect((await balance()).balance).toBe(before.balance);
  // Audited on the member.
  const trail = await call(admins[0], 'GET', `/api/console/object-audit?subject=member:${memberId}`);
  expect(trail.body.items.map((r: any) => r.action)).toEqual(expect.arrayContaining(['points.adjust', 'points.adjust-request', 'points.adjust-approve', 'points.adjust-reject']));
});

test('the threshold is a versioned setting; managers are refused; field errors at the field', async () => {
  const s = await call(admins[0], 'GET', '/api/console/points-adjust-settings');
  expect(s.body).toEqual({ approvalAbove: 5000, revision: 0 });
  const [x, y] = await Promise.all([
    call(admins[0], 'PUT', '/api/console/points-adjust-settings', { approvalAbove: 200, baseRevision: 0 }),
    call(admins[1], 'PUT', '/api/console/points-adjust-settings', { approvalAbove: 300, baseRevision: 0 }),
  ]);
  expect([x.status, y.status].sort()).toEqual([200, 409]);
  const now = (await call(admins[0], 'GET', '/api/console/points-adjust-settings')).body;
  expect(now.revision).toBe(1);
  const small = await call(admins[0], 'POST', `/api/console/members/${memberId}/points-adjust`, { amount: now.approvalAbove + 1, reason: '门槛之上' }, 'page-key-0005');
  expect(small.body.state).toBe('pending');
  expect((await call(manager, 'POST', `/api/console/members/${memberId}/points-adjust`, { amount: 1, reason: '店长' }, 'page-key-0006')).body.code).toBe('CONSOLE_ADMIN_ONLY');
  expect((await call(manager, 'GET', '/api/console/points-adjust')).body.code).toBe('CONSOLE_ADMIN_ONLY');
  const bad = await call(admins[0], 'POST', `/api/console/members/${memberId}/points-adjust`, { amount: 1.5, reason: 'x' }, 'page-key-0007');
  expect(bad.body.fields.map((f: any) => f.path).sort()).toEqual(['body.amount', 'body.reason']);
  const zero = await call(admins[0], 'PUT', '/api/console/points-adjust-settings', { approvalAbove: -1, baseRevision: 1 });
  expect(zero.body.fields[0].path).toBe('body.approvalAbove');
  expect((await call(admins[0], 'POST', '/api/console/points-adjust/nope/approve')).status).toBe(400);
});

test('账务核对 over the console: run, list, open a report whose finding names the member; managers refused', async () => {
  // Drift the member's cached balance away from the ledger: the audit must find it and name the member.
  await memberModel(app.conn).updateOne({ _id: memberId }, { $inc: { 'points.balance': 7, 'points.available': 7 } });
  const run = await call(admins[0], 'POST', '/api/console/ledger-audits');
  expect(run.status).toBe(201);
  expect(run.body.status).toBe('findings');
  const list = await call(admins[1], 'GET', '/api/console/ledger-audits');
  expect(list.body.items[0]).toMatchObject({ id: run.body.id, counts: { points_balance_mismatch: 1 } });
  const report = await call(admins[1], 'GET', `/api/console/ledger-audits/${run.body.id}`);
  expect(report.body.findings).toContainEqual(expect.objectContaining({ kind: 'points_balance_mismatch', subject: memberId, memberId }));
  expect((await call(manager, 'GET', '/api/console/ledger-audits')).body.code).toBe('CONSOLE_ADMIN_ONLY');
  expect((await call(manager, 'POST', '/api/console/ledger-audits')).body.code).toBe('CONSOLE_ADMIN_ONLY');
  expect((await call(admins[0], 'GET', '/api/console/ledger-audits/zzz')).status).toBe(400);
  await memberModel(app.conn).updateOne({ _id: memberId }, { $inc: { 'points.balance': -7, 'points.available': -7 } });
});
