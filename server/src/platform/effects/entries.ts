/**
 * Exactly-once entries: the one protocol behind the points ledger and the
 * growth ledger (and any future "apply an amount to a document once").
 *
 * An entry is an immutable record of one effect on one target document
 * (a member), keyed by a unique idempotency key. Applying it:
 *   1. insert the entry `pending`, its lease already taken by the insert —
 *      a duplicate key finds the first entry and returns or resumes it;
 *   2. ONE guarded update of the target: the effect (`$inc`/`$set`), the
 *      domain's guard (e.g. available ≥ the debit) and `inflight ∌ id` in the
 *      filter, `$push inflight: id` in the update — so the effect and the proof
 *      that it happened are one atomic write;
 *   3. the domain's idempotent follow-up (`after`, e.g. points lots);
 *   4. entry → `applied` (with the domain's result fields);
 *   5. `$pull inflight: id` — with `deferPull`, left to the repair job on the
 *      hot path (one command less per entry): a settled id in `inflight` only
 *      proves an effect that is already recorded, it guards nothing else.
 * Steps 2–5 run under the entry's lease, so one finisher works at a time; a
 * duplicate that finds the lease held waits briefly for the outcome and then
 * answers SERVICE_UNAVAILABLE (retriable: the lease of a dead instance expires).
 * Crash recovery (`repairPending`, run by the MongoDB scheduler): a pending entry
 * whose lease expired is claimed and finished; `inflight ∋ id` says step 2 already
 * happened, so the effect is never applied twice. A crash between 4 and 5 leaves
 * a settled id in `inflight` — harmless for the guard, and the repair pulls it.
 * A refused guard (with the id not in flight) either rejects the entry
 * (`state: rejected`, its error code kept, the same key answers the same error
 * forever), settles it without a target change, or retries with a smaller effect
 * (or another target) that is first persisted on the entry (so a resumed entry applies the same one).
 * Many entries at once: entries-batch.ts (many targets, a campaign) and entries-together.ts (several
 * entries on one target in one update, an order's capture and earn), both on this protocol.
 */
import { randomUUID } from 'node:crypto';
import type { Model, Types } from 'mongoose';
import type { ErrorCode } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../errors';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { createBatchApply } from './entries-batch';
import { createTogetherApply } from './entries-together';

export interface EntryBase {
  _id: Types.ObjectId;
  key: string;
  state: 'pending' | 'applied' | 'rejected';
  createdAt: Date;
  leaseUntil: Date | null;
  leaseToken: string | null;
  rejectCode?: string | null;
}

/** What a caller hands the engine: the entry without the fields the engine sets. */
export type EntryDraft<E extends EntryBase> = Omit<E, '_id' | 'state' | 'createdAt' | 'leaseUntil' | 'leaseToken'>;

/** Where a test may inject a crash: just before the named write. */
export type EntryWrite = 'claim' | 'target' | 'after' | 'mark' | 'pull';

export type Refusal = { reject: ErrorCode; detail: string } | { settle: Record<string, unknown> } | { retry: Record<string, unknown> };

/** The target's documents, as a module's store of them (e.g. the members module's slice of the member document). */
export interface TargetStore<T> {
  findById(id: Types.ObjectId, projection?: Record<string, 0 | 1>): Promise<T | null>;
  find(filter: Record<string, unknown>, opts?: { projection?: Record<string, 0 | 1>; limit?: number; sort?: Record<string, 1 | -1> }): Promise<T[]>;
  /** one guarded update returning the document after it (null: the filter did not match) */
  findOneAndUpdate(filter: Record<string, unknown>, update: Record<string, Record<string, unknown>>, projection?: Record<string, 0 | 1>): Promise<T | null>;
  updateOne(filter: Record<string, unknown>, update: Record<string, Record<string, unknown>>): Promise<unknown>;
  /** many guarded updates in one command (unordered); returns how many documents changed */
  bulkUpdate(ops: { filter: Record<string, unknown>; update: Record<string, Record<string, unknown>> }[]): Promise<number>;
}

/** A mongoose model as a target store. */
export function modelStore<T>(M: Model<T>): TargetStore<T> {
  return {
    findById: (id, projection) => M.findById(id, projection ?? null).lean() as Promise<T | null>,
    find: (filter, opts = {}) => M.find(filter as never, opts.projection ?? null).sort(opts.sort ?? {}).limit(opts.limit ?? 0).lean() as Promise<T[]>,
    findOneAndUpdate: (filter, update, projection) => M.findOneAndUpdate(filter as never, update as never, { returnDocument: 'after', lean: true, ...(projection ? { projection } : {}) }) as Promise<T | null>,
    updateOne: (filter, update) => M.updateOne(filter as never, update as never),
    bulkUpdate: async (ops) => (ops.length ? (await M.bulkWrite(ops.map((o) => ({ updateOne: { filter: o.filter as never, update: o.update as never } })), { ordered: false })).modifiedCount : 0),
  };
}

