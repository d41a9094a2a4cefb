/**
 * Benchmark (not a test): the console's member list and searches at 1,000 and 100,000 members (or the sizes
 * given) on the embedded engine, through the console's read model with scope, next to raw-driver baselines on
 * the same engine in the same run: a findOne by _id (the floor), and the old list query (find + sort by _id
 * + limit: a scan and sort of every member on this engine). The smallest size is seeded as an older database
 * holds members (no registration numbers, no phone index), so the run times the two backfill jobs; larger
 * sizes are seeded as the code writes them now (number and phone entry at registration). Each size times the
 * list before the backfill is marked done (the plain queries) and after (by number). Prints progress while seeding.
 * Targets from issue #14: member search < 300 ms, and a page of the list not growing with the members.
 *   npx tsx server/bench/console-members.ts [sizes=1000,100000]
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
import { benchUri, fmt, ms, pct } from './support';

const SIZES = (process.argv[2] ?? '1000,100000').split(',').map(Number);
const RUNS = 9;

async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    xs.push(ms(t0));
  }
  const p50 = pct(xs, 50);
  console.log(`  ${label.padEnd(52)} p50 ${fmt(p50).padStart(8)} ms   p90 ${fmt(pct(xs, 90)).padStart(8)} ms`);
  return p50;
}

async function run(engineUri: string, N: number): Promise<Record<string, number>> {
  console.log(`\n== ${N.toLocaleString()} members`);
  const conn = await connectDb(benchUri(engineUri, `bench_members_${N}_${Date.now()}`));
  const stores = createStoresService({ conn, clock: systemClock, chainId: 'bench' });
  const members = createMembersService({ conn, clock: systemClock });
  const membersConsole = createMembersConsole({ conn, phones: members.phones, list: members.list });
  await ensureIndexes(conn);
  const storeIds: string[] = [];
  for (const code of ['B1', 'B2', 'B3']) {
    storeIds.push(String((await stores.upsert({ code, name: `门店${code}`, city: '上海', address: '路', phone: '021', location: { lat: 31, lng: 121 } }))._id));
  }
  const col = conn.db!.collection('members');
  const started = Date.now();
  const BATCH = 2000;
  const year = 365 * 86400_000;
  const legacy = N === Math.min(...SIZES);
  for (let i = 0; i < N; i += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, N - i) }, (_, k) => {
      const n = i + k;
      const created = new Date(started - year + Math.floor((n / N) * year));
      return {
        _id: Types.ObjectId.createFromTime(Math.floor(created.getTime() / 1000)),
        openid: `bench-${n}`,
        nickname: `会员${n}`,
        // 70% bound a phone (as the demo history)
        phone: n % 10 < 7 ? `13${String(n).padStart(9, '0')}` : null,
        cardNo: String(1_000_000_000 + n),
        roles: ['member'],
        staffStoreId: null,
        tierCode: ['normal', 'silver', 'gold', 'diamond'][n % 4],
        preferredStoreId: new Types.ObjectId(storeIds[n % 3]),
        points: { balance: n % 5000, held: 0, available: n % 5000, inflight: [] },
        growth: n % 20000,
        createdAt: created,
        lastLoginAt: created,
        ...(legacy ? {} : { seq: n + 1 }),
      };
    });
    await col.insertMany(docs, { ordered: false });
    if (!legacy) {
      await conn.db!.collection('member_phones').insertMany(docs.filter((d) => d.phone).map((d) => ({ _id: d.phone as never, memberIds: [d._id] })), { ordered: false });
      await conn.db!.collection('member_counters').updateOne({ _id: 'members' as never }, { $set: { seq: i + docs.length } }, { upsert: true });
    }
    if ((i / BATCH) % 5 === 0 || i + BATCH >= N) process.stdout.write(`\r  seeding ${Math.min(N, i + BATCH).toLocaleString()} / ${N.toLocaleString()} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  console.log('');

  const views = createConsoleViews({
    clock: systemClock,
    members,
    membersConsole,
    stores,
    audit: createAuditService({ conn, clock: systemClock }),
    membership: { getSettings: async () => ({ tiers: [] }) },
  } as unknown as ConsoleViewDeps);
  const admin: Identity = { memberId: new Types.ObjectId().toHexString(), sessionId: 's', roles: ['member', 'admin'], staffStoreId: null, channel: 'console' };
  const manager: Identity = { ...admin, roles: ['member', 'staff', 'manager'], staffStoreId: storeIds[1] };
  const mid = Math.floor(N / 2) - (Math.floor(N / 2) % 10); // a member with a phone
  const someId = (await col.findOne({ openid: `bench-${mid}` }))!._id;
  const phone = `13${String(mid).padStart(9, '0')}`;
  const r: Record<string, number> = {};

  console.log(' baselines (raw driver, same engine, same run)');
  r.base = await time('raw findOne by _id', () => col.findOne({ _id: someId }));
  r.rawSort = await time('raw first 20 newest: find().sort({_id:-1}).limit(20)', () => col.find({}).sort({ _id: -1 }).limit(20).toArray());
  r.rawPhone = await time('raw find by phone (non-unique index: a scan here)', () => col.find({ phone }).limit(20).toArray());
  console.log(' before the backfill jobs (older database: plain queries)');
  r.oldFirst = await time('first screen: members, all stores', () => views.members(admin, { limit: 20 }));
  r.oldPhone = await time('search: exact phone (fallback query)', () => views.members(admin, { q: phone, limit: 20 }));
  let t0 = process.hrtime.bigint();
  const numbered = await members.list.backfill();
  console.log(`  job members.sequence: ${numbered.toLocaleString()} numbered${legacy ? '' : ' (none missing: one pass)'} in ${fmt(ms(t0) / 1000)} s`);
  t0 = process.hrtime.bigint();
  if (legacy) {
    const indexed = await members.phones.backfill();
    console.log(`  job members.phone-index: ${indexed.toLocaleString()} phones in ${fmt(ms(t0) / 1000)} s`);
  } else {
    // Entries were written at registration: the job's first pass ran when the chain was small, only its mark is needed here.
    await conn.db!.collection('member_phones').insertOne({ _id: '~backfill' as never, memberIds: [], doneAt: new Date() });
  }
  console.log(' after (by registration number and phone key)');
  r.first = await time('first screen: members, all stores', () => views.members(admin, { limit: 20 }));
  r.manager = await time('first screen: manager (one store of three)', () => views.members(manager, { limit: 20 }));
  const first = await views.members(admin, { limit: 20 });
  r.second = await time('second page by key', () => views.members(admin, { limit: 20, after: first.next! }));
  r.card = await time('search: exact card number (unique index)', () => views.members(admin, { q: String(1_000_000_000 + mid), limit: 20 }));
  r.phone = await time('search: exact phone (member_phones by _id)', () => views.members(admin, { q: phone, limit: 20 }));
  r.nick = await time('search: nickname fragment (bounded: ≤ 1000 per request)', () => views.members(admin, { q: `会员${N - 7}`, limit: 20 }));
  r.filter = await time('filter: tier gold + registered last 30 days', () =>
    views.members(admin, { tier: 'gold', from: new Date(Date.now() - 30 * 86400_000).toISOString().slice(0, 10), limit: 20 }),
  );
  console.log(`  first screen ${fmt(r.first)} ms (was ${fmt(r.oldFirst)} ms; raw sort ${fmt(r.rawSort)} ms); phone ${fmt(r.phone)} ms (was ${fmt(r.oldPhone)} ms); ×baseline: first ${fmt(r.first / r.base)}, phone ${fmt(r.phone / r.base)}`);
  await conn.dropDatabase();
  await conn.close();
  return r;
}

(async () => {
  const engine = await startEngine({ uri: process.env.MONGODB_URI, dbName: `bench_members_${Date.now()}`, skipMongod: true });
  console.log(`engine: ${engine.description}; sizes: ${SIZES.join(', ')}`);
  const results = [];
  for (const n of SIZES) results.push([n, await run(engine.uri, n)] as const);
  if (results.length > 1) {
    const [[n0, a], [n1, b]] = [results[0], results[results.length - 1]];
    console.log(`\n${n1.toLocaleString()} / ${n0.toLocaleString()} members: first screen ${fmt(b.first / a.first)}×, manager ${fmt(b.manager / a.manager)}×, second page ${fmt(b.second / a.second)}×, phone ${fmt(b.phone / a.phone)}×, raw findOne ${fmt(b.base / a.base)}×, raw sort ${fmt(b.rawSort / a.rawSort)}×`);
  }
  await engine.stop();
  process.exit(0);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
