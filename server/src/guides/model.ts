/**
 * 导购 collections (private to this folder; service.ts and its helpers are the
 * only writers). Shard keys: bindings, events, tasks, notes, credits by the
 * customer (`_id` or its first part is the member id / order id); guide days by
 * guide (`_id` = guide:day); guides, settings and transfers are small.
 */
import { Schema, type Connection, type Types } from 'mongoose';
import type { GuideBindingSource, GuideTaskRule } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';

/** A staff member with the guide role (`_id` = their member id) in their store. */
export interface GuideDoc {
  _id: Types.ObjectId;
  storeId: Types.ObjectId;
  code: string;
  nickname: string;
  status: 'active' | 'left';
  createdAt: Date;
}
const guideSchema = new Schema<GuideDoc>(
  {
    storeId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    nickname: String,
    status: String,
    createdAt: Date,
  },
  { collection: 'guides', versionKey: false },
);
guideSchema.index({ code: 1 }, { unique: true, name: 'guides_code_unique' });
guideSchema.index({ storeId: 1 }, { name: 'guides_store' });

/** One per member (`_id` = the customer): their guide in the chain. Changed only by one guarded update. */
export interface BindingDoc {
  _id: Types.ObjectId;
  guideId: Types.ObjectId;
  storeId: Types.ObjectId;
  source: GuideBindingSource;
  boundAt: Date;
  /** null: permanent (only a transfer moves it); else another guide may bind after this */
  protectedUntil: Date | null;
  /** event number; the history entry of the last change is (member, seq) */
  seq: number;
  fromGuideId: Types.ObjectId | null;
  transferId: Types.ObjectId | null;
  /** false until the history entry and the rollups of `seq` are written (the repair job finishes them) */
  logged: boolean;
  /** copied by the follow-up job: what the list shows without reading other domains per request */
  summary?: { lastVisitAt: Date | null; nextBookingAt: Date | null; expiringCoupons: number; at: Date };
}
const bindingSchema = new Schema<BindingDoc>(
  {
    guideId: { type: Schema.Types.ObjectId, required: true },
    storeId: Schema.Types.ObjectId,
    source: String,
    boundAt: Date,
    protectedUntil: { type: Date, default: null },
    seq: Number,
    fromGuideId: { type: Schema.Types.ObjectId, default: null },
    transferId: { type: Schema.Types.ObjectId, default: null },
    logged: Boolean,
    summary: { type: Schema.Types.Mixed, default: undefined },
  },
  { collection: 'guide_bindings', versionKey: false },
);
bindingSchema.index({ guideId: 1 }, { name: 'guide_bindings_guide' });
bindingSchema.index({ logged: 1 }, { name: 'guide_bindings_logged' });

/** History: one entry per binding change, unique by (member, seq). */
export interface EventDoc {
  _id: string;
  memberId: Types.ObjectId;
  seq: number;
  guideId: Types.ObjectId;
  fromGuideId: Types.ObjectId | null;
  source: GuideBindingSource;
  transferId: Types.ObjectId | null;
  at: Date;
}
const eventSchema = new Schema<EventDoc>(
  {
    _id: String,
    memberId: Schema.Types.ObjectId,
    seq: Number,
    guideId: Schema.Types.ObjectId,
    fromGuideId: Schema.Types.ObjectId,
    source: String,
    transferId: Schema.Types.ObjectId,
    at: Date,
  },
  { collection: 'guide_binding_events', versionKey: false },
);
eventSchema.index({ memberId: 1, seq: 1 }, { unique: true, name: 'guide_events_member_seq_unique' });
eventSchema.index({ transferId: 1 }, { name: 'guide_events_transfer' });

export interface SettingsDoc {
  _id: string;
  mode: 'permanent' | 'protected';
  protectDays: number;
  updatedAt: Date;
}
const settingsSchema = new Schema<SettingsDoc>(
  { _id: String, mode: String, protectDays: Number, updatedAt: Date },
  { collection: 'guide_settings', versionKey: false },
);

/** The guide credited for a paid order (`_id` = order id), fixed at payment time; refunds reduce it once each. */
export interface CreditDoc {
  _id: Types.ObjectId;
  guideId: Types.ObjectId;
  storeId: Types.ObjectId;
  memberId: Types.ObjectId;
  cashFen: number;
  reversedFen: number;
  /** per refund: the credit reversed, the commission reduced (pending) or clawed back (settled) */
  reversals: { refundNo: string; fen: number; at: Date; commissionFen?: number; clawFen?: number }[];
  paidAt: Date;
  /** the order's commission (when the rules were active at payment): pending → settled | cancelled by the settlement job */
  commission?: {
    bp: number;
    fen: number;
    reducedFen: number;
    clawedFen: number;
    state: 'pending' | 'settled' | 'cancelled';
    settleAt: Date;
    settledFen: number;
    period: string | null;
    /** settled and its entry applied to the month's settlement */
    entered: boolean;
  };
}
const creditSchema = new Schema<CreditDoc>(
  {
    guideId: Schema.Types.ObjectId,
    storeId: Schema.Types.ObjectId,
    memberId: Schema.Types.ObjectId,
    cashFen: Number,
    reversedFen: { type: Number, default: 0 },
    reversals: {
      type: [{ _id: false, refundNo: String, fen: Number, at: Date, commissionFen: Number, clawFen: Number }],
      default: [],
    },
    paidAt: Date,
    commission: { type: Schema.Types.Mixed, default: undefined },
  },
  { collection: 'guide_credits', versionKey: false },
);
creditSchema.index({ memberId: 1, paidAt: -1 }, { name: 'guide_credits_member' });
creditSchema.index({ 'commission.state': 1, 'commission.settleAt': 1 }, { name: 'guide_credits_commission' });

