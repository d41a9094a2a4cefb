import { Schema, type Connection, type Types } from 'mongoose';
import { modelOn } from '../platform/db/connect';

/**
 * One points adjustment asked for from the console. `_id` = `<memberId>:<idempotency key>` (unique, starts with
 * the member: the shard key), so a double click or a retry is the same request. States, each a guarded update:
 * `approved → applied | failed` (at or below the threshold, or after approval), `pending → approved | rejected`
 * (above it: a second admin decides; the requester cannot). The ledger movement is keyed by `_id`: exactly once.
 */
export interface AdjustRequestDoc {
  _id: string;
  memberId: Types.ObjectId;
  amount: number;
  reason: string;
  state: 'pending' | 'approved' | 'rejected' | 'applied' | 'failed';
  /** the threshold in force when asked: above it (absolute amount) a second admin must approve */
  threshold: number;
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  rejectReason: string | null;
  entryId: Types.ObjectId | null;
  failure: string | null;
}

const requestSchema = new Schema<AdjustRequestDoc>(
  {
    _id: { type: String },
    memberId: { type: Schema.Types.ObjectId, required: true },
    amount: { type: Number, required: true },
    reason: { type: String, required: true },
    state: { type: String, required: true },
    threshold: { type: Number, required: true },
    requestedBy: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    decidedBy: { type: String, default: null },
    decidedAt: { type: Date, default: null },
    rejectReason: { type: String, default: null },
    entryId: { type: Schema.Types.ObjectId, default: null },
    failure: { type: String, default: null },
  },
  { collection: 'points_adjust_requests', versionKey: false },
);
// Declared for production (the test engine scans): the approvals list by state, a member's requests.
requestSchema.index({ state: 1, requestedAt: -1 }, { name: 'adjust_state' });
requestSchema.index({ memberId: 1, requestedAt: -1 }, { name: 'adjust_member' });

/** The approval threshold (`_id` 'default'), saved on a revision like the other console settings. */
export interface AdjustSettingsDoc {
  _id: string;
  approvalAbove: number;
  revision: number;
  updatedAt: Date;
}

const settingsSchema = new Schema<AdjustSettingsDoc>(
  { _id: { type: String }, approvalAbove: { type: Number, required: true }, revision: { type: Number, default: 0 }, updatedAt: { type: Date, required: true } },
  { collection: 'points_adjust_settings', versionKey: false },
);

export const adjustRequestModel = (conn: Connection) => modelOn(conn, 'PointsAdjustRequest', requestSchema);
export const adjustSettingsModel = (conn: Connection) => modelOn(conn, 'PointsAdjustSettings', settingsSchema);
