/**
 * Member insight on the real engine: the nightly scores run (stages, RFM,
 * transitions, resumable after a crash), segments with preview, snapshots and
 * tags, and campaigns (holdout, exactly once under a crash, frequency cap,
 * budget, quiet hours, pause) with the shopper's gift inbox and the report.
 */
import { Types } from 'mongoose';
import { inHoldout } from '@homeclub/shared';
import { memberModel } from '../../server/src/members/model';
import { orderModel } from '../../server/src/orders/model';
import { couponModel } from '../../server/src/coupons/model';
import { insightModels } from '../../server/src/insight/model';
import { campaignModels } from '../../server/src/insight/campaign-model';
import { startTestApp, type TestApp } from '../support/app';

const DAY = 86400_000;
let app: TestApp;
let admin: Awaited<ReturnType<TestApp['login']>>;
let shopper: Awaited<ReturnType<TestApp['login']>>;
let storeId: Types.ObjectId;
const sleepers: string[] = [];
let templateId = '';

async function paidOrder(memberId: string, daysAgo: number, cashFen: number) {
  const at = new Date(app.clock.now().getTime() - daysAgo * DAY);
  const id = new Types.ObjectId();
  await orderModel(app.conn).collection.insertOne({ _id: id, memberId: new Types.ObjectId(memberId), storeId, idemKey: `t:${id}`, clientKey: String(id), channel: 'till', settlement: 'other', state: 'paid', billFen: cashFen, cashFen, refundedFen: 0, createdAt: at, paidAt: at, lines: [], refunds: [] });
}

const call = (method: string, path: string, body?: unknown, token = admin.accessToken) => app.call(method as 'GET', path, { token, body });

beforeAll(async () => {
  app = await startTestApp();
  storeId = (await app.services.stores.upsert({ code: 'I1', name: '徐汇店', city: '上海', address: 'a', phone: '1', location: { lat: 31, lng: 121 } }))._id;
  admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  shopper = await app.login();
  // 24 more members created directly: 12 who bought 400 days ago (沉睡), 6 recent first buyers (新客), 6 never (潜客).
  const now = app.clock.now();
  const docs = Array.from({ length: 24 }, (_, i) => ({ _id: new Types.ObjectId(), openid: `ins-${i}-${now.getTime()}`, nickname: `m${i}`, roles: ['member'], createdAt: new Date(now.getTime() - 800 * DAY), lastLoginAt: now, points: { balance: 0, held: 0, available: 0, inflight: [] }, growth: 0 }));
  await memberModel(app.conn).collection.insertMany(docs);
  for (const [i, d] of docs.entries()) {
    if (i < 12) {
      await paidOrder(String(d._id), 400 + i, 100000 + i * 1000);
      sleepers.push(String(d._id));
    } else if (i < 18) await paidOrder(String(d._id), 5, 50000);
  }
  await paidOrder(shopper.member.id, 420, 300000);
  sleepers.push(shopper.member.id);
  const t = await call('POST', '/api/admin/coupons/templates', { name: '会员日 无门槛50元', type: 'no_threshold', amountOffFen: 5000, thresholdFen: 0, perMemberLimit: 1, validity: { mode: 'relative', days: 30 }, channel: 'campaign' });
  expect(t.status).toBe(201);
  templateId = t.body.id;
  await call('PUT', '/api/admin/insight/settings', { recencyCountsBookings: true, windowDays: 365, thresholds: { newDays: 90, sleepDays: 365, lostDays: 730, returnDays: 180 }, monthlyCap: 4, quietHours: { start: 0, end: 0 } });
});
afterAll(async () => {
  await app.close();
});

