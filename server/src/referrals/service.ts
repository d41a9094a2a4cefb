/**
 * Partner referrals (合伙人): programme settings, partners, attribution of new
 * members, rewards with a refund window, the partner's dashboard, posters and
 * store leads. Plugs into auth (new member, phone bound) and orders (paid and
 * refund hooks).
 */
import { Types, type Connection } from 'mongoose';
import { maskPhone, type ReferralSettings } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Identity } from '../platform/http/context';
import type { MembersService } from '../members/service';
import type { MembershipService } from '../membership/service';
import type { CouponsService } from '../coupons/service';
import type { PointsService } from '../points/service';
import type { OwedPoints } from '../points/owed';
import type { OrdersService } from '../orders/service';
import type { BookingService } from '../booking/service';
import type { MiniProgramClient } from '../wechat/miniprogram/client';
import type { AuditService } from '../system/audit';
import { referralModels, type LeadDoc } from './model';
import { createReferralSettings } from './settings';
import { createPartners, toPartnerView } from './partners';
import { createAttribution } from './attribution';
import { createRewards } from './rewards';
import { createDashboard } from './dashboard';
import { describeRewards, maskName } from './calc';
import { createReferralMemberStats } from './member-stats';
import { createReferralsRollup } from './rollup';
import { createReferralsAdmin } from './console-admin';

export const INVITE_PAGE = 'pages/index/index';

