/**
 * The greetings of 首页's popup, each shown once: the welcome gifts a new member actually received (the sign-up
 * points entry of the ledger and the 新人礼 coupons issued to them, not the settings) and the tier reached.
 * Seen = a marker inserted under a unique `_id` (model.ts), so a second device or a retry shows nothing twice.
 */
import { Types, type Connection } from 'mongoose';
import type { GreetingView, MembershipSettings } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { MemberSlice } from '../members/service';
import type { PointsService } from '../points/service';
import { greetingSeenModel } from './model';
import { dueGreetings, greetingKeys } from './greetings.calc';
import { perksOf, tierFor } from './tier.calc';

export function createGreetings(deps: {
  conn: Connection;
  memberSlice: MemberSlice;
  clock: Clock;
  points: PointsService;
  settings: { get(): Promise<MembershipSettings> };
  newMemberCoupons(memberId: string): Promise<{ id: string; name: string }[]>;
}) {
  const Member = deps.memberSlice;
  const Seen = greetingSeenModel(deps.conn);

  return {
    async list(memberId: string): Promise<{ items: GreetingView[] }> {
      const [m, settings] = await Promise.all([
        Types.ObjectId.isValid(memberId) ? Member.findById(memberId, { createdAt: 1, tierCode: 1, growth: 1 }) : null,
        deps.settings.get(),
      ]);
      if (!m) throw new AppError('MEMBER_NOT_FOUND', `member ${memberId} not found`);
      const seen = await Seen.find({ _id: { $in: greetingKeys(settings.tiers).map((k) => `${memberId}|${k}`) } }, { _id: 1 }).lean();
      const tierCode = m.tierCode ?? tierFor(m.growth ?? 0, settings.tiers).code;
      const due = dueGreetings({ createdAt: m.createdAt, now: deps.clock.now(), tierCode, tiers: settings.tiers, seen: seen.map((s) => s._id.slice(memberId.length + 1)) });
      const items: GreetingView[] = [];
      if (due.welcome) {
        const [bonus, coupons] = await Promise.all([deps.points.entryByKey(`signup:${memberId}:bonus`), deps.newMemberCoupons(memberId)]);
        const points = bonus?.state === 'applied' ? bonus.delta : 0;
        if (points > 0 || coupons.length) items.push({ kind: 'welcome', key: 'welcome', points, coupons });
      }
      if (due.tier) items.push({ kind: 'tier_up', key: `tier:${due.tier.code}`, tier: { code: due.tier.code, name: due.tier.name, color: due.tier.color }, perks: perksOf(due.tier) });
      return { items };
    },

    /** A member who is not new (the demo's people): welcome and the tier they have count as seen. */
    async settle(memberId: string): Promise<void> {
      const m = await Member.findById(memberId, { tierCode: 1 });
      await this.seen(memberId, ['welcome', ...(m?.tierCode ? [`tier:${m.tierCode}`] : [])]);
    },

    /** Idempotent: a marker already there is fine. */
    async seen(memberId: string, keys: string[]): Promise<{ ok: true }> {
      const at = deps.clock.now();
      for (const key of new Set(keys)) {
        try {
          await Seen.create({ _id: `${memberId}|${key}`, at });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
      return { ok: true };
    },
  };
}
