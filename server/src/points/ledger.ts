/**
 * The points ledger. Every movement is an entry with an idempotency key
 * (unique index); the member's balance/held/available change only through one
 * guarded update, so a spend or hold never makes `available` negative whatever
 * the concurrency, and `sum(entries) == balance` once movements are applied.
 *
 * Applying an entry (resumable, each step idempotent):
 *   1. insert the entry (pending) — a duplicate key returns/resumes the first;
 *   2. member update guarded by the balance rule and by `points.inflight ∌ id`,
 *      pushing the id into `points.inflight` in the same update;
 *   3. lots: an earn creates its lot; a debit consumes lots oldest-expiry first
 *      (each lot records which entry took how much, so this repeats safely);
 *   4. entry → applied;  5. pull the id from `points.inflight`.
 * Steps 2–5 run under a lease on the entry (taken by the insert itself for a
 * fresh entry), so one finisher works at a time
 * (a concurrent retry of the same key waits for the outcome). A crash leaves a
 * pending entry whose lease expires; the repair job (or the same request
 * retried) takes over, and `inflight` tells whether step 2 already happened —
 * the id leaves `inflight` only after the entry is marked applied. A crash
 * between steps 4 and 5 leaves a settled entry's id in `inflight`: harmless
 * for the balance, and the repair job pulls it (`clearSettledInflight`).
 */
import { randomUUID } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import type { PointsEntryKind } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { MemberDoc, MemberSlice } from '../members/service';
import { entryModel, lotModel, type EntryDoc, type LotDoc } from './model';

const LEASE_MS = 30_000;
const WAIT_MS = 3_000;

export interface Movement {
  memberId: string;
  kind: PointsEntryKind;
  reason: string;
  source: string;
  reference: string;
  leg: string;
  /** change of the balance (earn > 0, spend < 0) */
  delta: number;
  /** change of the held amount (hold > 0, release/capture < 0) */
  heldDelta?: number;
  expiresAt?: Date | null;
  lotId?: string | null;
  note?: string | null;
  actorId?: string | null;
}

