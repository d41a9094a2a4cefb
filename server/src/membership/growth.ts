/**
 * Growth value ledger: same exactly-once protocol as points (entry with a
 * unique key, member update guarded by `growthInflight ∌ id`). Growth never
 * goes below 0; a reversal takes at most what is there. A crash between
 * marking the entry applied and pulling its id leaves the id in
 * `growthInflight`; the repair job pulls ids of applied entries.
 */
import { randomUUID } from 'node:crypto';
import { Schema, Types, type Connection } from 'mongoose';
import { modelOn } from '../platform/db/connect';
import { isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { MemberSlice } from '../members/service';

interface GrowthEntryDoc {
  _id: Types.ObjectId;
  key: string;
  memberId: Types.ObjectId;
  delta: number;
  applied: number | null;
  reason: string;
  state: 'pending' | 'applied';
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

export function createGrowthLedger(deps: { conn: Connection; clock: Clock; memberSlice: MemberSlice }) {
  const Growth = modelOn(deps.conn, 'GrowthEntry', growthSchema);
  const Member = deps.memberSlice; // growth on the member document (members/slices.ts)

  /** Under a lease on the entry (one finisher at a time, as in the points ledger). */
  async function finish(pending: GrowthEntryDoc, fresh = false): Promise<number> {
    const now = deps.clock.now();
    // A fresh entry was inserted with its lease taken; a resumed one claims it.
    const e = fresh
      ? pending
      : ((await Growth.findOneAndUpdate(
          { _id: pending._id, state: 'pending', $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
          { $set: { leaseUntil: new Date(now.getTime() + 30_000), leaseToken: randomUUID() } },
          { returnDocument: 'after', lean: true },
        )) as GrowthEntryDoc | null);
    if (!e) {
      for (let i = 0; i < 600; i++) {
        const cur = await Growth.findById(pending._id).lean<GrowthEntryDoc>();
        if (cur?.state === 'applied') return cur.applied ?? 0;
        await new Promise((r) => setTimeout(r, 15));
      }
      throw new Error(`growth entry ${pending.key} is still being applied`);
    }
    let applied = e.delta;
    for (let attempt = 0; attempt < 5; attempt++) {
      const guard = applied < 0 ? { growth: { $gte: -applied } } : {};
      const moved = await Member.findOneAndUpdate(
        { _id: e.memberId, growthInflight: { $ne: e._id }, ...guard },
        { $inc: { growth: applied }, $push: { growthInflight: e._id } },
        { growth: 1 },
      );
      if (moved) break;
      const m = await Member.findById(e.memberId, { growth: 1, growthInflight: 1 });
      if (!m) return 0;
      if (m.growthInflight?.some((id) => String(id) === String(e._id))) {
        applied = (await Growth.findById(e._id).lean<GrowthEntryDoc>())?.applied ?? applied;
        break;
      }
      applied = -Math.min(-e.delta, m.growth ?? 0); // reversal larger than what is left: take what is there
      if (applied === 0) break;
    }
    await Growth.updateOne({ _id: e._id, state: 'pending' }, { $set: { state: 'applied', applied } });
    await Member.updateOne({ _id: e.memberId }, { $pull: { growthInflight: e._id } });
    return applied;
  }

  return {
    /** Add (or with a negative delta, reverse) growth once per key. Returns what was applied. */
    async apply(input: { memberId: string; delta: number; reason: string; key: string }): Promise<number> {
      let entry: GrowthEntryDoc;
      const now = deps.clock.now();
      try {
        entry = (
          await Growth.create({ key: input.key, memberId: new Types.ObjectId(input.memberId), delta: input.delta, reason: input.reason, state: 'pending', createdAt: now, leaseUntil: new Date(now.getTime() + 30_000), leaseToken: randomUUID() })
        ).toObject();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        entry = (await Growth.findOne({ key: input.key }).lean<GrowthEntryDoc>())!;
        if (entry.state === 'applied') return entry.applied ?? 0;
        return finish(entry);
      }
      return finish(entry, true);
    },
    async repairPending(olderThanMs = 60_000): Promise<number> {
      const before = new Date(deps.clock.now().getTime() - olderThanMs);
      const now = deps.clock.now();
      const pending = await Growth.find({ state: 'pending', createdAt: { $lte: before }, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] })
        .limit(200)
        .lean<GrowthEntryDoc[]>();
      for (const e of pending) await finish(e);
      // Ids of applied entries left in growthInflight by a crash before the pull (job only: scans members).
      let cleared = 0;
      const members = await Member.find({ 'growthInflight.0': { $exists: true } }, { projection: { growthInflight: 1 }, limit: 200 });
      for (const m of members) {
        const done = await Growth.find({ _id: { $in: m.growthInflight }, state: 'applied' }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
        if (!done.length) continue;
        await Member.updateOne({ _id: m._id }, { $pull: { growthInflight: { $in: done.map((e) => e._id) } } });
        cleared += done.length;
      }
      return pending.length + cleared;
    },
  };
}

export type GrowthLedger = ReturnType<typeof createGrowthLedger>;
