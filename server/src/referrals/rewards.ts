/**
 * Rewards: created (pending) when an invited friend's order is paid — one per
 * level and (order or first order) by a unique key; reduced by refunds before
 * settlement (in proportion, exact at a full refund); settled by a job after
 * the refund window and credited (points, or cash commission recorded for
 * payout), netting what the partner owes; a refund after settlement claws the
 * share back — from the balance as far as it goes, the rest owed.
 */
import { Types } from 'mongoose';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { PointsService } from '../points/service';
import type { OwedPoints } from '../points/owed';
import type { OrderDoc } from '../orders/service';
import { finalRemainder, refundShare } from '../orders/refund.calc';
import type { BindingDoc, PartnerDoc, ReferralModels, RewardDoc } from './model';
import type { ReferralSettingsStore } from './settings';
import { qualifies, rewardAmount, rewardKey } from './calc';
import { isDuplicateKey } from '../platform/errors';

export function createRewards(deps: { models: ReferralModels; clock: Clock; logger: Logger; settings: ReferralSettingsStore; points: PointsService; owed: OwedPoints }) {
  const { Reward, Binding, Partner } = deps.models;

  /** Cash: add `amount` to the partner's commission, first paying what they owe; once per key (CAS on the partner). */
  async function creditCash(partnerMemberId: Types.ObjectId, key: string, amount: number): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const p = await Partner.findOne({ memberId: partnerMemberId }).lean<PartnerDoc>();
      if (!p || p.appliedKeys.includes(key)) return;
      const toDebt = Math.min(p.commissionOwedFen, amount);
      const done = await Partner.updateOne(
        { _id: p._id, commissionOwedFen: p.commissionOwedFen, appliedKeys: { $ne: key } },
        { $inc: { commissionFen: amount - toDebt, commissionOwedFen: -toDebt }, $push: { appliedKeys: key } },
      );
      if (done.modifiedCount === 1) return;
    }
    throw new Error(`commission of ${partnerMemberId} kept changing`);
  }

  /** Cash clawback: take from the commission, owe the rest; once per key (CAS, key recorded as a credited id). */
  async function clawCash(partnerMemberId: Types.ObjectId, key: string, amount: number): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const p = await Partner.findOne({ memberId: partnerMemberId }).lean<PartnerDoc>();
      if (!p || p.appliedKeys.includes(key)) return;
      const taken = Math.min(p.commissionFen, amount);
      const done = await Partner.updateOne(
        { _id: p._id, commissionFen: p.commissionFen, appliedKeys: { $ne: key } },
        { $inc: { commissionFen: -taken, commissionOwedFen: amount - taken }, $push: { appliedKeys: key } },
      );
      if (done.modifiedCount === 1) return;
    }
    throw new Error(`commission of ${partnerMemberId} kept changing`);
  }

  async function credit(r: RewardDoc): Promise<void> {
    if (r.state !== 'settled' || r.credited) return;
    if (r.settledAmount > 0) {
      if (r.kind === 'points') {
        const memberId = String(r.partnerMemberId);
        await deps.points.earn({ memberId, amount: r.settledAmount, reason: 'referral', source: 'referral', reference: String(r._id), leg: 'reward', note: `邀请好友消费奖励（${r.level === 1 ? '直接' : '间接'}）` });
        await deps.owed.settleFrom(memberId, `referral:${r._id}`, r.settledAmount);
      } else {
        await creditCash(r.partnerMemberId, `credit:${r._id}`, r.settledAmount);
      }
    }
    await Reward.updateOne({ _id: r._id }, { $set: { credited: true } });
  }

  async function clawBack(r: RewardDoc, refundNo: string, amount: number): Promise<void> {
    const marked = await Reward.findOneAndUpdate(
      { _id: r._id, state: 'settled', 'clawbacks.refundNo': { $ne: refundNo } },
      { $inc: { clawedBack: amount }, $push: { clawbacks: { refundNo, amount, at: deps.clock.now() } } },
      { returnDocument: 'after', lean: true },
    );
    if (!marked && !(await Reward.exists({ _id: r._id, 'clawbacks.refundNo': refundNo }))) return;
    const memberId = String(r.partnerMemberId);
    if (r.kind === 'cash') {
      await clawCash(r.partnerMemberId, `claw:${r._id}:${refundNo}`, amount);
      return;
    }
    await deps.owed.takeBack({ memberId, amount, source: 'referral_clawback', reference: `${r._id}:${refundNo}`, reason: 'refund_clawback', note: '好友退款，追回邀请奖励', why: 'referral reward of a refunded order' });
  }

  return {
    /** Paid-order step: the friend's partner (and theirs, level 2) get a pending reward. Idempotent by key. */
    async onOrderPaid(o: OrderDoc): Promise<void> {
      if (o.cashFen <= 0 || !o.paidAt) return;
      // the binding first (by its unique member id): most buyers were referred by no one, and then the settings are not read
      const binding = await Binding.findOne({ memberId: o.memberId }).lean<BindingDoc>();
      if (!binding) return;
      const s = await deps.settings.get();
      if (!s.active || !qualifies(s, binding.at, o.paidAt)) return;
      const levels: { level: 1 | 2; partnerMemberId: Types.ObjectId; rule: { fixed: number; bp: number } }[] = [{ level: 1, partnerMemberId: binding.partnerMemberId, rule: s.level1 }];
      if (s.level2) {
        const up = await Binding.findOne({ memberId: binding.partnerMemberId }).lean<BindingDoc>();
        if (up && String(up.partnerMemberId) !== String(o.memberId)) levels.push({ level: 2, partnerMemberId: up.partnerMemberId, rule: s.level2 });
      }
      for (const l of levels) {
        const partner = await Partner.findOne({ memberId: l.partnerMemberId, status: 'active' }).lean<PartnerDoc>();
        const amount = rewardAmount(l.rule, o.cashFen);
        if (!partner || amount <= 0) continue;
        try {
          await Reward.create({
            key: rewardKey(s, String(o.memberId), String(o._id), l.level),
            orderId: o._id,
            friendMemberId: o.memberId,
            partnerMemberId: l.partnerMemberId,
            level: l.level,
            kind: s.rewardKind,
            amount,
            state: 'pending',
            settleAt: new Date(o.paidAt.getTime() + s.refundWindowDays * 86400_000),
            orderPaidAt: o.paidAt,
            createdAt: deps.clock.now(),
          });
        } catch (err) {
          if (!isDuplicateKey(err, 'referral_rewards_key_unique')) throw err;
        }
      }
    },

    /** Refund hook: each reward of the order loses this refund's share — reduced while pending, clawed back once settled. */
    async onOrderRefund(o: OrderDoc, share: { refundNo: string; weight: number; weights: number[]; basis: number; full: boolean }): Promise<void> {
      const rewards = await Reward.find({ orderId: o._id }).lean<RewardDoc[]>();
      for (const r of rewards) {
        let x = refundShare(r.amount, share.weight, share.basis);
        if (share.full) x += finalRemainder(r.amount, share.weights, share.basis) ?? 0;
        x = Math.min(x, r.amount);
        if (x <= 0 || r.state === 'cancelled') continue;
        const reduced = await Reward.findOneAndUpdate(
          { _id: r._id, state: 'pending', 'reductions.refundNo': { $ne: share.refundNo } },
          { $inc: { reduced: x }, $push: { reductions: { refundNo: share.refundNo, amount: x, at: deps.clock.now() } } },
          { returnDocument: 'after', lean: true },
        );
        if (reduced) {
          const rd = reduced as RewardDoc;
          if (rd.reduced >= rd.amount) await Reward.updateOne({ _id: r._id, state: 'pending', reduced: rd.reduced }, { $set: { state: 'cancelled' } });
          continue;
        }
        const now = (await Reward.findById(r._id).lean<RewardDoc>())!;
        if (now.reductions.some((d) => d.refundNo === share.refundNo)) continue; // applied before
        if (now.state === 'settled') await clawBack(now, share.refundNo, x);
      }
    },

    /** Job: pending rewards past the refund window → settled (net of reductions) and credited. */
    async settleDue(limit = 500): Promise<number> {
      const due = await Reward.find({ state: 'pending', settleAt: { $lte: deps.clock.now() } }).limit(limit).lean<RewardDoc[]>();
      let n = 0;
      for (const r of due) {
        const net = r.amount - r.reduced;
        const settled = await Reward.findOneAndUpdate(
          { _id: r._id, state: 'pending', reduced: r.reduced },
          { $set: { state: net > 0 ? 'settled' : 'cancelled', settledAmount: Math.max(0, net), settledAt: deps.clock.now() } },
          { returnDocument: 'after', lean: true },
        );
        if (!settled) continue; // a refund changed it meanwhile: next run
        await credit(settled as RewardDoc).catch((err) => deps.logger.warn({ err: (err as Error).message, rewardId: String(r._id) }, 'referral reward not credited'));
        n += 1;
      }
      // Settled but not credited (a crash in between).
      const open = await Reward.find({ state: 'settled', credited: false }).limit(limit).lean<RewardDoc[]>();
      for (const r of open) await credit(r).catch(() => undefined);
      return n;
    },
  };
}
export type Rewards = ReturnType<typeof createRewards>;
