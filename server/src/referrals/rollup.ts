/**
 * Per-day referral figures for the analytics rollups (referrals family), by
 * cohort day: friends who registered through an invite that day (bindings) and
 * of them those who booked / bought within 30 days; invited = registered + the
 * leads (报备) staff registered that day; rewards created that day by their
 * state now, with amounts by kind (points, commission in fen). Attributed to the
 * friend's home store (a lead to its store). Read by the nightly job.
 */
import type { Connection } from 'mongoose';
import { shanghaiDate } from '../platform/clock';
import { dayStoreKey, type HomeResolver, NO_STORE } from '../members/rollup';
import type { PurchaseWindow } from '../orders/rollup';
import { referralModels } from './model';

const WINDOW_MS = 30 * 86_400_000;

export interface RewardAmounts {
  count: number;
  points: number;
  fen: number;
}

export interface ReferralDay {
  invited: number;
  registered: number;
  booked: number;
  purchased: number;
  rewards: { pending: RewardAmounts; settled: RewardAmounts; cancelled: RewardAmounts; clawedBack: RewardAmounts };
}

const amounts = (): RewardAmounts => ({ count: 0, points: 0, fen: 0 });
const empty = (): ReferralDay => ({ invited: 0, registered: 0, booked: 0, purchased: 0, rewards: { pending: amounts(), settled: amounts(), cancelled: amounts(), clawedBack: amounts() } });

type Within = (w: PurchaseWindow[]) => Promise<Set<number>>;

export function createReferralsRollup(deps: { conn: Connection }) {
  const m = referralModels(deps.conn);

  return {
    async daily(bounds: { start: Date; end: Date }, homes: HomeResolver, within: { booked: Within; bought: Within }): Promise<Map<string, ReferralDay>> {
      const range = { $gte: bounds.start, $lt: bounds.end };
      const [bindings, leads, rewards] = await Promise.all([
        m.Binding.find({ at: range }, { memberId: 1, at: 1 }).lean(),
        m.Lead.find({ createdAt: range }, { storeId: 1, createdAt: 1 }).lean(),
        m.Reward.find({ createdAt: range }, { friendMemberId: 1, kind: 1, amount: 1, reduced: 1, state: 1, settledAmount: 1, clawedBack: 1, createdAt: 1 }).lean(),
      ]);
      const home = await homes([...bindings.map((b) => String(b.memberId)), ...rewards.map((r) => String(r.friendMemberId))]);
      const windows = bindings.map((b) => ({ memberId: String(b.memberId), from: b.at, to: new Date(b.at.getTime() + WINDOW_MS) }));
      const [booked, bought] = await Promise.all([within.booked(windows), within.bought(windows)]);
      const rows = new Map<string, ReferralDay>();
      const row = (at: Date, store: string) => {
        const k = dayStoreKey(shanghaiDate(at), store);
        const r = rows.get(k) ?? empty();
        rows.set(k, r);
        return r;
      };
      bindings.forEach((b, i) => {
        const r = row(b.at, home.get(String(b.memberId))?.storeId ?? NO_STORE);
        r.invited += 1;
        r.registered += 1;
        if (booked.has(i)) r.booked += 1;
        if (bought.has(i)) r.purchased += 1;
      });
      for (const l of leads) row(l.createdAt, l.storeId ? String(l.storeId) : NO_STORE).invited += 1;
      for (const w of rewards) {
        const r = row(w.createdAt, home.get(String(w.friendMemberId))?.storeId ?? NO_STORE);
        const unit = w.kind === 'cash' ? 'fen' : 'points';
        const bucket = r.rewards[w.state];
        bucket.count += 1;
        bucket[unit] += w.state === 'settled' ? w.settledAmount : w.state === 'pending' ? w.amount - (w.reduced ?? 0) : w.amount;
        if (w.clawedBack > 0) {
          r.rewards.clawedBack.count += 1;
          r.rewards.clawedBack[unit] += w.clawedBack;
        }
      }
      return rows;
    },
  };
}

export type ReferralsRollup = ReturnType<typeof createReferralsRollup>;
