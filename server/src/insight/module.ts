/** Insight: segments, scores, campaigns and their reports. */
import { defineModule } from '../platform/modules';
import { nextShanghaiHour } from '../platform/jobs/shanghai-hour';
import type { AuditService } from '../system/audit';
import type { MembersService } from '../members/service';
import type { PointsService } from '../points/service';
import type { CouponsService } from '../coupons/service';
import type { OrdersService } from '../orders/service';
import type { BookingService } from '../booking/service';
import type { ReferralService } from '../referrals/service';
import { createGuideMemberStats } from '../guides/member-stats';
import { createInsightService } from './service';
import { insightRoutes } from './routes';
import { consoleInsightRoutes } from './console-routes';

interface Needs {
  audit: AuditService;
  members: MembersService;
  points: PointsService;
  coupons: CouponsService;
  orders: OrdersService;
  booking: BookingService;
  referrals: ReferralService;
}

export const insightModule = defineModule({
  name: 'insight',
  create: ({ conn, clock, logger, wechat }, s: Needs) => ({
    insight: createInsightService({ conn, clock, logger, members: s.members, orders: s.orders, booking: s.booking, referrals: s.referrals, coupons: s.coupons, points: s.points, audit: s.audit, wechat, guideStats: createGuideMemberStats(conn) }),
  }),
  routes: (api, s) => {
    insightRoutes(api, s.insight);
    consoleInsightRoutes(api, s.insight, s.coupons);
  },
  jobs: [
    {
      name: 'insight.scores',
      every: 24 * 3600_000,
      firstRunAt: (t) => nextShanghaiHour(t.now, 2),
      lockMs: 15 * 60_000,
      run: async (s, { log }) => {
        await s.insight.scores.run(log);
      },
    },
    {
      name: 'insight.campaigns',
      every: 5 * 60_000,
      lockMs: 15 * 60_000,
      run: async (s, { log }) => {
        const n = await s.insight.runDueCampaigns(log);
        if (n) log.info({ runs: n }, 'campaign runs finished');
      },
    },
  ],
});
