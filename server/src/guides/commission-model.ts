/**
 * 导购提成 collections (private to this folder). The commission of an order lives on
 * its credit (`guide_credits`, `_id` = order: one per paid order); settlements are one
 * per guide × Shanghai month (`_id` derived from both, see commission.calc.ts), moved only
 * by entries of the effects engine (`guide_commission_entries`, unique by key: `c:order`
 * a commission settled, `k:order:refundNo` a clawback, `carry:settlement` a negative
 * month carried on). Shard keys: entries and settlements by guide (small per guide).
 */
import { Schema, type Connection, type Types } from 'mongoose';
import type { EntryBase } from '../platform/effects/entries';
import { modelOn } from '../platform/db/connect';

/** The versioned commission rules (`_id` 'default'). */
export interface CommissionSettingsDoc {
  _id: string;
  active: boolean;
  bp: number;
  stores: { storeId: string; bp: number }[];
  refundWindowDays: number;
  revision: number;
  updatedAt: Date;
}
const settingsSchema = new Schema<CommissionSettingsDoc>(
  {
    _id: String,
    active: Boolean,
    bp: Number,
    stores: { type: [{ _id: false, storeId: String, bp: Number }], default: [] },
    refundWindowDays: Number,
    revision: { type: Number, default: 0 },
    updatedAt: Date,
  },
  { collection: 'guide_commission_settings', versionKey: false },
);

export interface CommissionEntryDoc extends EntryBase {
  guideId: Types.ObjectId;
  /** the month whose settlement it moves (moved on to the next open month if that one closed first) */
  period: string;
  kind: 'commission' | 'clawback' | 'carry';
  fen: number;
  orderId: Types.ObjectId | null;
  refundNo: string | null;
}
const entrySchema = new Schema<CommissionEntryDoc>(
  {
    key: { type: String, required: true },
    state: String,
    createdAt: Date,
    leaseUntil: { type: Date, default: null },
    leaseToken: { type: String, default: null },
    rejectCode: { type: String, default: null },
    guideId: Schema.Types.ObjectId,
    period: String,
    kind: String,
    fen: Number,
    orderId: { type: Schema.Types.ObjectId, default: null },
    refundNo: { type: String, default: null },
  },
  { collection: 'guide_commission_entries', versionKey: false },
);
entrySchema.index({ key: 1 }, { unique: true, name: 'guide_commission_entries_key_unique' });
entrySchema.index({ state: 1, createdAt: 1 }, { name: 'guide_commission_entries_pending' });

/** A guide's settlement of one month: open while the month runs, closed by the settlement job after it. */
export interface SettlementDoc {
  _id: Types.ObjectId;
  guideId: Types.ObjectId;
  period: string;
  state: 'open' | 'closed';
  commissionFen: number;
  orders: number;
  clawbackFen: number;
  clawbacks: number;
  carryInFen: number;
  payableFen: number | null;
  carryOutFen: number;
  /** closed with a negative net: false until the carry entry into the next month is applied */
  carried: boolean;
  closedAt: Date | null;
  inflight: Types.ObjectId[];
}
const settlementSchema = new Schema<SettlementDoc>(
  {
    guideId: Schema.Types.ObjectId,
    period: String,
    state: String,
    commissionFen: Number,
    orders: Number,
    clawbackFen: Number,
    clawbacks: Number,
    carryInFen: Number,
    payableFen: { type: Number, default: null },
    carryOutFen: Number,
    carried: Boolean,
    closedAt: { type: Date, default: null },
    inflight: { type: [Schema.Types.ObjectId], default: [] },
  },
  { collection: 'guide_settlements', versionKey: false },
);
settlementSchema.index({ guideId: 1, period: 1 }, { name: 'guide_settlements_guide_period' });
settlementSchema.index({ state: 1, period: 1 }, { name: 'guide_settlements_state' });

export function commissionModels(conn: Connection) {
  return {
    CommissionSettings: modelOn(conn, 'GuideCommissionSettings', settingsSchema),
    Entry: modelOn(conn, 'GuideCommissionEntry', entrySchema),
    Settlement: modelOn(conn, 'GuideSettlement', settlementSchema),
  };
}
export type CommissionModels = ReturnType<typeof commissionModels>;
