/**
 * Member insight on the real engine, day by day: the segment condition 专属导购
 * (from the guides module's bindings, read by the nightly scores job) and the
 * triggers "enters a stage", "enters a segment" (once per entry: the first
 * run is the baseline, leaving and coming back is a new entry) and "a coupon
 * about to expire".
 */
import { Types } from 'mongoose';
import { memberModel } from '../../server/src/members/model';
import { orderModel } from '../../server/src/orders/model';
import { couponModel } from '../../server/src/coupons/model';
import { guideModels } from '../../server/src/guides/model';
import { insightModels } from '../../server/src/insight/model';
import { conditionFilter } from '../../server/src/insight/segment-filter';
import { startTestApp, type TestApp } from '../support/app';

const DAY = 86400_000;
let app: TestApp;
let actor = '';
let templateId = '';
const ids: string[] = [];
const guideA = new Types.ObjectId();
const guideB = new Types.ObjectId();

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  actor = admin.member.id;
  const now = app.clock.now();
  // m0, m1 bought 400 days ago (沉睡); m2 bought 5 days ago (新客); m3 never (潜客). m0 → guide A, m1 → guide B.
  const docs = Array.from({ length: 4 }, (_, i) => ({ _id: new Types.ObjectId(), openid: `trg-${i}-${now.getTime()}`, nickname: `t${i}`, roles: ['member'], createdAt: new Date(now.getTime() - 800 * DAY), lastLoginAt: now, points: { balance: 0, held: 0, available: 0, inflight: [] }, growth: 0 }));
  await memberModel(app.conn).collection.insertMany(docs);
  ids.push(...docs.map((d) => String(d._id)));
  const storeId = new Types.ObjectId();
  for (const [i, daysAgo] of [[0, 400], [1, 410], [2, 5]]) {
    const at = new Date(now.getTime() - daysAgo * DAY);
    const id = new Types.ObjectId();
    await orderModel(app.conn).collection.insertOne({ _id: id, memberId: docs[i]._id, storeId, idemKey: `t:${id}`, clientKey: String(id), channel: 'till', settlement: 'other', state: 'paid', billFen: 90000, cashFen: 90000, refundedFen: 0, createdAt: at, paidAt: at, lines: [], refunds: [] });
  }
  const bind = (member: Types.ObjectId, guideId: Types.ObjectId) => ({ _id: member, guideId, storeId, source: 'code', boundAt: now, protectedUntil: null, seq: 1, fromGuideId: null, transferId: null, logged: true });
  await guideModels(app.conn).Binding.collection.insertMany([bind(docs[0]._id, guideA), bind(docs[1]._id, guideB)]);
  const t = await app.call('POST', '/api/admin/coupons/templates', { token: admin.accessToken, body: { name: '回访礼 无门槛20元', type: 'no_threshold', amountOffFen: 2000, thresholdFen: 0, perMemberLimit: 1, validity: { mode: 'relative', days: 30 }, channel: 'campaign' } });
  expect(t.status).toBe(201);
  templateId = t.body.id;
  await app.services.insight.putSettings(actor, { recencyCountsBookings: true, windowDays: 365, thresholds: { newDays: 90, sleepDays: 365, lostDays: 730, returnDays: 180 }, monthlyCap: 10, quietHours: { start: 0, end: 0 } });
});
afterAll(async () => {
  await app.close();
});

const giftsOf = async (campaignId: string) => {
  const coupons = await couponModel(app.conn).find({ issueKey: { $regex: `^campaign:${campaignId}:` } }, { memberId: 1, issueKey: 1 }).lean();
  return coupons.map((c) => ({ member: ids.indexOf(String(c.memberId)), key: c.issueKey!.split(':')[3] })).sort((a, b) => a.key.localeCompare(b.key) || a.member - b.member);
};
const campaign = async (name: string, segmentId: string, on: { kind: 'stage'; stage: '沉睡' } | { kind: 'segment' }) =>
  (await app.services.insight.createCampaign(actor, { name, segmentId, action: { kind: 'coupon', templateId }, schedule: { kind: 'trigger', on }, holdoutShare: 0, budget: { maxGifts: null, maxPoints: null }, giftTitle: '回访礼已到账', measureDays: 30 })).id;
/** One night: scores, then every due campaign run. */
const night = async () => {
  await app.services.insight.scores.run();
  await app.services.insight.runDueCampaigns();
};

