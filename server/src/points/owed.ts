/**
 * Points a member owes: earned points a refund must take back but that were
 * already spent. Never a negative balance: the shortfall is recorded here
 * (once per key) for future earnings to settle.
 */
import { Schema, Types, type Connection } from 'mongoose';
import { modelOn } from '../platform/db/connect';
import { isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';

interface OwedDoc {
  _id: Types.ObjectId;
  key: string;
  memberId: Types.ObjectId;
  amount: number;
  reason: string;
  state: 'open' | 'settled';
  createdAt: Date;
}

const owedSchema = new Schema<OwedDoc>(
  {
    key: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    amount: { type: Number, required: true },
    reason: { type: String, required: true },
    state: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'points_owed', versionKey: false },
);
owedSchema.index({ key: 1 }, { unique: true, name: 'points_owed_key_unique' });
owedSchema.index({ memberId: 1, state: 1 }, { name: 'points_owed_member' });

export function createOwedPoints(deps: { conn: Connection; clock: Clock }) {
  const Owed = modelOn(deps.conn, 'PointsOwed', owedSchema);
  return {
    async record(key: string, memberId: string, amount: number, reason: string): Promise<void> {
      if (amount <= 0) return;
      try {
        await Owed.create({ key, memberId: new Types.ObjectId(memberId), amount, reason, state: 'open', createdAt: deps.clock.now() });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },
    async openTotal(memberId: string): Promise<number> {
      const rows = await Owed.find({ memberId: new Types.ObjectId(memberId), state: 'open' }).lean<OwedDoc[]>();
      return rows.reduce((s, r) => s + r.amount, 0);
    },
  };
}

export type OwedPoints = ReturnType<typeof createOwedPoints>;
