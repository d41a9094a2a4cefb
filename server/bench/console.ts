/**
 * Benchmark (not a test): the console's first screen on a big chain. Seeds
 * MEMBERS members with a year of history (orders, refunds, coupons, points,
 * bookings, referrals: the demo's planner at scale) on the embedded engine,
 * printing progress, rolls the year up, then times
 *   - 概览 (GET /api/console/dashboard's work): 30 days with today live, again
 *     with today fresh, 90 days, one store — goal < 2 s;
 *   - member search (the console's lookups): by phone, a page by store, by
 *     nickname — goal < 300 ms;
 * each next to a raw-driver baseline in the same run: the same rollup reads by
 * _id, the aggregation over 30 days of orders the rollups avoid, and the same
 * member queries without our code.
 *   npx tsx server/bench/console.ts [members=100000]
 * Uses MONGODB_URI when set, else starts the embedded engine in memory.
 */
import { Types } from 'mongoose';
import { startEngine } from '../src/platform/db/engine';
import { connectDb } from '../src/platform/db/connect';
import { systemClock } from '../src/platform/clock';
import { createLogger } from '../src/platform/logger';
import { ensureIndexes } from '../src/services';
import { Scheduler } from '../src/platform/jobs/scheduler';
import { createStoresService } from '../src/stores/service';
import { createSettingsStore } from '../src/membership/settings';
import { createMembersRollup } from '../src/members/rollup';
import { createOrdersRollup } from '../src/orders/rollup';
import { createCouponsRollup } from '../src/coupons/rollup';
import { createPointsRollup } from '../src/points/rollup';
import { createBookingRollup } from '../src/booking/rollup';
import { createReferralsRollup } from '../src/referrals/rollup';
import { createAnalyticsService } from '../src/analytics/service';
import { createMembersConsole } from '../src/members/console';
import { createMemberPhones } from '../src/members/phones';
import { createMemberList } from '../src/members/list';
import { memberModel } from '../src/members/model';
import { createMemberSlice } from '../src/members/slices';
import { orderModel } from '../src/orders/model';
import { entryModel, lotModel } from '../src/points/model';
import { couponModel } from '../src/coupons/model';
import { bookingModel } from '../src/booking/model';
import { referralModels } from '../src/referrals/model';
import { createGrowthLedger } from '../src/membership/growth';
import { planHistory, type HistoryContext } from '../src/seed/history-plan';
import { addDays, dayOf } from '../src/analytics/range.calc';
import { fmt, ms, pct } from './support';

const MEMBERS = Number(process.argv[2] ?? 100_000);
const DAYS = 365;
const SLICE_DAYS = 15;
const RUNS = 5;

async function time(label: string, fn: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    xs.push(ms(t0));
  }
  console.log(`  ${label.padEnd(58)} p50 ${fmt(pct(xs, 50)).padStart(8)} ms   max ${fmt(Math.max(...xs)).padStart(8)} ms`);
  return xs;
}

