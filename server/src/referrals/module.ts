/** Referrals: partners, invites, attribution and rewards (settled later, clawed back on refunds). */
import { defineModule } from '../platform/modules';
import type { AuditService } from '../system/audit';
import type { MembersService } from '../members/service';
import type { PointsService } from '../points/service';
import type { OwedPoints } from '../points/owed';
import type { MembershipService } from '../membership/service';
import type { CouponsService } from '../coupons/service';
import type { OrdersService } from '../orders/service';
import type { BookingService } from '../booking/service';
import { createReferralService } from './service';
import { referralRoutes } from './routes';

interface Needs {
  audit: AuditService;
  members: MembersService;
  points: PointsService;
  owedPoints: OwedPoints;
  membership: MembershipService;
  coupons: CouponsService;
  orders: OrdersService;
  booking: BookingService;
}

export const referralsModule = defineModule({
  name: 'referrals',
  create: ({ conn, clock, logger, wechat }, s: Needs) => ({
    referrals: createReferralService({
      conn,
      clock,
      logger,
      members: s.members,
      membership: s.membership,
      coupons: s.coupons,
      points: s.points,
      owed: s.owedPoints,
      orders: s.orders,
      booking: s.booking,
      wechat,
      audit: s.audit,
    }),
  }),
  routes: (api, s) => referralRoutes(api, s.referrals),
  jobs: [
    {
      name: 'referrals.settle',
      every: 10 * 60_000,
      run: async (s, { log }) => {
        const n = await s.referrals.settleDue();
        if (n) log.info({ rewards: n }, 'referral rewards settled');
      },
    },
  ],
});
