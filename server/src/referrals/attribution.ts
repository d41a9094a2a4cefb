/**
 * Binding a new member to the partner who invited them — on the server only,
 * once: at first registration (the invite code kept on the member when it was
 * created), or at phone binding when a store lead (报备) for that phone is
 * still protected. Refusals (unknown code, inactive partner, self, same phone
 * or WeChat account, a cycle, the daily cap) are logged, never bound.
 */
import { Types } from 'mongoose';
import { shanghaiDay } from '@homeclub/shared';
import { isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { MembersService } from '../members/service';
import type { CouponsService } from '../coupons/service';
import type { MemberDoc } from '../members/service';
import type { BindingDoc, LeadDoc, PartnerDoc, ReferralModels, RejectionDoc } from './model';
import type { ReferralSettingsStore } from './settings';
import type { Partners } from './partners';

/** Entry scenes: 1007/1008 shared card, 1047/1048/1049 scanned mini-program code. */
const POSTER_SCENES = new Set([1047, 1048, 1049]);

export function createAttribution(deps: { models: ReferralModels; clock: Clock; logger: Logger; settings: ReferralSettingsStore; partners: Partners; members: MembersService; coupons: CouponsService }) {
  const { Binding, Rejection, Velocity, Lead } = deps.models;

  async function reject(memberId: Types.ObjectId, code: string, reason: RejectionDoc['reason']): Promise<null> {
    await Rejection.create({ memberId, code, reason, at: deps.clock.now() });
    deps.logger.info({ memberId: String(memberId), code, reason }, 'referral binding refused');
    return null;
  }

  /** Is `memberId` among the inviters above `partnerMemberId` (which would make a cycle)? */
  async function inChain(memberId: Types.ObjectId, partnerMemberId: Types.ObjectId): Promise<boolean> {
    let current: Types.ObjectId | null = partnerMemberId;
    for (let hop = 0; current && hop < 20; hop++) {
      if (String(current) === String(memberId)) return true;
      const up: BindingDoc | null = await Binding.findOne({ memberId: current }).lean<BindingDoc>();
      current = up?.partnerMemberId ?? null;
    }
    return false;
  }

  /** Take one of today's bindings of this partner (guarded counter; the cap refuses the rest). */
  async function takeDailyPlace(partnerMemberId: Types.ObjectId, cap: number): Promise<boolean> {
    const _id = `${partnerMemberId}:${shanghaiDay(deps.clock.now())}`;
    try {
      return !!(await Velocity.findOneAndUpdate({ _id, count: { $lt: cap } }, { $inc: { count: 1 } }, { upsert: true, returnDocument: 'after' }));
    } catch (err) {
      if (isDuplicateKey(err)) return false; // the day's document exists and is at the cap
      throw err;
    }
  }

  async function bind(member: MemberDoc, code: string, scene: number | null, via: BindingDoc['via']): Promise<BindingDoc | null> {
    const existing = await Binding.findOne({ memberId: member._id }).lean<BindingDoc>();
    if (existing) return existing; // bound once, never re-bound
    const s = await deps.settings.get();
    if (!s.active) return reject(member._id, code, 'programme_off');
    const partner: PartnerDoc | null = await deps.partners.byCode(code);
    if (!partner) return reject(member._id, code, 'unknown_code');
    if (partner.status !== 'active') return reject(member._id, code, 'inactive_partner');
    if (String(partner.memberId) === String(member._id)) return reject(member._id, code, 'self');
    const inviter = await deps.members.get(String(partner.memberId));
    if (member.phone && inviter?.phone && member.phone === inviter.phone) return reject(member._id, code, 'same_phone');
    if (member.unionid && inviter?.unionid && member.unionid === inviter.unionid) return reject(member._id, code, 'same_unionid');
    if (await inChain(member._id, partner.memberId)) return reject(member._id, code, 'cycle');
    if (!(await takeDailyPlace(partner.memberId, s.dailyBindingCap))) return reject(member._id, code, 'velocity');
    try {
      const b = (await Binding.create({ memberId: member._id, partnerMemberId: partner.memberId, code: partner.code, scene, via, at: deps.clock.now() })).toObject() as BindingDoc;
      deps.logger.info({ memberId: String(member._id), partner: partner.code, via, scene }, 'referral bound');
      return b;
    } catch (err) {
      if (isDuplicateKey(err, 'referral_bindings_member_unique')) return Binding.findOne({ memberId: member._id }).lean<BindingDoc>();
      throw err;
    }
  }

  async function welcome(memberId: string): Promise<void> {
    const s = await deps.settings.get();
    if (!s.welcomeTemplateId) return;
    await deps.coupons.claimer.claim({ memberId, templateId: s.welcomeTemplateId, channel: 'referral', issueKey: `referral:welcome:${memberId}` }).catch((err) => {
      deps.logger.warn({ err: (err as Error).message, memberId }, 'referral welcome coupon not issued');
    });
  }

  return {
    /** A new member (the login that created it, retried on later logins within a day): bind from the kept invite code. */
    async onNewMember(memberId: string): Promise<void> {
      const member = await deps.members.get(memberId);
      const code = member?.registeredVia?.inviter;
      if (!member || !code) return;
      const scene = member.registeredVia?.scene ?? null;
      const b = await bind(member, code.toUpperCase(), scene, scene && POSTER_SCENES.has(scene) ? 'poster' : scene ? 'link' : 'other');
      if (b) await welcome(memberId);
    },

    /** Phone bound: an unbound member whose phone a store registered as a lead (报备) before they came. */
    async onPhoneBound(memberId: string): Promise<void> {
      const member = await deps.members.get(memberId);
      if (!member?.phone || (await Binding.exists({ memberId: member._id }))) return;
      const lead = await Lead.findOne({ phone: member.phone, expiresAt: { $gte: deps.clock.now() }, createdAt: { $lte: member.createdAt } })
        .sort({ createdAt: 1 })
        .lean<LeadDoc>();
      if (!lead) return;
      const b = await bind(member, lead.partnerCode, null, 'lead');
      if (b) await welcome(memberId);
    },

    async binding(memberId: string): Promise<BindingDoc | null> {
      return Binding.findOne({ memberId: new Types.ObjectId(memberId) }).lean<BindingDoc>();
    },
  };
}
export type Attribution = ReturnType<typeof createAttribution>;