export interface EntryProtocol<E extends EntryBase, T> {
  Entry: Model<E>;
  /** name of the unique index on `key` */
  keyIndex: string;
  Target: TargetStore<T>;
  /** array field on the target holding ids of entries applied but not yet settled */
  inflight: string;
  targetId(e: E): Types.ObjectId;
  /** the guarded effect of e on its target, or null when there is nothing to change */
  effect(e: E): { guard: Record<string, unknown>; update: Record<string, Record<string, unknown>> } | null;
  /** target fields the effect's result needs */
  projection: Record<string, 0 | 1>;
  /** the guard refused and e is not in flight (`target` null when it does not exist) */
  refused(e: E, target: T | null): Refusal;
  /** idempotent follow-up after the effect (fresh: first attempt of a fresh entry, nothing done before; moved: the target after the effect, when known) */
  after?(e: E, fresh: boolean, moved: T | null): Promise<void>;
  /** the follow-up for a batch of fresh entries at once (entries-batch.ts); without it `after` runs per entry */
  afterMany?(es: E[]): Promise<void>;
  /** the guarded effect of several entries on one target at once (entries-together.ts); without it they apply one by one */
  effectOfMany?(es: E[]): { guard: Record<string, unknown>; update: Record<string, Record<string, unknown>> } | null;
  /** fields set on the entry when it becomes applied (`moved`: the target after the effect, null when resumed; `later`: entries applied in the same update after e) */
  settled(e: E, moved: T | null, later?: E[]): Record<string, unknown>;
  clock: Clock;
  logger: Logger;
  leaseMs?: number;
  waitMs?: number;
  /** skip step 5 on a fresh entry's first attempt; `repairPending` pulls settled ids (see the header) */
  deferPull?: boolean;
  /** test seam: called before each write, may throw to simulate a crash there */
  failpoint?: (write: EntryWrite, e: E) => void;
}

function pathOf(doc: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v == null ? v : (v as Record<string, unknown>)[k]), doc);
}

