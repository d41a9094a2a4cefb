/**
 * One campaign run over its audience, in member-id batches with the run
 * document as checkpoint. Per member exactly once: the delivery `_id` is
 * run:member (insert, duplicates ignored). Holdout members get a `control`
 * delivery and nothing else. Treated members pass the monthly frequency cap
 * (a contact document keyed by delivery) and the budget (guarded `$inc` on the
 * campaign, recounted when the run ends), then get the gift through the owning
 * service with the delivery as idempotency key. A crash anywhere: the next
 * pass re-reads the batch and finishes what is still pending.
 */
import { inHoldout } from '@homeclub/shared';
import { shanghaiMidnight, type Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { CouponsService } from '../coupons/service';
import type { PointsService } from '../points/service';
import type { MembersService } from '../members/service';
import type { MiniProgramClient } from '../wechat/miniprogram/client';
import type { InsightModels, ProfileDoc } from './model';
import type { CampaignDoc, CampaignModels, DeliveryDoc, RunDoc } from './campaign-model';
import type { Segments } from './segments';
import type { InsightSettingsStore } from './settings';
import { inQuietHours } from './settings';
import { shanghaiMonth } from './schedule.calc';
import type { CampaignBanners } from './campaign-banner';

const DAY = 86400_000;

export interface RunDeps {
  insight: InsightModels;
  campaigns: CampaignModels;
  segments: Segments;
  settings: InsightSettingsStore;
  clock: Clock;
  logger: Logger;
  coupons: CouponsService;
  points: PointsService;
  members: MembersService;
  wechat: MiniProgramClient;
  /** needed by banner campaigns only (the scale bench runs coupon campaigns without it) */
  banners?: CampaignBanners;
}

type Outcome = { state: 'given' | 'skipped'; reason?: string; couponId?: string; points?: number };

export function createCampaignRunner(deps: RunDeps) {
  const { Campaign, Run, Delivery, Contact, Inbox } = deps.campaigns;
  const { clock } = deps;

  /** The trigger's own condition on profiles (AND with the segment). */
  async function triggerFilter(c: CampaignDoc, key: string): Promise<Record<string, unknown>> {
    if (c.schedule.kind !== 'trigger') return {};
    const on = c.schedule.on;
    const now = clock.now();
    if (on.kind === 'birthday') return { birthdayMonth: new Date(now.getTime() + 8 * 3600_000).getUTCMonth() + 1 };
    if (on.kind === 'attended_no_purchase') return { attendedNotBoughtAt: { $gte: new Date(now.getTime() - (on.days + 1) * DAY), $lt: new Date(now.getTime() - on.days * DAY) } };
    if (on.kind === 'coupon_expiring') return { _id: { $in: await deps.coupons.gifts.membersWithExpiring(on.days) } };
    const date = key.slice(key.indexOf(':') + 1);
    const dayStart = shanghaiMidnight(date);
    const moved = await deps.insight.Transition.find({ month: date.slice(0, 7), to: on.stage, at: { $gte: dayStart, $lt: new Date(dayStart.getTime() + DAY) } }, { memberId: 1 }).lean<{ memberId: string }[]>();
    return { _id: { $in: moved.map((t) => t.memberId) } };
  }

  /** Reserve `k` gifts / points on the campaign's budget; returns how many members are covered. */
  async function reserve(c: CampaignDoc, k: number): Promise<number> {
    const field = c.action.kind === 'points' ? 'spent.points' : 'spent.gifts';
    const unit = c.action.kind === 'points' ? c.action.amount : 1;
    const max = c.action.kind === 'points' ? c.budget.maxPoints : c.action.kind === 'coupon' ? c.budget.maxGifts : null;
    if (max === null || k === 0) {
      if (k) await Campaign.updateOne({ _id: c._id }, { $inc: { [field]: k * unit } });
      return k;
    }
    if ((await Campaign.updateOne({ _id: c._id, [field]: { $lte: max - k * unit } }, { $inc: { [field]: k * unit } })).modifiedCount) return k;
    let got = 0;
    while (got < k && (await Campaign.updateOne({ _id: c._id, [field]: { $lte: max - unit } }, { $inc: { [field]: unit } })).modifiedCount) got += 1;
    return got;
  }

  /** The frequency cap: delivery ids allowed this month (keyed, so a retry of the same delivery passes). */
  async function passCap(deliveryIds: { id: string; memberId: string }[], cap: number): Promise<Set<string>> {
    const month = shanghaiMonth(clock.now());
    const ops = deliveryIds.map((d) => ({ updateOne: { filter: { _id: `${d.memberId}:${month}`, n: { $lt: cap }, keys: { $ne: d.id } }, update: { $inc: { n: 1 }, $push: { keys: d.id } }, upsert: true } }));
    const failed = new Set<number>();
    try {
      if (ops.length) await Contact.bulkWrite(ops, { ordered: false });
    } catch (err) {
      const e = err as { writeErrors?: { index: number }[] };
      if (!e.writeErrors) throw err;
      for (const w of e.writeErrors) failed.add(w.index);
    }
    const ok = new Set(deliveryIds.filter((_, i) => !failed.has(i)).map((d) => d.id));
    const again = deliveryIds.filter((_, i) => failed.has(i));
    if (again.length) {
      const docs = await Contact.find({ _id: { $in: again.map((d) => `${d.memberId}:${month}`) } }).lean();
      const keys = new Set(docs.flatMap((d) => d.keys));
      for (const d of again) if (keys.has(d.id)) ok.add(d.id);
    }
    return ok;
  }

  async function act(c: CampaignDoc, list: DeliveryDoc[]): Promise<Map<string, Outcome>> {
    const out = new Map<string, Outcome>();
    const a = c.action;
    if (a.kind === 'coupon') {
      const issued = await deps.coupons.gifts.issueGifts(String(a.templateId), list.map((d) => ({ memberId: d.memberId, issueKey: `campaign:${d._id}` })), `campaign:${c._id}`);
      for (const d of list) {
        const couponId = issued.get(`campaign:${d._id}`);
        out.set(d._id, couponId ? { state: 'given', couponId } : { state: 'skipped', reason: 'out_of_stock' });
      }
    } else if (a.kind === 'points') {
      for (const d of list) {
        try {
          await deps.points.earn({ memberId: d.memberId, source: 'campaign', reference: d._id, leg: 'grant', reason: 'campaign', amount: a.amount, note: c.name });
          out.set(d._id, { state: 'given', points: a.amount });
        } catch (err) {
          deps.logger.warn({ err: (err as Error).message, delivery: d._id }, 'campaign points not granted');
          out.set(d._id, { state: 'skipped', reason: 'failed' });
        }
      }
    } else if (a.kind === 'banner') {
      if (!deps.banners) throw new Error('campaign runner built without banners cannot run a banner campaign');
      for (const [id, o] of await deps.banners.give(c, list)) out.set(id, o);
    } else {
      const openids = await deps.members.pages.openids(list.map((d) => d.memberId));
      for (const d of list) {
        // Claim the delivery before sending: a crash never sends twice (a one-time consent is used once).
        if (!(await Delivery.updateOne({ _id: d._id, state: 'pending' }, { $set: { state: 'sending' } })).modifiedCount) continue;
        try {
          const r = await deps.wechat.sendSubscribeMessage({ toUser: openids.get(d.memberId)!, templateId: a.templateId, page: a.page, data: { thing1: { value: a.title }, thing2: { value: c.giftTitle } } });
          out.set(d._id, r.sent ? { state: 'given' } : { state: 'skipped', reason: 'not_subscribed' });
        } catch (err) {
          deps.logger.warn({ err: (err as Error).message, delivery: d._id }, 'campaign message not sent');
          out.set(d._id, { state: 'skipped', reason: 'failed' });
        }
      }
    }
    return out;
  }

  async function processBatch(c: CampaignDoc, run: RunDoc, members: ProfileDoc[], cap: number): Promise<DeliveryDoc[]> {
    const now = clock.now();
    const docs = members.map((p) => {
      const control = inHoldout(String(c._id), p._id, c.holdoutShare);
      return { _id: `${run._id}:${p._id}`, runId: run._id, campaignId: String(c._id), memberId: p._id, group: control ? ('control' as const) : ('treated' as const), state: control ? ('control' as const) : ('pending' as const), reason: null, couponId: null, points: 0, at: now };
    });
    await Delivery.insertMany(docs, { ordered: false, lean: true }).catch((err) => {
      if ((err as { code?: number; writeErrors?: unknown[] }).writeErrors === undefined && (err as { code?: number }).code !== 11000) throw err;
    });
    const ids = docs.map((d) => d._id);
    // A message left `sending` by a crash is not sent again.
    await Delivery.updateMany({ _id: { $in: ids }, state: 'sending' }, { $set: { state: 'skipped', reason: 'interrupted' } });
    const pending = await Delivery.find({ _id: { $in: ids }, state: 'pending' }).lean<DeliveryDoc[]>();
    const outcomes = new Map<string, Outcome>();
    const allowed = await passCap(pending.map((d) => ({ id: d._id, memberId: d.memberId })), cap);
    for (const d of pending) if (!allowed.has(d._id)) outcomes.set(d._id, { state: 'skipped', reason: 'frequency_cap' });
    const capped = pending.filter((d) => allowed.has(d._id));
    const covered = await reserve(c, capped.length);
    for (const d of capped.slice(covered)) outcomes.set(d._id, { state: 'skipped', reason: 'budget' });
    const go = capped.slice(0, covered);
    for (const [id, o] of await act(c, go)) outcomes.set(id, o);
    const notGiven = go.filter((d) => outcomes.get(d._id)?.state !== 'given').length;
    if (notGiven && c.action.kind !== 'message') await reserve({ ...c, budget: { maxGifts: null, maxPoints: null } } as CampaignDoc, -notGiven);
    if (outcomes.size) {
      await Delivery.bulkWrite(
        [...outcomes].map(([id, o]) => ({ updateOne: { filter: { _id: id, state: { $in: ['pending', 'sending'] } }, update: { $set: { state: o.state, reason: o.reason ?? null, couponId: o.couponId ?? null, points: o.points ?? 0 } } } })),
        { ordered: false },
      );
    }
    const gifts = go.filter((d) => outcomes.get(d._id)?.state === 'given' && (c.action.kind === 'coupon' || c.action.kind === 'points'));
    if (gifts.length) {
      await Inbox.bulkWrite(
        gifts.map((d) => {
          const o = outcomes.get(d._id)!;
          const g = { id: d._id, title: c.giftTitle, kind: c.action.kind as 'coupon' | 'points', couponId: o.couponId ?? null, points: o.points ?? 0, at: now };
          return { updateOne: { filter: { _id: d.memberId, 'gifts.id': { $ne: d._id } }, update: { $push: { gifts: { $each: [g], $slice: -20 } } }, upsert: true } };
        }),
        { ordered: false },
      ).catch((err) => {
        if (!(err as { writeErrors?: unknown[] }).writeErrors) throw err; // already in the inbox
      });
    }
    return Delivery.find({ _id: { $in: ids } }).lean<DeliveryDoc[]>();
  }

  return {
    /** Start or resume the run `key` of a campaign. Returns the run as it stands (done, deferred or paused mid-way). */
    async run(c: CampaignDoc, key: string, log: Logger = deps.logger): Promise<RunDoc> {
      const id = `${c._id}:${key}`;
      const now = clock.now();
      await Run.updateOne({ _id: id }, { $setOnInsert: { campaignId: String(c._id), key, state: 'running', cursor: null, audience: 0, treated: 0, control: 0, skipped: {}, startedAt: now, updatedAt: now, finishedAt: null } }, { upsert: true }).catch(() => undefined);
      let run = (await Run.findById(id).lean<RunDoc>())!;
      if (run.state === 'done') return run;
      const s = await deps.settings.get();
      const seg = await deps.segments.require(String(c.segmentId));
      const extra = await triggerFilter(c, key);
      /** Before each batch: paused or ended → stop where we are; quiet hours → deferred (the job resumes it later). */
      const check = async (): Promise<{ halt: RunDoc | null; fresh: CampaignDoc | null }> => {
        const fresh = await Campaign.findById(c._id).lean<CampaignDoc>();
        if (!fresh || fresh.status !== 'active') return { halt: run, fresh: null };
        if (inQuietHours(clock.now(), s.quietHours)) return { halt: (await Run.findOneAndUpdate({ _id: id }, { $set: { state: 'deferred', updatedAt: clock.now() } }, { returnDocument: 'after', lean: true }))!, fresh: null };
        return { halt: null, fresh };
      };
      const first = await check();
      if (first.halt) return first.halt;
      for await (const { members, next } of deps.segments.pages(seg, extra, run.cursor)) {
        const { halt, fresh } = await check();
        if (halt || !fresh) return halt ?? run;
        const done = members.length ? await processBatch(fresh, run, members, s.monthlyCap) : [];
        const inc: Record<string, number> = { audience: done.length, treated: done.filter((d) => d.group === 'treated').length, control: done.filter((d) => d.group === 'control').length };
        for (const d of done) if (d.state === 'skipped') inc[`skipped.${d.reason}`] = (inc[`skipped.${d.reason}`] ?? 0) + 1;
        const moved = await Run.findOneAndUpdate({ _id: id, cursor: run.cursor }, { $set: { cursor: next, state: 'running', updatedAt: clock.now() }, $inc: inc }, { returnDocument: 'after', lean: true });
        if (!moved) return (await Run.findById(id).lean<RunDoc>())!; // another runner advanced it
        run = moved;
        if ((run.audience / 1000) % 10 === 0) log.info({ run: id, audience: run.audience, treated: run.treated, control: run.control }, 'campaign run progress');
      }
      // Recount what the campaign spent from its deliveries (repairs reservations a crash left behind).
      const given = await Delivery.aggregate<{ _id: null; gifts: number; points: number }>([{ $match: { campaignId: String(c._id), state: 'given' } }, { $group: { _id: null, gifts: { $sum: 1 }, points: { $sum: '$points' } } }]);
      const spent = c.action.kind === 'points' ? { 'spent.points': given[0]?.points ?? 0 } : c.action.kind === 'coupon' ? { 'spent.gifts': given[0]?.gifts ?? 0 } : {};
      if (Object.keys(spent).length) await Campaign.updateOne({ _id: c._id }, { $set: spent });
      run = (await Run.findOneAndUpdate({ _id: id }, { $set: { state: 'done', finishedAt: clock.now(), updatedAt: clock.now() } }, { returnDocument: 'after', lean: true }))!;
      log.info({ run: id, audience: run.audience, treated: run.treated, control: run.control, skipped: run.skipped }, 'campaign run done');
      if (c.schedule.kind === 'once') await Campaign.updateOne({ _id: c._id, status: 'active' }, { $set: { status: 'ended' } });
      return run;
    },
  };
}

export type CampaignRunner = ReturnType<typeof createCampaignRunner>;
