/**
 * Partner referrals data. Uniqueness carries correctness: one partner per
 * member and per code, one binding per invited member (bound once), one
 * reward per (order, level) — or per friend for first-order rewards — and a
 * per-partner-per-day counter for the velocity limit.
 */
import { Schema, type Connection, type Types } from 'mongoose';
import type { ReferralSettings } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';

export interface SettingsDoc extends ReferralSettings {
  _id: string;
  updatedAt: Date;
  /** bumped by every save (the console saves on the revision it loaded); absent before versions = 0 */
  revision?: number;
}
const settingsSchema = new Schema<SettingsDoc>({ _id: String }, { collection: 'referral_settings', versionKey: false, strict: false, minimize: false });

export interface PartnerDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  code: string;
  status: 'active' | 'pending' | 'rejected';
  termsVersion: string;
  acceptedAt: Date;
  /** cash commission (fen) credited, and owed back after refunds of settled rewards */
  commissionFen: number;
  commissionOwedFen: number;
  /** `credit:<rewardId>` / `claw:<rewardId>:<refundNo>` already applied to the commission */
  appliedKeys: string[];
  createdAt: Date;
  /** an application's decision in the console (who, when, why a rejection) */
  decidedBy?: string | null;
  decidedAt?: Date | null;
  rejectReason?: string | null;
}
const partnerSchema = new Schema<PartnerDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    status: { type: String, required: true },
    termsVersion: { type: String, required: true },
    acceptedAt: { type: Date, required: true },
    commissionFen: { type: Number, default: 0 },
    commissionOwedFen: { type: Number, default: 0 },
    appliedKeys: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
    decidedBy: { type: String, default: null },
    decidedAt: { type: Date, default: null },
    rejectReason: { type: String, default: null },
  },
  { collection: 'referral_partners', versionKey: false },
);
partnerSchema.index({ memberId: 1 }, { unique: true, name: 'referral_partners_member_unique' });
partnerSchema.index({ code: 1 }, { unique: true, name: 'referral_partners_code_unique' });

export interface BindingDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  partnerMemberId: Types.ObjectId;
  code: string;
  scene: number | null;
  via: 'link' | 'poster' | 'lead' | 'other';
  at: Date;
}
const bindingSchema = new Schema<BindingDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    partnerMemberId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    scene: { type: Number, default: null },
    via: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'referral_bindings', versionKey: false },
);
bindingSchema.index({ memberId: 1 }, { unique: true, name: 'referral_bindings_member_unique' });
bindingSchema.index({ partnerMemberId: 1, at: -1 }, { name: 'referral_bindings_partner' });

export interface RejectionDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  code: string;
  reason: 'unknown_code' | 'inactive_partner' | 'self' | 'same_phone' | 'same_unionid' | 'cycle' | 'velocity' | 'programme_off';
  at: Date;
}
const rejectionSchema = new Schema<RejectionDoc>(
  { memberId: Schema.Types.ObjectId, code: String, reason: String, at: Date },
  { collection: 'referral_rejections', versionKey: false },
);
rejectionSchema.index({ memberId: 1 }, { name: 'referral_rejections_member' });

export interface VelocityDoc {
  /** `${partnerMemberId}:${YYYY-MM-DD}` */
  _id: string;
  count: number;
}
const velocitySchema = new Schema<VelocityDoc>({ _id: String, count: Number }, { collection: 'referral_velocity', versionKey: false });

export interface LeadDoc {
  _id: Types.ObjectId;
  partnerMemberId: Types.ObjectId;
  partnerCode: string;
  phone: string;
  intent: string;
  storeId: Types.ObjectId | null;
  staffId: string;
  expiresAt: Date;
  createdAt: Date;
}
const leadSchema = new Schema<LeadDoc>(
  {
    partnerMemberId: { type: Schema.Types.ObjectId, required: true },
    partnerCode: { type: String, required: true },
    phone: { type: String, required: true },
    intent: { type: String, required: true },
    storeId: { type: Schema.Types.ObjectId, default: null },
    staffId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'referral_leads', versionKey: false },
);
leadSchema.index({ phone: 1, expiresAt: -1 }, { name: 'referral_leads_phone' });

export interface Reduction {
  refundNo: string;
  amount: number;
  at?: Date;
}
export interface RewardDoc {
  _id: Types.ObjectId;
  /** unique: `order:${orderId}:L${level}` or `first:${friendId}:L${level}` */
  key: string;
  orderId: Types.ObjectId;
  friendMemberId: Types.ObjectId;
  partnerMemberId: Types.ObjectId;
  level: 1 | 2;
  kind: 'points' | 'cash';
  amount: number;
  /** refunds before settlement */
  reduced: number;
  reductions: Reduction[];
  /** refunds after settlement (taken back, or owed) */
  clawedBack: number;
  clawbacks: Reduction[];
  state: 'pending' | 'settled' | 'cancelled';
  settleAt: Date;
  settledAmount: number;
  settledAt: Date | null;
  credited: boolean;
  orderPaidAt: Date;
  createdAt: Date;
}
const reductionShape = [{ refundNo: String, amount: Number, at: Date, _id: false }];
const rewardSchema = new Schema<RewardDoc>(
  {
    key: { type: String, required: true },
    orderId: { type: Schema.Types.ObjectId, required: true },
    friendMemberId: { type: Schema.Types.ObjectId, required: true },
    partnerMemberId: { type: Schema.Types.ObjectId, required: true },
    level: { type: Number, required: true },
    kind: { type: String, required: true },
    amount: { type: Number, required: true },
    reduced: { type: Number, default: 0 },
    reductions: { type: reductionShape, default: [] },
    clawedBack: { type: Number, default: 0 },
    clawbacks: { type: reductionShape, default: [] },
    state: { type: String, required: true },
    settleAt: { type: Date, required: true },
    settledAmount: { type: Number, default: 0 },
    settledAt: { type: Date, default: null },
    credited: { type: Boolean, default: false },
    orderPaidAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'referral_rewards', versionKey: false },
);
rewardSchema.index({ key: 1 }, { unique: true, name: 'referral_rewards_key_unique' });
rewardSchema.index({ orderId: 1 }, { name: 'referral_rewards_order' });
rewardSchema.index({ state: 1, settleAt: 1 }, { name: 'referral_rewards_due' });
rewardSchema.index({ partnerMemberId: 1, createdAt: -1 }, { name: 'referral_rewards_partner' });

export interface PosterDoc {
  _id: string;
  png: Buffer;
  createdAt: Date;
}
const posterSchema = new Schema<PosterDoc>({ _id: String, png: Buffer, createdAt: Date }, { collection: 'referral_posters', versionKey: false });

export const referralModels = (conn: Connection) => ({
  Settings: modelOn(conn, 'ReferralSettings', settingsSchema),
  Partner: modelOn(conn, 'ReferralPartner', partnerSchema),
  Binding: modelOn(conn, 'ReferralBinding', bindingSchema),
  Rejection: modelOn(conn, 'ReferralRejection', rejectionSchema),
  Velocity: modelOn(conn, 'ReferralVelocity', velocitySchema),
  Lead: modelOn(conn, 'ReferralLead', leadSchema),
  Reward: modelOn(conn, 'ReferralReward', rewardSchema),
  Poster: modelOn(conn, 'ReferralPoster', posterSchema),
});
export type ReferralModels = ReturnType<typeof referralModels>;
