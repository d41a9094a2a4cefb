import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { PaymentsService } from './service';
import type { Reconciliation } from './reconcile';
import { NOTIFY_PATH, type NotificationIntake } from './notify';

/** WeChat Pay's notification route: outside auth, raw body, answers 204 or {"code":"FAIL"}. */
export function payNotifyRoute(router: Router<AppState>, intake: NotificationIntake): void {
  router.post(NOTIFY_PATH, async (ctx) => {
    const headers: Record<string, string | undefined> = {};
    for (const h of ['wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-signature', 'wechatpay-serial']) headers[h] = ctx.get(h) || undefined;
    const result = await intake.handle(headers, ctx.state.rawBody ?? Buffer.alloc(0));
    ctx.status = result.status;
    if (result.body) ctx.body = result.body;
  });
}

export function paymentAdminRoutes(router: Router<AppState>, deps: { payments: PaymentsService; reconciliation: Reconciliation }): void {
  bind(router, api.adminReconciliations, async () => ({ items: await deps.reconciliation.list() }));
  bind(router, api.adminReconciliation, ({ query }) => deps.reconciliation.get(query.date));
  bind(router, api.adminRunReconciliation, ({ body }) => deps.reconciliation.run(body.date));
  bind(router, api.adminPaymentAnomalies, async () => ({
    items: (await deps.payments.anomalies()).map((a) => ({
      id: String(a._id),
      kind: a.kind,
      outTradeNo: a.outTradeNo,
      outRefundNo: a.outRefundNo,
      detail: a.detail,
      at: a.at.toISOString(),
    })),
  }));
}
