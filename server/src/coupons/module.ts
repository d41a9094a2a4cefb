/** Coupons: templates, claims, the coupon lifecycle, verification, gifts and exchanges. */
import { defineModule } from '../platform/modules';
import { nextShanghaiHour } from '../platform/jobs/shanghai-hour';
import type { AuditService } from '../system/audit';
import type { MembersService } from '../members/service';
import type { PointsService } from '../points/service';
import type { MembershipService } from '../membership/service';
import type { MessagesService } from '../messages/service';
import { createCouponsService } from './service';
import { couponRoutes } from './routes';

interface Needs {
  audit: AuditService;
  members: MembersService;
  points: PointsService;
  membership: MembershipService;
  messages: MessagesService;
}

export const couponsModule = defineModule({
  name: 'coupons',
  create: ({ conn, clock, logger, wechat }, s: Needs) => ({
    coupons: createCouponsService({
      conn,
      clock,
      logger,
      points: s.points,
      members: s.members,
      audit: s.audit,
      wechat,
      messages: s.messages,
      tierOf: (memberId, loaded) => s.membership.tierOf(memberId, loaded),
    }),
  }),
  routes: (api, s) => couponRoutes(api, s.coupons),
  jobs: [
    {
      name: 'coupons.expire',
      every: 24 * 3600_000,
      firstRunAt: (t) => nextShanghaiHour(t.now, 0),
      run: async (s, { log }) => {
        const n = await s.coupons.lifecycle.expireDue();
        if (n) log.info({ coupons: n }, 'coupons expired');
      },
    },
    {
      name: 'coupons.expiry-reminders',
      every: 24 * 3600_000,
      firstRunAt: (t) => nextShanghaiHour(t.now, 10),
      run: async (s, { log }) => {
        const r = await s.coupons.sendExpiryReminders();
        if (r.sent || r.notSubscribed) log.info(r, 'coupon expiry reminders');
      },
    },
    {
      name: 'coupons.finish-exchanges',
      every: 5 * 60_000,
      run: async (s) => {
        await s.coupons.finishExchanges();
      },
    },
  ],
});
