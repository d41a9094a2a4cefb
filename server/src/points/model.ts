import { Schema, type Connection, type Types } from 'mongoose';
import type { PointsEntryKind } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';

/**
 * An immutable ledger entry. `key` = `${source}:${reference}:${leg}` is the
 * idempotency key (unique). `state` only records the progress of applying it:
 * pending → applied | rejected.
 */
export interface EntryDoc {
  _id: Types.ObjectId;
  key: string;
  memberId: Types.ObjectId;
  kind: PointsEntryKind;
  reason: string;
  source: string;
  reference: string;
  leg: string;
  /** change of the balance */
  delta: number;
  /** change of the held amount */
  heldDelta: number;
  /** for earns: when the lot expires; for expiries: the lot */
  expiresAt: Date | null;
  lotId: Types.ObjectId | null;
  /** for expiries: the account lot (points/lots.calc.ts lotKey) */
  lotKey?: string | null;
  /** for earns: how many owed records the account listed right after it (0: nothing to settle; null: not known) */
  owedAfter?: number | null;
  state: 'pending' | 'applied' | 'rejected';
  rejectCode: string | null;
  balanceAfter: number | null;
  note: string | null;
  actorId: string | null;
  createdAt: Date;
  appliedAt: Date | null;
  /** one finisher at a time: the request that created it, a retry of it, or the repair job */
  leaseUntil: Date | null;
  leaseToken: string | null;
}

const entrySchema = new Schema<EntryDoc>(
  {
    key: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    reason: { type: String, required: true },
    source: { type: String, required: true },
    reference: { type: String, required: true },
    leg: { type: String, required: true },
    delta: { type: Number, required: true },
    heldDelta: { type: Number, required: true },
    expiresAt: { type: Date, default: null },
    lotId: { type: Schema.Types.ObjectId, default: null },
    lotKey: { type: String, default: null },
    owedAfter: { type: Number, default: null },
    state: { type: String, required: true },
    rejectCode: { type: String, default: null },
    balanceAfter: { type: Number, default: null },
    note: { type: String, default: null },
    actorId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    appliedAt: { type: Date, default: null },
    leaseUntil: { type: Date, default: null },
    leaseToken: { type: String, default: null },
  },
  { collection: 'points_entries', versionKey: false },
);
entrySchema.index({ key: 1 }, { unique: true, name: 'points_entries_key_unique' });
entrySchema.index({ memberId: 1, _id: -1 }, { name: 'points_entries_member' });
entrySchema.index({ state: 1, createdAt: 1 }, { name: 'points_entries_state' });

/**
 * LEGACY: lots as their own documents (before the lots moved onto the points account, lots.calc.ts).
 * Read only by the fold job (fold.ts), which moves what is left of each onto the account once.
 */
export interface LotDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  entryId: Types.ObjectId;
  earned: number;
  remaining: number;
  expiresAt: Date;
  state: 'open' | 'expiring' | 'expired' | 'folded';
  leaseUntil: Date | null;
  consumedBy: { entryId: Types.ObjectId; amount: number }[];
  createdAt: Date;
}

const lotSchema = new Schema<LotDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    entryId: { type: Schema.Types.ObjectId, required: true },
    earned: { type: Number, required: true },
    remaining: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
    state: { type: String, required: true },
    leaseUntil: { type: Date, default: null },
    consumedBy: { type: [{ entryId: Schema.Types.ObjectId, amount: Number, _id: false }], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'points_lots', versionKey: false },
);
lotSchema.index({ entryId: 1 }, { unique: true, name: 'points_lots_entry_unique' });
lotSchema.index({ memberId: 1, state: 1, expiresAt: 1 }, { name: 'points_lots_member_fifo' });
lotSchema.index({ state: 1, expiresAt: 1 }, { name: 'points_lots_due' });

export const entryModel = (conn: Connection) => modelOn(conn, 'PointsEntry', entrySchema);
export const lotModel = (conn: Connection) => modelOn(conn, 'PointsLot', lotSchema);
