/**
 * The birthday gift: the tier's birthday coupon and points, once a year in the birthday month. Every part is keyed
 * by member and year (coupon issue key, ledger key), and the year is marked on the member by a guarded update, so
 * the daily job, a birthday set during the month and any retry or crash grant it exactly once.
 */
import type { MembershipSettings } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import { shanghaiDate } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { MemberDoc, MemberSlice } from '../members/service';
import type { PointsService } from '../points/service';
import { tierFor } from './tier.calc';
import { birthdayGiftYear } from './birthday.calc';

export function createBirthdayGifts(deps: {
  memberSlice: MemberSlice;
  clock: Clock;
  logger: Logger;
  points: PointsService;
  settings: { get(): Promise<MembershipSettings> };
  birthdayCoupon(memberId: string, year: number, templateId: string): Promise<void>;
}) {
  const Member = deps.memberSlice;

  async function grant(m: MemberDoc, year: number, settings: MembershipSettings): Promise<boolean> {
    const memberId = String(m._id);
    const tier = settings.tiers.find((t) => t.code === m.tierCode) ?? tierFor(m.growth ?? 0, settings.tiers);
    if (tier.birthdayCouponTemplateId) {
      await deps
        .birthdayCoupon(memberId, year, tier.birthdayCouponTemplateId)
        .catch((err) => deps.logger.warn({ err: (err as Error).message, memberId }, 'birthday coupon not issued'));
    }
    if (tier.birthdayPoints > 0) {
      await deps.points.earn({ memberId, amount: tier.birthdayPoints, reason: 'birthday', source: 'birthday', reference: `${m._id}:${year}`, leg: 'points', note: `${year} 年生日礼` });
    }
    const res = await Member.updateOne({ _id: m._id, $or: [{ birthdayPerkYear: null }, { birthdayPerkYear: { $lt: year } }] }, { $set: { birthdayPerkYear: year } });
    return res.modifiedCount === 1;
  }

  return {
    /** Right after the birthday is set: this year's gift when the rule says it is due (birthday.calc.ts). */
    async grantIfDue(memberId: string): Promise<boolean> {
      const m = await Member.findById(memberId);
      if (!m) return false;
      const year = birthdayGiftYear({ birthday: m.birthday, today: shanghaiDate(deps.clock.now()), grantedYear: m.birthdayPerkYear ?? null });
      if (year === null) return false;
      return grant(m, year, await deps.settings.get());
    },

    /** Job: every member whose birthday month it is and who has not had this year's gift. */
    async grantDue(limit = 500): Promise<number> {
      const today = shanghaiDate(deps.clock.now());
      const year = Number(today.slice(0, 4));
      const month = Number(today.slice(5, 7));
      const settings = await deps.settings.get();
      const due = await Member.find({ birthdayMonth: month, $or: [{ birthdayPerkYear: null }, { birthdayPerkYear: { $lt: year } }] }, { limit });
      let granted = 0;
      for (const m of due) if (await grant(m, year, settings)) granted += 1;
      return granted;
    },
  };
}
