import { Schema, type Connection, type Types } from 'mongoose';
import type { CouponChannel, CouponState, CouponTerms, CouponType } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';

export interface TemplateDoc {
  _id: Types.ObjectId;
  name: string;
  type: CouponType;
  amountOffFen: number | null;
  percentOffBp: number | null;
  maxDiscountFen: number | null;
  thresholdFen: number;
  exchangeItem: string | null;
  storeIds: string[];
  tiers: string[];
  perMemberLimit: number;
  /** null = unlimited */
  totalStock: number | null;
  /** stock counter, changed only by guarded $inc */
  claimed: number;
  claimFrom: Date | null;
  claimTo: Date | null;
  validity: { mode: 'fixed'; from: string; to: string } | { mode: 'relative'; days: number };
  channel: CouponChannel;
  pointsCost: number | null;
  allowPoints: boolean;
  refundReturn: boolean;
  description: string;
  status: 'active' | 'paused';
  createdAt: Date;
  updatedAt: Date;
}

const templateSchema = new Schema<TemplateDoc>(
  {
    name: String,
    type: String,
    amountOffFen: { type: Number, default: null },
    percentOffBp: { type: Number, default: null },
    maxDiscountFen: { type: Number, default: null },
    thresholdFen: { type: Number, default: 0 },
    exchangeItem: { type: String, default: null },
    storeIds: { type: [String], default: [] },
    tiers: { type: [String], default: [] },
    perMemberLimit: Number,
    totalStock: { type: Number, default: null },
    claimed: { type: Number, default: 0 },
    claimFrom: { type: Date, default: null },
    claimTo: { type: Date, default: null },
    validity: { type: Schema.Types.Mixed, required: true },
    channel: String,
    pointsCost: { type: Number, default: null },
    allowPoints: Boolean,
    refundReturn: Boolean,
    description: { type: String, default: '' },
    status: String,
    createdAt: Date,
    updatedAt: Date,
  },
  { collection: 'coupon_templates', versionKey: false, minimize: false },
);
templateSchema.index({ channel: 1, status: 1 }, { name: 'coupon_templates_channel' });

export interface CouponHistory {
  at: Date;
  from: CouponState | null;
  to: CouponState;
  by: string;
  ref: string | null;
}

export interface CouponDoc {
  _id: Types.ObjectId;
  templateId: Types.ObjectId;
  memberId: Types.ObjectId;
  /** 1..perMemberLimit: unique (template, member, seq) enforces the limit */
  seq: number;
  /** idempotency of issuing (new-member gift, birthday, exchange, admin batch) */
  issueKey: string | null;
  channel: CouponChannel;
  terms: CouponTerms;
  /** 'issuing' only while a keyed issue is in progress (never shown to members) */
  state: CouponState | 'issuing';
  lockedTo: string | null;
  validFrom: Date;
  validTo: Date;
  couponNo: string;
  codeSecret: string;
  claimedAt: Date;
  usedAt: Date | null;
  usedRef: string | null;
  reminder: 'none' | 'sending' | 'sent' | 'not_subscribed';
  history: CouponHistory[];
}

const couponSchema = new Schema<CouponDoc>(
  {
    templateId: { type: Schema.Types.ObjectId, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    issueKey: { type: String, default: undefined },
    channel: String,
    terms: { type: Schema.Types.Mixed, required: true },
    state: { type: String, required: true },
    lockedTo: { type: String, default: null },
    validFrom: Date,
    validTo: Date,
    couponNo: { type: String, required: true },
    codeSecret: { type: String, required: true },
    claimedAt: Date,
    usedAt: { type: Date, default: null },
    usedRef: { type: String, default: null },
    reminder: { type: String, default: 'none' },
    history: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'coupons', versionKey: false, minimize: false },
);
couponSchema.index({ templateId: 1, memberId: 1, seq: 1 }, { unique: true, name: 'coupons_template_member_seq_unique' });
couponSchema.index({ issueKey: 1 }, { unique: true, sparse: true, name: 'coupons_issue_key_unique' });
couponSchema.index({ couponNo: 1 }, { unique: true, name: 'coupons_no_unique' });
couponSchema.index({ memberId: 1, state: 1 }, { name: 'coupons_member_state' });
couponSchema.index({ state: 1, validTo: 1 }, { name: 'coupons_expiry' });

/**
 * How many coupons of a template a member claimed from the centre, `_id` = `template|member`: the next seq,
 * taken by one guarded upsert (`n < perMemberLimit`). A hint only — the unique (template, member, seq) index
 * decides; at the limit the claim counts the coupons themselves (a crash between the two writes leaves a hole).
 */
export interface ClaimCountDoc {
  _id: string;
  n: number;
}
const claimCountSchema = new Schema<ClaimCountDoc>({ _id: { type: String, required: true }, n: { type: Number, required: true } }, { collection: 'coupon_claim_counts', versionKey: false });

export interface VerificationDoc {
  _id: Types.ObjectId;
  key: string;
  couponId: Types.ObjectId;
  memberId: Types.ObjectId;
  storeId: string;
  staffId: string;
  at: Date;
  undoneAt: Date | null;
  undoneBy: string | null;
}

const verificationSchema = new Schema<VerificationDoc>(
  {
    key: { type: String, required: true },
    couponId: { type: Schema.Types.ObjectId, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    storeId: { type: String, required: true },
    staffId: { type: String, required: true },
    at: { type: Date, required: true },
    undoneAt: { type: Date, default: null },
    undoneBy: { type: String, default: null },
  },
  { collection: 'coupon_verifications', versionKey: false },
);
verificationSchema.index({ key: 1 }, { unique: true, name: 'coupon_verifications_key_unique' });
verificationSchema.index({ storeId: 1, at: -1 }, { name: 'coupon_verifications_store' });

export const templateModel = (conn: Connection) => modelOn(conn, 'CouponTemplate', templateSchema);
export const claimCountModel = (conn: Connection) => modelOn(conn, 'CouponClaimCount', claimCountSchema);
export const couponModel = (conn: Connection) => modelOn(conn, 'Coupon', couponSchema);
export const verificationModel = (conn: Connection) => modelOn(conn, 'CouponVerification', verificationSchema);
