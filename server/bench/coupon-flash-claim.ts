/**
 * Benchmark (not a test): a flash claim — 2,000 concurrent claimants on a
 * template with stock 500. Prints claims/s, p50/p99 latency, the error
 * breakdown and the final invariant check (coupons == stock taken == 500).
 *   npx tsx server/bench/coupon-flash-claim.ts [claimants=2000] [stock=500]
 * Uses MONGODB_URI when set, else starts the embedded engine in memory.
 */
import { startEngine } from '../src/platform/db/engine';
import { connectDb } from '../src/platform/db/connect';
import { systemClock } from '../src/platform/clock';
import { createClaimer } from '../src/coupons/claim';
import { createLifecycle } from '../src/coupons/lifecycle';
import { couponModel, templateModel } from '../src/coupons/model';
import { memberModel } from '../src/members/model';
import { ensureIndexes } from '../src/services';

const CLAIMANTS = Number(process.argv[2] ?? 2000);
const STOCK = Number(process.argv[3] ?? 500);

(async () => {
  const engine = await startEngine({ uri: process.env.MONGODB_URI, dbName: `bench_flash_${Date.now()}`, skipMongod: true });
  console.log(`engine: ${engine.description}`);
  const conn = await connectDb(engine.uri);
  const Template = templateModel(conn);
  const Coupon = couponModel(conn);
  const Member = memberModel(conn);
  await Promise.all([Template.init(), Coupon.init(), Member.init()]);
  await ensureIndexes(conn);
  const now = new Date();
  const t = await Template.create({
    name: '秒杀 满1000减200', type: 'full_reduction', amountOffFen: 20000, thresholdFen: 100000, storeIds: [], tiers: [], perMemberLimit: 1,
    totalStock: STOCK, claimed: 0, claimFrom: null, claimTo: null, validity: { mode: 'relative', days: 7 }, channel: 'claim_center',
    pointsCost: null, allowPoints: true, refundReturn: true, description: '', status: 'active', createdAt: now, updatedAt: now,
  });
  const members = (await Member.insertMany(Array.from({ length: CLAIMANTS }, (_, i) => ({ openid: `flash-${i}`, nickname: `m${i}`, roles: ['member'], createdAt: now, lastLoginAt: now })))).map((m) => String(m._id));
  const claimer = createClaimer({ conn, clock: systemClock, tierOf: async () => 'normal', lifecycle: createLifecycle({ conn, clock: systemClock }) });

  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const started = process.hrtime.bigint();
  await Promise.all(
    members.map(async (memberId) => {
      const t0 = process.hrtime.bigint();
      try {
        await claimer.claim({ memberId, templateId: String(t._id), channel: 'claim_center' });
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'UNEXPECTED';
        errors.set(code, (errors.get(code) ?? 0) + 1);
      }
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  const coupons = await Coupon.countDocuments({ templateId: t._id });
  const claimed = (await Template.findById(t._id).lean())!.claimed;
  const dupMembers = await Coupon.aggregate([{ $match: { templateId: t._id } }, { $group: { _id: '$memberId', n: { $sum: 1 } } }, { $match: { n: { $gt: 1 } } }]);
  console.log(`flash claim: ${CLAIMANTS} concurrent claimants, stock ${STOCK}`);
  console.log(`  ${(CLAIMANTS / seconds).toFixed(0)} claim attempts/s, ${(coupons / seconds).toFixed(0)} successful claims/s over ${seconds.toFixed(2)} s`);
  console.log(`  latency p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms`);
  console.log(`  errors: ${[...errors.entries()].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  const ok = coupons === STOCK && claimed === STOCK && dupMembers.length === 0 && (errors.get('COUPON_OUT_OF_STOCK') ?? 0) === CLAIMANTS - STOCK;
  console.log(`  invariant: coupons ${coupons}, stock taken ${claimed}, members with >1 coupon ${dupMembers.length} → ${ok ? 'OK' : 'VIOLATED'}`);
  await conn.dropDatabase();
  await conn.close();
  await engine.stop();
  process.exit(ok ? 0 : 1);
})();
