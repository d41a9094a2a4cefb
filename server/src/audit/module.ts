/** Ledger audit: the nightly cross-check of points, coupons and seats against their ledgers. */
import { defineModule } from '../platform/modules';
import { auditFindingKind } from '@homeclub/shared';
import type { Metrics } from '../platform/metrics/metrics';
import type { PointsService } from '../points/service';
import type { CouponsService } from '../coupons/service';
import type { OrdersService } from '../orders/service';
import type { BookingService } from '../booking/service';
import { AUDIT_JOB, createLedgerAuditService } from './service';
import { ledgerAuditRoutes } from './routes';
import { nextShanghaiHour } from '../platform/jobs/shanghai-hour';

interface Needs {
  metrics: Metrics;
  points: PointsService;
  coupons: CouponsService;
  orders: OrdersService;
  booking: BookingService;
}

export const ledgerAuditModule = defineModule({
  name: 'ledger-audit',
  create: ({ conn, clock, logger }, s: Needs) => ({
    ledgerAudit: createLedgerAuditService({
      conn,
      clock,
      logger,
      auditors: { members: s.points.audit, coupons: s.coupons.auditWith(s.orders.liveOrders), seats: s.booking.audit },
      onFinished: (outcome, counts) => s.metrics.observeAudit(outcome, Object.fromEntries(auditFindingKind.options.map((k) => [k, counts[k] ?? 0]))),
    }),
  }),
  routes: (api, s) => ledgerAuditRoutes(api, s.ledgerAudit),
  jobs: [
    {
      name: AUDIT_JOB,
      every: 24 * 3600_000,
      firstRunAt: (t) => nextShanghaiHour(t.now, 3),
      lockMs: 30 * 60_000,
      run: async (s) => {
        await s.ledgerAudit.run('job'); // logs and counts its findings itself
      },
    },
  ],
});
