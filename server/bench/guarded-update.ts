/**
 * Which guarded-update shapes the embedded engine serves from the `_id` index
 * (raw driver, no app): `npx tsx server/bench/guarded-update.ts [members] [ops]`.
 * Two engines in one run: the stock planner of mongo-java-server uses an index
 * only when the filter's fields are exactly the index's (`{_id}`, `{_id: {$in}}`,
 * or a unique index's fields by equality), so `{_id, balance: {$gte}}` — the
 * guarded debit — scans the collection; our launcher's planner (engine/Launch.java)
 * takes the candidates from the `_id` index and matches the whole filter on them,
 * as MongoDB does. (The guard cannot move into `arrayFilters` instead: this
 * engine evaluates the array filter again after each updated path, which the
 * last line shows; a real MongoDB evaluates it once, before the update.)
 */
import { MongoClient, ObjectId, type Collection, type Document } from 'mongodb';
import { startJavaEngine } from '../src/platform/db/java-engine';
import { fmt, ms } from './support';

const N = Number(process.argv[2] ?? 20_000);
const OPS = Number(process.argv[3] ?? 200);

async function run(stockPlan: boolean) {
  const engine = await startJavaEngine({ dbName: 'guarded', stockPlan });
  const client = await MongoClient.connect(engine.uri);
  const col: Collection<Document> = client.db('guarded').collection('accounts');
  const ids: ObjectId[] = [];
  for (let b = 0; b < N; b += 1000) {
    const docs = Array.from({ length: Math.min(1000, N - b) }, () => {
      const _id = new ObjectId();
      ids.push(_id);
      return { _id, balance: 1_000_000, acct: [{ available: 1_000_000, inflight: [] as ObjectId[] }] };
    });
    await col.insertMany(docs);
  }
  const pick = () => ids[Math.floor(Math.random() * ids.length)];
  const shapes: [string, (id: ObjectId) => Promise<unknown>][] = [
    ['findOne {_id} (baseline)', (id) => col.findOne({ _id: id })],
    ['findOneAndUpdate {_id}', (id) => col.findOneAndUpdate({ _id: id }, { $inc: { balance: -1 } })],
    ['findOneAndUpdate {_id, balance ≥}', (id) => col.findOneAndUpdate({ _id: id, balance: { $gte: 1 } }, { $inc: { balance: -1 } })],
    ['findOneAndUpdate {_id: {$in}, balance ≥}', (id) => col.findOneAndUpdate({ _id: { $in: [id] }, balance: { $gte: 1 } }, { $inc: { balance: -1 } })],
    ['findOneAndUpdate {$and: [{_id}, {balance ≥}]}', (id) => col.findOneAndUpdate({ $and: [{ _id: id }, { balance: { $gte: 1 } }] }, { $inc: { balance: -1 } })],
    ['findOneAndUpdate {_id} + arrayFilters guard', (id) => col.findOneAndUpdate({ _id: id }, { $inc: { 'acct.$[a].available': -1 } }, { arrayFilters: [{ 'a.available': { $gte: 1 } }] })],
  ];
  console.log(`${stockPlan ? "the engine's stock planner" : "our launcher's planner"}: guarded updates on the embedded engine, ${N} documents, ${OPS} operations each (ms per operation):`);
  for (const [name, op] of shapes) {
    await op(pick());
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < OPS; i++) await op(pick());
    console.log(`  ${name.padEnd(48)} ${fmt(ms(t0) / OPS, 2)}`);
  }
  if (stockPlan) {
    await client.close();
    return engine.stop();
  }
  // The array filter re-evaluated per path: 200 concurrent debits of 7 on 1,000 with the id pushed in the same update.
  const id = new ObjectId();
  await col.insertOne({ _id: id, acct: [{ available: 1000, inflight: [] }] });
  await Promise.all(
    Array.from({ length: 200 }, () => {
      const e = new ObjectId();
      return col.findOneAndUpdate({ _id: id }, { $inc: { 'acct.$[a].available': -7 }, $push: { 'acct.$[a].inflight': e } } as never, { arrayFilters: [{ 'a.available': { $gte: 7 }, 'a.inflight': { $ne: e } }] });
    }),
  );
  const acct = (await col.findOne({ _id: id }))!.acct[0] as { available: number; inflight: unknown[] };
  console.log(`  arrayFilters, 200 concurrent debits of 7 on 1,000: ${(1000 - acct.available) / 7} debits applied, ${acct.inflight.length} ids pushed (equal on MongoDB)`);
  await client.close();
  await engine.stop();
}

async function main() {
  await run(true);
  await run(false);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
