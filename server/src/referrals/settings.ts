/** The chain's referral programme settings: one document, read on each use. */
import type { ReferralSettings } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import type { ReferralModels } from './model';

export const DEFAULT_REFERRAL_SETTINGS: ReferralSettings = {
  active: true,
  eligibility: 'any',
  minTierCode: null,
  termsVersion: '2026-1',
  termsText:
    '1. 合伙人可通过分享链接或海报邀请好友注册 HomeClub 会员。\n2. 好友首次注册时与邀请人绑定，一经绑定不再变更；本人、同一手机号或同一微信账号不计入。\n3. 好友支付订单后产生待结算奖励，退款期结束后到账；退款将相应扣减或追回奖励。\n4. 禁止刷单、虚假邀请，违者取消合伙人资格并追回奖励。',
  welcomeTemplateId: null,
  rewardKind: 'points',
  mode: 'first_order',
  withinDays: 30,
  level1: { fixed: 500, bp: 100 },
  level2: { fixed: 100, bp: 0 },
  refundWindowDays: 7,
  dailyBindingCap: 20,
  leadProtectDays: 30,
};

export function createReferralSettings(deps: { models: ReferralModels; clock: Clock }) {
  const { Settings } = deps.models;
  return {
    async get(): Promise<ReferralSettings> {
      const doc = await Settings.findById('default').lean<Partial<ReferralSettings>>();
      const { _id: _, updatedAt: __, revision: ___, ...rest } = (doc ?? {}) as Partial<ReferralSettings> & { _id?: string; updatedAt?: Date; revision?: number };
      return { ...DEFAULT_REFERRAL_SETTINGS, ...rest };
    },
    async put(s: ReferralSettings): Promise<ReferralSettings> {
      // The unversioned save (admin API) moves the revision too: a console editor holding the old one gets the conflict.
      await Settings.updateOne({ _id: 'default' }, { $set: { ...s, updatedAt: deps.clock.now() }, $inc: { revision: 1 } }, { upsert: true });
      return this.get();
    },
    async revision(): Promise<number> {
      return (await Settings.findById('default', { revision: 1 }).lean<{ revision?: number }>())?.revision ?? 0;
    },
    /** A console save on the revision it loaded: one guarded update, so of two saves on one revision one wins. */
    async putVersioned(s: ReferralSettings, baseRevision: number): Promise<boolean> {
      try {
        const saved = await Settings.findOneAndUpdate(
          { _id: 'default', revision: baseRevision === 0 ? { $in: [0, null] } : baseRevision },
          { $set: { ...s, revision: baseRevision + 1, updatedAt: deps.clock.now() } },
          { upsert: baseRevision === 0, returnDocument: 'after', lean: true },
        );
        return Boolean(saved);
      } catch (err) {
        if ((err as { code?: number }).code === 11000) return false;
        throw err;
      }
    },
  };
}
export type ReferralSettingsStore = ReturnType<typeof createReferralSettings>;
