import { Schema, type Connection, type Types } from 'mongoose';
import { modelOn } from '../platform/db/connect';

export type OrderState = 'pending_payment' | 'paid' | 'refunded' | 'expired' | 'cancelled';
export type OrderChannel = 'miniapp' | 'till' | 'pos';
/** wechat: WeChat Pay; other: cash/card at the till or POS (outside this system); none: coupon + points covered it */
export type Settlement = 'wechat' | 'other' | 'none';

/**
 * The effects of "paid", each applied idempotently and marked done (a job
 * finishes what a crash left): couponUsed, pointsSettled (capture + earn),
 * growthAdded, and one per registered paid hook (e.g. referrals).
 */
export type PaidSteps = Record<string, boolean>;

export interface OrderLine {
  id: string;
  name: string;
  amountFen: number;
  couponFen: number;
  pointsFen: number;
  cashFen: number;
}

/**
 * One refund of the order. WeChat refunds mirror the payment refund (its
 * out_refund_no, state from the payments module); others (cash at the till,
 * zero-cash orders) succeed at once. `weight` is the refund's share of the
 * order's basis (cash paid, or the bill when nothing was paid in cash);
 * `applied` turns true once points, growth and coupon are reversed.
 */
export interface OrderRefund {
  key: string;
  refundNo: string;
  /** readable refund number (orders/number.ts); absent on refunds made before numbers existed */
  number?: string;
  amountFen: number;
  weight: number;
  lineIds: string[];
  via: Settlement;
  state: 'CREATED' | 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL' | 'FAILED';
  reason: string;
  actorId: string;
  applied: boolean;
  createdAt: Date;
}

export interface OrderDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  storeId: Types.ObjectId;
  /** unique: member + client key (优惠买单), store + till key, store + POS transaction id */
  idemKey: string;
  clientKey: string;
  channel: OrderChannel;
  settlement: Settlement;
  /** the clerk who rang it up (till) */
  staffId: Types.ObjectId | null;
  posTxnId: string | null;
  state: OrderState;
  billFen: number;
  lines: OrderLine[];
  couponId: Types.ObjectId | null;
  couponName: string | null;
  couponDiscountFen: number;
  pointsUsed: number;
  pointsValueFen: number;
  cashFen: number;
  pointsEarned: number;
  growthGained: number;
  outTradeNo: string | null;
  expireAt: Date;
  steps: PaidSteps | null;
  /** false while some paid step is still to apply */
  stepsDone: boolean;
  cancelReason: string | null;
  /** readable order number (orders/number.ts); absent on orders made before numbers existed */
  number?: string;
  createdAt: Date;
  paidAt: Date | null;
  /** cash refunded so far (successful refunds) */
  refundedFen: number;
  refunds: OrderRefund[];
  refundCount: number;
  /** sum of the weights of refunds made outside WeChat Pay (guards against refunding more than the basis) */
  localRefundedWeight: number;
  refundedLineIds: string[];
}

const orderSchema = new Schema<OrderDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    storeId: { type: Schema.Types.ObjectId, required: true },
    idemKey: { type: String, required: true },
    clientKey: { type: String, required: true },
    channel: { type: String, required: true },
    settlement: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, default: null },
    posTxnId: { type: String, default: null },
    state: { type: String, required: true },
    billFen: Number,
    lines: { type: [{ id: String, name: String, amountFen: Number, couponFen: Number, pointsFen: Number, cashFen: Number, _id: false }], default: [] },
    couponId: { type: Schema.Types.ObjectId, default: null },
    couponName: { type: String, default: null },
    couponDiscountFen: Number,
    pointsUsed: Number,
    pointsValueFen: Number,
    cashFen: Number,
    pointsEarned: Number,
    growthGained: Number,
    outTradeNo: { type: String, default: null },
    expireAt: Date,
    steps: { type: Schema.Types.Mixed, default: null },
    stepsDone: { type: Boolean, default: false },
    cancelReason: { type: String, default: null },
    number: { type: String },
    createdAt: Date,
    paidAt: { type: Date, default: null },
    refundedFen: { type: Number, default: 0 },
    refunds: {
      type: [
        { key: String, refundNo: String, number: String, amountFen: Number, weight: Number, lineIds: [String], via: String, state: String, reason: String, actorId: String, applied: Boolean, createdAt: Date, _id: false },
      ],
      default: [],
    },
    refundCount: { type: Number, default: 0 },
    localRefundedWeight: { type: Number, default: 0 },
    refundedLineIds: { type: [String], default: [] },
  },
  { collection: 'orders', versionKey: false, minimize: false },
);
orderSchema.index({ idemKey: 1 }, { unique: true, name: 'orders_idem_key_unique' });
orderSchema.index({ number: 1 }, { unique: true, sparse: true, name: 'orders_number_unique' });
orderSchema.index({ 'refunds.number': 1 }, { unique: true, sparse: true, name: 'orders_refund_number_unique' });
orderSchema.index({ state: 1, expireAt: 1 }, { name: 'orders_state_expiry' });
orderSchema.index({ stepsDone: 1, state: 1 }, { name: 'orders_steps_open' });
orderSchema.index({ memberId: 1, createdAt: -1 }, { name: 'orders_member' });
orderSchema.index({ storeId: 1, createdAt: -1 }, { name: 'orders_store' });

export const orderModel = (conn: Connection) => modelOn(conn, 'Order', orderSchema);

/** What a refund's share is measured against: the cash paid, or the bill when coupon + points covered it. */
export const refundBasis = (o: Pick<OrderDoc, 'cashFen' | 'billFen'>) => (o.cashFen > 0 ? o.cashFen : o.billFen);
