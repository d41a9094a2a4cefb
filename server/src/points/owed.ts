/**
 * Points a member owes: earned points a refund must take back but that were
 * already spent. Never a negative balance: the shortfall is recorded here
 * (once per key) and settled from future earnings — each settlement is first
 * reserved on the owed record under the earning's key, then debited from the
 * ledger under the same key, so a retry of the earning settles exactly once.
 */
import { Schema, Types, type Connection } from 'mongoose';
import { modelOn } from '../platform/db/connect';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { PointsService } from './service';

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

export function createOwedPoints(deps: { conn: Connection; clock: Clock; points: PointsService }) {
  const Owed = modelOn(deps.conn, 'PointsOwed', owedSchema);

  /** Debit the reserved settlement from the ledger (idempotent by key); undo the reservation if the points are gone. */
  async function debit(o: OwedDoc, s: Settlement): Promise<number> {
    try {
      await deps.points.reverse({ memberId: String(o.memberId), amount: -s.amount, reason: 'owed', source: 'owed', reference: `${o._id}:${s.key}`, leg: 'settle', note: '抵扣退款时已使用的积分' });
      return s.amount;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'POINTS_INSUFFICIENT')) throw err;
      // Spent again meanwhile: nothing taken this time; the debt stays open for the next earning.
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
      try {
        await Owed.create({ key, memberId: new Types.ObjectId(memberId), amount, settled: 0, settlements: [], reason, state: 'open', createdAt: deps.clock.now() });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },

    /** Open debt in points. */
    async openTotal(memberId: string): Promise<number> {
      const rows = await Owed.find({ memberId: new Types.ObjectId(memberId), state: 'open' }).lean<OwedDoc[]>();
      return rows.reduce((s, r) => s + r.amount - (r.settled ?? 0), 0);
    },

    /**
     * Settle open debt from an earning of `earned` points identified by
     * `earningKey` (oldest debt first). Safe to call again with the same key:
     * settlements already reserved are only re-debited (idempotent), never
     * taken twice. Returns the points taken.
     */
    async settleFrom(memberId: string, earningKey: string, earned: number): Promise<number> {
      if (earned <= 0) return 0;
      const open = await Owed.find({ memberId: new Types.ObjectId(memberId), $or: [{ state: 'open' }, { 'settlements.key': earningKey }] })
        .sort({ createdAt: 1 })
        .lean<OwedDoc[]>();
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
      return taken;
    },
  };
  return api;
}

export type OwedPoints = ReturnType<typeof createOwedPoints>;
