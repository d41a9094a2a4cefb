import { z } from 'zod';
import { objectId } from './common';
import { INVITE_CODE_PATTERN } from '../invite-code';

/** Partner invite code: 4–8 characters, no look-alikes (0/O, 1/I/L). */
export const inviteCode = z.string().regex(INVITE_CODE_PATTERN, 'invite code');

export const rewardLevel = z.object({
  /** fixed reward per qualifying order (points, or fen for cash) */
  fixed: z.number().int().min(0).max(1_000_000),
  /** plus this share of the cash paid, basis points (100 = 1 %) */
  bp: z.number().int().min(0).max(5000),
});

export const referralSettings = z.object({
  active: z.boolean(),
  /** who may become a partner */
  eligibility: z.enum(['any', 'tier', 'application']),
  /** with eligibility 'tier': this tier or higher */
  minTierCode: z.string().nullable(),
  termsVersion: z.string().min(1).max(20),
  termsText: z.string().min(1).max(4000),
  /** coupon template (channel 'referral') given to an invited friend at registration */
  welcomeTemplateId: objectId.nullable(),
  rewardKind: z.enum(['points', 'cash']),
  /** first paid order of the friend only, or every order within `withinDays` of the binding */
  mode: z.enum(['first_order', 'orders_within_days']),
  withinDays: z.number().int().min(1).max(365),
  level1: rewardLevel,
  /** the partner's own inviter (never more than 2 levels); null = off */
  level2: rewardLevel.nullable(),
  /** rewards settle this many days after payment (refunds before then reduce them) */
  refundWindowDays: z.number().int().min(0).max(90),
  /** new bindings a partner may get per day (velocity limit) */
  dailyBindingCap: z.number().int().min(1).max(10_000),
  /** a staff lead (报备) protects attribution for this many days */
  leadProtectDays: z.number().int().min(1).max(180),
});
export type ReferralSettings = z.infer<typeof referralSettings>;

export const partnerStatus = z.enum(['active', 'pending', 'rejected']);
export const partnerView = z.object({
  memberId: z.string(),
  code: z.string(),
  status: partnerStatus,
  termsVersion: z.string(),
  acceptedAt: z.string(),
  nickname: z.string(),
});
export type PartnerView = z.infer<typeof partnerView>;

export const referralMeResponse = z.object({
  active: z.boolean(),
  termsVersion: z.string(),
  termsText: z.string(),
  eligibility: z.enum(['any', 'tier', 'application']),
  /** may join now (or apply) */
  eligible: z.boolean(),
  ineligibleReason: z.string().nullable(),
  rewardSummary: z.string(),
  partner: partnerView.nullable(),
  /** share path for onShareAppMessage */
  sharePath: z.string().nullable(),
});
export const joinRequest = z.object({ termsVersion: z.string().min(1).max(20) });

export const friendView = z.object({
  nickname: z.string(),
  status: z.enum(['registered', 'booked', 'purchased']),
  boundAt: z.string(),
  via: z.enum(['link', 'poster', 'lead', 'other']),
});
export const rewardView = z.object({
  id: z.string(),
  level: z.number().int(),
  kind: z.enum(['points', 'cash']),
  amount: z.number().int(),
  /** after refunds before settlement */
  netAmount: z.number().int(),
  clawedBack: z.number().int(),
  state: z.enum(['pending', 'settled', 'cancelled']),
  settleAt: z.string(),
  /** when it was actually settled, and when last clawed back (ISO) */
  settledAt: z.string().nullable(),
  clawedBackAt: z.string().nullable(),
  orderPaidAt: z.string(),
  friend: z.string(),
});
export type RewardView = z.infer<typeof rewardView>;
export const dashboardResponse = z.object({
  code: z.string(),
  invited: z.number().int(),
  purchased: z.number().int(),
  pending: z.number().int(),
  settled: z.number().int(),
  clawedBack: z.number().int(),
  kind: z.enum(['points', 'cash']),
  friends: z.array(friendView),
  rewards: z.array(rewardView),
});
export type DashboardResponse = z.infer<typeof dashboardResponse>;

export const leaderboardQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional() });
export const leaderboardResponse = z.object({
  month: z.string(),
  kind: z.enum(['points', 'cash']),
  items: z.array(z.object({ rank: z.number().int(), nickname: z.string(), amount: z.number().int(), me: z.boolean() })),
});

export const posterCodeResponse = z.object({
  scene: z.string(),
  page: z.string(),
  /** the mini-program code (PNG) from getwxacodeunlimit, base64 */
  pngBase64: z.string(),
  nickname: z.string(),
  code: z.string(),
});

/** case-insensitive in links (codes are upper case) */
export const inviteParams = z.object({ code: z.string().regex(/^[A-Za-z0-9]{4,8}$/, 'invite code').transform((c) => c.toUpperCase()) });
export const inviteLanding = z.object({
  valid: z.boolean(),
  inviterNickname: z.string().nullable(),
  welcomeCoupon: z.object({ name: z.string(), description: z.string() }).nullable(),
});

export const leadRequest = z.object({
  partnerCode: inviteCode,
  phone: z.string().regex(/^1\d{10}$/, 'must be an 11-digit mainland mobile'),
  intent: z.string().trim().min(2).max(100),
});
export const leadView = z.object({
  id: z.string(),
  partnerCode: z.string(),
  phoneMasked: z.string(),
  intent: z.string(),
  expiresAt: z.string(),
  createdAt: z.string(),
});

export const partnerListQuery = z.object({ status: partnerStatus.optional() });
export const partnerListResponse = z.object({ items: z.array(partnerView) });
export const partnerMemberParams = z.object({ memberId: objectId });
export const partnerDecision = z.object({ approve: z.boolean() });