describe('nightly scores', () => {
  test('a crash mid-way resumes from the checkpoint; every member scored once, one transition each', async () => {
    const stats = app.services.orders.memberStats;
    const real = stats.purchasesStream;
    stats.purchasesStream = async function* (after, since) {
      let k = 0;
      for await (const f of real(after, since)) {
        if (++k === 12) throw new Error('simulated crash');
        yield f;
      }
    };
    // A crash in the facts pass (read-only): the run starts that pass again.
    await expect(app.services.insight.scores.run(undefined, { batchSize: 10 })).rejects.toThrow('simulated crash');
    const { ScoresRun, Profile, Transition } = insightModels(app.conn);
    expect(await ScoresRun.findOne().lean()).toMatchObject({ phase: 'facts', scoredBatches: 0 });
    stats.purchasesStream = real;
    // A crash while writing the second batch of profiles: the run resumes after the first batch, with the stored model.
    const realInsert = Profile.insertMany.bind(Profile);
    let inserts = 0;
    Profile.insertMany = (async (...args: Parameters<typeof Profile.insertMany>) => {
      if (++inserts === 2) throw new Error('simulated crash');
      return realInsert(...args);
    }) as typeof Profile.insertMany;
    await expect(app.services.insight.scores.run(undefined, { batchSize: 10 })).rejects.toThrow('simulated crash');
    Profile.insertMany = realInsert as typeof Profile.insertMany;
    const mid = (await ScoresRun.findOne().lean())!;
    expect(mid).toMatchObject({ phase: 'score', scoredBatches: 1, members: 26, batches: 3 });
    expect(mid.model).toMatchObject({ n: 19 });
    expect(await Profile.countDocuments()).toBe(10);
    const run = await app.services.insight.scores.run(undefined, { batchSize: 10 });
    expect(run).toMatchObject({ phase: 'done', members: 26, batches: 3, scoredBatches: 3 });
    expect(await Profile.countDocuments()).toBe(26);
    expect(await Transition.countDocuments()).toBe(26);
    // The same day again changes nothing.
    await app.services.insight.scores.run();
    expect(await Transition.countDocuments()).toBe(26);
  });

  test('stages, RFM groups and their rollups', async () => {
    const stages = await call('GET', '/api/admin/insight/stages');
    expect(stages.status).toBe(200);
    expect(stages.body.months[0].counts).toEqual({ 沉睡: 13, 新客: 6, 潜客: 7 });
    expect(stages.body.flows).toEqual(expect.arrayContaining([expect.objectContaining({ from: null, to: '沉睡', members: 13 })]));
    const p = (await insightModels(app.conn).Profile.findById(shopper.member.id).lean())!;
    expect(p).toMatchObject({ stage: '沉睡', orders365: 0, paidFen365: 0, r: 1, rfmGroup: '一般挽留' });
    const recent = (await insightModels(app.conn).Profile.findOne({ stage: '新客' }).lean())!;
    expect(recent).toMatchObject({ r: 4, f: 4, m: 4, rfmGroup: '重要价值' }); // 13 of 19 scored members below → 1 + ⌊5·13/19⌋
    const rfm = await call('GET', '/api/admin/insight/rfm');
    expect(rfm.body.groups).toEqual(expect.arrayContaining([{ group: '重要价值', members: 6, paidFen: 300000 }, { group: '一般挽留', members: 13, paidFen: 0 }]));
    expect(rfm.body.unscored).toBe(7);
  });

  test('a member who buys again moves 沉睡 → 回流, recorded as a transition', async () => {
    await paidOrder(sleepers[0], 1, 20000);
    app.clock.travel(DAY);
    admin = await app.login(admin.openid);
    shopper = await app.login(shopper.openid);
    await app.services.insight.scores.run();
    const { Profile, Transition } = insightModels(app.conn);
    expect((await Profile.findById(sleepers[0]).lean())!.stage).toBe('回流');
    expect(await Transition.findById(`${sleepers[0]}:2`).lean()).toMatchObject({ from: '沉睡', to: '回流' });
  });
});

