/** Analytics: the dashboard from daily rollups (per day × store), recomputed nightly, today live. */
import { defineModule } from '../platform/modules';
import { nextShanghaiHour } from '../platform/jobs/shanghai-hour';
import type { Scheduler } from '../platform/jobs/scheduler';
import type { MembersService } from '../members/service';
import type { StoresService } from '../stores/service';
import type { PointsService } from '../points/service';
import type { SettingsStore } from '../membership/settings';
import type { CouponsService } from '../coupons/service';
import type { OrdersService } from '../orders/service';
import type { BookingService } from '../booking/service';
import type { ReferralService } from '../referrals/service';
import { createAnalyticsService, ROLLUP_JOB, TODAY_JOB } from './service';
import { analyticsRoutes } from './routes';

interface Needs {
  scheduler: Scheduler;
  members: MembersService;
  stores: StoresService;
  points: PointsService;
  membershipSettings: SettingsStore;
  coupons: CouponsService;
  orders: OrdersService;
  booking: BookingService;
  referrals: ReferralService;
}

export const analyticsModule = defineModule({
  name: 'analytics',
  create: ({ conn, clock, logger }, s: Needs) => ({
    analytics: createAnalyticsService({
      conn,
      clock,
      logger,
      scheduler: s.scheduler,
      stores: s.stores,
      settings: s.membershipSettings,
      rollups: { members: s.members.rollup, orders: s.orders.rollup, coupons: s.coupons.rollup, points: s.points.rollup, booking: s.booking.rollup, referrals: s.referrals.rollup },
    }),
  }),
  routes: (api, s) => analyticsRoutes(api, s.analytics),
  jobs: [
    {
      name: ROLLUP_JOB,
      every: 24 * 3600_000,
      // After midnight's expiries (points, coupons) so yesterday's rollup sees them.
      firstRunAt: (t) => new Date(nextShanghaiHour(t.now, 0).getTime() + 30 * 60_000),
      lockMs: 30 * 60_000,
      run: async (s, { log }) => {
        const r = await s.analytics.runNightly();
        if (r) log.info(r, 'analytics rollups recomputed');
      },
    },
    // Scheduled by the service itself when a dashboard finds today's figures stale.
    { name: TODAY_JOB, lockMs: 5 * 60_000, run: async (s) => void (await s.analytics.refreshToday()) },
  ],
});
