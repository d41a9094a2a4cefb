/**
 * The exactly-once effects engine (server/src/platform/effects/) on the real
 * engine, on its own collections: an account with a balance that must never go
 * below zero, entries keyed by an idempotency key, and a step list on a source
 * document. A crash is simulated by a failpoint that throws before a given write;
 * the repair job (after the lease) must converge to exactly one effect.
 */
import { Schema, Types, type Connection, type Model } from 'mongoose';
import { connectDb } from '../../server/src/platform/db/connect';
import { TravelClock } from '../../server/src/platform/clock';
import { createLogger } from '../../server/src/platform/logger';
import { createEntryEngine, modelStore, type EntryBase, type EntryWrite } from '../../server/src/platform/effects/entries';
import { createStepList, type Step } from '../../server/src/platform/effects/steps';
import { dropTestDb, testDbUri } from '../support/db';
import { parallel } from '../support/http';

interface Account {
  _id: Types.ObjectId;
  balance: number;
  inflight: Types.ObjectId[];
  followUps: string[];
}
interface Entry extends EntryBase {
  accountId: Types.ObjectId;
  delta: number;
  balanceAfter: number | null;
}
interface Source {
  _id: Types.ObjectId;
  steps: Record<string, boolean>;
  stepsDone: boolean;
}

let conn: Connection;
let Accounts: Model<Account>;
let Entries: Model<Entry>;
let Sources: Model<Source>;
const clock = new TravelClock();
const logger = createLogger('silent');

beforeAll(async () => {
  conn = await connectDb(testDbUri('effects'));
  Accounts = conn.model<Account>('FxAccount', new Schema<Account>({ balance: Number, inflight: [Schema.Types.ObjectId], followUps: [String] }, { collection: 'fx_accounts', versionKey: false }));
  const entrySchema = new Schema<Entry>(
    { key: String, accountId: Schema.Types.ObjectId, delta: Number, balanceAfter: Number, state: String, rejectCode: String, createdAt: Date, leaseUntil: Date, leaseToken: String },
    { collection: 'fx_entries', versionKey: false },
  );
  entrySchema.index({ key: 1 }, { unique: true, name: 'fx_entries_key_unique' });
  Entries = conn.model<Entry>('FxEntry', entrySchema);
  Sources = conn.model<Source>('FxSource', new Schema<Source>({ steps: Schema.Types.Mixed, stepsDone: Boolean }, { collection: 'fx_sources', versionKey: false }));
  await Entries.createIndexes();
});
afterAll(async () => {
  await dropTestDb(conn);
  await conn.close();
});

function engine(failpoint?: (w: EntryWrite, e: Entry) => void) {
  return createEntryEngine<Entry, Account>({
    Entry: Entries,
    keyIndex: 'fx_entries_key_unique',
    Target: modelStore(Accounts),
    inflight: 'inflight',
    targetId: (e) => e.accountId,
    effect: (e) => ({ guard: e.delta < 0 ? { balance: { $gte: -e.delta } } : {}, update: { $inc: { balance: e.delta } } }),
    projection: { balance: 1 },
    refused: (e, a) => ({ reject: 'POINTS_INSUFFICIENT', detail: `balance ${a?.balance ?? 'missing'} < ${-e.delta}` }),
    // an idempotent follow-up, as points lots are
    after: async (e) => {
      await Accounts.updateOne({ _id: e.accountId, followUps: { $ne: e.key } }, { $push: { followUps: e.key } });
    },
    settled: (_e, moved) => ({ balanceAfter: moved?.balance ?? null }),
    clock,
    logger,
    failpoint,
  });
}

async function newAccount(balance: number): Promise<Types.ObjectId> {
  return (await Accounts.create({ balance, inflight: [], followUps: [] }))._id;
}

