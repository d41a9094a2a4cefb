/**
 * Benchmark (not a test): the console's member list and searches at N members
 * (default 100,000) on the embedded engine, through the console's read model
 * with scope (the dashboard's first screen is timed by server/bench/console.ts),
 * next to the raw driver's findOne by _id on the same engine in the same run.
 * Targets from issue #14: member search < 300 ms. Prints progress while seeding.
 *   npx tsx server/bench/console-members.ts [members=100000]
 * Uses MONGODB_URI when set, else starts the embedded engine in memory.
 */
import { Types } from 'mongoose';
import { startEngine } from '../src/platform/db/engine';
import { connectDb } from '../src/platform/db/connect';
import { systemClock } from '../src/platform/clock';
import { ensureIndexes } from '../src/services';
import { createMembersService } from '../src/members/service';
import { createMembersConsole } from '../src/members/console';
import { createStoresService } from '../src/stores/service';
import { createAuditService } from '../src/system/audit';
import { createConsoleViews, type ConsoleViewDeps } from '../src/console/views';
import type { Identity } from '../src/platform/http/context';

const N = Number(process.argv[2] ?? 100_000);
const RUNS = 15;

async function median(label: string, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const m = times[Math.floor(times.length / 2)];
  console.log(`${label.padEnd(44)} median ${m.toFixed(1).padStart(7)} ms   p90 ${times[Math.floor(times.length * 0.9)].toFixed(1).padStart(7)} ms`);
  return m;
}

(async () => {
  const engine = await startEngine({ uri: process.env.MONGODB_URI, dbName: `bench_console_${Date.now()}`, skipMongod: true });
  console.log(`engine: ${engine.description}; members: ${N.toLocaleString()}`);
  const conn = await connectDb(engine.uri);
  await ensureIndexes(conn);
  const stores = createStoresService({ conn, clock: systemClock, chainId: 'bench' });
  const storeIds: string[] = [];
  for (const code of ['B1', 'B2', 'B3']) {
    storeIds.push(String((await stores.upsert({ code, name: `门店${code}`, city: '上海', address: '路', phone: '021', location: { lat: 31, lng: 121 } }))._id));
  }
  const col = conn.db!.collection('members');
  const started = Date.now();
  const BATCH = 2000;
  const year = 365 * 86400_000;
  for (let i = 0; i < N; i += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, N - i) }, (_, k) => {
      const n = i + k;
      const created = new Date(started - year + Math.floor((n / N) * year));
      return {
        _id: Types.ObjectId.createFromTime(Math.floor(created.getTime() / 1000)),
        openid: `bench-${n}`,
        nickname: `会员${n}`,
        phone: `13${String(n).padStart(9, '0')}`,
        cardNo: String(1_000_000_000 + n),
        roles: ['member'],
        staffStoreId: null,
        tierCode: ['normal', 'silver', 'gold', 'diamond'][n % 4],
        preferredStoreId: new Types.ObjectId(storeIds[n % 3]),
        points: { balance: n % 5000, held: 0, available: n % 5000, inflight: [] },
        growth: n % 20000,
        createdAt: created,
        lastLoginAt: created,
      };
    });
    await col.insertMany(docs, { ordered: false });
    if ((i / BATCH) % 10 === 0 || i + BATCH >= N) {
      process.stdout.write(`\rseeding ${Math.min(N, i + BATCH).toLocaleString()} / ${N.toLocaleString()} (${Math.round((Date.now() - started) / 1000)} s)`);
    }
  }
  console.log('');

  const members = createMembersService({ conn, clock: systemClock });
  const views = createConsoleViews({
    clock: systemClock,
    members,
    membersConsole: createMembersConsole({ conn }),
    stores,
    audit: createAuditService({ conn, clock: systemClock }),
    membership: { getSettings: async () => ({ tiers: [] }) },
  } as unknown as ConsoleViewDeps);
  const admin: Identity = { memberId: new Types.ObjectId().toHexString(), sessionId: 's', roles: ['member', 'admin'], staffStoreId: null, channel: 'console' };
  const manager: Identity = { ...admin, roles: ['member', 'staff', 'manager'], staffStoreId: storeIds[1] };
  const someId = (await col.findOne({ openid: `bench-${Math.floor(N / 2)}` }))!._id;
  const mid = Math.floor(N / 2);

  const base = await median('baseline: raw findOne by _id', () => col.findOne({ _id: someId }));
  await median('first screen: members, all stores', () => views.members(admin, { limit: 20 }));
  await median('first screen: members, manager (one store)', () => views.members(manager, { limit: 20 }));
  const first = await views.members(admin, { limit: 20 });
  await median('second page by key', () => views.members(admin, { limit: 20, after: first.next! }));
  const card = await median('search: exact card number (unique index)', () => views.members(admin, { q: String(1_000_000_000 + mid), limit: 20 }));
  const phone = await median('search: exact phone', () => views.members(admin, { q: `13${String(mid).padStart(9, '0')}`, limit: 20 }));
  await median('search: nickname fragment', () => views.members(admin, { q: `会员${mid}`, limit: 20 }));
  await median('filter: tier gold + registered last 30 days', () =>
    views.members(admin, { tier: 'gold', from: new Date(Date.now() - 30 * 86400_000).toISOString().slice(0, 10), limit: 20 }),
  );
  console.log(`card search / baseline ${(card / base).toFixed(1)}×, phone search / baseline ${(phone / base).toFixed(1)}× (target: search < 300 ms)`);
  await conn.close();
  await engine.stop();
  process.exit(0);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