export function createReferralService(deps: {
  conn: Connection;
  clock: Clock;
  logger: Logger;
  members: MembersService;
  membership: MembershipService;
  coupons: CouponsService;
  points: PointsService;
  owed: OwedPoints;
  orders: OrdersService;
  booking: BookingService;
  wechat: MiniProgramClient;
  audit: AuditService;
}) {
  const models = referralModels(deps.conn);
  const settings = createReferralSettings({ models, clock: deps.clock });
  const partners = createPartners({ models, clock: deps.clock, settings, membership: deps.membership, members: deps.members });
  const attribution = createAttribution({ models, clock: deps.clock, logger: deps.logger, settings, partners, members: deps.members, coupons: deps.coupons });
  const rewards = createRewards({ models, clock: deps.clock, logger: deps.logger, settings, points: deps.points, owed: deps.owed });
  const dashboard = createDashboard({ models, members: deps.members, orders: deps.orders, booking: deps.booking });

  deps.orders.onPaid({ step: 'referralReward', run: (o) => rewards.onOrderPaid(o) });
  deps.orders.onRefund({ name: 'referral', run: (o, share) => rewards.onOrderRefund(o, share) });

  async function activePartner(memberId: string) {
    const p = await partners.of(memberId);
    if (!p || p.status !== 'active') throw new AppError('REFERRAL_NOT_PARTNER', `member ${memberId} is not an active partner`);
    return p;
  }

  return {
    /** per-day figures for the analytics rollups */
    rollup: createReferralsRollup(deps),
    /** the console's programme screens (console-admin.ts) */
    admin: createReferralsAdmin({ models, clock: deps.clock, settings, members: deps.members, coupons: deps.coupons, audit: deps.audit }),
    settings,
    /** partners by member id range, for member insight */
    memberStats: createReferralMemberStats(deps.conn),
    attribution,
    onNewMember: attribution.onNewMember,
    onPhoneBound: attribution.onPhoneBound,
    settleDue: rewards.settleDue,

    async me(memberId: string) {
      const [s, p, why] = await Promise.all([settings.get(), partners.of(memberId), partners.ineligibility(memberId)]);
      const nickname = (await deps.members.get(memberId))?.nickname ?? '会员';
      return {
        active: s.active,
        termsVersion: s.termsVersion,
        termsText: s.termsText,
        eligibility: s.eligibility,
        eligible: !why,
        ineligibleReason: why,
        rewardSummary: describeRewards(s),
        partner: p ? toPartnerView(p, nickname) : null,
        sharePath: s.active && p?.status === 'active' ? `/${INVITE_PAGE}?inviter=${p.code}` : null,
      };
    },
    async join(memberId: string, termsVersion: string) {
      const p = await partners.join(memberId, termsVersion);
      return toPartnerView(p, (await deps.members.get(memberId))?.nickname ?? '会员');
    },
    async dashboard(memberId: string) {
      const [p, s] = await Promise.all([activePartner(memberId), settings.get()]);
      return dashboard.of(p, s.rewardKind);
    },
    async leaderboard(memberId: string, month?: string) {
      return dashboard.leaderboard(month, deps.clock.now(), memberId, (await settings.get()).rewardKind);
    },

    /** The partner's mini-program code (scene `i=CODE`), made once by WeChat and kept. */
    async posterCode(memberId: string) {
      const p = await activePartner(memberId);
      const scene = `i=${p.code}`;
      let png = (await models.Poster.findById(p.code).lean())?.png;
      if (!png) {
        png = await deps.wechat.getUnlimitedQrCode({ scene, page: INVITE_PAGE, checkPath: false, width: 430 });
        await models.Poster.updateOne({ _id: p.code }, { $setOnInsert: { png, createdAt: deps.clock.now() } }, { upsert: true });
      }
      // Stored bytes come back as a BSON Binary (its `buffer` is exactly the content); fresh ones are a Buffer.
      const bytes = Buffer.isBuffer(png) ? png : Buffer.from((png as unknown as { buffer: Uint8Array }).buffer);
      return { scene, page: INVITE_PAGE, pngBase64: bytes.toString('base64'), nickname: (await deps.members.get(memberId))?.nickname ?? '会员', code: p.code };
    },

    /** Public landing of an invite: who invites and the welcome gift (before login). */
    async landing(code: string) {
      const [s, p] = await Promise.all([settings.get(), partners.byCode(code)]);
      if (!s.active || !p || p.status !== 'active') return { valid: false, inviterNickname: null, welcomeCoupon: null };
      const inviter = await deps.members.get(String(p.memberId));
      const t = s.welcomeTemplateId ? await deps.coupons.template(s.welcomeTemplateId) : null;
      return {
        valid: true,
        inviterNickname: inviter ? maskName(inviter.nickname) : null,
        welcomeCoupon: t && t.status === 'active' ? { name: t.name, description: t.description ?? '' } : null,
      };
    },

    /** Staff 报备: a friend's phone registered for a partner, protected for N days. */
    async addLead(actor: Identity, input: { partnerCode: string; phone: string; intent: string }) {
      const [s, p] = await Promise.all([settings.get(), partners.byCode(input.partnerCode)]);
      if (!p || p.status !== 'active') throw new AppError('REFERRAL_CODE_UNKNOWN', `no active partner ${input.partnerCode}`);
      const now = deps.clock.now();
      const lead = (
        await models.Lead.create({
          partnerMemberId: p.memberId,
          partnerCode: p.code,
          phone: input.phone,
          intent: input.intent,
          storeId: actor.staffStoreId ? new Types.ObjectId(actor.staffStoreId) : null,
          staffId: actor.memberId,
          expiresAt: new Date(now.getTime() + s.leadProtectDays * 86400_000),
          createdAt: now,
        })
      ).toObject() as LeadDoc;
      await deps.audit.record(actor.memberId, 'referral.lead', { partnerCode: p.code, leadId: String(lead._id) });
      return { id: String(lead._id), partnerCode: lead.partnerCode, phoneMasked: maskPhone(lead.phone)!, intent: lead.intent, expiresAt: lead.expiresAt.toISOString(), createdAt: lead.createdAt.toISOString() };
    },

    async putSettings(actorId: string, s: ReferralSettings) {
      if (s.welcomeTemplateId) {
        const t = await deps.coupons.template(s.welcomeTemplateId);
        if (!t || t.channel !== 'referral') throw new AppError('VALIDATION_FAILED', `template ${s.welcomeTemplateId} is not a referral coupon`, { fields: [{ path: 'body.welcomeTemplateId', message: '请选择渠道为“邀请有礼”的券' }] });
      }
      await deps.audit.record(actorId, 'referral.settings', {});
      return settings.put(s);
    },
    partners: (status?: 'active' | 'pending' | 'rejected') => partners.list(status),
    decide: (memberId: string, approve: boolean) => partners.decide(memberId, approve),
  };
}
export type ReferralService = ReturnType<typeof createReferralService>;
