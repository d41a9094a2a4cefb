/** What a partner sees: invited friends (masked) and their progress, rewards, totals; the chain's monthly leaderboard. */
import { Types } from 'mongoose';
import { addDays, shanghaiDay, shanghaiInstant, type DashboardResponse } from '@homeclub/shared';
import type { MembersService } from '../members/service';
import type { OrdersService } from '../orders/service';
import type { BookingService } from '../booking/service';
import type { BindingDoc, PartnerDoc, ReferralModels, RewardDoc } from './model';
import { maskName } from './calc';

const net = (r: RewardDoc) => (r.state === 'settled' ? r.settledAmount - r.clawedBack : r.state === 'pending' ? r.amount - r.reduced : 0);

export function createDashboard(deps: { models: ReferralModels; members: MembersService; orders: Pick<OrdersService, 'buyersAmong'>; booking: Pick<BookingService, 'bookersAmong'> }) {
  const { Binding, Reward } = deps.models;
  const nicknames = async (ids: Types.ObjectId[]) => new Map([...(await deps.members.byIds(ids))].map(([id, m]) => [id, m.nickname]));

  return {
    async of(partner: PartnerDoc, kind: 'points' | 'cash'): Promise<DashboardResponse> {
      const bindings = await Binding.find({ partnerMemberId: partner.memberId }).sort({ at: -1 }).limit(200).lean<BindingDoc[]>();
      const friendIds = bindings.map((b) => b.memberId);
      const [names, bought, booked, rewards] = await Promise.all([
        nicknames(friendIds),
        deps.orders.buyersAmong(friendIds),
        deps.booking.bookersAmong(friendIds),
        Reward.find({ partnerMemberId: partner.memberId }).sort({ createdAt: -1 }).limit(200).lean<RewardDoc[]>(),
      ]);
      const rewardFriends = await nicknames(rewards.map((r) => r.friendMemberId));
      // Totals over everything (the lists show the latest 200).
      const totals = await Reward.aggregate<{ _id: string; amount: number; reduced: number; settled: number; clawed: number }>([
        { $match: { partnerMemberId: partner.memberId } },
        { $group: { _id: '$state', amount: { $sum: '$amount' }, reduced: { $sum: '$reduced' }, settled: { $sum: '$settledAmount' }, clawed: { $sum: '$clawedBack' } } },
      ]);
      const of = (state: string) => totals.find((t) => t._id === state);
      const allFriends = await Binding.find({ partnerMemberId: partner.memberId }, { memberId: 1 }).lean<BindingDoc[]>();
      const purchased = (await deps.orders.buyersAmong(allFriends.map((b) => b.memberId))).size;
      return {
        code: partner.code,
        invited: allFriends.length,
        purchased,
        pending: (of('pending')?.amount ?? 0) - (of('pending')?.reduced ?? 0),
        settled: (of('settled')?.settled ?? 0) - (of('settled')?.clawed ?? 0),
        clawedBack: totals.reduce((s, t) => s + t.clawed, 0),
        kind,
        friends: bindings.map((b) => ({
          nickname: maskName(names.get(String(b.memberId)) ?? '会员'),
          status: bought.has(String(b.memberId)) ? 'purchased' : booked.has(String(b.memberId)) ? 'booked' : 'registered',
          boundAt: b.at.toISOString(),
          via: b.via,
        })),
        rewards: rewards.map((r) => ({
          id: String(r._id),
          level: r.level,
          kind: r.kind,
          amount: r.amount,
          netAmount: net(r),
          clawedBack: r.clawedBack,
          state: r.state,
          settleAt: r.settleAt.toISOString(),
          settledAt: r.settledAt?.toISOString() ?? null,
          clawedBackAt: r.clawbacks.length ? (r.clawbacks[r.clawbacks.length - 1].at?.toISOString() ?? null) : null,
          orderPaidAt: r.orderPaidAt.toISOString(),
          friend: maskName(rewardFriends.get(String(r.friendMemberId)) ?? '会员'),
        })),
      };
    },

    /** Top 10 partners of a month (Asia/Shanghai) by rewards net of refunds; names masked. */
    async leaderboard(month: string | undefined, now: Date, me: string, kind: 'points' | 'cash') {
      const m = month ?? shanghaiDay(now).slice(0, 7);
      const from = shanghaiInstant(`${m}-01`, 0);
      const [y, mm] = m.split('-').map(Number);
      const next = mm === 12 ? `${y + 1}-01-01` : `${y}-${String(mm + 1).padStart(2, '0')}-01`;
      const to = shanghaiInstant(addDays(next, 0), 0);
      const rows = await Reward.find({ createdAt: { $gte: from, $lt: to }, state: { $ne: 'cancelled' } }).limit(20_000).lean<RewardDoc[]>();
      const sums = new Map<string, number>();
      for (const r of rows) sums.set(String(r.partnerMemberId), (sums.get(String(r.partnerMemberId)) ?? 0) + net(r));
      const top = [...sums.entries()].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
      const names = await nicknames(top.map(([id]) => new Types.ObjectId(id)));
      return { month: m, kind, items: top.map(([id, amount], i) => ({ rank: i + 1, nickname: maskName(names.get(id) ?? '会员'), amount, me: id === me })) };
    },
  };
}
