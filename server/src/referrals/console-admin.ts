/**
 * The partner programme in the console (合伙人): versioned settings, applications decided with a reason (a guarded
 * `pending →` transition), partners with their friends and reward totals, the rewards for review. Not hot paths:
 * totals are one $group over the programme's rewards and bindings of the listed partners.
 */
import { Types } from 'mongoose';
import type { ConsolePartnerRow, ConsoleRewardRow, ReferralSettings } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { MembersService } from '../members/service';
import type { CouponsService } from '../coupons/service';
import type { AuditService } from '../system/audit';
import type { PartnerDoc, ReferralModels, RewardDoc } from './model';
import type { ReferralSettingsStore } from './settings';

interface Totals { pendingPoints: number; settledPoints: number; pendingFen: number; settledFen: number; cancelled: number }

export function createReferralsAdmin(deps: { models: ReferralModels; clock: Clock; settings: ReferralSettingsStore; members: MembersService; coupons: CouponsService; audit: AuditService }) {
  const { Partner, Reward, Binding } = deps.models;

  async function rows(partners: PartnerDoc[]): Promise<ConsolePartnerRow[]> {
    const ids = partners.map((p) => p.memberId);
    const [people, friends, rewards] = await Promise.all([
      deps.members.byIds(ids),
      Binding.aggregate<{ _id: Types.ObjectId; n: number }>([{ $match: { partnerMemberId: { $in: ids } } }, { $group: { _id: '$partnerMemberId', n: { $sum: 1 } } }]),
      Reward.aggregate<{ _id: { p: Types.ObjectId; state: string; kind: string }; amount: number; settled: number; n: number }>([
        { $match: { partnerMemberId: { $in: ids } } },
        { $group: { _id: { p: '$partnerMemberId', state: '$state', kind: '$kind' }, amount: { $sum: '$amount' }, settled: { $sum: '$settledAmount' }, n: { $sum: 1 } } },
      ]),
    ]);
    const friendsOf = new Map(friends.map((f) => [String(f._id), f.n]));
    const totals = new Map<string, Totals>();
    for (const r of rewards) {
      const t = totals.get(String(r._id.p)) ?? { pendingPoints: 0, settledPoints: 0, pendingFen: 0, settledFen: 0, cancelled: 0 };
      if (r._id.state === 'cancelled') t.cancelled += r.n;
      else if (r._id.state === 'pending') t[r._id.kind === 'cash' ? 'pendingFen' : 'pendingPoints'] += r.amount;
      else t[r._id.kind === 'cash' ? 'settledFen' : 'settledPoints'] += r.settled;
      totals.set(String(r._id.p), t);
    }
    return partners.map((p) => ({
      memberId: String(p.memberId), nickname: people.get(String(p.memberId))?.nickname ?? '会员', code: p.code, status: p.status,
      appliedAt: p.acceptedAt.toISOString(), decidedAt: p.decidedAt?.toISOString() ?? null, rejectReason: p.rejectReason ?? null,
      friends: friendsOf.get(String(p.memberId)) ?? 0,
      ...(totals.get(String(p.memberId)) ?? { pendingPoints: 0, settledPoints: 0, pendingFen: 0, settledFen: 0, cancelled: 0 }),
    }));
  }

  return {
    async settings() {
      const [settings, revision] = await Promise.all([deps.settings.get(), deps.settings.revision()]);
      return { settings, revision };
    },
    async putSettings(actorId: string, s: ReferralSettings, baseRevision: number) {
      if (s.welcomeTemplateId) {
        const t = await deps.coupons.template(s.welcomeTemplateId);
        if (!t || t.channel !== 'referral') throw new AppError('VALIDATION_FAILED', `template ${s.welcomeTemplateId} is not a referral coupon`, { fields: [{ path: 'body.settings.welcomeTemplateId', message: '请选择渠道为“邀请有礼”的券' }] });
      }
      const before = await deps.settings.get();
      if (!(await deps.settings.putVersioned(s, baseRevision))) throw new AppError('SETTINGS_CONFLICT', `referral settings moved past ${baseRevision}`);
      const after = await this.settings();
      await deps.audit.record(actorId, 'referral.settings', { revision: after.revision, before, after: after.settings });
      return after;
    },
    async partners(status?: PartnerDoc['status']): Promise<ConsolePartnerRow[]> {
      return rows(await Partner.find(status ? { status } : {}).sort({ createdAt: -1 }).limit(200).lean<PartnerDoc[]>());
    },
    async decide(actorId: string, memberId: string, approve: boolean, reason?: string): Promise<ConsolePartnerRow> {
      const p = await Partner.findOneAndUpdate(
        { memberId: new Types.ObjectId(memberId), status: 'pending' },
        { $set: { status: approve ? 'active' : 'rejected', decidedBy: actorId, decidedAt: deps.clock.now(), rejectReason: approve ? null : (reason ?? null) } },
        { returnDocument: 'after', lean: true },
      );
      if (!p) {
        const current = await Partner.findOne({ memberId: new Types.ObjectId(memberId) }).lean<PartnerDoc>();
        if (!current) throw new AppError('NOT_FOUND', `member ${memberId} has not applied`);
        throw new AppError('REFERRAL_DECIDED', `partner ${memberId} is ${current.status}`);
      }
      await deps.audit.record(actorId, approve ? 'referral.partner-approve' : 'referral.partner-reject', { memberId, before: { status: 'pending' }, after: { status: p.status, reason: reason ?? null } });
      return (await rows([p as PartnerDoc]))[0];
    },
    async rewards(q: { state?: RewardDoc['state']; partnerMemberId?: string }): Promise<ConsoleRewardRow[]> {
      const filter: Record<string, unknown> = {};
      if (q.state) filter.state = q.state;
      if (q.partnerMemberId) filter.partnerMemberId = new Types.ObjectId(q.partnerMemberId);
      const list = await Reward.find(filter).sort({ _id: -1 }).limit(200).lean<RewardDoc[]>();
      const people = await deps.members.byIds(list.flatMap((r) => [r.partnerMemberId, r.friendMemberId]));
      const name = (id: Types.ObjectId) => people.get(String(id))?.nickname ?? '会员';
      return list.map((r) => ({
        id: String(r._id), partnerMemberId: String(r.partnerMemberId), partnerName: name(r.partnerMemberId), friendMemberId: String(r.friendMemberId), friendName: name(r.friendMemberId),
        level: r.level, kind: r.kind, amount: r.amount, reduced: r.reduced ?? 0, clawedBack: r.clawedBack ?? 0, state: r.state,
        settleAt: r.settleAt.toISOString(), settledAmount: r.settledAmount ?? 0, orderPaidAt: r.orderPaidAt.toISOString(),
      }));
    },
  };
}

export type ReferralsAdmin = ReturnType<typeof createReferralsAdmin>;
