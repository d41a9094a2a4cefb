/** points.earnMany: a batch grant applies each grant exactly once, in a few commands per batch, and resumes after a crash. */
import { Types } from 'mongoose';
import { memberModel } from '../../server/src/members/model';
import { entryModel } from '../../server/src/points/model';
import { lotKey } from '../../server/src/points/lots.calc';
import { createLedger } from '../../server/src/points/ledger';
import { countCommands } from '../../server/src/platform/db/commands';
import { dropTestDb, testDbUri } from '../support/db';
import { startTestApp, type TestApp } from '../support/app';
import { createLogger } from '../../server/src/platform/logger';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ dbUri: `${testDbUri('earnmany')}?monitorCommands=true` });
});
afterAll(async () => {
  await dropTestDb(app.conn);
  await app.close();
});

const balances = async (ids: string[]) => (await memberModel(app.conn).find({ _id: { $in: ids } }, { points: 1 }).lean()).reduce((m, d) => m.set(String(d._id), d.points.balance), new Map<string, number>());
const grant = (memberId: string, reference: string, amount = 50) => ({ memberId, amount, reason: 'campaign', source: 'campaign', reference, leg: 'grant', note: '活动赠送' });

test('30 grants (one to a missing member, one key twice) in 9 commands, not per member; a repeat credits nothing; lots and ledger agree', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 29; i++) ids.push((await app.login()).member.id);
  const before = await balances(ids);
  const missing = String(new Types.ObjectId());
  const grants = [...ids.map((id, i) => grant(id, `d-${i}`)), grant(missing, 'd-missing'), grant(ids[0], 'd-0')];
  const counter = countCommands(app.conn);
  const { result, counts } = await counter.measure(() => app.services.points.earnMany(grants));
  counter.detach();
  // settings (expiry), insert, bulk update (the lots are in the account update), marks — plus, for the missing member: read of the targets,
  // its single-path refusal (update, read, reject)
  expect(counts.total).toBe(8);
  expect(result.filter((r) => r.ok)).toHaveLength(30);
  expect(result[29]).toMatchObject({ ok: false, error: { code: 'MEMBER_NOT_FOUND' } });
  expect(result[30]).toEqual(result[0]);
  const after = await balances(ids);
  for (const id of ids) expect(after.get(id)).toBe((before.get(id) ?? 0) + 50);
  // each grant's points sit in its account lot (one per expiry), with the balance
  const accounts = await memberModel(app.conn).find({ _id: { $in: ids } }, { points: 1 }).lean();
  const key = lotKey(result[0].ok ? result[0].entry.expiresAt : null);
  for (const a of accounts) expect(a.points.lots?.[key]).toBeGreaterThanOrEqual(50);

  const again = await app.services.points.earnMany(grants.slice(0, 29));
  expect(again.map((r) => r.ok && String(r.entry._id))).toEqual(result.slice(0, 29).map((r) => r.ok && String(r.entry._id)));
  expect(await balances(ids)).toEqual(after);
  expect(await entryModel(app.conn).countDocuments({ source: 'campaign', state: 'applied' })).toBe(29);
});

test('a crash after the balances moved, before the entries are marked: the repair job finishes each grant once', async () => {
  const ids = [(await app.login()).member.id, (await app.login()).member.id];
  const before = await balances(ids);
  let crash = true;
  const ledger = createLedger({ conn: app.conn, clock: app.clock, logger: createLogger('silent'), memberSlice: app.services.members.slice('points'), failpoint: (w) => {
    if (crash && w === 'mark') throw new Error('crash');
  } });
  const movements = ids.map((memberId, i) => ({ memberId, kind: 'earn' as const, reason: 'campaign', source: 'campaign', reference: `crash-${i}`, leg: 'grant', delta: 70, expiresAt: new Date(app.clock.now().getTime() + 86400_000) }));
  await expect(ledger.applyMany(movements)).rejects.toThrow('crash');
  crash = false;
  expect(await entryModel(app.conn).countDocuments({ reference: /^crash-/, state: 'pending' })).toBe(2);
  app.clock.travel(120_000);
  await app.services.points.ledger.repairPending();
  const after = await balances(ids);
  for (const id of ids) expect(after.get(id)).toBe((before.get(id) ?? 0) + 70);
  expect(await entryModel(app.conn).countDocuments({ reference: /^crash-/, state: 'applied' })).toBe(2);
  // the same batch again returns the settled entries and credits nothing
  const again = await app.services.points.earnMany(ids.map((memberId, i) => ({ memberId, amount: 70, reason: 'campaign', source: 'campaign', reference: `crash-${i}`, leg: 'grant' })));
  expect(again.every((r) => r.ok)).toBe(true);
  expect(await balances(ids)).toEqual(after);
});
