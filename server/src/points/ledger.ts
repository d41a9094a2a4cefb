/**
 * The points ledger: every movement is an entry with an idempotency key
 * `(source, reference, leg)`; the member's balance/held/available change only
 * through the effects engine's one guarded update (platform/effects/entries.ts
 * states the protocol), so a spend or hold never makes `available` negative
 * whatever the concurrency, and `sum(entries) == balance` once applied.
 * Points specifics: the guard (available, held and balance never below zero),
 * a refused guard rejects the entry (POINTS_INSUFFICIENT / POINTS_HELD_INSUFFICIENT),
 * and the lots: a credit adds to its lot on the account in the same update as the
 * balance; a debit changes no lot (what is left of each is derived from the balance,
 * oldest expiry consumed first: lots.calc.ts). No follow-up step, so a movement is
 * insert + one update + mark. `points.inflight` is the engine's in-flight list.
 */
import { Types, type Connection } from 'mongoose';
import type { PointsEntryKind } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { createEntryEngine, type EntryWrite } from '../platform/effects/entries';
import type { MemberDoc, MemberSlice } from '../members/service';
import { entryModel, type EntryDoc } from './model';
import { lotExpiry, lotKey, openLots } from './lots.calc';

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
  /** for expiries: the account lot expired */
  lotKey?: string | null;
  note?: string | null;
  actorId?: string | null;
}

