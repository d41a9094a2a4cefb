/**
 * Benchmark (not a test): does a hot-path operation cost the same with 1,000
 * members as with 100,000? Issue #12's goal: time per operation at 100k
 * ≤ 1.5× the time at 1k, for a member card read, a points spend, a coupon
 * claim and a paid order (quote → create → notification → after-paid steps).
 *
 * History is real, not invented: a template shopper goes through the real API
 * (three paid orders with coupon and points, spends, claims), then its
 * documents in every member-owned collection (members, points entries and
 * lots, growth entries, coupons, orders, payment intents and notifications,
 * order-number reservations, audit) are cloned per seeded member with fresh
 * ids, every id of the template rewritten, unique keys kept unique.
 * The raw driver's findOne by _id on `members` is timed in the same run as the
 * baseline (what a lookup costs on this engine at this size).
 *   npx tsx server/bench/scale.ts [small=1000] [large=100000] [runs=15]
 * Uses MONGODB_URI when set, else starts the embedded engine: in memory, or on an H2 file under SCALE_DATA_DIR.
 */
import os from 'node:os';
import { startEngine } from '../src/platform/db/engine';
import { startTestApp, type TestApp } from '../../tests/support/app';
import { prepareOperations, type Operation } from '../../tests/support/command-ops';
import { benchUri, fmt, ms, pct, runOnApp } from './support';
import { cloneHistory, captureTemplate } from './scale-clone';

const SMALL = Number(process.argv[2] ?? 1_000);
const LARGE = Number(process.argv[3] ?? 100_000);
const RUNS = Number(process.argv[4] ?? 15);
const TIMED: Operation[] = ['member card read', 'points spend', 'coupon claim', 'paid order'];

type Figures = Record<string, { median: number; p90: number; commands: number }>;

async function measure(app: TestApp, ops: Awaited<ReturnType<typeof prepareOperations>>, anyMemberId: unknown): Promise<Figures> {
  const out: Figures = {};
  const members = app.conn.db!.collection('members');
  const raw: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const t = process.hrtime.bigint();
    await members.findOne({ _id: anyMemberId as never });
    if (i >= 3) raw.push(ms(t));
  }
  out['raw findOne by _id (baseline)'] = { median: pct(raw, 50), p90: pct(raw, 90), commands: 1 };
  for (const op of TIMED) {
    const times: number[] = [];
    let commands = 0;
    for (let i = 0; i < RUNS + 3; i++) {
      const t = process.hrtime.bigint();
      const c = await ops.run(op);
      if (i >= 3) times.push(ms(t));
      commands = c.total;
    }
    out[op] = { median: pct(times, 50), p90: pct(times, 90), commands };
  }
  return out;
}

function print(size: number, f: Figures): void {
  console.log(`\nat ${size.toLocaleString()} members (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}):`);
  for (const [op, v] of Object.entries(f)) {
    console.log(`  ${op.padEnd(30)} median ${fmt(v.median).padStart(8)} ms   p90 ${fmt(v.p90).padStart(8)} ms   ${String(v.commands).padStart(3)} commands`);
  }
}

(async () => {
  const dbName = `bench_scale_${Date.now()}`;
  // SCALE_DATA_DIR: the embedded engine's H2 file store (the product's default) — the in-memory store does not hold
  // 100,000 members' history (≈3.7 M documents) in a 16 GB heap
  const engine = await startEngine({ uri: process.env.MONGODB_URI, dbName, skipMongod: true, dataDir: process.env.SCALE_DATA_DIR });
  console.log(`engine: ${engine.description}; sizes ${SMALL.toLocaleString()} → ${LARGE.toLocaleString()} members, ${RUNS} timed runs per operation`);
  // long seeding inserts on a loaded machine: let the driver's monitor wait rather than drop the pool
  const start = () => startTestApp({ dbUri: `${benchUri(engine.uri, dbName)}&connectTimeoutMS=120000&heartbeatFrequencyMS=30000`, dropOnClose: false });
  await runOnApp(engine, start, async (app) => {
    let ok = true;
    const ops = await prepareOperations(app);
    // the template shopper: its own account and real history through the real API
    const history = await prepareOperations(app);
    for (let i = 0; i < 3; i++) await history.run('paid order');
    for (let i = 0; i < 4; i++) await history.run('points spend');
    await history.run('coupon claim');
    history.counter.detach();
    const template = await captureTemplate(app.conn, history.shopper.member.id);
    console.log(`template history per member: ${Object.entries(template.counts).map(([c, n]) => `${c} ${n}`).join(', ')}`);

    let seeded = 0;
    const grow = async (to: number) => {
      const t0 = Date.now();
      seeded = await cloneHistory(app.conn, template, seeded, to, (done) => {
        const s = (Date.now() - t0) / 1000;
        console.log(`  seeded ${done.toLocaleString()} / ${to.toLocaleString()} members (${s.toFixed(0)} s, ${Math.round((done - seeded) / Math.max(s, 0.001))} members/s)`);
      });
    };
    await grow(SMALL);
    const small = await measure(app, ops, template.lastMemberId);
    print(SMALL, small);
    await grow(LARGE);
    const large = await measure(app, ops, template.lastMemberId);
    print(LARGE, large);

    console.log(`\ntime at ${LARGE.toLocaleString()} ÷ time at ${SMALL.toLocaleString()} (goal ≤ 1.5×, medians):`);
    for (const op of Object.keys(small)) {
      const ratio = large[op].median / small[op].median;
      const goal = op.includes('baseline') ? '' : ratio <= 1.5 ? 'within' : 'OVER';
      if (goal === 'OVER') ok = false;
      console.log(`  ${op.padEnd(30)} ${fmt(ratio, 2).padStart(6)}×  ${goal}`);
    }
    return ok;
  });
})();