/** exactly one applied entry for the key, the balance moved once, the follow-up once, nothing left in flight or pending */
async function expectOnce(accountId: Types.ObjectId, key: string, start: number, delta: number) {
  const a = (await Accounts.findById(accountId).lean())!;
  const entries = await Entries.find({ key }).lean();
  expect(entries).toHaveLength(1);
  expect(entries[0].state).toBe('applied');
  expect(a.balance).toBe(start + delta);
  expect(a.followUps.filter((k) => k === key)).toHaveLength(1);
  expect(a.inflight).toEqual([]);
}

const WRITES: EntryWrite[] = ['target', 'after', 'mark', 'pull'];

test.each(WRITES.map((w) => [w]))('a crash just before the "%s" write is finished by the repair job: exactly one effect', async (write) => {
  const accountId = await newAccount(100);
  const key = `crash-${write}`;
  const crashing = engine((w) => {
    if (w === write) throw new Error(`crash before ${w}`);
  });
  await expect(crashing.apply({ key, accountId, delta: -30, balanceAfter: null })).rejects.toThrow(`crash before ${write}`);
  const healthy = engine();
  // within the lease nobody takes over (the crashed instance might still be alive): a retry is told to come back
  expect(await healthy.repairPending(0)).toBe(write === 'pull' ? 1 : 0); // after the mark, only the settled id is left to pull
  clock.travel(31_000);
  await healthy.repairPending(0);
  await healthy.repairPending(0);
  await expectOnce(accountId, key, 100, -30);
  // the same key again returns the first result and changes nothing
  const again = await healthy.apply({ key, accountId, delta: -30, balanceAfter: null });
  expect(again.state).toBe('applied');
  await expectOnce(accountId, key, 100, -30);
});

test.each(WRITES.map((w) => [w]))('a crash before "%s", then a retry of the same request after the lease: exactly one effect', async (write) => {
  const accountId = await newAccount(50);
  const key = `retry-${write}`;
  await expect(engine((w) => { if (w === write) throw new Error('crash'); }).apply({ key, accountId, delta: 20, balanceAfter: null })).rejects.toThrow('crash');
  clock.travel(31_000);
  const r = await engine().apply({ key, accountId, delta: 20, balanceAfter: null });
  expect(r.state).toBe('applied');
  await engine().repairPending(0); // a settled id left by the crash before "pull"
  await expectOnce(accountId, key, 50, 20);
});

test('a crash while the repair job claims the entry (before "claim") leaves it for the next run: exactly one effect', async () => {
  const accountId = await newAccount(10);
  await expect(engine((w) => { if (w === 'mark') throw new Error('crash'); }).apply({ key: 'claim-1', accountId, delta: 5, balanceAfter: null })).rejects.toThrow();
  clock.travel(31_000);
  await engine((w) => { if (w === 'claim') throw new Error('crash again'); }).repairPending(0);
  await engine().repairPending(0);
  await expectOnce(accountId, 'claim-1', 10, 5);
});

test('20 concurrent applications of one key → one entry, one effect, every caller the same entry', async () => {
  const accountId = await newAccount(0);
  const e = engine();
  const results = await parallel(20, () => e.apply({ key: 'dup-1', accountId, delta: 7, balanceAfter: null }));
  expect(new Set(results.map((r) => String(r._id))).size).toBe(1);
  await expectOnce(accountId, 'dup-1', 0, 7);
});

test('20 concurrent debits of 10 on a balance of 55: exactly 5 applied, the rest rejected for good, never below zero', async () => {
  const accountId = await newAccount(55);
  const e = engine();
  const out = await parallel(20, (i) => e.apply({ key: `debit-${i}`, accountId, delta: -10, balanceAfter: null }).then(() => 'ok', (err: { code?: string }) => err.code));
  expect(out.filter((o) => o === 'ok')).toHaveLength(5);
  expect(out.filter((o) => o === 'POINTS_INSUFFICIENT')).toHaveLength(15);
  const a = (await Accounts.findById(accountId).lean())!;
  expect(a.balance).toBe(5);
  expect(a.inflight).toEqual([]);
  // a rejected key stays rejected, even once the balance would allow it
  await Accounts.updateOne({ _id: accountId }, { $inc: { balance: 100 } });
  const rejectedKey = `debit-${out.indexOf('POINTS_INSUFFICIENT')}`;
  await expect(e.apply({ key: rejectedKey, accountId, delta: -10, balanceAfter: null })).rejects.toMatchObject({ code: 'POINTS_INSUFFICIENT' });
  expect((await Accounts.findById(accountId).lean())!.balance).toBe(105);
});

