/**
 * The nightly scores run: facts → chain model → scores and stages → rollups.
 * Resumable: the run document is the checkpoint (`cursor` of the last member
 * whose facts are stored, `scoredBatches`); every step is idempotent (facts
 * per batch replaced by `_id`, transitions inserted under `member:seq`, profiles
 * set by `_id`), so a crash or a second runner anywhere converges.
 */
import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation } from 'mongoose';
import { lifecycleStage, rfmModel, type RfmFacts, type RfmModel, type Stage } from '@homeclub/shared';
import { shanghaiDate, type Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { isDuplicateKey } from '../platform/errors';
import type { MembersService } from '../members/service';
import type { MemberInsightRow } from '../members/member-page';
import type { OrderMemberStats } from '../orders/member-stats';
import type { BookingMemberStats } from '../booking/member-stats';
import type { InsightModels, FactsRow, ProfileDoc, ScoresRunDoc, TransitionDoc } from './model';
import type { InsightSettings } from './settings';

const DAY = 86400_000;
export const SCORE_BATCH = 1000;
/** How long a runner holds today's run (as the job's lock): a crashed runner's run is resumed after it. */
const RUN_LEASE_MS = 15 * 60_000;

export interface ScoresDeps {
  models: InsightModels;
  clock: Clock;
  logger: Logger;
  members: MembersService;
  orderStats: OrderMemberStats;
  bookingStats: BookingMemberStats;
  activePartnerIds: () => Promise<Set<string>>;
  settings: () => Promise<InsightSettings>;
  /** called after a run finished with the date's transitions (triggered campaigns) */
  onScored?: (date: string) => Promise<void>;
}

/** The date on which a member's recency is counted, or null (no recency event). */
function recencyAt(row: FactsRow, countBookings: boolean): Date | null {
  const attended = countBookings && row.attended ? new Date(row.attended) : null;
  const paid = row.last ? new Date(row.last) : null;
  if (paid && attended) return paid > attended ? paid : attended;
  return paid ?? attended;
}

/** Takes, from a stream in member-id order, every item up to a member id (inclusive), keyed by member. */
function aligned<T extends { memberId: string }>(it: AsyncGenerator<T>): (upTo: string) => Promise<Map<string, T>> {
  let head: T | null | undefined;
  return async (upTo) => {
    const out = new Map<string, T>();
    for (;;) {
      if (head === undefined) {
        const n = await it.next();
        head = n.done ? null : n.value;
      }
      if (head === null || head.memberId > upTo) return out;
      out.set(head.memberId, head);
      head = undefined;
    }
  };
}

export function createScores(deps: ScoresDeps) {
  const { models: m, clock } = deps;

  async function factsPhase(run: ScoresRunDoc, log: Logger, batchSize: number): Promise<ScoresRunDoc> {
    const s = await deps.settings();
    const since = new Date(run.startedAt.getTime() - s.windowDays * DAY);
    // Three streams in member-id order from the checkpoint on, merged batch by batch (one scan each, not one per batch).
    const buysUpTo = aligned(deps.orderStats.purchasesStream(run.cursor, since));
    const booksUpTo = aligned(deps.bookingStats.bookingsStream(run.cursor));
    const partners = await deps.activePartnerIds();
    const members = deps.members.pages.stream(run.cursor);
    for (let done = false; !done; ) {
      const page: MemberInsightRow[] = [];
      while (page.length < batchSize) {
        const n = await members.next();
        if (n.done) {
          done = true;
          break;
        }
        page.push(n.value);
      }
      if (!page.length) break;
      const to = page[page.length - 1].memberId;
      const buyBy = await buysUpTo(to);
      const bookBy = await booksUpTo(to);
      const rows: FactsRow[] = page.map((p) => {
        const b = buyBy.get(p.memberId);
        const k = bookBy.get(p.memberId);
        return {
          id: p.memberId,
          reg: p.createdAt,
          tier: p.tierCode,
          store: p.preferredStoreId ?? b?.lastStoreId ?? null,
          bm: p.birthdayMonth,
          partner: partners.has(p.memberId),
          src: p.source,
          first: b?.firstPaidAt ?? null,
          last: b?.lastPaidAt ?? null,
          n: b?.orders ?? 0,
          fen: b?.paidFen ?? 0,
          booked: k?.lastBookedAt ?? null,
          attended: k?.lastAttendedAt ?? null,
        };
      });
      const batch = run.batches;
      await m.Facts.replaceOne({ _id: `${run.date}:${batch}` }, { date: run.date, batch, rows }, { upsert: true });
      const next = await m.ScoresRun.findOneAndUpdate(
        { _id: run._id, batches: batch },
        { $set: { cursor: to, updatedAt: clock.now() }, $inc: { batches: 1, members: rows.length } },
        { returnDocument: 'after', lean: true },
      );
      if (!next) throw new Error(`scores run ${run._id} moved on under us (batch ${batch})`);
      run = next as ScoresRunDoc;
      if (run.batches % 10 === 0) log.info({ run: run._id, phase: 'facts', batches: run.batches, members: run.members }, 'insight scores progress');
    }
    return (await m.ScoresRun.findOneAndUpdate({ _id: run._id, phase: 'facts' }, { $set: { phase: 'score', updatedAt: clock.now() } }, { returnDocument: 'after', lean: true })) as ScoresRunDoc;
  }

  async function chainModel(run: ScoresRunDoc, countBookings: boolean): Promise<RfmModel> {
    const all: RfmFacts[] = [];
    const now = run.startedAt.getTime();
    for await (const doc of m.Facts.find({ date: run.date }, { rows: 1 }).lean().cursor()) {
      for (const row of (doc as { rows: FactsRow[] }).rows) {
        const at = recencyAt(row, countBookings);
        if (at) all.push({ recencyDays: Math.floor((now - at.getTime()) / DAY), frequency: row.n, monetaryFen: row.fen });
      }
    }
    return rfmModel(all);
  }

  async function scoreBatch(run: ScoresRunDoc, batch: number, model: RfmModel, s: InsightSettings): Promise<number> {
    const facts = await m.Facts.findById(`${run.date}:${batch}`).lean();
    if (!facts) throw new Error(`facts ${run.date}:${batch} missing`);
    const rows = facts.rows;
    const prev = new Map((await m.Profile.find({ _id: { $in: rows.map((r) => r.id) } }, { stage: 1, stageSince: 1, stageSeq: 1 }).lean<ProfileDoc[]>()).map((p) => [p._id, p]));
    const now = run.startedAt;
    const transitions: TransitionDoc[] = [];
    const ops: AnyBulkWriteOperation<ProfileDoc>[] = [];
    for (const row of rows) {
      const p = prev.get(row.id);
      const first = row.first ? new Date(row.first) : null;
      const last = row.last ? new Date(row.last) : null;
      const engaged = [row.booked, row.attended].filter(Boolean).map((d) => new Date(d as Date));
      const lastEngagedAt = engaged.length ? new Date(Math.max(...engaged.map((d) => d.getTime()))) : null;
      const stage: Stage = lifecycleStage({ firstPaidAt: first, lastPaidAt: last, lastEngagedAt }, now, p ? { stage: p.stage, since: p.stageSince } : null, s.thresholds);
      const changed = !p || p.stage !== stage;
      const seq = changed ? (p?.stageSeq ?? 0) + 1 : p.stageSeq;
      if (changed) transitions.push({ _id: `${row.id}:${seq}`, memberId: row.id, seq, from: p?.stage ?? null, to: stage, month: run.date.slice(0, 7), at: now });
      const at = recencyAt(row, s.recencyCountsBookings);
      const recencyDays = at ? Math.floor((now.getTime() - at.getTime()) / DAY) : null;
      const score = recencyDays === null ? null : model.score({ recencyDays, frequency: row.n, monetaryFen: row.fen });
      ops.push({
        updateOne: {
          filter: { _id: row.id },
          update: {
            $set: {
              registeredAt: row.reg,
              tierCode: row.tier,
              storeId: row.store,
              birthdayMonth: row.bm,
              partner: row.partner,
              source: row.src,
              firstPaidAt: first,
              lastPaidAt: last,
              orders365: row.n,
              paidFen365: row.fen,
              lastBookedAt: row.booked ?? null,
              lastAttendedAt: row.attended ?? null,
              bookedNotBoughtAt: row.booked && (!last || last < new Date(row.booked)) ? row.booked : null,
              attendedNotBoughtAt: row.attended && (!last || last < new Date(row.attended)) ? row.attended : null,
              recencyDays,
              r: score?.r ?? null,
              f: score?.f ?? null,
              m: score?.m ?? null,
              rfmGroup: score?.group ?? null,
              stage,
              stageSince: changed ? now : p.stageSince,
              stageSeq: seq,
              scoredOn: run.date,
            },
            $setOnInsert: { tags: [] },
          },
          upsert: true,
        },
      });
    }
    // Transitions first: a crash before the profiles are written recomputes the same `member:seq` ids.
    if (transitions.length) {
      await m.Transition.insertMany(transitions, { ordered: false }).catch((err) => {
        if (!isDuplicateKey(err)) throw err;
      });
    }
    if (ops.length) await m.Profile.bulkWrite(ops, { ordered: false });
    return transitions.length;
  }

  async function scorePhase(run: ScoresRunDoc, log: Logger): Promise<ScoresRunDoc> {
    const s = await deps.settings();
    const model = await chainModel(run, s.recencyCountsBookings);
    log.info({ run: run._id, scored: model.n, meanRecencyDays: Math.round(model.meanRecencyDays), meanFrequency: model.meanFrequency, meanMonetaryFen: Math.round(model.meanMonetaryFen) }, 'insight chain model');
    while (run.scoredBatches < run.batches) {
      const b = run.scoredBatches;
      const n = await scoreBatch(run, b, model, s);
      const next = await m.ScoresRun.findOneAndUpdate({ _id: run._id, scoredBatches: b }, { $inc: { scoredBatches: 1, transitions: n }, $set: { updatedAt: clock.now() } }, { returnDocument: 'after', lean: true });
      if (!next) throw new Error(`scores run ${run._id} moved on under us (score batch ${b})`);
      run = next as ScoresRunDoc;
      if (run.scoredBatches % 10 === 0) log.info({ run: run._id, phase: 'score', batches: `${run.scoredBatches}/${run.batches}`, transitions: run.transitions }, 'insight scores progress');
    }
    return (await m.ScoresRun.findOneAndUpdate({ _id: run._id, phase: 'score' }, { $set: { phase: 'rollup', updatedAt: clock.now() } }, { returnDocument: 'after', lean: true })) as ScoresRunDoc;
  }

  async function rollupPhase(run: ScoresRunDoc): Promise<ScoresRunDoc> {
    const month = run.date.slice(0, 7);
    const stages = await m.Profile.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$stage', n: { $sum: 1 } } }]);
    const rfm = await m.Profile.aggregate<{ _id: string | null; n: number; fen: number }>([{ $group: { _id: '$rfmGroup', n: { $sum: 1 }, fen: { $sum: '$paidFen365' } } }]);
    const flows = await m.Transition.aggregate<{ _id: { from: string | null; to: string }; n: number }>([{ $match: { month } }, { $group: { _id: { from: '$from', to: '$to' }, n: { $sum: 1 } } }]);
    const now = clock.now();
    const put = (id: string, data: Record<string, unknown>) => m.Rollup.replaceOne({ _id: id }, { data, updatedAt: now }, { upsert: true });
    await put(`stages:${month}`, { date: run.date, counts: Object.fromEntries(stages.map((s) => [s._id, s.n])) });
    await put('rfm:latest', { date: run.date, groups: rfm.filter((g) => g._id).map((g) => ({ group: g._id, members: g.n, paidFen: g.fen })), unscored: rfm.find((g) => !g._id)?.n ?? 0 });
    await put(`flows:${month}`, { flows: flows.map((f) => ({ from: f._id.from, to: f._id.to, members: f.n })) });
    await m.Facts.deleteMany({ date: { $ne: run.date } });
    return (await m.ScoresRun.findOneAndUpdate({ _id: run._id, phase: 'rollup' }, { $set: { phase: 'done', finishedAt: now, updatedAt: now } }, { returnDocument: 'after', lean: true })) as ScoresRunDoc;
  }

  return {
    /** Run (or resume) today's scores; a finished run is left as is. */
    async run(log: Logger = deps.logger, opts: { batchSize?: number } = {}): Promise<ScoresRunDoc> {
      const now = clock.now();
      const date = shanghaiDate(now);
      const id = `scores:${date}`;
      try {
        await m.ScoresRun.create({ _id: id, date, phase: 'facts', cursor: null, batches: 0, scoredBatches: 0, members: 0, transitions: 0, startedAt: now, updatedAt: now, finishedAt: null });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      // One runner at a time (the nightly job, an admin's run, another instance): the run is leased by a guarded
      // update; whoever does not get the lease answers with the run as it stands.
      const token = randomUUID();
      const lease = { leaseBy: token, leaseUntil: new Date(now.getTime() + RUN_LEASE_MS) };
      const claimed = await m.ScoresRun.findOneAndUpdate({ _id: id, phase: { $ne: 'done' }, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] }, { $set: lease }, { returnDocument: 'after', lean: true });
      if (!claimed) return (await m.ScoresRun.findById(id).lean<ScoresRunDoc>())!;
      try {
        return await runLeased(claimed as ScoresRunDoc, log, opts);
      } finally {
        await m.ScoresRun.updateOne({ _id: id, leaseBy: token }, { $set: { leaseBy: null, leaseUntil: null } });
      }
    },
    latest: () => m.ScoresRun.findOne().sort({ _id: -1 }).lean<ScoresRunDoc>(),
  };

  async function runLeased(start: ScoresRunDoc, log: Logger, opts: { batchSize?: number }): Promise<ScoresRunDoc> {
      const { _id: id, date } = start;
      let run = start;
      if (run.phase !== 'facts' || run.cursor) log.info({ run: id, phase: run.phase, batches: run.batches, scoredBatches: run.scoredBatches }, 'insight scores resumed');
      if (run.phase === 'facts') run = await factsPhase(run, log, opts.batchSize ?? SCORE_BATCH);
      if (run.phase === 'score') run = await scorePhase(run, log);
      if (run.phase === 'rollup') {
        run = await rollupPhase(run);
        log.info({ run: id, members: run.members, transitions: run.transitions, ms: run.finishedAt!.getTime() - run.startedAt.getTime() }, 'insight scores done');
        if (deps.onScored) await deps.onScored(date);
      }
      return run;
  }
}

export type Scores = ReturnType<typeof createScores>;
