/**
 * Benchmark (not a test): points spend throughput through our ledger (entry
 * with idempotency key + guarded member update + FIFO lot consumption) with 50
 * concurrent clients, against the raw MongoDB driver doing only the guarded
 * `$inc` on the same engine in the same run. Read the ratio: the machines are
 * shared and noisy.
 *   npx tsx server/bench/points-spend.ts [spends=2000] [clients=50]
 * Uses MONGODB_URI when set, else starts the embedded engine in memory.
 */
import { Types } from 'mongoose';
import { startEngine } from '../src/platform/db/engine';
import { connectDb } from '../src/platform/db/connect';
import { systemClock } from '../src/platform/clock';
import { createLogger } from '../src/platform/logger';
import { createPointsService } from '../src/points/service';
import { memberModel } from '../src/members/model';
import { createMemberSlice } from '../src/members/slices';
import { ensureIndexes } from '../src/services';

const SPENDS = Number(process.argv[2] ?? 2000);
const CLIENTS = Number(process.argv[3] ?? 50);

async function runConcurrently(total: number, clients: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        await op(i);
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

(async () => {
  const engine = await startEngine({ uri: process.env.MONGODB_URI, dbName: `bench_${Date.now()}`, skipMongod: true });
  console.log(`engine: ${engine.description}`);
  const conn = await connectDb(engine.uri);
  const points = createPointsService({ conn, clock: systemClock, logger: createLogger('silent'), memberSlice: createMemberSlice(conn, 'points'), expiryYears: async () => 1 });
  const Member = memberModel(conn);
  await Member.init();
  await ensureIndexes(conn);
  const now = new Date();
  const mk = async (openid: string) =>
    (await Member.create({ openid, nickname: 'bench', roles: ['member'], createdAt: now, lastLoginAt: now, points: { balance: 0, held: 0, available: 0, inflight: [] } }))._id;

  // Ours: the full ledger path.
  const ours = await mk('bench-ours');
  await points.earn({ memberId: String(ours), amount: SPENDS * 10, reason: 'purchase', source: 'bench', reference: 'seed', leg: 'earn' });
  const oursSec = await runConcurrently(SPENDS, CLIENTS, (i) =>
    points.spend({ memberId: String(ours), amount: 3, reason: 'checkout', source: 'bench', reference: `spend-${i}`, leg: 'spend' }),
  );

  // Baseline: the raw driver, only the guarded $inc on the member document.
  const raw = await mk('bench-raw');
  const col = conn.db!.collection('members');
  await col.updateOne({ _id: raw as Types.ObjectId }, { $set: { 'points.balance': SPENDS * 10, 'points.available': SPENDS * 10 } });
  const rawSec = await runConcurrently(SPENDS, CLIENTS, () =>
    col.findOneAndUpdate({ _id: raw as Types.ObjectId, 'points.available': { $gte: 3 } }, { $inc: { 'points.balance': -3, 'points.available': -3 } }),
  );

  const o = await Member.findById(ours).lean();
  const r = await Member.findById(raw).lean();
  console.log(`${SPENDS} spends of 3 points by ${CLIENTS} concurrent clients:`);
  console.log(`  ledger (entry + guarded update + lots)  ${(SPENDS / oursSec).toFixed(0)} spends/s   balance left ${o!.points.balance}`);
  console.log(`  raw driver guarded $inc (baseline)      ${(SPENDS / rawSec).toFixed(0)} spends/s   balance left ${r!.points.balance}`);
  console.log(`  ratio ledger/baseline                   ${(rawSec / oursSec).toFixed(2)}`);
  await conn.dropDatabase();
  await conn.close();
  await engine.stop();
})();
