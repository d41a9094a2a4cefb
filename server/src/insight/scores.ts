/**
 * The nightly scores run: facts → chain model → scores and stages → rollups.
 * Linear and cheap per member on an engine that scans everything but `_id`:
 * every read is one stream in member-id order (members, purchases, bookings,
 * guide bindings, the previous profiles), every write is by `_id` only or an
 * insert under a unique key, in bulk, and a profile is written only when it
 * changed. Resumable: the run document is the checkpoint — the model (fixed
 * when the facts pass ends), the last member scored (`cursor`) and the counts
 * for the rollups, all moved by one guarded update per batch, so a batch is
 * counted once; transitions are inserted under `member:seq` before the
 * profiles, so a crash or a second runner anywhere converges.
 */
import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation } from 'mongoose';
import { lifecycleStage, rfmParams, rfmScore, type RfmFacts, type RfmParams, type Stage } from '@homeclub/shared';
import { shanghaiDate, type Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { isDuplicateKey } from '../platform/errors';
import type { InsightModels, ProfileDoc, ScoresRunDoc, TransitionDoc } from './model';
import type { InsightSettings } from './settings';
import { factsPages, recencyAt, aligned, type FactsRow, type FactsSources } from './score-facts';

const DAY = 86400_000;
export const SCORE_BATCH = 1000;
/** How long a runner holds today's run (as the job's lock): a crashed runner's run is resumed after it. */
const RUN_LEASE_MS = 15 * 60_000;

export interface ScoresDeps extends FactsSources {
  models: InsightModels;
  clock: Clock;
  logger: Logger;
  activePartnerIds: () => Promise<Set<string>>;
  settings: () => Promise<InsightSettings>;
  /** called after a run finished (triggered campaigns) */
  onScored?: (date: string) => Promise<void>;
}

type ProfileFields = Omit<ProfileDoc, '_id' | 'tags'>;
const PREV_FIELDS = { tags: 0 } as const;

const same = (a: unknown, b: unknown) => (a instanceof Date || b instanceof Date ? (a as Date | null)?.getTime?.() === (b as Date | null)?.getTime?.() : (a ?? null) === (b ?? null));

/** The profile of one member from its facts, the chain's model and its previous profile. */
export function profileOf(row: FactsRow, prev: ProfileDoc | undefined, model: RfmParams, s: InsightSettings, now: Date): ProfileFields {
  const engaged = [row.booked, row.attended].filter((d): d is Date => !!d);
  const lastEngagedAt = engaged.length ? new Date(Math.max(...engaged.map((d) => d.getTime()))) : null;
  const stage: Stage = lifecycleStage({ firstPaidAt: row.first, lastPaidAt: row.last, lastEngagedAt }, now, prev ? { stage: prev.stage, since: prev.stageSince } : null, s.thresholds);
  const changed = !prev || prev.stage !== stage;
  const at = recencyAt(row, s.recencyCountsBookings);
  const score = at ? rfmScore(model, { recencyDays: Math.floor((now.getTime() - at.getTime()) / DAY), frequency: row.n, monetaryFen: row.fen }) : null;
  return {
    registeredAt: row.reg,
    tierCode: row.tier,
    storeId: row.store,
    birthdayMonth: row.bm,
    partner: row.partner,
    source: row.src,
    firstPaidAt: row.first,
    lastPaidAt: row.last,
    orders365: row.n,
    paidFen365: row.fen,
    lastBookedAt: row.booked,
    lastAttendedAt: row.attended,
    bookedNotBoughtAt: row.booked && (!row.last || row.last < row.booked) ? row.booked : null,
    attendedNotBoughtAt: row.attended && (!row.last || row.last < row.attended) ? row.attended : null,
    recencyAt: at,
    guideId: row.guide,
    r: score?.r ?? null,
    f: score?.f ?? null,
    m: score?.m ?? null,
    rfmGroup: score?.group ?? null,
    stage,
    stageSince: prev && !changed ? prev.stageSince : now,
    stageSeq: prev && !changed ? prev.stageSeq : (prev?.stageSeq ?? 0) + 1,
  };
}

export function createScores(deps: ScoresDeps) {
  const { models: m, clock } = deps;

  const since = async (run: ScoresRunDoc, s: InsightSettings) => new Date(run.startedAt.getTime() - s.windowDays * DAY);

  /** One pass over every member's facts → the chain's model on the run. */
  async function factsPhase(run: ScoresRunDoc, log: Logger, batchSize: number): Promise<{ run: ScoresRunDoc; rows: FactsRow[] }> {
    const s = await deps.settings();
    const partners = await deps.activePartnerIds();
    const rows: FactsRow[] = [];
    const scored: RfmFacts[] = [];
    const now = run.startedAt.getTime();
    for await (const page of factsPages(deps, null, await since(run, s), partners, batchSize)) {
      for (const row of page) {
        rows.push(row);
        const at = recencyAt(row, s.recencyCountsBookings);
        if (at) scored.push({ recencyDays: Math.floor((now - at.getTime()) / DAY), frequency: row.n, monetaryFen: row.fen });
      }
      if ((rows.length / batchSize) % 20 === 0) log.info({ run: run._id, phase: 'facts', members: rows.length }, 'insight scores progress');
    }
    const model = rfmParams(scored);
    log.info({ run: run._id, members: rows.length, scored: model.n, meanRecencyDays: Math.round(model.meanRecencyDays), meanFrequency: model.meanFrequency, meanMonetaryFen: Math.round(model.meanMonetaryFen) }, 'insight chain model');
    const next = await m.ScoresRun.findOneAndUpdate(
      { _id: run._id, phase: 'facts' },
      { $set: { phase: 'score', model, members: rows.length, batches: Math.ceil(rows.length / batchSize), cursor: null, updatedAt: clock.now() } },
      { returnDocument: 'after', lean: true },
    );
    if (!next) throw new Error(`scores run ${run._id} moved on under us (facts)`);
    return { run: next as ScoresRunDoc, rows };
  }

  /** The facts after the run's cursor, a page at a time: the rows this call just read, else (a resumed run) streamed again. */
  async function* pagesAfter(run: ScoresRunDoc, s: InsightSettings, batchSize: number, rows: FactsRow[] | null): AsyncGenerator<FactsRow[]> {
    if (rows) {
      let i = run.cursor ? rows.findIndex((r) => r.id > run.cursor!) : 0;
      if (i < 0) return;
      for (; i < rows.length; i += batchSize) yield rows.slice(i, i + batchSize);
      return;
    }
    yield* factsPages(deps, run.cursor, await since(run, s), await deps.activePartnerIds(), batchSize);
  }

  async function writeBatch(run: ScoresRunDoc, rows: FactsRow[], prevBy: Map<string, ProfileDoc>, s: InsightSettings) {
    const now = run.startedAt;
    const transitions: TransitionDoc[] = [];
    const inserts: ProfileDoc[] = [];
    const updates: AnyBulkWriteOperation<ProfileDoc>[] = [];
    const inc: Record<string, number> = {};
    const add = (k: string, v = 1) => (inc[k] = (inc[k] ?? 0) + v);
    for (const row of rows) {
      const prev = prevBy.get(row.id);
      const next = profileOf(row, prev, run.model!, s, now);
      if (!prev || prev.stage !== next.stage) {
        transitions.push({ _id: `${row.id}:${next.stageSeq}`, memberId: row.id, seq: next.stageSeq, from: prev?.stage ?? null, to: next.stage, month: run.date.slice(0, 7), at: now });
        add(`counts.flows.${prev?.stage ?? 'new'}>${next.stage}`);
      }
      add(`counts.stages.${next.stage}`);
      if (next.rfmGroup) {
        add(`counts.rfm.${next.rfmGroup}.n`);
        add(`counts.rfm.${next.rfmGroup}.fen`, next.paidFen365);
      } else add('counts.unscored');
      if (!prev) {
        inserts.push({ _id: row.id, ...next, tags: [] });
        continue;
      }
      const $set: Partial<ProfileFields> = {};
      for (const k of Object.keys(next) as (keyof ProfileFields)[]) if (!same(next[k], prev[k])) ($set as Record<string, unknown>)[k] = next[k];
      if (Object.keys($set).length) updates.push({ updateOne: { filter: { _id: row.id }, update: { $set } } });
    }
    // Transitions first: a crash before the profiles are written recomputes the same `member:seq` ids.
    const ignoreDuplicates = (err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    };
    if (transitions.length) await m.Transition.insertMany(transitions, { ordered: false, lean: true }).catch(ignoreDuplicates);
    if (inserts.length) await m.Profile.insertMany(inserts, { ordered: false, lean: true }).catch(ignoreDuplicates);
    if (updates.length) await m.Profile.bulkWrite(updates, { ordered: false });
    return { transitions: transitions.length, inc, writes: inserts.length + updates.length };
  }

  async function scorePhase(run: ScoresRunDoc, log: Logger, batchSize: number, rows: FactsRow[] | null): Promise<ScoresRunDoc> {
    const s = await deps.settings();
    const prevUpTo = aligned(
      (async function* () {
        const filter = run.cursor ? { _id: { $gt: run.cursor } } : {};
        for await (const p of m.Profile.find(filter, PREV_FIELDS).sort({ _id: 1 }).lean<ProfileDoc[]>().cursor({ batchSize: 1000 }) as AsyncIterable<ProfileDoc>) yield { ...p, memberId: p._id };
      })(),
    );
    let writes = 0;
    for await (const page of pagesAfter(run, s, batchSize, rows)) {
      const last = page[page.length - 1].id;
      const w = await writeBatch(run, page, await prevUpTo(last), s);
      writes += w.writes;
      const b = run.scoredBatches;
      const next = await m.ScoresRun.findOneAndUpdate({ _id: run._id, scoredBatches: b }, { $inc: { scoredBatches: 1, transitions: w.transitions, ...w.inc }, $set: { cursor: last, updatedAt: clock.now() } }, { returnDocument: 'after', lean: true });
      if (!next) throw new Error(`scores run ${run._id} moved on under us (score batch ${b})`);
      run = next as ScoresRunDoc;
      if (run.scoredBatches % 10 === 0) log.info({ run: run._id, phase: 'score', batches: `${run.scoredBatches}/${run.batches}`, transitions: run.transitions, profileWrites: writes }, 'insight scores progress');
    }
    return (await m.ScoresRun.findOneAndUpdate({ _id: run._id, phase: 'score' }, { $set: { phase: 'rollup', batches: run.scoredBatches, updatedAt: clock.now() } }, { returnDocument: 'after', lean: true })) as ScoresRunDoc;
  }

  /** Rollups from the run's own counts (and this month's runs for the flows): no scan of profiles or transitions. */
  async function rollupPhase(run: ScoresRunDoc): Promise<ScoresRunDoc> {
    const month = run.date.slice(0, 7);
    const counts = run.counts ?? { stages: {}, rfm: {}, unscored: 0, flows: {} };
    const monthRuns = await m.ScoresRun.find({ _id: { $gte: `scores:${month}-01`, $lte: `scores:${month}-31` }, phase: { $in: ['rollup', 'done'] } }, { counts: 1 }).lean<ScoresRunDoc[]>();
    const flows = new Map<string, number>();
    for (const r of monthRuns) for (const [k, n] of Object.entries(r.counts?.flows ?? {})) flows.set(k, (flows.get(k) ?? 0) + n);
    const now = clock.now();
    const put = (id: string, data: Record<string, unknown>) => m.Rollup.replaceOne({ _id: id }, { data, updatedAt: now }, { upsert: true });
    await put(`stages:${month}`, { date: run.date, counts: Object.fromEntries(Object.entries(counts.stages).filter(([, n]) => n > 0)) });
    await put('rfm:latest', { date: run.date, groups: Object.entries(counts.rfm).map(([group, g]) => ({ group, members: g.n, paidFen: g.fen })), unscored: counts.unscored });
    await put(`flows:${month}`, {
      flows: [...flows].map(([k, members]) => {
        const [from, to] = k.split('>');
        return { from: from === 'new' ? null : from, to, members };
      }),
    });
    return (await m.ScoresRun.findOneAndUpdate({ _id: run._id, phase: 'rollup' }, { $set: { phase: 'done', finishedAt: now, updatedAt: now } }, { returnDocument: 'after', lean: true })) as ScoresRunDoc;
  }

  async function runLeased(start: ScoresRunDoc, log: Logger, batchSize: number): Promise<ScoresRunDoc> {
    const { _id: id, date } = start;
    let run = start;
    if (run.phase !== 'facts') log.info({ run: id, phase: run.phase, scoredBatches: run.scoredBatches, cursor: run.cursor }, 'insight scores resumed');
    let rows: FactsRow[] | null = null;
    if (run.phase === 'facts') ({ run, rows } = await factsPhase(run, log, batchSize));
    if (run.phase === 'score') run = await scorePhase(run, log, batchSize, rows);
    if (run.phase === 'rollup') {
      run = await rollupPhase(run);
      log.info({ run: id, members: run.members, transitions: run.transitions, ms: run.finishedAt!.getTime() - run.startedAt.getTime() }, 'insight scores done');
      if (deps.onScored) await deps.onScored(date);
    }
    return run;
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
        return await runLeased(claimed as ScoresRunDoc, log, opts.batchSize ?? SCORE_BATCH);
      } finally {
        await m.ScoresRun.updateOne({ _id: id, leaseBy: token }, { $set: { leaseBy: null, leaseUntil: null } });
      }
    },
    latest: () => m.ScoresRun.findOne().sort({ _id: -1 }).lean<ScoresRunDoc>(),
  };
}

export type Scores = ReturnType<typeof createScores>;