test('segment condition 专属导购: any guide, none, one of these guides — from the bindings, through the scores job', async () => {
  await app.services.insight.scores.run();
  const { Profile } = insightModels(app.conn);
  expect((await Profile.findById(ids[0]).lean())!.guideId).toBe(String(guideA));
  expect((await Profile.findById(ids[3]).lean())!.guideId).toBeNull();
  const count = async (has: 'any' | 'none' | string[]) => {
    const all = await Profile.find({ $and: [{ _id: { $in: ids } }, conditionFilter({ field: 'guide', has }, app.clock.now())] }, { _id: 1 }).lean();
    return all.map((p) => ids.indexOf(p._id)).sort();
  };
  expect(await count('any')).toEqual([0, 1]);
  expect(await count('none')).toEqual([2, 3]);
  expect(await count([String(guideB)])).toEqual([1]);
  const pv = await app.services.insight.segments.preview({ op: 'and', rules: [{ field: 'guide', has: [String(guideA), String(guideB)] }, { field: 'stage', in: ['沉睡'] }] });
  expect(pv.members).toBe(2);
});

test('enters a stage / enters a segment: fired once per entry, the first run of a segment trigger is the baseline', async () => {
  const everyone = await app.services.insight.segments.create(actor, { name: '全部', rule: { op: 'or', rules: [{ field: 'stage', in: ['潜客', '意向', '新客', '活跃', '沉睡', '流失', '回流'] }] } });
  const vip = await app.services.insight.segments.create(actor, { name: 'VIP', rule: { op: 'and', rules: [{ field: 'tags', any: ['VIP'] }] } });
  await app.services.insight.segments.addTags([ids[0]], ['VIP'], false);
  // Day 1: m0 and m1 entered 沉睡 in yesterday's run (their first stage) — a stage trigger created now waits for tonight.
  const stage = await campaign('沉睡唤醒', everyone.id, { kind: 'stage', stage: '沉睡' });
  const entered = await campaign('新晋 VIP', vip.id, { kind: 'segment' });
  app.clock.travel(DAY);
  await night();
  expect(await giftsOf(stage)).toEqual([]); // nobody changed stage tonight
  expect(await giftsOf(entered)).toEqual([]); // baseline: m0 was already in
  // Day 2: m2's first purchase is 95 days old → 活跃; m1 tagged VIP → enters the segment.
  await app.services.insight.segments.addTags([ids[1]], ['VIP'], false);
  app.clock.travel(DAY);
  await night();
  const d2 = (await giftsOf(entered)).map((g) => g.member);
  expect(d2).toEqual([1]);
  // The same night again: nothing twice.
  await app.services.insight.runDueCampaigns();
  expect((await giftsOf(entered)).map((g) => g.member)).toEqual([1]);
  // Day 3: m1 leaves the segment; day 4 m1 comes back → a new entry, a second gift; m0 (in all along) never gets one.
  await app.services.insight.segments.addTags([ids[1]], ['VIP'], true);
  app.clock.travel(DAY);
  await night();
  await app.services.insight.segments.addTags([ids[1]], ['VIP'], false);
  app.clock.travel(DAY);
  await night();
  const all = await giftsOf(entered);
  expect(all.map((g) => g.member)).toEqual([1, 1]);
  expect(new Set(all.map((g) => g.key)).size).toBe(2);
  const runs = (await app.services.insight.campaign(entered)).runs;
  expect(runs.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done']);
  // 「券即将过期」 matched per page: only m1 holds coupons ending within 30 days.
  const expiring = (await app.services.insight.createCampaign(actor, { name: '券快过期', segmentId: everyone.id, action: { kind: 'coupon', templateId }, schedule: { kind: 'trigger', on: { kind: 'coupon_expiring', days: 30 } }, holdoutShare: 0, budget: { maxGifts: null, maxPoints: null }, giftTitle: '回访礼已到账', measureDays: 30 })).id;
  await app.services.insight.runCampaign(expiring);
  expect((await giftsOf(expiring)).map((g) => g.member)).toEqual([1]);
  // Enters a stage: travel until m2 (bought 5 + 4 days ago) sleeps — the night it enters 沉睡, one gift, then none.
  app.clock.travel(357 * DAY);
  await night();
  expect((await giftsOf(stage)).map((g) => g.member)).toEqual([2]);
  app.clock.travel(DAY);
  await night();
  expect((await giftsOf(stage)).map((g) => g.member)).toEqual([2]);
});
