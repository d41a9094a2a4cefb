/** Orders: order creation and payment, after-paid steps, refunds, the till. */
import { defineModule } from '../platform/modules';
import type { AuditService } from '../system/audit';
import type { MembersService } from '../members/service';
import type { StoresService } from '../stores/service';
import type { PointsService } from '../points/service';
import type { OwedPoints } from '../points/owed';
import type { MembershipService } from '../membership/service';
import type { MemberTokens } from '../membership/member-token';
import type { CouponsService } from '../coupons/service';
import type { Quoter } from '../checkout/quote';
import type { PaymentsService } from '../payments/service';
import { createOrdersService } from './service';
import { orderRoutes } from './routes';

interface Needs {
  audit: AuditService;
  members: MembersService;
  stores: StoresService;
  points: PointsService;
  owedPoints: OwedPoints;
  membership: MembershipService;
  memberTokens: MemberTokens;
  coupons: CouponsService;
  quoter: Quoter;
  payments: PaymentsService;
}

export const ordersModule = defineModule({
  name: 'orders',
  create: ({ conn, clock, logger }, s: Needs) => ({
    orders: createOrdersService({
      conn,
      clock,
      logger,
      coupons: s.coupons,
      points: s.points,
      members: s.members,
      membership: s.membership,
      payments: s.payments,
      stores: s.stores,
      quoter: s.quoter,
      audit: s.audit,
      owed: s.owedPoints,
      memberTokens: s.memberTokens,
    }),
  }),
  routes: (api, s) => orderRoutes(api, s.orders),
  jobs: [
    {
      name: 'orders.expire-unpaid',
      every: 60_000,
      run: async (s, { log }) => {
        const n = await s.orders.expireUnpaid();
        if (n) log.info({ orders: n }, 'unpaid orders expired');
      },
    },
    { name: 'orders.finish-paid-steps', every: 60_000, run: async (s) => void (await s.orders.finishPaidSteps()) },
  ],
});
