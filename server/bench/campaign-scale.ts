/**
 * Benchmark (not a test): member insight at chain scale. N members (default
 * 100,000) with a year of orders on the embedded engine; the nightly scores
 * run and one coupon campaign over the whole base (10 % holdout), each
 * interrupted once mid-way (an injected failure) and resumed, then checked:
 * every member scored once, every treated member exactly one coupon, the
 * control none. Baseline in the same run: paging every member by `_id`
 * (reading every member once in `_id` order, the least any full pass must do).
 * After each phase it prints the database time per command and collection
 * (where the time went), and the scores / campaign jobs log their progress.
 *   npx tsx server/bench/campaign-scale.ts [members=100000]
 * Uses MONGODB_URI when set, else starts the embedded engine in memory.
 */
import { Types } from 'mongoose';
import { inHoldout } from '@homeclub/shared';
import { startEngine } from '../src/platform/db/engine';
import { connectDb } from '../src/platform/db/connect';
import { systemClock } from '../src/platform/clock';
import { createLogger } from '../src/platform/logger';
import { ensureIndexes } from '../src/services';
import { memberModel } from '../src/members/model';
import { createMemberPages } from '../src/members/member-page';
import { orderModel } from '../src/orders/model';
import { createOrderMemberStats } from '../src/orders/member-stats';
import { createBookingMemberStats } from '../src/booking/member-stats';
import { createReferralMemberStats } from '../src/referrals/member-stats';
import { couponModel, templateModel } from '../src/coupons/model';
import { createCouponGifts } from '../src/coupons/gifts';
import { insightModels } from '../src/insight/model';
import { campaignModels } from '../src/insight/campaign-model';
import { createInsightSettings } from '../src/insight/settings';
import { createScores } from '../src/insight/scores';
import { createSegments } from '../src/insight/segments';
import { createCampaignRunner } from '../src/insight/campaign-run';
import type { MembersService } from '../src/members/service';
import type { CouponsService } from '../src/coupons/service';
import type { PointsService } from '../src/points/service';
import type { MiniProgramClient } from '../src/wechat/miniprogram/client';
import { fmt, ms, benchUri } from './support';
import { profile } from './command-time';

const N = Number(process.argv[2] ?? 100_000);
const DAY = 86400_000;

