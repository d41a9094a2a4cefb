/**
 * Intake of WeChat Pay notifications (payments and refunds): verify, store
 * once per business key, apply to the intent/refund (a payment: marked paid by
 * one guarded update), and only then answer 204 — the paid hook's effects run
 * after the answer, resumably (payments/service.ts).
 * Anything else is a 4xx/5xx with {"code":"FAIL"} so WeChat delivers again.
 */
import { type Connection } from 'mongoose';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { isDuplicateKey } from '../platform/errors';
import type { PayKeyStore } from '../wechat/pay/keys';
import type { WxRefund, WxTransaction } from '../wechat/pay/client';
import { NotificationRejected, verifyNotification } from '../wechat/pay/notification';
import { notificationModel } from './model';
import type { PaymentsService } from './service';

export const NOTIFY_PATH = '/api/wechat/pay/notify';

export interface IntakeResult {
  status: number;
  body?: { code: 'FAIL'; message: string };
}

export function createNotificationIntake(deps: {
  conn: Connection;
  clock: Clock;
  logger: Logger;
  keys: PayKeyStore;
  payments: PaymentsService;
  apiV3Key: string;
  appid: string;
  mchid: string;
}) {
  const Notification = notificationModel(deps.conn);

  function businessKey(eventType: string, r: Record<string, unknown>): string {
    if (eventType.startsWith('REFUND.')) return `${eventType}:${String(r.out_refund_no)}`;
    return `${eventType}:${String(r.out_trade_no)}`;
  }

  return {
    async handle(headers: Record<string, string | undefined>, raw: Buffer): Promise<IntakeResult> {
      let n;
      try {
        n = await verifyNotification(headers, raw, {
          getKey: (serial) => deps.keys.get(serial),
          apiV3Key: deps.apiV3Key,
          appid: deps.appid,
          mchid: deps.mchid,
          nowSeconds: Math.floor(Date.now() / 1000), // freshness is wall-clock, like WeChat's
        });
      } catch (err) {
        if (err instanceof NotificationRejected) {
          deps.logger.warn({ reason: err.reason }, 'wechat pay notification rejected');
          return { status: err.status, body: { code: 'FAIL', message: err.reason } };
        }
        throw err;
      }
      try {
        const key = businessKey(n.eventType, n.resource);
        try {
          await Notification.create({ key, notificationId: n.id, eventType: n.eventType, resource: n.resource, receivedAt: deps.clock.now() });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          await Notification.updateOne({ key }, { $inc: { deliveries: 1 } });
        }
        if (n.eventType === 'TRANSACTION.SUCCESS') {
          await deps.payments.applyTransaction(n.resource as unknown as WxTransaction, 'notify');
        } else if (n.eventType.startsWith('REFUND.')) {
          await deps.payments.applyRefund(n.resource as unknown as WxRefund);
        } else {
          deps.logger.info({ eventType: n.eventType }, 'wechat pay notification of an event we do not act on (stored)');
        }
        return { status: 204 };
      } catch (err) {
        deps.logger.error({ err }, 'wechat pay notification could not be applied; WeChat will retry');
        return { status: 500, body: { code: 'FAIL', message: 'temporarily unable to process' } };
      }
    },
  };
}

export type NotificationIntake = ReturnType<typeof createNotificationIntake>;
