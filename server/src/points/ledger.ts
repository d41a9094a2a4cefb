/**
 * The points ledger: every movement is an entry with an idempotency key
 * `(source, reference, leg)`; the member's balance/held/available change only
 * through the effects engine's one guarded update (platform/effects/entries.ts
 * states the protocol), so a spend or hold never makes `available` negative
 * whatever the concurrency, and `sum(entries) == balance` once applied.
 * Points specifics: the guard (available, held and balance never below zero),
 * a refused guard rejects the entry (POINTS_INSUFFICIENT / POINTS_HELD_INSUFFICIENT),
 * and the follow-up step on lots: an earn creates its lot; a debit consumes lots
 * oldest expiry first (each lot records which entry took how much, so this repeats
 * safely after a crash). `points.inflight` is the engine's in-flight list.
 */
import { Types, type Connection } from 'mongoose';
import type { PointsEntryKind } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { createEntryEngine, type EntryWrite } from '../platform/effects/entries';
import type { MemberDoc, MemberSlice } from '../members/service';
import { entryModel, lotModel, type EntryDoc, type LotDoc } from './model';

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

export function createLedger(deps: { conn: Connection; clock: Clock; logger: Logger; memberSlice: MemberSlice; failpoint?: (write: EntryWrite, e: EntryDoc) => void }) {
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

  /** Batch follow-up (a batch grant): the earns' lots in one insert (a lot that exists already is skipped). */
  async function applyLotsMany(es: EntryDoc[]): Promise<void> {
    const earns = es.filter((e) => e.delta > 0);
    if (earns.length) {
      const lots = earns.map((e) => ({ _id: new Types.ObjectId(), memberId: e.memberId, entryId: e._id, earned: e.delta, remaining: e.delta, expiresAt: e.expiresAt ?? new Date(8640000000000000), state: 'open', leaseUntil: null, consumedBy: [], createdAt: e.createdAt }));
      await Lot.collection.insertMany(lots, { ordered: false }).catch((err: unknown) => {
        const list = (err as { writeErrors?: { code: number }[] | { code: number } }).writeErrors;
        if (!list || (Array.isArray(list) ? list : [list]).some((w) => w.code !== 11000)) throw err;
      });
    }
    for (const e of es.filter((x) => x.delta < 0)) await consumeLots(e, -e.delta, true);
  }

  const engine = createEntryEngine<EntryDoc, MemberDoc>({
    Entry,
    keyIndex: 'points_entries_key_unique',
    Target: Member,
    inflight: 'points.inflight',
    targetId: (e) => e.memberId,
    effect: (e) => ({
      guard: guardFor(e),
      update: { $inc: { 'points.balance': e.delta, 'points.held': e.heldDelta, 'points.available': e.delta - e.heldDelta } },
    }),
    projection: { points: 1 },
    refused: (e, m) => ({
      reject: !m ? 'MEMBER_NOT_FOUND' : e.heldDelta < 0 ? 'POINTS_HELD_INSUFFICIENT' : 'POINTS_INSUFFICIENT',
      detail: `member ${String(e.memberId)} has ${m?.points?.available ?? 0} available, ${m?.points?.held ?? 0} held`,
    }),
    after: applyLots,
    afterMany: applyLotsMany,
    settled: (_e, moved) => ({ balanceAfter: moved ? moved.points.balance : null, appliedAt: deps.clock.now() }),
    clock: deps.clock,
    logger: deps.logger,
    failpoint: deps.failpoint,
    deferPull: true, // settled ids are pulled by the points.repair job (one command less per movement)
  });

  const draft = (m: Movement) => ({
    key: `${m.source}:${m.reference}:${m.leg}`,
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
    rejectCode: null,
    balanceAfter: null,
    note: m.note ?? null,
    actorId: m.actorId ?? null,
    appliedAt: null,
  });


  return {
    /** Apply a movement exactly once per (source, reference, leg). The same key again returns the first result. */
    async apply(m: Movement): Promise<EntryDoc> {
      if (!Number.isSafeInteger(m.delta) || !Number.isSafeInteger(m.heldDelta ?? 0)) throw new AppError('VALIDATION_FAILED', 'points must be whole numbers');
      if (!Types.ObjectId.isValid(m.memberId)) throw new AppError('MEMBER_NOT_FOUND', `bad member id ${m.memberId}`);
      return engine.apply(draft(m));
    },
    /** Many movements in a few commands per batch (platform/effects/entries-batch.ts); outcomes in input order. */
    async applyMany(ms: Movement[]) {
      for (const m of ms) {
        if (!Number.isSafeInteger(m.delta) || !Number.isSafeInteger(m.heldDelta ?? 0)) throw new AppError('VALIDATION_FAILED', 'points must be whole numbers');
        if (!Types.ObjectId.isValid(m.memberId)) throw new AppError('MEMBER_NOT_FOUND', `bad member id ${m.memberId}`);
      }
      return engine.applyMany(ms.map((m) => draft(m)));
    },
    /** Finish entries left pending by a crash and clear settled ids from `points.inflight` (job). */
    repairPending: (olderThanMs = 60_000) => engine.repairPending(olderThanMs),
    get: engine.get,
  };
}

export type Ledger = ReturnType<typeof createLedger>;
