/**
 * The ledger audit finds each kind of planted drift (and nothing on a clean
 * database), through the admin endpoints, the nightly job, batch by batch over
 * `_id` ranges, and from the command line against the same database.
 */
import { Types } from 'mongoose';
import { memberModel } from '../../server/src/members/model';
import { entryModel } from '../../server/src/points/model';
import { AUDIT_JOB, createLedgerAuditService } from '../../server/src/audit/service';
import { runLedgerAuditCli } from '../../server/src/cli/ledger-audit';
import { createLogger } from '../../server/src/platform/logger';
import { startTestApp, type TestApp } from '../support/app';
import { dropTestDb, testDbUri } from '../support/db';

const TOKEN = 'metrics-token-audit-0123456789';
const dbUri = testDbUri('ledgeraudit');
let app: TestApp;
let admin: Awaited<ReturnType<TestApp['login']>>;
const HOUR = 3600_000;

beforeAll(async () => {
  app = await startTestApp({ dbUri, env: { METRICS_TOKEN: TOKEN } });
  admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
});
afterAll(async () => {
  await dropTestDb(app.conn);
  await app.close();
});

const run = () => app.call('POST', '/api/admin/ledger-audits', { token: admin.accessToken });

test('a consistent database is clean; only admins may run or read audits', async () => {
  for (let i = 0; i < 3; i++) await app.login(); // sign-up bonuses: real ledger movements
  const r = await run();
  expect(r.status).toBe(201);
  expect(r.body).toMatchObject({ status: 'clean', trigger: 'admin', counts: {}, findings: [] });
  expect(r.body.checked.members).toBeGreaterThanOrEqual(4);
  const shopper = await app.login();
  expect((await app.call('POST', '/api/admin/ledger-audits', { token: shopper.accessToken })).status).toBe(403);
  expect((await app.call('GET', '/api/admin/ledger-audits', { token: shopper.accessToken })).status).toBe(403);
});

