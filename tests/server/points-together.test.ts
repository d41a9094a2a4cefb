/**
 * points.captureAndEarn (platform/effects/entries-together.ts): an order's capture and earn are two
 * entries applied in ONE account update — exactly once under concurrency and duplicates, the same
 * results as one by one, and a crash at any write converges through the repair job.
 */
import { randomUUID } from 'node:crypto';
import { memberModel } from '../../server/src/members/model';
import { entryModel } from '../../server/src/points/model';
import { createLedger } from '../../server/src/points/ledger';
import type { EntryWrite } from '../../server/src/platform/effects/entries';
import { countCommands } from '../../server/src/platform/db/commands';
import { createLogger } from '../../server/src/platform/logger';
import { dropTestDb, testDbUri } from '../support/db';
import { startTestApp, type TestApp } from '../support/app';
import { parallel } from '../support/http';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ dbUri: `${testDbUri('together')}?monitorCommands=true` });
});
afterAll(async () => {
  await dropTestDb(app.conn);
  await app.close();
});

const account = async (id: string) => (await memberModel(app.conn).findById(id, { points: 1 }).lean())!.points;

/** a member with exactly `balance` points (the welcome points spent first) of which `held` are held for order `ref` */
async function memberHolding(balance: number, held: number, ref: string) {
  const id = await freshMember();
  await app.services.points.earn({ memberId: id, amount: balance, reason: 'admin', source: 'test', reference: `seed-${ref}`, leg: 'earn' });
  await app.services.points.hold({ memberId: id, amount: held, reason: 'checkout', source: 'order', reference: ref, leg: 'hold' });
  return id;
}
async function freshMember() {
  const id = (await app.login()).member.id;
  const welcome = (await account(id)).balance;
  if (welcome > 0) await app.services.points.spend({ memberId: id, amount: welcome, reason: 'admin', source: 'test', reference: `zero-${id}`, leg: 'spend' });
  return id;
}
const capture = (memberId: string, ref: string, amount: number) => ({ memberId, amount, reason: 'checkout', source: 'order', reference: ref, leg: 'capture' });
const earn = (memberId: string, ref: string, amount: number) => ({ memberId, amount, reason: 'purchase', source: 'order', reference: ref, leg: 'earn', expiryYears: 1 });

test('capture and earn: two applied entries, one account update (3 commands), balances as if applied one after the other', async () => {
  const ref = randomUUID();
  const id = await memberHolding(1000, 300, ref);
  const counter = countCommands(app.conn);
  const { result, counts } = await counter.measure(() => app.services.points.captureAndEarn(capture(id, ref, 300), earn(id, ref, 40)));
  counter.detach();
  expect(counts.total).toBe(3); // insert both, one guarded update of the account, mark both
  expect(result.captured).toMatchObject({ state: 'applied', delta: -300, heldDelta: -300, balanceAfter: 700 });
  expect(result.earned).toMatchObject({ state: 'applied', delta: 40, balanceAfter: 740 });
  expect(await account(id)).toMatchObject({ balance: 740, held: 0, available: 740 });
  const entries = await entryModel(app.conn).find({ reference: ref, leg: { $in: ['capture', 'earn'] } }).lean();
  expect(entries.map((e) => e.state).sort()).toEqual(['applied', 'applied']);
});

test('20 concurrent runs of the same paid order apply the capture and the earn once each', async () => {
  const ref = randomUUID();
  const id = await memberHolding(500, 200, ref);
  const outs = await parallel(20, () => app.services.points.captureAndEarn(capture(id, ref, 200), earn(id, ref, 25)).catch((e: Error) => e));
  const ok = outs.filter((o) => !(o instanceof Error)) as { captured: { _id: unknown }; earned: { _id: unknown } }[];
  expect(ok.length).toBeGreaterThan(0);
  for (const o of outs) if (o instanceof Error) expect((o as { code?: string }).code).toBe('SERVICE_UNAVAILABLE'); // a twin still finishing: retriable
  expect(new Set(ok.map((o) => String(o.captured._id))).size).toBe(1);
  expect(await account(id)).toMatchObject({ balance: 325, held: 0, available: 325 });
  expect(await entryModel(app.conn).countDocuments({ reference: ref, state: 'applied', leg: { $in: ['capture', 'earn'] } })).toBe(2);
});

test('a capture whose hold is missing is refused on its own; the earn still applies', async () => {
  const id = await freshMember();
  const ref = randomUUID();
  await expect(app.services.points.captureAndEarn(capture(id, ref, 100), earn(id, ref, 10))).rejects.toMatchObject({ code: 'POINTS_HELD_INSUFFICIENT' });
  expect(await account(id)).toMatchObject({ balance: 10, held: 0 });
  // the same order again: the refusal is kept, the earn is not credited twice
  await expect(app.services.points.captureAndEarn(capture(id, ref, 100), earn(id, ref, 10))).rejects.toMatchObject({ code: 'POINTS_HELD_INSUFFICIENT' });
  expect((await account(id)).balance).toBe(10);
});

test.each(['target', 'mark'] as EntryWrite[])('a crash before the %s write: the repair job (or a retry) converges to one capture and one earn', async (at) => {
  const ref = randomUUID();
  const id = await memberHolding(800, 100, ref);
  let crash = true;
  const ledger = createLedger({ conn: app.conn, clock: app.clock, logger: createLogger('silent'), memberSlice: app.services.members.slice('points'), failpoint: (w) => {
    if (crash && w === at) throw new Error('crash');
  } });
  const moves = [
    { memberId: id, kind: 'capture' as const, reason: 'checkout', source: 'order', reference: ref, leg: 'capture', delta: -100, heldDelta: -100 },
    { memberId: id, kind: 'earn' as const, reason: 'purchase', source: 'order', reference: ref, leg: 'earn', delta: 30, expiresAt: new Date(app.clock.now().getTime() + 86400_000 * 300) },
  ];
  await expect(ledger.applyTogether(moves)).rejects.toThrow('crash');
  crash = false;
  expect(await entryModel(app.conn).countDocuments({ reference: ref, leg: { $in: ['capture', 'earn'] }, state: 'pending' })).toBe(2);
  expect((await account(id)).balance).toBe(at === 'target' ? 800 : 730);
  app.clock.travel(120_000);
  await app.services.points.ledger.repairPending();
  expect(await account(id)).toMatchObject({ balance: 730, held: 0, available: 730 });
  expect(await entryModel(app.conn).countDocuments({ reference: ref, leg: { $in: ['capture', 'earn'] }, state: 'applied' })).toBe(2);
  const again = await app.services.points.captureAndEarn(capture(id, ref, 100), earn(id, ref, 30));
  expect(again.earned).toMatchObject({ state: 'applied' });
  expect((await account(id)).balance).toBe(730);
});