export function createLedger(deps: { conn: Connection; clock: Clock; logger: Logger; memberSlice: MemberSlice }) {
  const Entry = entryModel(deps.conn);
  const Lot = lotModel(deps.conn);
  const Member = deps.memberSlice; // the points account on the member document (members/slices.ts)

  function guardFor(e: EntryDoc): Record<string, unknown> {
    const g: Record<string, unknown> = {};
    // available changes by delta − heldDelta; it must stay ≥ 0 when it goes down.
    const availableChange = e.delta - e.heldDelta;
    if (availableChange < 0) g['points.available'] = { $gte: -availableChange };
    if (e.heldDelta < 0) g['points.held'] = { $gte: -e.heldDelta };
    if (e.delta < 0) g['points.balance'] = { $gte: -e.delta };
    return g;
  }

  async function consumeLots(e: EntryDoc, amount: number, fresh: boolean): Promise<void> {
    // A resumed entry may have consumed some lots before the crash; a fresh one has not.
    const already = fresh ? [] : await Lot.find({ memberId: e.memberId, 'consumedBy.entryId': e._id }).lean<LotDoc[]>();
    let need = amount - already.reduce((s, l) => s + (l.consumedBy.find((c) => String(c.entryId) === String(e._id))?.amount ?? 0), 0);
    for (let round = 0; need > 0 && round < 50; round++) {
      const filter = e.lotId ? { _id: e.lotId } : { memberId: e.memberId, state: 'open' as const, remaining: { $gt: 0 } };
      const lots = await Lot.find(filter).sort({ expiresAt: 1, _id: 1 }).limit(20).lean<LotDoc[]>();
      if (!lots.length) break;
      for (const lot of lots) {
        if (need <= 0) break;
        const take = Math.min(lot.remaining, need);
        if (take <= 0) continue;
        const res = await Lot.updateOne(
          { _id: lot._id, remaining: { $gte: take }, 'consumedBy.entryId': { $ne: e._id }, ...(e.lotId ? {} : { state: 'open' }) },
          { $inc: { remaining: -take }, $push: { consumedBy: { entryId: e._id, amount: take } } },
        );
        if (res.modifiedCount === 1) need -= take;
      }
    }
    if (need > 0) deps.logger.error({ entry: e.key, missing: need }, 'points lots do not cover a debit: lots and balance drifted');
  }

  async function applyLots(e: EntryDoc, fresh: boolean): Promise<void> {
    if (e.delta > 0) {
      try {
        await Lot.create({
          memberId: e.memberId,
          entryId: e._id,
          earned: e.delta,
          remaining: e.delta,
          expiresAt: e.expiresAt ?? new Date(8640000000000000),
          state: 'open',
          createdAt: e.createdAt,
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    } else if (e.delta < 0) {
      await consumeLots(e, -e.delta, fresh);
    }
  }

  /** Steps 2–5 for a pending entry, under its lease; without the lease, wait for whoever holds it. */
  async function finish(pending: EntryDoc, fresh = false): Promise<EntryDoc> {
    const now = deps.clock.now();
    // A fresh entry was inserted with its lease already taken (one command less); others claim it.
    const e = fresh
      ? pending
      : ((await Entry.findOneAndUpdate(
          { _id: pending._id, state: 'pending', $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
          { $set: { leaseUntil: new Date(now.getTime() + LEASE_MS), leaseToken: randomUUID() } },
          { returnDocument: 'after', lean: true },
        )) as EntryDoc | null);
    if (!e) return waitForOutcome(pending._id);
    const inc = { 'points.balance': e.delta, 'points.held': e.heldDelta, 'points.available': e.delta - e.heldDelta };
    const moved = await Member.findOneAndUpdate(
      { _id: e.memberId, 'points.inflight': { $ne: e._id }, ...guardFor(e) },
      { $inc: inc, $push: { 'points.inflight': e._id } },
      { points: 1 },
    );
    let balanceAfter: number | null = null;
    if (moved) {
      balanceAfter = (moved as MemberDoc).points.balance;
    } else {
      const m = await Member.findById(e.memberId, { points: 1 });
      const applied = m?.points?.inflight?.some((id) => String(id) === String(e._id));
      if (!applied) {
        const code = !m ? 'MEMBER_NOT_FOUND' : e.heldDelta < 0 ? 'POINTS_HELD_INSUFFICIENT' : 'POINTS_INSUFFICIENT';
        const rejected = await Entry.findOneAndUpdate({ _id: e._id, state: 'pending' }, { $set: { state: 'rejected', rejectCode: code } }, { returnDocument: 'after', lean: true });
        if (rejected) throw new AppError(code, `${e.key}: member ${String(e.memberId)} has ${m?.points?.available ?? 0} available, ${m?.points?.held ?? 0} held`);
        return settled(e._id);
      }
    }
    await applyLots(e, fresh && Boolean(moved));
    const appliedAt = deps.clock.now();
    const marked = await Entry.updateOne({ _id: e._id, state: 'pending' }, { $set: { state: 'applied', balanceAfter, appliedAt } });
    await Member.updateOne({ _id: e.memberId }, { $pull: { 'points.inflight': e._id } });
    if (marked.modifiedCount === 1) return { ...e, state: 'applied', balanceAfter, appliedAt };
    return settled(e._id);
  }

  async function waitForOutcome(id: Types.ObjectId): Promise<EntryDoc> {
    // A live twin finishes in milliseconds; a lease still held after this long belongs to a dead instance
    // (the caller gets a retriable error and the lease expires for the repair job or the next retry).
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const cur = await Entry.findById(id).lean<EntryDoc>();
      if (cur && cur.state !== 'pending') return settled(id);
      if (Date.now() > deadline) throw new AppError('SERVICE_UNAVAILABLE', `points entry ${String(id)} is still being applied`);
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  /** The final outcome of an entry someone else finished. */
  async function settled(id: Types.ObjectId): Promise<EntryDoc> {
    const e = (await Entry.findById(id).lean<EntryDoc>())!;
    if (e.state === 'rejected') throw new AppError((e.rejectCode ?? 'POINTS_INSUFFICIENT') as 'POINTS_INSUFFICIENT', `${e.key} was rejected`);
    return e;
  }

  /** Ids still in `points.inflight` whose entry is settled (crash after step 4): pull them. Job only (scans members). */
  async function clearSettledInflight(): Promise<number> {
    const members = await Member.find({ 'points.inflight.0': { $exists: true } }, { projection: { 'points.inflight': 1 }, limit: 200 });
    let cleared = 0;
    for (const m of members) {
      const done = await Entry.find({ _id: { $in: m.points.inflight }, state: { $ne: 'pending' } }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
      if (!done.length) continue;
      await Member.updateOne({ _id: m._id }, { $pull: { 'points.inflight': { $in: done.map((e) => e._id) } } });
      cleared += done.length;
    }
    return cleared;
  }

  const ledger = {
    /** Apply a movement exactly once per (source, reference, leg). The same key again returns the first result. */
    async apply(m: Movement): Promise<EntryDoc> {
      if (!Number.isSafeInteger(m.delta) || !Number.isSafeInteger(m.heldDelta ?? 0)) throw new AppError('VALIDATION_FAILED', 'points must be whole numbers');
      if (!Types.ObjectId.isValid(m.memberId)) throw new AppError('MEMBER_NOT_FOUND', `bad member id ${m.memberId}`);
      const key = `${m.source}:${m.reference}:${m.leg}`;
      let entry: EntryDoc;
      let fresh = true;
      try {
        entry = (
          await Entry.create({
            key,
            memberId: new Types.ObjectId(m.memberId),
            kind: m.kind,
            reason: m.reason,
            source: m.source,
            reference: m.reference,
            leg: m.leg,
            delta: m.delta,
            heldDelta: m.heldDelta ?? 0,
            expiresAt: m.expiresAt ?? null,
            lotId: m.lotId ? new Types.ObjectId(m.lotId) : null,
            state: 'pending',
            note: m.note ?? null,
            actorId: m.actorId ?? null,
            createdAt: deps.clock.now(),
            leaseUntil: new Date(deps.clock.now().getTime() + LEASE_MS),
            leaseToken: randomUUID(),
          })
        ).toObject();
      } catch (err) {
        if (!isDuplicateKey(err, 'points_entries_key_unique')) throw err;
        fresh = false;
        entry = (await Entry.findOne({ key }).lean<EntryDoc>())!;
        if (entry.state !== 'pending') return settled(entry._id);
      }
      return finish(entry, fresh);
    },

    /** Finish entries left pending by a crash (job). */
    async repairPending(olderThanMs = 60_000): Promise<number> {
      const before = new Date(deps.clock.now().getTime() - olderThanMs);
      const now = deps.clock.now();
      const pending = await Entry.find({
        state: 'pending',
        createdAt: { $lte: before },
        $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }],
      })
        .limit(200)
        .lean<EntryDoc[]>();
      for (const e of pending) {
        await finish(e).catch((err) => deps.logger.warn({ err: (err as Error).message, key: e.key }, 'pending points entry could not be finished'));
      }
      return pending.length + (await clearSettledInflight());
    },

    async get(key: string): Promise<EntryDoc | null> {
      return Entry.findOne({ key }).lean<EntryDoc>();
    },
  };
  return ledger;
}

export type Ledger = ReturnType<typeof createLedger>;
