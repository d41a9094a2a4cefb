import { Schema, type Connection, type Types } from 'mongoose';
import { modelOn } from '../platform/db/connect';

export type OrderState = 'pending_payment' | 'paid' | 'refunded' | 'expired' | 'cancelled';

/** The effects of "paid", each applied idempotently and marked done (a job finishes what a crash left). */
export interface PaidSteps {
  couponUsed: boolean;
  pointsCaptured: boolean;
  pointsEarned: boolean;
  growthAdded: boolean;
}

export interface OrderDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  storeId: Types.ObjectId;
  clientKey: string;
  state: OrderState;
  billFen: number;
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
  cancelReason: string | null;
  createdAt: Date;
  paidAt: Date | null;
  /** cash refunded so far (successful refunds) */
  refundedFen: number;
}

const orderSchema = new Schema<OrderDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    storeId: { type: Schema.Types.ObjectId, required: true },
    clientKey: { type: String, required: true },
    state: { type: String, required: true },
    billFen: Number,
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
    cancelReason: { type: String, default: null },
    createdAt: Date,
    paidAt: { type: Date, default: null },
    refundedFen: { type: Number, default: 0 },
  },
  { collection: 'orders', versionKey: false, minimize: false },
);
orderSchema.index({ memberId: 1, clientKey: 1 }, { unique: true, name: 'orders_member_client_key_unique' });
orderSchema.index({ state: 1, expireAt: 1 }, { name: 'orders_state_expiry' });
orderSchema.index({ memberId: 1, createdAt: -1 }, { name: 'orders_member' });

export const orderModel = (conn: Connection) => modelOn(conn, 'Order', orderSchema);
