/** Points: the ledger plus what members and jobs read (summary, history, expiry). */
import { createPointsAudit } from './audit';
import { Types, type Connection } from 'mongoose';
import type { PointsEntryKind, PointsEntryView, PointsSummary } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import { shanghaiDate } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { AppError } from '../platform/errors';
import type { MemberDoc, MemberSlice } from '../members/service';
import { createLedger, type Movement } from './ledger';
import { entryModel, type EntryDoc } from './model';
import { openLots } from './lots.calc';
import { createExpiry } from './expiry';
import { defaultExpiry } from './expiry.calc';
import { createPointsRollup } from './rollup';

export function toEntryView(e: EntryDoc): PointsEntryView {
  return {
    id: String(e._id),
    kind: e.kind,
    reason: e.reason,
    amount: e.delta,
    heldDelta: e.heldDelta,
    balanceAfter: e.balanceAfter,
    note: e.note,
    createdAt: e.createdAt.toISOString(),
  };
}

export function createPointsService(deps: { conn: Connection; clock: Clock; logger: Logger; memberSlice: MemberSlice; expiryYears: () => Promise<number> }) {
  const ledger = createLedger(deps);
  const Entry = entryModel(deps.conn);
  const Member = deps.memberSlice;

  const expireDue = createExpiry({ clock: deps.clock, memberSlice: Member, ledger });

  type Amounted = Omit<Movement, 'kind' | 'delta' | 'heldDelta'> & { amount: number };
  /** An earning: positive, its lot's expiry per policy (`expiryYears`: the chain's setting when the caller read it). */
  async function earnMovement(m: Amounted & { expiryYears?: number }): Promise<Movement> {
    if (m.amount <= 0) throw new AppError('VALIDATION_FAILED', 'earn amount must be positive');
    const { expiryYears, amount, ...movement } = m;
    const expiresAt = m.expiresAt ?? defaultExpiry(deps.clock.now(), expiryYears ?? (await deps.expiryYears()));
    return { ...movement, kind: 'earn', delta: amount, heldDelta: 0, expiresAt };
  }
  /** Held points spent. */
  const captureMovement = (m: Amounted): Movement => ({ ...m, kind: 'capture', delta: -m.amount, heldDelta: -m.amount });

  const service = {
    /** per-day figures for the analytics rollups */
    rollup: createPointsRollup(deps),
    /** ledger audit of one batch of members (audit/ runs it) */
    audit: createPointsAudit(deps),
    ledger,

    /** Credit points; a lot is created that expires per policy (end of the calendar year after earning by default). */
    /** `expiryYears`: the chain's setting when the caller already read it (no second settings read) */
    async earn(m: Amounted & { expiryYears?: number }): Promise<EntryDoc> {
      return ledger.apply(await earnMovement(m));
    },
    /**
     * Batch grant (campaigns): each grant exactly once by its key `(source, reference, leg)`, a few
     * database commands per batch (not per member); a repeat of the batch, or of part of it, returns the
     * first results and resumes what a crash left pending. Outcomes in the order of `grants`.
     */
    async earnMany(grants: Amounted[], opts: { expiryYears?: number } = {}) {
      if (grants.some((g) => !Number.isSafeInteger(g.amount) || g.amount <= 0)) throw new AppError('VALIDATION_FAILED', 'earn amounts must be positive whole numbers');
      if (!grants.length) return [];
      const years = opts.expiryYears ?? (await deps.expiryYears());
      const expiry = defaultExpiry(deps.clock.now(), years);
      return ledger.applyMany(grants.map(({ amount, ...g }) => ({ ...g, kind: 'earn' as const, delta: amount, heldDelta: 0, expiresAt: g.expiresAt ?? expiry })));
    },
    async spend(m: Amounted): Promise<EntryDoc> {
      if (m.amount <= 0) throw new AppError('VALIDATION_FAILED', 'spend amount must be positive');
      return ledger.apply({ ...m, kind: 'spend', delta: -m.amount, heldDelta: 0 });
    },
    /** Reserve points for an unpaid order. */
    async hold(m: Amounted): Promise<EntryDoc> {
      return ledger.apply({ ...m, kind: 'hold', delta: 0, heldDelta: m.amount });
    },
    /** Give held points back (order cancelled / expired). */
    async release(m: Amounted): Promise<EntryDoc> {
      return ledger.apply({ ...m, kind: 'release', delta: 0, heldDelta: -m.amount });
    },
    /**
     * An order's points when it is paid, in one update of the account: the held points spent (capture)
     * and the purchase's points earned, each still its own entry under its own key.
     */
    async captureAndEarn(capture: Amounted | null, earn: (Amounted & { expiryYears?: number }) | null): Promise<{ captured: EntryDoc | null; earned: EntryDoc | null }> {
      const ms = [...(capture ? [captureMovement(capture)] : []), ...(earn ? [await earnMovement(earn)] : [])];
      const out = await ledger.applyTogether(ms);
      return { captured: capture ? out[0] : null, earned: earn ? out[out.length - 1] : null };
    },
    /** Spend held points (order paid). */
    async capture(m: Amounted): Promise<EntryDoc> {
      return ledger.apply(captureMovement(m));
    },
    /**
     * Reversal (refunds): a positive amount gives redeemed points back (a new lot
     * with the normal expiry), a negative one takes earned points back from what
     * is available — POINTS_INSUFFICIENT tells the caller to record the rest as owed.
     */
    async reverse(m: Amounted): Promise<EntryDoc> {
      if (m.amount === 0 || !Number.isSafeInteger(m.amount)) throw new AppError('VALIDATION_FAILED', 'reversal amount must be a non-zero whole number');
      const expiresAt = m.amount > 0 ? (m.expiresAt ?? defaultExpiry(deps.clock.now(), await deps.expiryYears())) : null;
      return ledger.apply({ ...m, kind: 'reversal', delta: m.amount, heldDelta: 0, expiresAt });
    },
    /** Admin adjustment (positive credits a lot, negative debits available points). */
    async adjust(m: Omit<Movement, 'kind' | 'delta' | 'heldDelta' | 'reason'> & { amount: number }): Promise<EntryDoc> {
      if (m.amount > 0) {
        const expiresAt = defaultExpiry(deps.clock.now(), await deps.expiryYears());
        return ledger.apply({ ...m, kind: 'adjust', reason: 'admin', delta: m.amount, heldDelta: 0, expiresAt });
      }
      return ledger.apply({ ...m, kind: 'adjust', reason: 'admin', delta: m.amount, heldDelta: 0 });
    },

    /** One ledger entry by its idempotency key (`source:reference:leg`, unique), e.g. the sign-up bonus. */
    async entryByKey(key: string): Promise<EntryDoc | null> {
      return Entry.findOne({ key }).lean<EntryDoc>();
    },

    /** `loaded`: the member document the caller already read (its points are as fresh as its read); no other read. */
    async summary(memberId: string, loaded?: Pick<MemberDoc, '_id' | 'points'>): Promise<PointsSummary> {
      const m = loaded ?? (await Member.findById(memberId, { points: 1 }));
      if (!m) throw new AppError('MEMBER_NOT_FOUND', `member ${memberId} not found`);
      const p = m.points ?? { balance: 0, held: 0, available: 0 };
      const byDay = new Map<string, number>();
      for (const lot of openLots(m.points?.lots, p.balance)) {
        if (!lot.expiresAt || lot.remaining <= 0) continue;
        const day = shanghaiDate(lot.expiresAt);
        byDay.set(day, (byDay.get(day) ?? 0) + lot.remaining);
      }
      return {
        balance: p.balance,
        held: p.held,
        available: p.available,
        expiring: [...byDay.entries()].slice(0, 3).map(([expiresOn, amount]) => ({ amount, expiresOn })),
      };
    },

    /** Job: applied holds of `source` older than `before` with no capture or release yet (interrupted two-step spends). */
    async openHolds(source: string, before: Date, limit = 200): Promise<EntryDoc[]> {
      const holds = await Entry.find({ source, leg: 'hold', state: 'applied', createdAt: { $lte: before } }).limit(limit).lean<EntryDoc[]>();
      const open: EntryDoc[] = [];
      for (const h of holds) {
        const closed = await Entry.exists({ source, reference: h.reference, leg: { $in: ['capture', 'release'] }, state: 'applied' });
        if (!closed) open.push(h);
      }
      return open;
    },

    async history(memberId: string, q: { cursor?: string; limit: number; kind?: PointsEntryKind }) {
      const filter: Record<string, unknown> = { memberId: new Types.ObjectId(memberId), state: 'applied' };
      // Holds and releases are reservations, not movements: the spend (capture) is the entry a shopper sees.
      filter.kind = q.kind ?? { $nin: ['hold', 'release'] };
      if (q.cursor) filter._id = { $lt: new Types.ObjectId(q.cursor) };
      const rows = await Entry.find(filter).sort({ _id: -1 }).limit(q.limit + 1).lean<EntryDoc[]>();
      const items = rows.slice(0, q.limit);
      return { items: items.map(toEntryView), nextCursor: rows.length > q.limit ? String(items[items.length - 1]._id) : null };
    },

    /** Nightly: expire what is left of due lots, once per lot and amount (expiry.ts). */
    expireDue: (limit?: number) => expireDue(limit),
  };
  return service;
}

export type PointsService = ReturnType<typeof createPointsService>;