test('a duplicate while a dead instance holds the lease gets a retriable error, not a second effect', async () => {
  const accountId = await newAccount(0);
  await expect(engine((w) => { if (w === 'after') throw new Error('crash'); }).apply({ key: 'held-1', accountId, delta: 3, balanceAfter: null })).rejects.toThrow();
  const quick = createEntryEngine<Entry, Account>({ ...engineSpec(), waitMs: 50 });
  await expect(quick.apply({ key: 'held-1', accountId, delta: 3, balanceAfter: null })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  expect((await Accounts.findById(accountId).lean())!.balance).toBe(3);
  clock.travel(31_000);
  await engine().repairPending(0);
  await expectOnce(accountId, 'held-1', 0, 3);
});

function engineSpec() {
  return {
    Entry: Entries,
    keyIndex: 'fx_entries_key_unique',
    Target: modelStore(Accounts),
    inflight: 'inflight',
    targetId: (e: Entry) => e.accountId,
    effect: (e: Entry) => ({ guard: {}, update: { $inc: { balance: e.delta } } }),
    projection: { balance: 1 } as Record<string, 0 | 1>,
    refused: () => ({ reject: 'POINTS_INSUFFICIENT' as const, detail: '' }),
    settled: () => ({}),
    clock,
    logger,
  };
}

describe('step lists', () => {
  function list(effects: string[], failAt?: string) {
    const steps: Step<Source>[] = ['a', 'b', 'c'].map((name) => ({
      name,
      due: () => true,
      run: async (s) => {
        if (name === failAt) throw new Error(`crash in ${name}`);
        // each step idempotent by its own key, as ledger entries are
        if (!effects.includes(`${s._id}:${name}`)) effects.push(`${s._id}:${name}`);
      },
    }));
    return createStepList<Source>({ Model: Sources, steps: () => steps, logger, label: 'fx source' });
  }

  test.each([['a'], ['b'], ['c']])('a failure in step %s keeps the marks before it; the job finishes the rest in order, each once', async (failAt) => {
    const effects: string[] = [];
    const src = await Sources.create({ steps: {}, stepsDone: false });
    await expect(list(effects, failAt).run(src._id)).rejects.toThrow(`crash in ${failAt}`);
    const mid = (await Sources.findById(src._id).lean())!;
    const before = ['a', 'b', 'c'].slice(0, ['a', 'b', 'c'].indexOf(failAt));
    expect(Object.keys(mid.steps ?? {}).sort()).toEqual(before);
    expect(mid.stepsDone).toBe(false);
    expect(await list(effects).finishOpen({ _id: src._id }, 10)).toBe(1);
    const done = (await Sources.findById(src._id).lean())!;
    expect(done.stepsDone).toBe(true);
    expect(done.steps).toEqual({ a: true, b: true, c: true });
    expect(effects).toEqual(['a', 'b', 'c'].map((n) => `${src._id}:${n}`));
  });

  test('20 concurrent runners of one list converge: every step once, marked done', async () => {
    const effects: string[] = [];
    const src = await Sources.create({ steps: {}, stepsDone: false });
    const l = list(effects);
    await parallel(20, () => l.run(src._id));
    expect(effects).toEqual(['a', 'b', 'c'].map((n) => `${src._id}:${n}`));
    expect((await Sources.findById(src._id).lean())!.stepsDone).toBe(true);
  });
});