(async () => {
  const engine = await startEngine({ uri: process.env.MONGODB_URI, dbName: `bench_console_${Date.now()}`, skipMongod: true });
  console.log(`engine: ${engine.description}`);
  const conn = await connectDb(engine.uri);
  const clock = systemClock;
  const logger = createLogger('silent');
  const stores = createStoresService({ conn, clock, chainId: 'homeclub' });
  createGrowthLedger({ conn, clock, memberSlice: createMemberSlice(conn, 'membership') }); // registers the growth_entries model
  const settings = createSettingsStore({ conn, clock });
  const rollups = {
    members: createMembersRollup({ conn }),
    orders: createOrdersRollup({ conn }),
    coupons: createCouponsRollup({ conn }),
    points: createPointsRollup({ conn }),
    booking: createBookingRollup({ conn }),
    referrals: createReferralsRollup({ conn }),
  };
  const scheduler = new Scheduler({ conn, clock, logger, pollMs: 60_000 });
  const analytics = createAnalyticsService({ conn, clock, logger, scheduler, stores, settings, rollups });
  const membersConsole = createMembersConsole({ conn, phones: createMemberPhones({ conn }), list: createMemberList({ conn }) });
  await ensureIndexes(conn);

  const storeIds: string[] = [];
  for (const [i, name] of ['徐汇店', '浦东店', '西湖店', '南京西路店', '天河店'].entries()) {
    storeIds.push(String((await stores.upsert({ code: `B${i}`, name, city: '上海', address: 'a', phone: '1', location: { lat: 31, lng: 121 } }))._id));
  }
  const s = await settings.get();
  const kinds = ['design', 'visit', 'measure'];
  const ctx: HistoryContext = {
    anchor: clock.now(),
    stores: storeIds.map((id, i) => ({ id, weight: [0.3, 0.25, 0.2, 0.15, 0.1][i], services: kinds.map((kind) => ({ id: String(new Types.ObjectId()), kind, name: kind, attendPoints: 100 })) })),
    newMemberTemplate: { id: String(new Types.ObjectId()), terms: { name: '新人礼 无门槛50元', type: 'no_threshold' } },
    claimTemplate: { id: String(new Types.ObjectId()), terms: { name: '全场9折', type: 'discount' }, percentOffBp: 1000, maxDiscountFen: 50_000, thresholdFen: 100_000 },
    tiers: s.tiers,
    growthPerYuan: s.growthPerYuan,
    pointsPerYuan: s.checkout.pointsPerYuan,
    partner: { memberId: String(new Types.ObjectId()), code: 'BENCH1' },
    reward: { kind: 'points', fixed: 500, bp: 100, refundWindowDays: 7 },
  };
  // The demo planner makes ~3.4 registrations a day at scale 1.
  const scale = MEMBERS / (DAYS * 3.4);
  const m = referralModels(conn);
  const targets = [
    ['members', memberModel(conn)], ['entries', entryModel(conn)], ['lots', lotModel(conn)], ['growth', conn.models.GrowthEntry], ['coupons', couponModel(conn)],
    ['orders', orderModel(conn)], ['bookings', bookingModel(conn)], ['bindings', m.Binding], ['rewards', m.Reward],
  ] as const;
  const totals: Record<string, number> = {};
  const seedStart = process.hrtime.bigint();
  let serial = 0;
  for (let from = 0, tag = 1; from < DAYS; from += SLICE_DAYS, tag++) {
    const plan = planHistory(ctx, { days: DAYS, scale, dayFrom: from, dayTo: Math.min(DAYS, from + SLICE_DAYS), tag, serialFrom: serial });
    serial += plan.members.length;
    for (const [name, model] of targets) {
      const docs = plan[name === 'entries' ? 'entries' : name] as Record<string, unknown>[];
      for (let i = 0; i < docs.length; i += 1000) await model.collection.insertMany(docs.slice(i, i + 1000), { ordered: false });
      totals[name] = (totals[name] ?? 0) + docs.length;
    }
    const secs = ms(seedStart) / 1000;
    console.log(`seeding: days ${from + 1}–${Math.min(DAYS, from + SLICE_DAYS)} of ${DAYS}, ${serial} members, ${totals.orders} orders, ${totals.entries} ledger entries (${fmt(secs, 0)} s)`);
  }
  console.log(`seeded ${Object.entries(totals).map(([k, v]) => `${v} ${k}`).join(', ')} in ${fmt(ms(seedStart) / 1000, 0)} s`);

  const today = dayOf(clock.now());
  const r0 = process.hrtime.bigint();
  const rolled = await analytics.rollupDays(addDays(today, -DAYS), addDays(today, -1));
  console.log(`rollup of ${rolled.days} days (${rolled.documents} documents) in ${fmt(ms(r0) / 1000, 1)} s: ${JSON.stringify(rolled.timings)}`);
  const n0 = process.hrtime.bigint();
  await analytics.rollupDays(addDays(today, -31), addDays(today, -1));
  console.log(`nightly recompute (31 days) in ${fmt(ms(n0) / 1000, 1)} s`);

  console.log('\n概览 (dashboard), goal < 2000 ms');
  await time('30d, chain, today recomputed live (first screen, cold)', () => analytics.dashboard({ range: '30d' }), 1);
  await time('30d, chain (today fresh)', () => analytics.dashboard({ range: '30d' }));
  await time('90d, chain', () => analytics.dashboard({ range: '90d' }));
  await time('30d, one store', () => analytics.dashboard({ range: '30d', storeId: storeIds[0] }));
  const ids = Array.from({ length: 60 }, (_, i) => addDays(today, -i)).flatMap((d) => [...storeIds, '-'].map((st) => `${d}|${st}`));
  await time('baseline: raw driver, the same 60 days of rollups by _id', () => conn.collection('analytics_daily').find({ _id: { $in: ids as never[] } }).toArray());
  const since = new Date(clock.now().getTime() - 30 * 86_400_000);
  await time('baseline: raw aggregation over 30 days of orders (avoided)', () =>
    conn.collection('orders').aggregate([{ $match: { paidAt: { $gte: since } } }, { $group: { _id: '$storeId', fen: { $sum: '$billFen' }, n: { $sum: 1 } } }]).toArray(), 3);

  console.log('\nmember search, goal < 300 ms');
  const sample = await memberModel(conn).findOne({ phone: { $ne: null } }, { phone: 1, nickname: 1 }).lean();
  await time('by phone (membersConsole.findByPhone)', () => membersConsole.findByPhone(sample!.phone!));
  await time('page of 20 by store (membersConsole.page)', () => membersConsole.page({ storeId: storeIds[0], limit: 20 }));
  await time('page of 20 by nickname (membersConsole.page)', () => membersConsole.page({ storeId: null, nickname: sample!.nickname, limit: 20 }));
  await time('baseline: raw driver find by phone', () => conn.collection('members').find({ phone: sample!.phone }).limit(20).toArray());
  await time('baseline: raw driver first 20 by _id', () => conn.collection('members').find({}).sort({ _id: -1 }).limit(20).toArray());
  await conn.close();
  await engine.stop();
  process.exit(0);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
