/**
 * One campaign run over its audience, in member-id pages with the run
 * document as checkpoint (cursor moved by one guarded update per page).
 * Exactly once per member: the delivery `_id` is run:member, inserted once
 * with its outcome (holdout → `control`, nothing else). Treated members pass
 * the monthly frequency cap (keyed by delivery) and the budget (guarded `$inc`
 * on the campaign, recounted when the run ends), then get the gift through the
 * owning service with the delivery as idempotency key — so a crash anywhere
 * redoes the page's missing deliveries and the same keys give the same gifts.
 * Reads and writes per page go by `_id` only (the embedded engine scans any
 * other filter), so a run is linear in its audience.
 */
import { inHoldout } from '@homeclub/shared';
import { shanghaiMidnight, type Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { isDuplicateKey } from '../platform/errors';
import type { CouponsService } from '../coupons/service';
import type { PointsService } from '../points/service';
import type { MembersService } from '../members/service';
import type { MiniProgramClient } from '../wechat/miniprogram/client';
import type { InsightModels, ProfileDoc } from './model';
import type { CampaignDoc, CampaignModels, ContactDoc, DeliveryDoc, EntryDoc, RunDoc } from './campaign-model';
import type { Segments } from './segments';
import type { InsightSettingsStore } from './settings';
import { inQuietHours } from './settings';
import { segmentEntry, shanghaiMonth } from './schedule.calc';
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


export function createCampaignRunner(deps: RunDeps) {
  const { Campaign, Run, Delivery, Contact, Inbox, Entry } = deps.campaigns;
  const { clock } = deps;

  /** The trigger's own condition on profiles (AND with the segment). */
  async function triggerFilter(c: CampaignDoc, key: string): Promise<Record<string, unknown>> {
    if (c.schedule.kind !== 'trigger') return {};
    const on = c.schedule.on;
    const now = clock.now();
    if (on.kind === 'birthday') return { birthdayMonth: new Date(now.getTime() + 8 * 3600_000).getUTCMonth() + 1 };
    if (on.kind === 'attended_no_purchase') return { attendedNotBoughtAt: { $gte: new Date(now.getTime() - (on.days + 1) * DAY), $lt: new Date(now.getTime() - on.days * DAY) } };
    if (on.kind === 'coupon_expiring' || on.kind === 'segment') return {}; // decided per page (see `narrow`)
    // Entered the stage in that day's scores run: the profile's own stage and since (no list of ids to match).
    const dayStart = shanghaiMidnight(key.slice(key.indexOf(':') + 1));
    return { stage: on.stage, stageSince: { $gte: dayStart, $lt: new Date(dayStart.getTime() + DAY) } };
  }

  /** 「进入人群」: the date of the campaign's previous finished run (null: this is its first, the baseline). */
  async function previousRunDate(c: CampaignDoc, key: string): Promise<string | null> {
    const prev = await Run.find({ campaignId: String(c._id), state: 'done', key: { $ne: key } }, { key: 1 }).sort({ startedAt: -1 }).limit(1).lean<RunDoc[]>();
    return prev.length ? prev[0].key.slice(prev[0].key.indexOf(':') + 1) : null;
  }

  /** 「进入人群」: the page's members who entered the segment since the previous run; every member's record kept by `_id`. */
  async function entrants(c: CampaignDoc, key: string, prev: string | null, members: ProfileDoc[]): Promise<ProfileDoc[]> {
    if (!members.length) return members;
    const date = key.slice(key.indexOf(':') + 1);
    const idOf = (memberId: string) => `${c._id}:${memberId}`;
    const recs = new Map((await Entry.find({ _id: { $in: members.map((p) => idOf(p._id)) } }).lean<EntryDoc[]>()).map((e) => [e._id, e]));
    const ops: { updateOne: { filter: { _id: string }; update: { $set: { seen: string; since: string | null } }; upsert: true } }[] = [];
    const out = members.filter((p) => {
      const had = recs.get(idOf(p._id)) ?? null;
      const { entered, rec } = segmentEntry(had, date, prev);
      if (had?.seen !== rec.seen) ops.push({ updateOne: { filter: { _id: idOf(p._id) }, update: { $set: { seen: rec.seen, since: rec.since } }, upsert: true } });
      return entered;
    });
    if (ops.length) await Entry.bulkWrite(ops, { ordered: false });
    return out;
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

  /**
   * The frequency cap: delivery ids allowed this month. Each member-month keeps the delivery ids that asked, in
   * order (`$addToSet` by `_id`: a retry of the same delivery keeps its place); the first `cap` are allowed. Ids
   * refused are pulled again — only ever from places ≥ cap, so the allowed prefix never changes.
   */
  async function passCap(items: { id: string; memberId: string }[], cap: number): Promise<Set<string>> {
    if (!items.length) return new Set();
    const month = shanghaiMonth(clock.now());
    const key = (memberId: string) => `${memberId}:${month}`;
    const ops = items.map((d) => ({ updateOne: { filter: { _id: key(d.memberId) }, update: { $addToSet: { keys: d.id } }, upsert: true } }));
    await Contact.bulkWrite(ops, { ordered: false }).catch(async (err) => {
      if (!isDuplicateKey(err)) throw err;
      await Contact.bulkWrite(ops, { ordered: false }); // two runners created the same month at once: the second pass updates
    });
    const keys = new Map((await Contact.find({ _id: { $in: items.map((d) => key(d.memberId)) } }).lean<ContactDoc[]>()).map((c) => [c._id, c.keys]));
    const ok = new Set<string>();
    const refused: typeof items = [];
    for (const d of items) {
      const at = keys.get(key(d.memberId))?.indexOf(d.id) ?? -1;
      if (at >= 0 && at < cap) ok.add(d.id);
      else refused.push(d);
    }
    if (refused.length) await Contact.bulkWrite(refused.map((d) => ({ updateOne: { filter: { _id: key(d.memberId) }, update: { $pull: { keys: d.id } } } })), { ordered: false });
    return ok;
  }

  /** Gives the action to each pending delivery. Coupons and points: outcomes to record; messages: recorded here (claimed before sending). */
  async function act(c: CampaignDoc, list: DeliveryDoc[]): Promise<DeliveryDoc[]> {
    const a = c.action;
    if (a.kind === 'coupon') {
      const issued = await deps.coupons.gifts.issueGifts(String(a.templateId), list.map((d) => ({ memberId: d.memberId, issueKey: `campaign:${d._id}` })), `campaign:${c._id}`);
      return list.map((d) => {
        const couponId = issued.get(`campaign:${d._id}`);
        return couponId ? { ...d, state: 'given', couponId } : { ...d, state: 'skipped', reason: 'out_of_stock' };
      });
    }
    if (a.kind === 'points') {
      // One batch for the page (points.earnMany: each grant once by its key, a few commands per batch, not per member).
      const outcomes = await deps.points.earnMany(list.map((d) => ({ memberId: d.memberId, source: 'campaign', reference: d._id, leg: 'grant', reason: 'campaign', amount: a.amount, note: c.name })));
      return list.map((d, i) => {
        const o = outcomes[i];
        if (o.ok) return { ...d, state: 'given', points: a.amount };
        deps.logger.warn({ err: o.error.message, delivery: d._id }, 'campaign points not granted');
        return { ...d, state: 'skipped', reason: 'failed' };
      });
    }
    if (a.kind === 'banner') {
      if (!deps.banners) throw new Error('campaign runner built without banners cannot run a banner campaign');
      const given = await deps.banners.give(c, list);
      return list.map((d) => (given.has(d._id) ? { ...d, state: 'given' } : { ...d, state: 'skipped', reason: 'failed' }));
    }
    // Claim each delivery by inserting it `sending` before sending: a crash never sends twice (a one-time consent is used once).
    const claimed = new Set(await insertNew(list.map((d) => ({ ...d, state: 'sending' as const }))));
    const openids = await deps.members.pages.openids(list.map((d) => d.memberId));
    const sent: DeliveryDoc[] = [];
    for (const d of list.filter((x) => claimed.has(x._id))) {
      try {
        const r = await deps.wechat.sendSubscribeMessage({ toUser: openids.get(d.memberId)!, templateId: a.templateId, page: a.page, data: { thing1: { value: a.title }, thing2: { value: c.giftTitle } } });
        sent.push(r.sent ? { ...d, state: 'given' } : { ...d, state: 'skipped', reason: 'not_subscribed' });
      } catch (err) {
        deps.logger.warn({ err: (err as Error).message, delivery: d._id }, 'campaign message not sent');
        sent.push({ ...d, state: 'skipped', reason: 'failed' });
      }
    }
    if (sent.length) await Delivery.bulkWrite(sent.map((d) => ({ updateOne: { filter: { _id: d._id }, update: { $set: { state: d.state, reason: d.reason } } } })), { ordered: false });
    return [];
  }

  /** Inserts deliveries under their unique `_id`; returns the ids inserted (the others were recorded first by another runner). */
  async function insertNew(docs: DeliveryDoc[]): Promise<string[]> {
    if (!docs.length) return [];
    const failed = new Set<number>();
    await Delivery.insertMany(docs, { ordered: false, lean: true }).catch((err) => {
      const e = err as { writeErrors?: { index: number; code?: number; err?: { code?: number } }[] };
      if (!e.writeErrors) throw err;
      for (const w of e.writeErrors) {
        if ((w.code ?? w.err?.code) !== 11000) throw err;
        failed.add(w.index);
      }
    });
    return docs.filter((_, i) => !failed.has(i)).map((d) => d._id);
  }

  /**
   * One page of the audience. Every read and write is by `_id` (deliveries, contacts, inbox) or an insert under a
   * unique key: the page's deliveries are read; members without one get their outcome (holdout → control; else cap,
   * budget, the gift through the owning service, exactly once by its key), the gift lands in the inbox (`$addToSet`
   * of the same entry: a retry adds nothing), then the outcome is recorded by inserting the delivery.
   */
  async function processBatch(c: CampaignDoc, run: RunDoc, members: ProfileDoc[], cap: number): Promise<DeliveryDoc[]> {
    const now = clock.now();
    const idOf = (memberId: string) => `${run._id}:${memberId}`;
    const ids = members.map((p) => idOf(p._id));
    const have = new Map((await Delivery.find({ _id: { $in: ids } }).lean<DeliveryDoc[]>()).map((d) => [d._id, d]));
    // A message left `sending` by a crash is not sent again.
    const interrupted = [...have.values()].filter((d) => d.state === 'sending');
    if (interrupted.length) {
      await Delivery.bulkWrite(interrupted.map((d) => ({ updateOne: { filter: { _id: d._id }, update: { $set: { state: 'skipped', reason: 'interrupted' } } } })), { ordered: false });
      for (const d of interrupted) have.set(d._id, { ...d, state: 'skipped', reason: 'interrupted' });
    }
    const base = (memberId: string, group: DeliveryDoc['group']): DeliveryDoc => ({ _id: idOf(memberId), runId: run._id, campaignId: String(c._id), memberId, group, state: group === 'control' ? 'control' : 'pending', reason: null, couponId: null, points: 0, at: now });
    const fresh = members.filter((p) => !have.has(idOf(p._id)));
    const treated = fresh.filter((p) => !inHoldout(String(c._id), p._id, c.holdoutShare)).map((p) => base(p._id, 'treated'));
    const outcomes: DeliveryDoc[] = fresh.filter((p) => inHoldout(String(c._id), p._id, c.holdoutShare)).map((p) => base(p._id, 'control'));
    const allowed = await passCap(treated.map((d) => ({ id: d._id, memberId: d.memberId })), cap);
    const capped = treated.filter((d) => allowed.has(d._id));
    outcomes.push(...treated.filter((d) => !allowed.has(d._id)).map((d) => ({ ...d, state: 'skipped' as const, reason: 'frequency_cap' })));
    const covered = await reserve(c, capped.length);
    outcomes.push(...capped.slice(covered).map((d) => ({ ...d, state: 'skipped' as const, reason: 'budget' })));
    const acted = await act(c, capped.slice(0, covered));
    outcomes.push(...acted);
    const notGiven = c.action.kind === 'message' ? 0 : covered - acted.filter((d) => d.state === 'given').length;
    if (notGiven) await reserve({ ...c, budget: { maxGifts: null, maxPoints: null } } as CampaignDoc, -notGiven);
    const gifts = acted.filter((d) => d.state === 'given' && (c.action.kind === 'coupon' || c.action.kind === 'points'));
    if (gifts.length) {
      const entry = (d: DeliveryDoc) => ({ id: d._id, title: c.giftTitle, kind: c.action.kind as 'coupon' | 'points', couponId: d.couponId, points: d.points, at: run.startedAt });
      await Inbox.bulkWrite(gifts.map((d) => ({ updateOne: { filter: { _id: d.memberId }, update: { $addToSet: { gifts: entry(d) } }, upsert: true } })), { ordered: false }).catch(async (err) => {
        if (!isDuplicateKey(err)) throw err;
        await Inbox.bulkWrite(gifts.map((d) => ({ updateOne: { filter: { _id: d.memberId }, update: { $addToSet: { gifts: entry(d) } } } })), { ordered: false });
      });
    }
    const inserted = new Set(await insertNew(outcomes));
    const raced = [...ids.filter((id) => !have.has(id) && !inserted.has(id))];
    const reread = raced.length ? await Delivery.find({ _id: { $in: raced } }).lean<DeliveryDoc[]>() : [];
    return [...have.values(), ...outcomes.filter((d) => inserted.has(d._id)), ...reread];
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
      // 「券即将过期」: the members holding one, matched per page in memory (an `$in` of them in the query is a scan per member).
      const expiring = c.schedule.kind === 'trigger' && c.schedule.on.kind === 'coupon_expiring' ? new Set(await deps.coupons.gifts.membersWithExpiring(c.schedule.on.days)) : null;
      /** Before each batch: paused or ended → stop where we are; quiet hours → deferred (the job resumes it later). */
      const check = async (): Promise<{ halt: RunDoc | null; fresh: CampaignDoc | null }> => {
        const fresh = await Campaign.findById(c._id).lean<CampaignDoc>();
        if (!fresh || fresh.status !== 'active') return { halt: run, fresh: null };
        if (inQuietHours(clock.now(), s.quietHours)) return { halt: (await Run.findOneAndUpdate({ _id: id }, { $set: { state: 'deferred', updatedAt: clock.now() } }, { returnDocument: 'after', lean: true }))!, fresh: null };
        return { halt: null, fresh };
      };
      const first = await check();
      if (first.halt) return first.halt;
      const entering = c.schedule.kind === 'trigger' && c.schedule.on.kind === 'segment';
      const prev = entering ? await previousRunDate(c, key) : null;
      for await (const { members, next } of deps.segments.pages(seg, extra, run.cursor)) {
        const { halt, fresh } = await check();
        if (halt || !fresh) return halt ?? run;
        const audience = entering ? await entrants(c, key, prev, members) : expiring ? members.filter((p) => expiring.has(p._id)) : members;
        const done = audience.length ? await processBatch(fresh, run, audience, s.monthlyCap) : [];
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
