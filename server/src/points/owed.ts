/**
 * Points a member owes: earned points a refund must take back but that were
 * already spent. Never a negative balance: the shortfall is recorded here
 * (once per key) and settled from future earnings — each settlement is first
 * reserved on the owed record under the earning's key, then debited from the
 * ledger under the same key, so a retry of the earning settles exactly once.
 * The account lists the keys of its owed records (`points.owedKeys`, added before
 * the record is written, removed once a settled record's debits are all in the
 * ledger), so an earning of a member who owes nothing reads nothing here, and one
 * who owes reads the records by their unique key, never by member.
 */
import { Schema, Types, type Connection } from 'mongoose';
import { modelOn } from '../platform/db/connect';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { PointsService } from './service';
import type { MemberSlice } from '../members/service';

interface Settlement {
  key: string;
  amount: number;
}

interface OwedDoc {
  _id: Types.ObjectId;
  key: string;
  memberId: Types.ObjectId;
  amount: number;
  settled: number;
  settlements: Settlement[];
  reason: string;
  state: 'open' | 'settled';
  createdAt: Date;
}

const owedSchema = new Schema<OwedDoc>(
  {
    key: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    amount: { type: Number, required: true },
    settled: { type: Number, default: 0 },
    settlements: { type: [{ key: String, amount: Number, _id: false }], default: [] },
    reason: { type: String, required: true },
    state: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'points_owed', versionKey: false },
);
owedSchema.index({ key: 1 }, { unique: true, name: 'points_owed_key_unique' });
owedSchema.index({ memberId: 1, state: 1 }, { name: 'points_owed_member' });

export function createOwedPoints(deps: { conn: Connection; clock: Clock; points: PointsService; memberSlice: MemberSlice }) {
  const Owed = modelOn(deps.conn, 'PointsOwed', owedSchema);
  const Member = deps.memberSlice;

  async function owedKeys(memberId: string): Promise<string[]> {
    if (!Types.ObjectId.isValid(memberId)) return [];
    return (await Member.findById(memberId, { 'points.owedKeys': 1 }))?.points?.owedKeys ?? [];
  }

  /** A settled record leaves the account's list once every settlement's debit is in the ledger (a crash may still owe one). */
  async function closeIfSettled(o: OwedDoc): Promise<void> {
    if (o.state !== 'settled') return;
    for (const s of o.settlements ?? []) {
      const debit = await deps.points.ledger.get(`owed:${o._id}:${s.key}:settle`);
      if (debit?.state !== 'applied') return;
    }
    await Member.updateOne({ _id: o.memberId }, { $pull: { 'points.owedKeys': o.key } });
  }

  /** Debit the reserved settlement from the ledger (idempotent by key); undo the reservation if the points are gone. */
  async function debit(o: OwedDoc, s: Settlement): Promise<number> {
    try {
      await deps.points.reverse({ memberId: String(o.memberId), amount: -s.amount, reason: 'owed', source: 'owed', reference: `${o._id}:${s.key}`, leg: 'settle', note: '抵扣退款时已使用的积分' });
      return s.amount;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'POINTS_INSUFFICIENT')) throw err;
      // Spent again meanwhile: nothing taken this time; the debt stays open for the next earning.
      await Member.updateOne({ _id: o.memberId }, { $addToSet: { 'points.owedKeys': o.key } });
      await Owed.updateOne({ _id: o._id, 'settlements.key': s.key }, { $inc: { settled: -s.amount }, $pull: { settlements: { key: s.key } }, $set: { state: 'open' } });
      return 0;
    }
  }

  const api = {
    /**
     * Take `amount` points back from a member (a refund of points they earned):
     * all of it if available, else what is available, and the rest recorded as
     * owed — never a negative balance. Idempotent by (source, reference).
     */
    async takeBack(m: { memberId: string; amount: number; source: string; reference: string; reason: string; note?: string; why: string }): Promise<void> {
      if (m.amount <= 0) return;
      const base = { memberId: m.memberId, reason: m.reason, source: m.source, reference: m.reference, note: m.note };
      try {
        await deps.points.reverse({ ...base, leg: 'back', amount: -m.amount });
        return;
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'POINTS_INSUFFICIENT')) throw err;
      }
      let taken = 0;
      const prior = await deps.points.ledger.get(`${m.source}:${m.reference}:back-partial`);
      if (prior?.state === 'applied') taken = -prior.delta;
      else {
        const available = (await deps.points.summary(m.memberId)).available;
        if (available > 0) taken = -(await deps.points.reverse({ ...base, leg: 'back-partial', amount: -Math.min(available, m.amount) })).delta;
      }
      await api.record(`${m.source}:${m.reference}:owed`, m.memberId, m.amount - taken, m.why);
    },

    async record(key: string, memberId: string, amount: number, reason: string): Promise<void> {
      if (amount <= 0) return;
      await Member.updateOne({ _id: new Types.ObjectId(memberId) }, { $addToSet: { 'points.owedKeys': key } }); // before the record: a crash leaves a key, never a hidden debt
      try {
        await Owed.create({ key, memberId: new Types.ObjectId(memberId), amount, settled: 0, settlements: [], reason, state: 'open', createdAt: deps.clock.now() });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },

    /** Open debt in points. */
    async openTotal(memberId: string): Promise<number> {
      const keys = await owedKeys(memberId);
      const rows = keys.length ? await Owed.find({ key: { $in: keys }, state: 'open' }).lean<OwedDoc[]>() : [];
      return rows.reduce((s, r) => s + r.amount - (r.settled ?? 0), 0);
    },

    /**
     * Settle open debt from an earning of `earned` points identified by
     * `earningKey` (oldest debt first). Safe to call again with the same key:
     * settlements already reserved are only re-debited (idempotent), never
     * taken twice. Returns the points taken. `listed`: how many owed keys the account listed right after
     * the earning (its entry's `owedAfter`): 0 → nothing to read.
     */
    async settleFrom(memberId: string, earningKey: string, earned: number, listed: number | null = null): Promise<number> {
      if (earned <= 0 || listed === 0) return 0;
      const keys = await owedKeys(memberId);
      if (!keys.length) return 0;
      const open = (await Owed.find({ key: { $in: keys } }).lean<OwedDoc[]>())
        .filter((o) => o.state === 'open' || (o.settlements ?? []).some((s) => s.key === earningKey))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      let left = earned;
      let taken = 0;
      for (const o of open) {
        const prior = (o.settlements ?? []).find((s) => s.key === earningKey);
        if (prior) {
          left -= prior.amount;
          taken += await debit(o, prior);
          continue;
        }
        if (left <= 0) continue;
        const available = (await deps.points.summary(memberId)).available;
        const amount = Math.min(left, o.amount - (o.settled ?? 0), available);
        if (amount <= 0) continue;
        const reserved = await Owed.findOneAndUpdate(
          { _id: o._id, state: 'open', settled: o.settled ?? 0, 'settlements.key': { $ne: earningKey } },
          { $inc: { settled: amount }, $push: { settlements: { key: earningKey, amount } }, $set: { state: (o.settled ?? 0) + amount >= o.amount ? 'settled' : 'open' } },
          { returnDocument: 'after', lean: true },
        );
        if (!reserved) continue; // another earning settled it meanwhile: the next earning sees the rest
        left -= amount;
        taken += await debit(reserved as OwedDoc, { key: earningKey, amount });
      }
      for (const o of open) await closeIfSettled((await Owed.findById(o._id).lean<OwedDoc>()) ?? o);
      return taken;
    },
  };
  return api;
}

export type OwedPoints = ReturnType<typeof createOwedPoints>;
