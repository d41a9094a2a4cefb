/** Payments: WeChat Pay intents, refunds, recovery, the notification intake and the daily reconciliation. */
import { defineModule } from '../platform/modules';
import { nextShanghaiHour } from '../platform/jobs/shanghai-hour';
import { createPaymentsService } from './service';
import { createReconciliation } from './reconcile';
import { createNotificationIntake } from './notify';
import { payNotifyRoute, paymentAdminRoutes } from './routes';

export const paymentsModule = defineModule({
  name: 'payments',
  create: ({ conn, clock, logger, config, wechatPay: pay }) => {
    const payments = createPaymentsService({
      conn,
      clock,
      logger,
      pay: pay.client,
      settings: {
        appid: pay.settings.appid,
        mchid: pay.settings.mchid,
        queryAfterMinutes: config.PAY_QUERY_AFTER_MINUTES,
        autoRefundLatePayments: config.PAY_AUTO_REFUND_LATE_PAYMENTS,
      },
    });
    const reconciliation = createReconciliation({ conn, clock, pay: pay.client });
    const payNotifications = createNotificationIntake({
      conn,
      clock,
      logger,
      keys: pay.keys,
      payments,
      apiV3Key: pay.settings.apiV3Key,
      appid: pay.settings.appid,
      mchid: pay.settings.mchid,
    });
    return { wechatPay: pay, payments, reconciliation, payNotifications };
  },
  routes: (api, s) => {
    payNotifyRoute(api, s.payNotifications);
    paymentAdminRoutes(api, { payments: s.payments, reconciliation: s.reconciliation });
  },
  jobs: [
    {
      name: 'payments.recover-intents',
      every: 60_000,
      run: async (s, { log }) => {
        const r = await s.payments.recoverPendingIntents();
        if (r.queried) log.info(r, 'pending payment intents queried');
      },
    },
    { name: 'payments.recover-refunds', every: 60_000, run: async (s) => void (await s.payments.recoverRefunds()) },
    { name: 'payments.run-hooks', every: 30_000, run: async (s) => void (await s.payments.runPendingHooks()) },
    {
      name: 'payments.refresh-certificates',
      every: 12 * 3600_000,
      run: async (s, { log }) => {
        try {
          const n = await s.wechatPay.keys.storeCertificates(await s.wechatPay.client.fetchCertificates());
          log.info({ certificates: n }, 'wechat pay platform certificates refreshed');
        } catch (err) {
          // Merchants on the public-key mode may have no platform certificates: not fatal.
          log.warn({ err: (err as Error).message }, 'could not refresh wechat pay platform certificates');
        }
      },
    },
    {
      name: 'payments.reconcile',
      every: 24 * 3600_000,
      firstRunAt: (t) => nextShanghaiHour(t.now, t.reconcileHour),
      lockMs: 10 * 60_000,
      run: async (s, { log }) => {
        const date = s.reconciliation.yesterday();
        const report = await s.reconciliation.run(date);
        (report.status === 'differences' ? log.warn.bind(log) : log.info.bind(log))({ date, status: report.status, differences: report.differences.length }, 'daily wechat pay reconciliation');
      },
    },
  ],
});
