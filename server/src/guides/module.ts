/** Guides (导购): member–guide bindings, transfers, follow-up tasks, guide attribution of sales. */
import { defineModule } from '../platform/modules';
import type { Scheduler } from '../platform/jobs/scheduler';
import type { AuditService } from '../system/audit';
import type { MembersService } from '../members/service';
import type { StoresService } from '../stores/service';
import type { CouponsService } from '../coupons/service';
import type { OrdersService } from '../orders/service';
import type { BookingService } from '../booking/service';
import type { InsightService } from '../insight/service';
import { createGuidesService } from './service';
import { guidesRoutes } from './routes';
import { TRANSFER_JOB } from './transfers';

interface Needs {
  scheduler: Scheduler;
  audit: AuditService;
  members: MembersService;
  stores: StoresService;
  coupons: CouponsService;
  orders: OrdersService;
  booking: BookingService;
  insight: InsightService;
}

export const guidesModule = defineModule({
  name: 'guides',
  create: ({ conn, clock, logger, wechat }, s: Needs) => ({
    guides: createGuidesService({ conn, clock, logger, members: s.members, stores: s.stores, booking: s.booking, orders: s.orders, coupons: s.coupons, insight: s.insight, audit: s.audit, wechat, scheduler: s.scheduler }),
  }),
  routes: (api, s) => guidesRoutes(api, s.guides),
  jobs: [
    {
      // The recurring transfer run resumes a transfer whose one-off job was interrupted.
      name: TRANSFER_JOB,
      every: 5 * 60_000,
      lockMs: 10 * 60_000,
      run: async (s, { log }) => {
        const n = await s.guides.transfers.runOpen();
        if (n) log.info({ transfers: n }, 'guide transfers run');
      },
    },
    {
      // Monthly settlement of commission (a run is cheap when nothing is due) and crash repair of its entries.
      name: 'guides.commission',
      every: 3600_000,
      lockMs: 30 * 60_000,
      run: async (s, { log }) => {
        const n = (await s.guides.commission.settle()) + (await s.guides.commission.repairPending());
        if (n) log.info({ steps: n }, 'guide commission settled');
      },
    },
    { name: 'guides.repair', every: 5 * 60_000, run: async (s) => void (await s.guides.bindings.repair()) },
    {
      name: 'guides.follow-ups',
      every: 3600_000,
      lockMs: 30 * 60_000,
      run: async (s, { log }) => {
        const n = await s.guides.workspace.generate();
        if (n) log.info({ tasks: n }, 'guide follow-up tasks created');
      },
    },
  ],
});
