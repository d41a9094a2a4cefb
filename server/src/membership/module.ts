/** Membership: settings, tiers and growth, birthday perks, the member card code; its routes also show points. */
import { defineModule } from '../platform/modules';
import { nextShanghaiHour } from '../platform/jobs/shanghai-hour';
import type { AuditService } from '../system/audit';
import type { MembersService } from '../members/service';
import type { StoresService } from '../stores/service';
import type { PointsService } from '../points/service';
import type { CouponsService } from '../coupons/service';
import { createSettingsStore } from './settings';
import { createGrowthLedger } from './growth';
import { createMemberTokens } from './member-token';
import { createMembershipService } from './service';
import { membershipRoutes } from './routes';

interface Needs {
  audit: AuditService;
  members: MembersService;
  stores: StoresService;
  points: PointsService;
  // coupons depend on membership (tier) and membership shows coupons: read only inside the hooks
  coupons: CouponsService;
}

export const membershipModule = defineModule({
  name: 'membership',
  create: ({ conn, clock, logger, sessionSecret }, s: Needs) => {
    const membershipSettings = createSettingsStore({ conn, clock });
    const growth = createGrowthLedger({ conn, clock, logger, memberSlice: s.members.slice('membership') });
    const memberTokens = createMemberTokens({ secret: sessionSecret, clock });
    const membership = createMembershipService({
      conn,
      memberSlice: s.members.slice('membership'),
      clock,
      logger,
      settings: membershipSettings,
      points: s.points,
      growth,
      audit: s.audit,
      stores: s.stores,
      memberTokens,
      hooks: {
        usableCoupons: (memberId: string) => s.coupons.usableCount(memberId),
        birthdayCoupon: (memberId: string, year: number, templateId: string) => s.coupons.issueBirthdayGift(memberId, year, templateId),
        newMemberCoupons: (memberId: string) => s.coupons.newMemberCoupons(memberId),
      },
    });
    return { membershipSettings, growth, memberTokens, membership };
  },
  routes: (api, s) => membershipRoutes(api, { membership: s.membership, points: s.points }),
  jobs: [
    {
      name: 'membership.birthday-perks',
      every: 24 * 3600_000,
      firstRunAt: (t) => nextShanghaiHour(t.now, 9),
      run: async (s, { log }) => {
        const n = await s.membership.grantBirthdayPerks();
        if (n) log.info({ members: n }, 'birthday perks granted');
      },
    },
    {
      name: 'membership.tier-review',
      every: 24 * 3600_000,
      firstRunAt: (t) => nextShanghaiHour(t.now, 1),
      run: async (s, { log }) => {
        const n = await s.membership.reviewTiers();
        if (n) log.info({ members: n }, 'tiers reviewed');
      },
    },
    {
      // console points adjustments approved but not applied (a crash between approval and the ledger movement)
      name: 'membership.finish-adjustments',
      every: 60_000,
      run: async (s) => {
        await s.membership.adjustments.finishApproved();
      },
    },
  ],
});
