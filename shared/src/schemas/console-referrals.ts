/** Console: the partner programme (合伙人) — versioned settings, applications with a reason, partners with totals, rewards. */
import { z } from 'zod';
import { objectId } from './common';
import { partnerStatus, referralSettings } from './referrals';

export const versionedReferralSettings = z.object({ settings: referralSettings, revision: z.number().int() });
export const putVersionedReferralSettings = z.object({ settings: referralSettings, baseRevision: z.number().int().min(0) });

export const consolePartnerRow = z.object({
  memberId: z.string(),
  nickname: z.string(),
  code: z.string(),
  status: partnerStatus,
  appliedAt: z.string(),
  decidedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  friends: z.number().int(),
  /** rewards by state; points and cash (fen) apart */
  pendingPoints: z.number().int(),
  settledPoints: z.number().int(),
  pendingFen: z.number().int(),
  settledFen: z.number().int(),
  cancelled: z.number().int(),
});
export type ConsolePartnerRow = z.infer<typeof consolePartnerRow>;
export const consolePartnerQuery = z.object({ status: partnerStatus.optional() });
export const consolePartnerList = z.object({ items: z.array(consolePartnerRow) });
export const consolePartnerDecision = z
  .object({ approve: z.boolean(), reason: z.string().trim().max(100, '原因最多 100 个字').optional() })
  .superRefine((v, ctx) => {
    if (!v.approve && (v.reason ?? '').length < 2) ctx.addIssue({ code: 'custom', path: ['reason'], message: '驳回时请填写原因（至少 2 个字）' });
  });
export const consolePartnerParams = z.object({ memberId: objectId });

export const rewardState = z.enum(['pending', 'settled', 'cancelled']);
export const consoleRewardRow = z.object({
  id: z.string(),
  partnerMemberId: z.string(),
  partnerName: z.string(),
  friendMemberId: z.string(),
  friendName: z.string(),
  level: z.number().int(),
  kind: z.enum(['points', 'cash']),
  amount: z.number().int(),
  reduced: z.number().int(),
  clawedBack: z.number().int(),
  state: rewardState,
  settleAt: z.string(),
  settledAmount: z.number().int(),
  orderPaidAt: z.string(),
});
export type ConsoleRewardRow = z.infer<typeof consoleRewardRow>;
export const consoleRewardQuery = z.object({ state: rewardState.optional(), partnerMemberId: objectId.optional() });
export const consoleRewardList = z.object({ items: z.array(consoleRewardRow) });