describe('segments and tags', () => {
  let segmentId = '';
  test('preview, dynamic segment and snapshot of 沉睡 members', async () => {
    const rule = { op: 'and', rules: [{ field: 'stage', in: ['沉睡'] }] };
    const pv = await call('POST', '/api/admin/insight/segments/preview', rule);
    expect(pv.body.members).toBe(12);
    const seg = await call('POST', '/api/admin/insight/segments', { name: '沉睡会员', rule });
    expect(seg.status).toBe(201);
    segmentId = seg.body.id;
    const snap = await call('POST', `/api/admin/insight/segments/${segmentId}/snapshot`);
    expect(snap.body).toMatchObject({ kind: 'snapshot', members: 12 });
    const or = await call('POST', '/api/admin/insight/segments/preview', { op: 'or', rules: [{ field: 'stage', in: ['回流'] }, { op: 'and', rules: [{ field: 'lastPurchase', withinDays: 30 }, { field: 'm', min: 4, max: 5 }] }] });
    expect(or.body.members).toBe(7);
    const bad = await call('POST', '/api/admin/insight/segments/preview', { op: 'and', rules: [{ field: 'stage', in: ['睡着'] }] });
    expect(bad.status).toBe(400);
  });

  test('manual tags by id and by CSV; unknown members and bad lines reported', async () => {
    const r = await call('POST', '/api/admin/insight/tags', { memberIds: [sleepers[1], '0123456789abcdef01234567'], tags: ['大客户'] });
    expect(r.body).toEqual({ updated: 1, unknown: ['0123456789abcdef01234567'], badLines: [] });
    const csv = `memberId,tag\n${sleepers[2]},大客户,设计师\nnot-an-id,x\n`;
    const c = await call('POST', '/api/admin/insight/tags/import', { csv });
    expect(c.body).toEqual({ updated: 1, unknown: [], badLines: [3] });
    const pv = await call('POST', '/api/admin/insight/segments/preview', { op: 'and', rules: [{ field: 'tags', any: ['大客户'] }] });
    expect(pv.body.members).toBe(2);
  });

  describe('campaigns', () => {
    const create = async (extra: Record<string, unknown>) => {
      const r = await call('POST', '/api/admin/insight/campaigns', { name: '会员日', segmentId, action: { kind: 'coupon', templateId }, schedule: { kind: 'once', at: app.clock.now().toISOString() }, ...extra });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const coupons = (ref: string) => couponModel(app.conn).countDocuments({ issueKey: { $regex: `^campaign:${ref}` } });

    test('holdout gets nothing; a crash mid-run resumes; exactly one coupon per treated member', async () => {
      const id = await create({ holdoutShare: 0.3 });
      const gifts = app.services.coupons.gifts;
      const real = gifts.issueGifts;
      gifts.issueGifts = async () => {
        throw new Error('simulated crash');
      };
      await expect(app.services.insight.runCampaign(id)).rejects.toThrow('simulated crash');
      gifts.issueGifts = real;
      const run = await call('POST', `/api/admin/insight/campaigns/${id}/run`);
      expect(run.body).toMatchObject({ state: 'done', audience: 12 });
      const control = sleepers.filter((m) => m !== sleepers[0] && inHoldout(id, m, 0.3));
      expect(run.body.control).toBe(control.length);
      expect(run.body.treated).toBe(12 - control.length);
      expect(await coupons(id)).toBe(12 - control.length);
      for (const m of control) expect(await couponModel(app.conn).countDocuments({ memberId: new Types.ObjectId(m), issueKey: { $regex: `^campaign:${id}` } })).toBe(0);
      await app.services.insight.runCampaign(id, 'once');
      expect(await coupons(id)).toBe(12 - control.length);
      const view = await call('GET', `/api/admin/insight/campaigns/${id}`);
      expect(view.body).toMatchObject({ status: 'ended', spent: { gifts: 12 - control.length } });
    });

    test('the shopper sees the gift once, in the popup inbox and in 我的券', async () => {
      const id = await create({ holdoutShare: 0, giftTitle: '会员日礼包已到账' });
      await app.services.insight.runCampaign(id);
      const g = await call('GET', '/api/insight/gifts', undefined, shopper.accessToken);
      const ours = g.body.items.filter((x: { id: string }) => x.id.startsWith(`${id}:`));
      expect(ours).toEqual([expect.objectContaining({ title: '会员日礼包已到账', kind: 'coupon' })]);
      const mine = await call('GET', '/api/coupons/mine', undefined, shopper.accessToken);
      expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(ours[0].couponId);
      await call('POST', '/api/insight/gifts/seen', { ids: g.body.items.map((x: { id: string }) => x.id) }, shopper.accessToken);
      expect((await call('GET', '/api/insight/gifts', undefined, shopper.accessToken)).body.items).toEqual([]);
    });

    test('points campaign: one batch grant per page, exactly once per treated member, a crash resumes, holdout gets none', async () => {
      const id = await create({ holdoutShare: 0.3, action: { kind: 'points', amount: 188 } });
      const balance = async (m: string) => (await app.services.points.summary(m)).balance;
      const before = new Map(await Promise.all(sleepers.map(async (m) => [m, await balance(m)] as const)));
      const points = app.services.points;
      const real = points.earnMany;
      let calls = 0;
      points.earnMany = async (...args) => {
        calls += 1;
        await real(...args); // granted, then the runner "crashes" before recording the deliveries
        throw new Error('simulated crash');
      };
      await expect(app.services.insight.runCampaign(id)).rejects.toThrow('simulated crash');
      points.earnMany = real;
      expect(calls).toBe(1); // the page's grants went in one call
      const run = await app.services.insight.runCampaign(id);
      expect(run.state).toBe('done');
      await app.services.insight.runCampaign(id, 'once');
      const control = new Set(sleepers.filter((m) => m !== sleepers[0] && inHoldout(id, m, 0.3)));
      for (const m of sleepers.filter((x) => x !== sleepers[0])) expect((await balance(m)) - before.get(m)!).toBe(control.has(m) ? 0 : 188);
      expect(run.treated).toBe(12 - control.size);
    });

    test('budget cap, frequency cap, quiet hours and pause', async () => {
      const budget = await create({ holdoutShare: 0, budget: { maxGifts: 3, maxPoints: null } });
      const r = await app.services.insight.runCampaign(budget);
      expect(r.skipped.budget).toBe(9);
      expect(await coupons(budget)).toBe(3);
      // Three contacts so far this month for most members; a cap of 3 stops the next campaign for them.
      const s = (await call('GET', '/api/admin/insight/settings')).body;
      await call('PUT', '/api/admin/insight/settings', { ...s, monthlyCap: 2 });
      const capped = await create({ holdoutShare: 0 });
      const c = await app.services.insight.runCampaign(capped);
      expect((c.skipped.frequency_cap ?? 0) + c.treated - (c.skipped.frequency_cap ?? 0)).toBe(12);
      expect(await coupons(capped)).toBe(12 - (c.skipped.frequency_cap ?? 0));
      expect(c.skipped.frequency_cap).toBeGreaterThanOrEqual(9);
      const h = new Date(app.clock.now().getTime() + 8 * 3600_000).getUTCHours();
      await call('PUT', '/api/admin/insight/settings', { ...s, monthlyCap: 10, quietHours: { start: h, end: (h + 1) % 24 } });
      const quiet = await create({ holdoutShare: 0 });
      expect((await app.services.insight.runCampaign(quiet)).state).toBe('deferred');
      expect(await coupons(quiet)).toBe(0);
      await call('PUT', '/api/admin/insight/settings', { ...s, monthlyCap: 10 });
      await call('POST', `/api/admin/insight/campaigns/${quiet}/status`, { status: 'paused' });
      expect((await app.services.insight.runCampaign(quiet, 'once')).audience).toBe(0);
      await call('POST', `/api/admin/insight/campaigns/${quiet}/status`, { status: 'active' });
      expect((await app.services.insight.runCampaign(quiet, 'once')).state).toBe('done');
      expect(await coupons(quiet)).toBe(12);
    });

    test('report: treated vs control with intervals; a non-campaign template is refused', async () => {
      const id = await create({ holdoutShare: 0.5 });
      await app.services.insight.runCampaign(id);
      const runs = campaignModels(app.conn).Delivery;
      const treated = (await runs.find({ campaignId: id, group: 'treated' }).lean()).map((d) => d.memberId);
      await paidOrder(treated[0], 0, 88000);
      const rep = await call('GET', `/api/admin/insight/campaigns/${id}/report?fresh=1`);
      expect(rep.status).toBe(200);
      expect(rep.body.treated).toMatchObject({ members: treated.length, buyers: 1, salesFen: 88000 });
      expect(rep.body.control.members).toBe(12 - treated.length);
      expect(rep.body.conversion.significant).toBe(false);
      const other = await call('POST', '/api/admin/coupons/templates', { name: '普通券', type: 'no_threshold', amountOffFen: 100, thresholdFen: 0, perMemberLimit: 1, validity: { mode: 'relative', days: 3 }, channel: 'claim_center' });
      const bad = await call('POST', '/api/admin/insight/campaigns', { name: 'x', segmentId, action: { kind: 'coupon', templateId: other.body.id }, schedule: { kind: 'once', at: app.clock.now().toISOString() } });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('INSIGHT_CAMPAIGN_INVALID');
    });
  });
});

describe('one scores runner at a time', () => {
  test('concurrent runs of a new day (job, admins, instances): none fails, one does the work, every member scored once', async () => {
    app.clock.travel(DAY);
    const { Profile, ScoresRun } = insightModels(app.conn);
    const members = await Profile.countDocuments();
    const token = (await app.login(admin.openid)).accessToken; // the same admin, signed in again on the new day
    const run = () => call('POST', '/api/admin/insight/scores/run', {}, token);
    const answers = await Promise.all(Array.from({ length: 6 }, run));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // Whoever lost the lease answered with the run as it stood; a later call finds it done and leaves it so.
    const done = await run();
    expect(done.body.phase).toBe('done');
    const day = (await ScoresRun.find().sort({ _id: -1 }).limit(1).lean())[0]!;
    expect(day).toMatchObject({ phase: 'done', leaseBy: null, leaseUntil: null });
    expect(day.scoredBatches).toBe(day.batches);
    expect(await Profile.countDocuments()).toBe(members);
  });
});