test('each kind of drift is found, work in progress is not', async () => {
  const Member = memberModel(app.conn);
  const Entry = entryModel(app.conn);
  const old = new Date(app.clock.now().getTime() - 2 * HOUR);
  const [m1, m2, m3, m4, m5] = await Promise.all([1, 2, 3, 4, 5].map(() => app.login()));
  await Member.updateOne({ _id: m1.member.id }, { $inc: { 'points.balance': 5, 'points.available': 5 } }); // balance ≠ ledger
  await Member.updateOne({ _id: m2.member.id }, { $inc: { 'points.held': 3, 'points.available': -3 } }); // held ≠ open holds
  await Member.updateOne({ _id: m3.member.id }, { $inc: { 'points.available': 7 } }); // available ≠ balance − held
  const entry = (memberId: string, key: string, createdAt: Date) => ({
    key, memberId: new Types.ObjectId(memberId), kind: 'earn' as const, reason: 'purchase', source: 'test', reference: key, leg: 'earn',
    delta: 10, heldDelta: 0, state: 'pending' as const, createdAt,
  });
  await Entry.create(entry(m4.member.id, 'audit:stale', old)); // pending for 2 h
  await Entry.create(entry(m4.member.id, 'audit:fresh', app.clock.now())); // being applied right now: not drift
  const applied = await Entry.findOne({ memberId: m5.member.id, state: 'applied' }).lean();
  // settled id left in inflight for 2 h (a fresh one only waits for the repair job's deferred pull: not drift)
  await Entry.updateOne({ _id: applied!._id }, { $set: { createdAt: old } });
  await Member.updateOne({ _id: m5.member.id }, { $addToSet: { 'points.inflight': applied!._id } });
  const liveOrder = new Types.ObjectId();
  await app.conn.collection('orders').insertOne({ _id: liveOrder, state: 'pending_payment' });
  const goneOrder = new Types.ObjectId();
  const lockedCoupon = new Types.ObjectId();
  const coupon = (_id: Types.ObjectId, orderId: Types.ObjectId, at: Date) => ({ _id, templateId: new Types.ObjectId(), memberId: new Types.ObjectId(), seq: 1, couponNo: `A${_id}`, state: 'locked', lockedTo: `order:${orderId}`, history: [{ at }] });
  await app.conn.collection('coupons').insertMany([
    coupon(lockedCoupon, goneOrder, old), // its order is gone: drift
    coupon(new Types.ObjectId(), liveOrder, old), // its order awaits payment: fine
    coupon(new Types.ObjectId(), goneOrder, app.clock.now()), // locked a moment ago: work in progress
  ]);
  await app.conn.collection<{ _id: string } & Record<string, unknown>>('booking_seats').insertMany([
    { _id: 'audit-slot#1', slotId: 'audit-slot', serviceId: new Types.ObjectId(), start: old, bookingId: new Types.ObjectId(), createdAt: old },
    { _id: 'audit-slot#2', slotId: 'audit-slot', serviceId: new Types.ObjectId(), start: old, bookingId: new Types.ObjectId(), createdAt: app.clock.now() },
  ]);

  const r = await run();
  expect(r.body.status).toBe('findings');
  expect(r.body.counts).toEqual({
    points_balance_mismatch: 1,
    points_held_mismatch: 1,
    points_available_mismatch: 1,
    points_stale_pending: 1,
    points_stale_inflight: 1,
    coupon_locked_without_live_order: 1,
    seat_without_booking: 1,
  });
  const by = (kind: string) => r.body.findings.find((f: any) => f.kind === kind);
  expect(by('points_balance_mismatch')).toMatchObject({ subject: m1.member.id, actual: by('points_balance_mismatch').expected + 5 });
  expect(by('points_held_mismatch')).toMatchObject({ subject: m2.member.id, expected: 0, actual: 3 });
  expect(by('points_stale_inflight').subject).toBe(m5.member.id);
  expect(by('coupon_locked_without_live_order').subject).toBe(String(lockedCoupon));
  expect(by('seat_without_booking').subject).toBe('audit-slot#1');

  // Stored: listed newest first without findings, shown with them.
  const list = await app.call('GET', '/api/admin/ledger-audits?limit=5', { token: admin.accessToken });
  expect(list.body.items[0]).toMatchObject({ id: r.body.id, status: 'findings' });
  expect(list.body.items[0].findings).toBeUndefined();
  const shown = await app.call('GET', `/api/admin/ledger-audits/${r.body.id}`, { token: admin.accessToken });
  expect(shown.body.findings).toHaveLength(7);
  expect((await app.call('GET', `/api/admin/ledger-audits/${new Types.ObjectId()}`, { token: admin.accessToken })).status).toBe(404);

  // The metrics show the latest run's findings.
  const metrics = (await app.call('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).body as string;
  expect(metrics).toContain('homeclub_ledger_audit_findings{kind="seat_without_booking"} 1');
  expect(metrics).toContain('homeclub_ledger_audit_runs_total{outcome="findings"} 1');
});

test('batches of 2 over _id ranges give the same report as one pass', async () => {
  const s = app.services;
  const small = createLedgerAuditService({
    conn: app.conn, clock: app.clock, logger: createLogger('silent'), batchSize: 2,
    auditors: { members: s.points.audit, coupons: s.coupons.auditWith(s.orders.liveOrders), seats: s.booking.audit },
  });
  const [batched, whole] = [await small.run('admin'), await s.ledgerAudit.run('admin')];
  expect(batched.counts).toEqual(whole.counts);
  expect(batched.checked).toEqual(whole.checked);
});

test('the nightly job stores a report', async () => {
  await app.services.scheduler.schedule(AUDIT_JOB, new Date(0));
  await app.services.scheduler.runDue();
  const list = await app.call('GET', '/api/admin/ledger-audits?limit=1', { token: admin.accessToken });
  expect(list.body.items[0]).toMatchObject({ trigger: 'job', status: 'findings' });
});

test('the command line audits any MONGODB_URI: exit 1 with findings, 2 when it cannot run', async () => {
  const lines: string[] = [];
  const r = await runLedgerAuditCli(dbUri, (l) => lines.push(l));
  expect(r.code).toBe(1);
  expect(r.report).toMatchObject({ trigger: 'cli', status: 'findings' });
  expect(lines.join('\n')).toContain('seat_without_booking: 1');
  const bad = await runLedgerAuditCli('mongodb://127.0.0.1:1/nothing?serverSelectionTimeoutMS=300', () => undefined);
  expect(bad.code).toBe(2);
});
