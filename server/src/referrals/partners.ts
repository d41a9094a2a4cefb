/** Becoming a partner: eligibility, terms accepted once per version, a unique invite code; admin approval. */
import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import type { PartnerView } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { MembershipService } from '../membership/service';
import type { MembersService } from '../members/service';
import type { ReferralModels, PartnerDoc } from './model';
import type { ReferralSettingsStore } from './settings';
import { newInviteCode } from './calc';

export function toPartnerView(p: PartnerDoc, nickname: string): PartnerView {
  return { memberId: String(p.memberId), code: p.code, status: p.status, termsVersion: p.termsVersion, acceptedAt: p.acceptedAt.toISOString(), nickname };
}

export function createPartners(deps: { models: ReferralModels; clock: Clock; settings: ReferralSettingsStore; membership: MembershipService; members: MembersService }) {
  const { Partner } = deps.models;

  /** null when the member may join now (or apply), else the reason in Chinese. */
  async function ineligibility(memberId: string): Promise<string | null> {
    const s = await deps.settings.get();
    if (!s.active) return '合伙人计划暂未开放';
    if (s.eligibility !== 'tier' || !s.minTierCode) return null;
    const ms = await deps.membership.getSettings();
    const rank = (code: string | null) => ms.tiers.findIndex((t) => t.code === code);
    const mine = (await deps.membership.tier(memberId)).code;
    if (rank(mine) >= rank(s.minTierCode)) return null;
    return `${ms.tiers.find((t) => t.code === s.minTierCode)?.name ?? s.minTierCode}及以上会员可成为合伙人`;
  }

  return {
    ineligibility,
    async of(memberId: string): Promise<PartnerDoc | null> {
      return Partner.findOne({ memberId: new Types.ObjectId(memberId) }).lean<PartnerDoc>();
    },
    async byCode(code: string): Promise<PartnerDoc | null> {
      return Partner.findOne({ code: code.toUpperCase() }).lean<PartnerDoc>();
    },
    /** Accept the current terms: active at once, or pending an admin's approval; once per member. */
    async join(memberId: string, termsVersion: string): Promise<PartnerDoc> {
      const s = await deps.settings.get();
      if (termsVersion !== s.termsVersion) throw new AppError('REFERRAL_TERMS_OUTDATED', `terms ${termsVersion} accepted, current ${s.termsVersion}`);
      const why = await ineligibility(memberId);
      if (why) throw new AppError('REFERRAL_NOT_ELIGIBLE', why);
      const now = deps.clock.now();
      const existing = await this.of(memberId);
      if (existing) {
        // Re-accepting newer terms is recorded; the status and code stay.
        if (existing.termsVersion !== termsVersion) await Partner.updateOne({ _id: existing._id }, { $set: { termsVersion, acceptedAt: now } });
        return (await this.of(memberId))!;
      }
      for (let attempt = 0; attempt < 8; attempt++) {
        try {
          return (
            await Partner.create({
              memberId: new Types.ObjectId(memberId),
              code: newInviteCode(randomInt, attempt < 4 ? 6 : 8),
              status: s.eligibility === 'application' ? 'pending' : 'active',
              termsVersion,
              acceptedAt: now,
              createdAt: now,
            })
          ).toObject();
        } catch (err) {
          if (isDuplicateKey(err, 'referral_partners_member_unique')) return (await this.of(memberId))!;
          if (!isDuplicateKey(err, 'referral_partners_code_unique')) throw err;
        }
      }
      throw new AppError('SERVICE_UNAVAILABLE', 'no free invite code after 8 attempts');
    },
    async list(status?: PartnerDoc['status']): Promise<PartnerView[]> {
      const list = await Partner.find(status ? { status } : {}).sort({ createdAt: -1 }).limit(200).lean<PartnerDoc[]>();
      const members = await deps.members.byIds(list.map((p) => p.memberId));
      return list.map((p) => toPartnerView(p, members.get(String(p.memberId))?.nickname ?? '会员'));
    },
    async decide(memberId: string, approve: boolean): Promise<PartnerView> {
      const p = await Partner.findOneAndUpdate({ memberId: new Types.ObjectId(memberId), status: 'pending' }, { $set: { status: approve ? 'active' : 'rejected' } }, { returnDocument: 'after', lean: true });
      const current = (p as PartnerDoc | null) ?? (await this.of(memberId));
      if (!current) throw new AppError('NOT_FOUND', `member ${memberId} has not applied`);
      return toPartnerView(current, (await deps.members.get(memberId))?.nickname ?? '会员');
    },
  };
}
export type Partners = ReturnType<typeof createPartners>;