export function createEntryEngine<E extends EntryBase, T>(p: EntryProtocol<E, T>) {
  const LEASE_MS = p.leaseMs ?? 30_000;
  const WAIT_MS = p.waitMs ?? 3_000;
  const { Entry, Target } = p;
  const fail = (w: EntryWrite, e: E) => p.failpoint?.(w, e);
  // the projection of the re-read after a refusal (no path collision when the projection holds the list's parent)
  const coversInflight = Object.keys(p.projection).some((k) => p.inflight === k || p.inflight.startsWith(`${k}.`));
  const readProjection: Record<string, 0 | 1> = coversInflight ? p.projection : { ...p.projection, [p.inflight]: 1 };
  const newLease = () => ({ leaseUntil: new Date(p.clock.now().getTime() + LEASE_MS), leaseToken: randomUUID() });

  /** The final outcome of an entry that is no longer pending. */
  async function outcome(id: Types.ObjectId): Promise<E> {
    const e = (await Entry.findById(id).lean<E>())!;
    if (e.state === 'rejected') throw new AppError((e.rejectCode ?? 'VALIDATION_FAILED') as ErrorCode, `${e.key} was rejected`);
    return e;
  }

  async function waitForOutcome(id: Types.ObjectId): Promise<E> {
    // A live twin finishes in milliseconds; a lease still held after WAIT_MS belongs to a dead instance.
    const deadline = Date.now() + WAIT_MS;
    for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
      const cur = await Entry.findById(id, { state: 1 }).lean<E>();
      if (cur && cur.state !== 'pending') return outcome(id);
      if (Date.now() > deadline) throw new AppError('SERVICE_UNAVAILABLE', `entry ${String(id)} is still being applied`);
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  /** Steps 2–5 under the lease (taken by the insert when fresh, claimed here otherwise). */
  async function finish(pending: E, fresh: boolean): Promise<E> {
    let e = pending;
    if (!fresh) {
      fail('claim', pending);
      const now = p.clock.now();
      const claimed = await Entry.findOneAndUpdate(
        { _id: pending._id, state: 'pending', $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] } as never,
        { $set: newLease() } as never,
        { returnDocument: 'after', lean: true },
      );
      if (!claimed) return waitForOutcome(pending._id);
      e = claimed as E;
    }
    let targetId = p.targetId(e);
    let moved: T | null = null;
    let settle: Record<string, unknown> = {};
    let resolved = false;
    for (let attempt = 0; attempt < 5 && !resolved; attempt++) {
      targetId = p.targetId(e); // a retry may move the entry to another target (a closed month → the next one)
      const eff = p.effect(e);
      if (!eff) {
        resolved = true;
        break;
      }
      fail('target', e);
      moved = await Target.findOneAndUpdate({ _id: targetId, [p.inflight]: { $ne: e._id }, ...eff.guard }, { ...eff.update, $push: { [p.inflight]: e._id } }, p.projection);
      if (moved) {
        resolved = true;
        break;
      }
      const cur = await Target.findById(targetId, readProjection);
      const inflight = (pathOf(cur, p.inflight) as Types.ObjectId[] | undefined) ?? [];
      resolved = inflight.some((id) => String(id) === String(e._id)); // applied before a crash
      if (resolved) break;
      const r = p.refused(e, cur);
      if ('reject' in r) {
        const rejected = await Entry.findOneAndUpdate({ _id: e._id, state: 'pending' } as never, { $set: { state: 'rejected', rejectCode: r.reject } } as never, { returnDocument: 'after', lean: true });
        if (rejected) throw new AppError(r.reject, `${e.key}: ${r.detail}`);
        return outcome(e._id);
      }
      if ('settle' in r) {
        settle = r.settle;
        resolved = true;
        break;
      }
      await Entry.updateOne({ _id: e._id, leaseToken: e.leaseToken } as never, { $set: r.retry } as never);
      e = { ...e, ...r.retry };
    }
    // Still racing after 5 attempts: stay pending under this lease; the repair job or a retry finishes it.
    if (!resolved) throw new AppError('SERVICE_UNAVAILABLE', `${e.key}: the target kept changing`);
    fail('after', e);
    await p.after?.(e, fresh && moved !== null, moved);
    fail('mark', e);
    const fields = { ...p.settled(e, moved), ...settle, state: 'applied' };
    const marked = await Entry.updateOne({ _id: e._id, state: 'pending' } as never, { $set: fields } as never);
    fail('pull', e);
    if (!(p.deferPull && fresh)) await Target.updateOne({ _id: targetId }, { $pull: { [p.inflight]: e._id } });
    if (marked.modifiedCount === 1) return { ...e, ...fields } as E;
    return outcome(e._id);
  }

  /**
   * Ids left in `inflight` whose entry is settled (deferred pulls, or a crash between steps 4 and 5).
   * Job only: scans targets, page by page by `_id` (every target with ids, up to `maxPages` pages per run).
   */
  async function clearSettledInflight(limit: number, maxPages = 50): Promise<number> {
    let cleared = 0;
    let after: Types.ObjectId | null = null;
    for (let page = 0; page < maxPages; page++) {
      const filter: Record<string, unknown> = { [`${p.inflight}.0`]: { $exists: true }, ...(after ? { _id: { $gt: after } } : {}) };
      const targets = (await Target.find(filter, { projection: { [p.inflight]: 1 }, limit, sort: { _id: 1 } })) as { _id: Types.ObjectId }[];
      cleared += await clearTargets(targets);
      if (targets.length < limit) break;
      after = targets[targets.length - 1]._id;
    }
    return cleared;
  }

  async function clearTargets(targets: { _id: Types.ObjectId }[]): Promise<number> {
    let cleared = 0;
    for (const t of targets) {
      const ids = (pathOf(t, p.inflight) as Types.ObjectId[]) ?? [];
      const done = (await Entry.find({ _id: { $in: ids }, state: { $ne: 'pending' } } as never, { _id: 1 }).lean()) as { _id: Types.ObjectId }[];
      if (!done.length) continue;
      await Target.updateOne({ _id: t._id }, { $pull: { [p.inflight]: { $in: done.map((d) => d._id) } } });
      cleared += done.length;
    }
    return cleared;
  }

  /** Apply `draft` once per key: the same key again returns (or resumes) the first entry, or its rejection. */
  async function apply(draft: EntryDraft<E>): Promise<E> {
    let entry: E;
    try {
      const created = (await Entry.create({ ...draft, state: 'pending', createdAt: p.clock.now(), ...newLease() } as never)) as unknown as { toObject(): E };
      entry = created.toObject();
    } catch (err) {
      if (!isDuplicateKey(err, p.keyIndex)) throw err;
      entry = (await Entry.findOne({ key: draft.key } as never).lean<E>())!;
      if (entry.state !== 'pending') return outcome(entry._id);
      return finish(entry, false);
    }
    return finish(entry, true);
  }

  return {
    apply,

    /** Job: finish entries left pending by a crash (older than `olderThanMs`, lease expired), then clear settled ids. */
    async repairPending(olderThanMs = 60_000, limit = 200): Promise<number> {
      const now = p.clock.now();
      const pending = await Entry.find({
        state: 'pending',
        createdAt: { $lte: new Date(now.getTime() - olderThanMs) },
        $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }],
      } as never)
        .limit(limit)
        .lean<E[]>();
      for (const e of pending) {
        await finish(e, false).catch((err) => p.logger.warn({ err: (err as Error).message, key: e.key }, 'pending entry could not be finished'));
      }
      return pending.length + (await clearSettledInflight(limit));
    },

    /** Many drafts in a few commands per batch (entries-batch.ts); outcomes in the drafts' order. */
    applyMany: createBatchApply(p, { finish, outcome, newLease }),

    /** Several entries on one target in one guarded update (entries-together.ts); results in the drafts' order. */
    applyTogether: createTogetherApply(p, { finish, newLease, apply }),

    async get(key: string): Promise<E | null> {
      return Entry.findOne({ key } as never).lean<E>();
    },
  };
}

export type EntryEngine<E extends EntryBase> = ReturnType<typeof createEntryEngine<E, unknown>>;
