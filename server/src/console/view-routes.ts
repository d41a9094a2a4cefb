/** The console's data routes (thin): scope and shaping live in views.ts and export.ts. */
import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import { requireAccess } from '../platform/auth/guard';
import { AppError } from '../platform/errors';
import type { AppContext, AppState } from '../platform/http/context';
import type { PaymentsService } from '../payments/service';
import type { Reconciliation } from '../payments/reconcile';
import { requireConsoleAdmin, type ConsoleViews } from './views';
import type { ConsoleExport } from './export';

export function consoleViewRoutes(
  router: Router<AppState>,
  deps: { views: ConsoleViews; exporter: ConsoleExport; payments: PaymentsService; reconciliation: Reconciliation },
): void {
  const { views } = deps;
  bind(router, api.consoleMembers, ({ identity, query }) => views.members(identity, query));
  bind(router, api.consoleMember, ({ identity, params }) => views.member(identity, params.memberId));
  bind(router, api.consoleMemberLedger, ({ identity, params, query }) => views.ledger(identity, params.memberId, query));
  bind(router, api.consoleOrders, ({ identity, query }) => views.orders(identity, query));
  bind(router, api.consoleBookings, ({ identity, query }) => views.bookings(identity, query));
  bind(router, api.consoleAudit, ({ identity, query }) => views.audit(identity, query));
  bind(router, api.consoleReconciliations, async ({ identity }) => {
    requireConsoleAdmin(identity);
    return { items: await deps.reconciliation.list() };
  });
  bind(router, api.consoleAnomalies, async ({ identity }) => {
    requireConsoleAdmin(identity);
    return {
      items: (await deps.payments.anomalies()).map((a) => ({
        id: String(a._id),
        kind: a.kind,
        outTradeNo: a.outTradeNo,
        outRefundNo: a.outRefundNo,
        detail: a.detail,
        at: a.at.toISOString(),
      })),
    };
  });

  // The export streams CSV, so it is bound by hand (same access check and zod validation as bind()).
  const c = api.consoleExport;
  router.get(c.path, async (ctx: AppContext) => {
    const identity = requireAccess(ctx.state.identity, c.access)!;
    const params = c.params.safeParse(ctx.params);
    const query = c.query.safeParse({ ...ctx.query });
    if (!params.success || !query.success) throw new AppError('VALIDATION_FAILED', `invalid export request ${ctx.path}`);
    const out = await deps.exporter.open(identity, params.data.kind, query.data.storeId);
    ctx.status = 200;
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename="${out.filename}"`);
    ctx.set('X-Export-Estimate', String(out.estimate));
    ctx.set('Cache-Control', 'no-store');
    ctx.body = out.body;
  });
}