export function createLedger(deps: { conn: Connection; clock: Clock; logger: Logger; memberSlice: MemberSlice; failpoint?: (write: EntryWrite, e: EntryDoc) => void }) {
  const Entry = entryModel(deps.conn);
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

  /**
   * The account change of an entry, one update: balance/held/available, and for a credit its lot (points
   * earned per expiry, lots.calc.ts) and the account's earliest expiry. A debit changes no lot: what is left
   * of the lots is derived from the balance (oldest expiry consumed first).
   */
  function accountUpdate(e: EntryDoc): Record<string, Record<string, unknown>> {
    const inc: Record<string, number> = { 'points.balance': e.delta, 'points.held': e.heldDelta, 'points.available': e.delta - e.heldDelta, 'points.rev': 1 };
    if (e.delta <= 0) return { $inc: inc };
    inc[`points.lots.${lotKey(e.expiresAt)}`] = e.delta;
    const expires = e.expiresAt && e.expiresAt.getTime() < 8.64e15 ? e.expiresAt : null;
    return expires ? { $inc: inc, $min: { 'points.nextExpiry': expires } } : { $inc: inc };
  }

  /** Several account updates as one: `$inc`s added up, `$min`s the smallest. */
  function mergeUpdates(updates: Record<string, Record<string, unknown>>[]): Record<string, Record<string, unknown>> {
    const inc: Record<string, number> = {};
    const min: Record<string, Date> = {};
    for (const u of updates) {
      for (const [k, v] of Object.entries(u.$inc ?? {})) inc[k] = (inc[k] ?? 0) + (v as number);
      for (const [k, v] of Object.entries(u.$min ?? {})) if (!min[k] || (v as Date) < min[k]) min[k] = v as Date;
    }
    return Object.keys(min).length ? { $inc: inc, $min: min } : { $inc: inc };
  }

  /**
   * A credit whose lot expires before a lot with points already consumed would inherit that consumption
   * (what is left is derived newest first). Then the lots are rebased right after the credit: each old lot
   * set to what was left of it before, the credit added in full — guarded by the account's revision, so
   * only the state the credit produced is rebased. Never on the hot path: default expiries only grow.
   */
  async function rebaseAfterCredit(e: EntryDoc, moved: MemberDoc | null): Promise<void> {
    const acct = moved?.points;
    if (e.delta <= 0 || !acct?.lots || acct.rev == null) return;
    const key = lotKey(e.expiresAt);
    const at = lotExpiry(key)?.getTime() ?? Infinity;
    const later = Object.keys(acct.lots).some((k) => (lotExpiry(k)?.getTime() ?? Infinity) > at);
    const consumed = Object.values(acct.lots).reduce((s, n) => s + n, 0) - acct.balance;
    if (!later || consumed <= 0) return;
    const before = { ...acct.lots, [key]: (acct.lots[key] ?? 0) - e.delta };
    const rebased: Record<string, number> = {};
    for (const l of openLots(before, acct.balance - e.delta)) if (l.remaining > 0) rebased[l.key] = l.remaining;
    rebased[key] = (rebased[key] ?? 0) + e.delta;
    const res = await Member.updateOne({ _id: e.memberId, 'points.rev': acct.rev }, { $set: { 'points.lots': rebased } });
    if (res.matchedCount === 0) deps.logger.warn({ entry: e.key }, 'points lots not rebased: the account changed right after an early-expiring credit');
  }

  const engine = createEntryEngine<EntryDoc, MemberDoc>({
    Entry,
    keyIndex: 'points_entries_key_unique',
    Target: Member,
    inflight: 'points.inflight',
    targetId: (e) => e.memberId,
    effect: (e) => ({ guard: guardFor(e), update: accountUpdate(e) }),
    effectOfMany: (es) => {
      // the lots' rebase after an early-expiring credit needs the account right after it: at most one credit, last
      const credits = es.filter((e) => e.delta > 0);
      if (credits.length > 1 || (credits.length === 1 && credits[0] !== es[es.length - 1])) return null;
      const sum = { delta: es.reduce((n, e) => n + e.delta, 0), heldDelta: es.reduce((n, e) => n + e.heldDelta, 0) } as EntryDoc;
      return { guard: guardFor(sum), update: mergeUpdates(es.map(accountUpdate)) };
    },
    projection: { points: 1 },
    after: (e, _fresh, moved) => rebaseAfterCredit(e, moved),
    refused: (e, m) => ({
      reject: !m ? 'MEMBER_NOT_FOUND' : e.heldDelta < 0 ? 'POINTS_HELD_INSUFFICIENT' : 'POINTS_INSUFFICIENT',
      detail: `member ${String(e.memberId)} has ${m?.points?.available ?? 0} available, ${m?.points?.held ?? 0} held`,
    }),
    settled: (e, moved, later = []) => ({
      balanceAfter: moved ? moved.points.balance - later.reduce((n, l) => n + l.delta, 0) : null,
      appliedAt: deps.clock.now(),
      ...(e.delta > 0 ? { owedAfter: moved ? (moved.points.owedKeys?.length ?? 0) : null } : {}),
    }),
    clock: deps.clock,
    logger: deps.logger,
    failpoint: deps.failpoint,
    deferPull: true, // settled ids are pulled by the points.repair job (one command less per movement)
  });

  /** The entry of a movement (whole points, a valid member id: refused before anything is written). */
  const draft = (m: Movement) => {
    if (!Number.isSafeInteger(m.delta) || !Number.isSafeInteger(m.heldDelta ?? 0)) throw new AppError('VALIDATION_FAILED', 'points must be whole numbers');
    if (!Types.ObjectId.isValid(m.memberId)) throw new AppError('MEMBER_NOT_FOUND', `bad member id ${m.memberId}`);
    return {
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
      lotKey: m.lotKey ?? null,
      rejectCode: null,
      balanceAfter: null,
      note: m.note ?? null,
      actorId: m.actorId ?? null,
      appliedAt: null,
    };
  };


  return {
    /** Apply a movement exactly once per (source, reference, leg). The same key again returns the first result. */
    async apply(m: Movement): Promise<EntryDoc> {
      return engine.apply(draft(m));
    },
    /** Many movements in a few commands per batch (platform/effects/entries-batch.ts); outcomes in input order. */
    async applyMany(ms: Movement[]) {
      return engine.applyMany(ms.map((m) => draft(m))); // every movement checked before the batch writes
    },
    /** Movements of one member in one account update (entries-together.ts), e.g. an order's capture then earn; results in order. */
    async applyTogether(ms: Movement[]): Promise<EntryDoc[]> {
      return engine.applyTogether(ms.map((m) => draft(m)));
    },
    /** Finish entries left pending by a crash and clear settled ids from `points.inflight` (job). */
    repairPending: (olderThanMs = 60_000) => engine.repairPending(olderThanMs),
    get: engine.get,
  };
}

export type Ledger = ReturnType<typeof createLedger>;
