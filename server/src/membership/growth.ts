/**
 * Growth value ledger on the effects engine (platform/effects/entries.ts states
 * the protocol): an entry per key, the member's `growth` changed by one guarded
 * update with `growthInflight` as the engine's in-flight list. Growth never goes
 * below 0: a reversal larger than what is left takes what is there (the smaller
 * amount is persisted on the entry before it is applied, so a resumed entry
 * applies the same amount); nothing left → settled with 0.
 */
import { Schema, Types, type Connection } from 'mongoose';
import { modelOn } from '../platform/db/connect';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { createEntryEngine, type EntryWrite } from '../platform/effects/entries';
import type { MemberDoc, MemberSlice } from '../members/service';

export interface GrowthEntryDoc {
  _id: Types.ObjectId;
  key: string;
  memberId: Types.ObjectId;
  delta: number;
  /** what was (or will be) applied: delta, or less for a reversal larger than the growth left */
  applied: number | null;
  reason: string;
  state: 'pending' | 'applied' | 'rejected';
  createdAt: Date;
  leaseUntil: Date | null;
  leaseToken: string | null;
}

const growthSchema = new Schema<GrowthEntryDoc>(
  {
    key: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    delta: { type: Number, required: true },
    applied: { type: Number, default: null },
    reason: { type: String, required: true },
    state: { type: String, required: true },
    createdAt: { type: Date, required: true },
    leaseUntil: { type: Date, default: null },
    leaseToken: { type: String, default: null },
  },
  { collection: 'growth_entries', versionKey: false },
);
growthSchema.index({ key: 1 }, { unique: true, name: 'growth_entries_key_unique' });
growthSchema.index({ state: 1, createdAt: 1 }, { name: 'growth_entries_state' });

const silent = { warn: () => undefined } as unknown as Logger;

export function createGrowthLedger(deps: { conn: Connection; clock: Clock; logger?: Logger; memberSlice: MemberSlice; failpoint?: (write: EntryWrite, e: GrowthEntryDoc) => void }) {
  const Growth = modelOn(deps.conn, 'GrowthEntry', growthSchema);
  const Member = deps.memberSlice; // growth on the member document (members/slices.ts)
  const amount = (e: GrowthEntryDoc) => e.applied ?? e.delta;
  // The member right after a fresh entry's update, handed back to the caller of this apply (tier recompute without a re-read).
  const movedBy = new Map<string, MemberDoc>();

  const engine = createEntryEngine<GrowthEntryDoc, MemberDoc>({
    Entry: Growth,
    keyIndex: 'growth_entries_key_unique',
    Target: Member,
    inflight: 'growthInflight',
    targetId: (e) => e.memberId,
    effect: (e) => (amount(e) === 0 ? null : { guard: amount(e) < 0 ? { growth: { $gte: -amount(e) } } : {}, update: { $inc: { growth: amount(e) } } }),
    projection: { growth: 1, tierCode: 1, tierReviewAt: 1 },
    after: async (e, fresh, moved) => {
      if (fresh && moved) movedBy.set(e.key, moved);
    },
    refused: (e, m) => {
      if (!m) return { settle: { applied: 0 } };
      return { retry: { applied: -Math.min(-e.delta, m.growth ?? 0) } }; // take what is there
    },
    settled: (e) => ({ applied: amount(e) }),
    clock: deps.clock,
    logger: deps.logger ?? silent,
    failpoint: deps.failpoint,
    deferPull: true, // settled ids are pulled by the points.repair job (one command less per movement)
  });

  const service = {
    /** Add (or with a negative delta, reverse) growth once per key. Returns what was applied. */
    async apply(input: { memberId: string; delta: number; reason: string; key: string }): Promise<number> {
      return (await service.applyWithMember(input)).applied;
    },
    /** apply, and the member's growth and tier right after it when this call changed them (null otherwise) */
    async applyWithMember(input: { memberId: string; delta: number; reason: string; key: string }): Promise<{ applied: number; member: MemberDoc | null }> {
      try {
        const e = await engine.apply({ key: input.key, memberId: new Types.ObjectId(input.memberId), delta: input.delta, applied: null, reason: input.reason });
        return { applied: e.applied ?? 0, member: movedBy.get(input.key) ?? null };
      } finally {
        movedBy.delete(input.key);
      }
    },
    /** Job: finish entries left pending by a crash, pull settled ids from `growthInflight`. */
    repairPending: (olderThanMs = 60_000) => engine.repairPending(olderThanMs),
  };
  return service;
}

export type GrowthLedger = ReturnType<typeof createGrowthLedger>;