/** Per guide per Shanghai day (`_id` = guideId:YYYY-MM-DD): figures, each movement applied once by its key. */
export interface DayDoc {
  _id: string;
  guideId: Types.ObjectId;
  day: string;
  gained: number;
  lost: number;
  newBindings: number;
  orders: number;
  salesFen: number;
  refunds: number;
  refundFen: number;
  commissionFen: number;
  commissionReducedFen: number;
  applied: string[];
}
const daySchema = new Schema<DayDoc>(
  {
    _id: String,
    guideId: Schema.Types.ObjectId,
    day: String,
    gained: Number,
    lost: Number,
    newBindings: Number,
    orders: Number,
    salesFen: Number,
    refunds: Number,
    refundFen: Number,
    commissionFen: Number,
    commissionReducedFen: Number,
    applied: [String],
  },
  { collection: 'guide_days', versionKey: false },
);

/** A follow-up task, `_id` = rule:member:occasion (generated once per occasion). */
export interface TaskDoc {
  _id: string;
  guideId: Types.ObjectId;
  memberId: Types.ObjectId;
  rule: GuideTaskRule;
  title: string;
  dueAt: Date;
  state: 'open' | 'done' | 'snoozed';
  snoozedUntil: Date | null;
  createdAt: Date;
  doneAt: Date | null;
}
const taskSchema = new Schema<TaskDoc>(
  {
    _id: String,
    guideId: Schema.Types.ObjectId,
    memberId: Schema.Types.ObjectId,
    rule: String,
    title: String,
    dueAt: Date,
    state: String,
    snoozedUntil: Date,
    createdAt: Date,
    doneAt: Date,
  },
  { collection: 'guide_tasks', versionKey: false },
);
taskSchema.index({ guideId: 1, state: 1 }, { name: 'guide_tasks_guide' });
taskSchema.index({ memberId: 1 }, { name: 'guide_tasks_member' });

export interface NoteDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  guideId: Types.ObjectId;
  text: string;
  at: Date;
}
const noteSchema = new Schema<NoteDoc>(
  { memberId: Schema.Types.ObjectId, guideId: Schema.Types.ObjectId, text: String, at: Date },
  { collection: 'guide_notes', versionKey: false },
);
noteSchema.index({ memberId: 1, at: -1 }, { name: 'guide_notes_member' });

/** A handoff: the job moves `from`'s customers batch by batch (resumable); the report is counted from the history. */
export interface TransferDoc {
  _id: Types.ObjectId;
  fromGuideId: Types.ObjectId;
  targetIds: Types.ObjectId[];
  deactivate: boolean;
  state: 'running' | 'done';
  report: { guideId: Types.ObjectId; moved: number }[];
  moved: number;
  createdBy: Types.ObjectId;
  createdAt: Date;
  finishedAt: Date | null;
}
const transferSchema = new Schema<TransferDoc>(
  {
    fromGuideId: Schema.Types.ObjectId,
    targetIds: [Schema.Types.ObjectId],
    deactivate: Boolean,
    state: String,
    report: { type: [{ _id: false, guideId: Schema.Types.ObjectId, moved: Number }], default: [] },
    moved: { type: Number, default: 0 },
    createdBy: Schema.Types.ObjectId,
    createdAt: Date,
    finishedAt: { type: Date, default: null },
  },
  { collection: 'guide_transfers', versionKey: false },
);
transferSchema.index({ state: 1 }, { name: 'guide_transfers_state' });

/** Poster codes made by WeChat once per guide code. */
const posterSchema = new Schema<{ _id: string; png: Buffer; createdAt: Date }>(
  { _id: String, png: Buffer, createdAt: Date },
  { collection: 'guide_posters', versionKey: false },
);

export function guideModels(conn: Connection) {
  return {
    Guide: modelOn(conn, 'Guide', guideSchema),
    Binding: modelOn(conn, 'GuideBinding', bindingSchema),
    Event: modelOn(conn, 'GuideBindingEvent', eventSchema),
    Settings: modelOn(conn, 'GuideSettings', settingsSchema),
    Credit: modelOn(conn, 'GuideCredit', creditSchema),
    Day: modelOn(conn, 'GuideDay', daySchema),
    Task: modelOn(conn, 'GuideTask', taskSchema),
    Note: modelOn(conn, 'GuideNote', noteSchema),
    Transfer: modelOn(conn, 'GuideTransfer', transferSchema),
    Poster: modelOn(conn, 'GuidePoster', posterSchema),
  };
}
export type GuideModels = ReturnType<typeof guideModels>;