(async () => {
  const dbName = `bench_insight_${Date.now()}`;
  const engine = await startEngine({ uri: process.env.MONGODB_URI, dbName, skipMongod: true });
  console.log(`engine: ${engine.description}`);
  const conn = await connectDb(benchUri(engine.uri, dbName));
  const prof = profile(conn);
  const clock = systemClock;
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  const Member = memberModel(conn);
  const Order = orderModel(conn);
  const Template = templateModel(conn);
  const Coupon = couponModel(conn);
  const im = insightModels(conn);
  const cm = campaignModels(conn);
  await ensureIndexes(conn);

  // --- data: N members, ~60 % with 1–3 paid orders over the last 2 years ---
  let t0 = process.hrtime.bigint();
  const now = clock.now();
  const storeId = new Types.ObjectId();
  for (let i = 0; i < N; i += 5000) {
    const members = Array.from({ length: Math.min(5000, N - i) }, (_, k) => ({ _id: new Types.ObjectId(), openid: `bench-${i + k}`, nickname: `m${i + k}`, roles: ['member'], createdAt: new Date(now.getTime() - 900 * DAY), lastLoginAt: now, points: { balance: 0, held: 0, available: 0, inflight: [] }, growth: 0, birthdayMonth: ((i + k) % 12) + 1 }));
    await Member.collection.insertMany(members);
    const orders = members.flatMap((m, k) => {
      const n = (i + k) % 5 < 3 ? 1 + ((i + k) % 3) : 0;
      return Array.from({ length: n }, (_, j) => {
        const at = new Date(now.getTime() - (((i + k) * 7 + j * 131) % 720) * DAY);
        const id = new Types.ObjectId();
        return { _id: id, memberId: m._id, storeId, idemKey: `b:${id}`, clientKey: String(id), channel: 'till', settlement: 'other', state: 'paid', billFen: 50000 + ((i + k) % 40) * 10000, cashFen: 50000 + ((i + k) % 40) * 10000, refundedFen: 0, createdAt: at, paidAt: at, lines: [], refunds: [] };
      });
    });
    if (orders.length) await Order.collection.insertMany(orders);
  }
  console.log(`data: ${N} members, ${await Order.estimatedDocumentCount()} orders in ${fmt(ms(t0) / 1000)} s`);

  prof('seed');
  // --- baseline: page every member by _id ---
  const pages = createMemberPages(conn);
  t0 = process.hrtime.bigint();
  let seen = 0;
  for await (const row of pages.stream(null)) if (row.memberId) seen += 1;
  const baseline = ms(t0) / 1000;
  console.log(`baseline: reading ${seen} members once in _id order: ${fmt(baseline)} s`);

  // --- nightly scores, interrupted once after 40 % of the facts ---
  const settings = createInsightSettings(im, clock);
  const orderStats = createOrderMemberStats(conn);
  const members = { pages } as unknown as MembersService;
  let calls = 0;
  const flaky = { ...orderStats, purchasesStream: async function* (after: string | null, since: Date) {
    calls += 1;
    let k = 0;
    for await (const f of orderStats.purchasesStream(after, since)) {
      if (calls === 1 && ++k === Math.ceil(N * 0.6 * 0.4)) throw new Error('injected crash');
      yield f;
    }
  } };
  const referral = createReferralMemberStats(conn);
  const scores = createScores({ models: im, clock, logger, members, orderStats: flaky, bookingStats: createBookingMemberStats(conn), activePartnerIds: referral.activePartnerIds, settings: settings.get });
  t0 = process.hrtime.bigint();
  await scores.run().catch((e: Error) => console.log(`scores: interrupted (${e.message}) at ${fmt(ms(t0) / 1000)} s; resuming`));
  const run = await scores.run();
  const scoresSeconds = ms(t0) / 1000;
  const profiles = await im.Profile.estimatedDocumentCount();
  const transitions = await im.Transition.estimatedDocumentCount();
  prof('scores');
  console.log(`scores: ${run.members} members, ${profiles} profiles, ${transitions} transitions in ${fmt(scoresSeconds)} s (${fmt(scoresSeconds / baseline)}× the read baseline) — limit 60 s`);

  // --- one coupon campaign over everyone, 10 % holdout, interrupted once ---
  const t = await Template.create({ name: '会员日 无门槛50元', type: 'no_threshold', amountOffFen: 5000, thresholdFen: 0, storeIds: [], tiers: [], perMemberLimit: 1, totalStock: null, claimed: 0, claimFrom: null, claimTo: null, validity: { mode: 'relative', days: 30 }, channel: 'campaign', pointsCost: null, allowPoints: true, refundReturn: true, description: '', status: 'active', createdAt: now, updatedAt: now });
  await settings.put({ ...(await settings.get()), quietHours: { start: 0, end: 0 } });
  const segments = createSegments({ insight: im, campaigns: cm, clock });
  const seg = await segments.create('bench', { name: '全部会员', rule: { op: 'or', rules: [{ field: 'stage', in: ['潜客', '意向', '新客', '活跃', '沉睡', '流失', '回流'] }] } });
  const realGifts = createCouponGifts({ conn, clock });
  let issues = 0;
  const gifts = { ...realGifts, issueGifts: async (...args: Parameters<typeof realGifts.issueGifts>) => {
    issues += 1;
    if (issues === Math.ceil(N / 1000 * 0.5)) throw new Error('injected crash');
    return realGifts.issueGifts(...args);
  } };
  const runner = createCampaignRunner({ insight: im, campaigns: cm, segments, settings, clock, logger, coupons: { gifts } as unknown as CouponsService, points: {} as PointsService, members, wechat: {} as MiniProgramClient });
  const c = await cm.Campaign.create({ name: '会员日', segmentId: new Types.ObjectId(seg.id), action: { kind: 'coupon', templateId: String(t._id) }, schedule: { kind: 'once', at: now.toISOString() }, holdoutShare: 0.1, budget: { maxGifts: null, maxPoints: null }, giftTitle: '会员日礼包已到账', measureDays: 30, status: 'active', spent: { gifts: 0, points: 0 }, createdAt: now, createdBy: 'bench' });
  t0 = process.hrtime.bigint();
  await runner.run(c.toObject(), 'once').catch((e: Error) => console.log(`campaign: interrupted (${e.message}) at ${fmt(ms(t0) / 1000)} s; resuming`));
  const r = await runner.run(c.toObject(), 'once');
  const campaignSeconds = ms(t0) / 1000;
  prof('campaign');
  console.log(`campaign: audience ${r.audience}, treated ${r.treated}, control ${r.control} in ${fmt(campaignSeconds)} s (${fmt(campaignSeconds / baseline)}× the read baseline) — limit 60 s`);

  // --- invariants ---
  const coupons = await Coupon.countDocuments({ templateId: t._id });
  const dup = await Coupon.aggregate([{ $match: { templateId: t._id } }, { $group: { _id: '$memberId', n: { $sum: 1 } } }, { $match: { n: { $gt: 1 } } }, { $limit: 5 }]);
  let expectedControl = 0;
  for await (const p of im.Profile.find({}, { _id: 1 }).lean().cursor()) if (inHoldout(String(c._id), String((p as { _id: string })._id), 0.1)) expectedControl += 1;
  const ok = profiles === N && run.members === N && r.audience === N && r.control === expectedControl && coupons === N - expectedControl && dup.length === 0 && (await Template.findById(t._id).lean())!.claimed === coupons;
  console.log(`invariant: profiles ${profiles}/${N}, coupons ${coupons} = treated ${N - expectedControl}, members with >1 coupon ${dup.length}, control ${r.control} = expected ${expectedControl} → ${ok ? 'OK' : 'VIOLATED'}`);
  console.log(`within 60 s: scores ${scoresSeconds <= 60 ? 'yes' : 'NO'}, campaign ${campaignSeconds <= 60 ? 'yes' : 'NO'}`);
  await conn.dropDatabase();
  await conn.close();
  await engine.stop();
  process.exit(ok ? 0 : 1);
})();
