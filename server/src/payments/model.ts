import { Schema, type Connection, type Types } from 'mongoose';
import { modelOn } from '../platform/db/connect';

/** A step applied exactly once under a lease: pending → done (lease guards concurrent runners). */
export interface StepState {
  state: 'none' | 'pending' | 'done';
  leaseUntil: Date | null;
  leaseToken: string | null;
  attempts: number;
  lastError: string | null;
  doneAt: Date | null;
}

const stepSchema = new Schema<StepState>(
  {
    state: { type: String, default: 'none' },
    leaseUntil: { type: Date, default: null },
    leaseToken: { type: String, default: null },
    attempts: { type: Number, default: 0 },
    lastError: { type: String, default: null },
    doneAt: { type: Date, default: null },
  },
  { _id: false },
);

export type IntentState = 'NOTPAY' | 'SUCCESS' | 'CLOSED';

export interface IntentDoc {
  _id: Types.ObjectId;
  outTradeNo: string;
  purpose: string;
  reference: string;
  memberId: Types.ObjectId | null;
  payerOpenid: string;
  amountFen: number;
  description: string;
  state: IntentState;
  transactionId: string | null;
  paidAt: Date | null;
  paidVia: 'notify' | 'query' | null;
  expireAt: Date;
  closedAt: Date | null;
  /** money WeChat took after we had closed the intent (refunded automatically when configured) */
  latePayment: { transactionId: string; paidAt: Date | null; detectedAt: Date; outRefundNo: string | null } | null;
  refundReservedFen: number;
  refundCount: number;
  refundIds: Types.ObjectId[];
  paidHook: StepState;
  lastQueriedAt: Date | null;
  createdAt: Date;
}

const intentSchema = new Schema<IntentDoc>(
  {
    outTradeNo: { type: String, required: true },
    purpose: { type: String, required: true },
    reference: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, default: null },
    payerOpenid: { type: String, required: true },
    amountFen: { type: Number, required: true },
    description: { type: String, required: true },
    state: { type: String, required: true },
    transactionId: { type: String, default: null },
    paidAt: { type: Date, default: null },
    paidVia: { type: String, default: null },
    expireAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
    latePayment: { type: Schema.Types.Mixed, default: null },
    refundReservedFen: { type: Number, default: 0 },
    refundCount: { type: Number, default: 0 },
    refundIds: { type: [Schema.Types.ObjectId], default: [] },
    paidHook: { type: stepSchema, default: () => ({}) },
    lastQueriedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'payment_intents', versionKey: false, minimize: false },
);
intentSchema.index({ outTradeNo: 1 }, { unique: true, name: 'intents_out_trade_no_unique' });
intentSchema.index({ purpose: 1, reference: 1 }, { unique: true, name: 'intents_purpose_reference_unique' });
intentSchema.index({ state: 1, createdAt: 1 }, { name: 'intents_state_created' });
intentSchema.index({ 'paidHook.state': 1 }, { name: 'intents_paid_hook' });
intentSchema.index({ paidAt: 1 }, { name: 'intents_paid_at' });

export type RefundState = 'CREATED' | 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL' | 'FAILED';

export interface RefundDoc {
  _id: Types.ObjectId;
  outRefundNo: string;
  intentId: Types.ObjectId;
  outTradeNo: string;
  amountFen: number;
  reason: string;
  source: 'merchant' | 'late_payment';
  state: RefundState;
  refundId: string | null;
  /** reservation on the intent held (released once if the refund ends CLOSED/FAILED) */
  reserved: boolean;
  refundedHook: StepState;
  requestedAt: Date;
  finishedAt: Date | null;
  lastQueriedAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

const refundSchema = new Schema<RefundDoc>(
  {
    outRefundNo: { type: String, required: true },
    intentId: { type: Schema.Types.ObjectId, required: true },
    outTradeNo: { type: String, required: true },
    amountFen: { type: Number, required: true },
    reason: { type: String, default: '' },
    source: { type: String, required: true },
    state: { type: String, required: true },
    refundId: { type: String, default: null },
    reserved: { type: Boolean, default: false },
    refundedHook: { type: stepSchema, default: () => ({}) },
    requestedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    lastQueriedAt: { type: Date, default: null },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'payment_refunds', versionKey: false, minimize: false },
);
refundSchema.index({ outRefundNo: 1 }, { unique: true, name: 'refunds_out_refund_no_unique' });
refundSchema.index({ intentId: 1 }, { name: 'refunds_intent' });
refundSchema.index({ state: 1, requestedAt: 1 }, { name: 'refunds_state' });
refundSchema.index({ finishedAt: 1 }, { name: 'refunds_finished_at' });

/** Every accepted (verified, decrypted) notification, once per business key. */
export interface NotificationDoc {
  _id: Types.ObjectId;
  key: string;
  notificationId: string;
  eventType: string;
  resource: Record<string, unknown>;
  receivedAt: Date;
  deliveries: number;
}

const notificationSchema = new Schema<NotificationDoc>(
  {
    key: { type: String, required: true },
    notificationId: { type: String, required: true },
    eventType: { type: String, required: true },
    resource: { type: Schema.Types.Mixed, required: true },
    receivedAt: { type: Date, required: true },
    deliveries: { type: Number, default: 1 },
  },
  { collection: 'payment_notifications', versionKey: false, minimize: false },
);
notificationSchema.index({ key: 1 }, { unique: true, name: 'notifications_key_unique' });

export interface AnomalyDoc {
  _id: Types.ObjectId;
  key: string;
  kind: 'amount_mismatch' | 'paid_after_close' | 'unknown_trade' | 'unknown_refund' | 'refund_abnormal';
  outTradeNo: string | null;
  outRefundNo: string | null;
  detail: string;
  at: Date;
}

const anomalySchema = new Schema<AnomalyDoc>(
  {
    key: { type: String, required: true },
    kind: { type: String, required: true },
    outTradeNo: { type: String, default: null },
    outRefundNo: { type: String, default: null },
    detail: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'payment_anomalies', versionKey: false },
);
anomalySchema.index({ key: 1 }, { unique: true, name: 'anomalies_key_unique' });
anomalySchema.index({ at: -1 }, { name: 'anomalies_at' });

export const intentModel = (conn: Connection) => modelOn(conn, 'PaymentIntent', intentSchema);
export const refundModel = (conn: Connection) => modelOn(conn, 'PaymentRefund', refundSchema);
export const notificationModel = (conn: Connection) => modelOn(conn, 'PaymentNotification', notificationSchema);
export const anomalyModel = (conn: Connection) => modelOn(conn, 'PaymentAnomaly', anomalySchema);
