/**
 * Payment intents and refunds: the generic record behind every WeChat Pay
 * payment (orders, booking deposits). State changes are guarded single-document
 * updates, so duplicate, concurrent or out-of-order notifications and query
 * results converge, and each purpose's "paid" / "refunded" hook runs once.
 */
import { randomUUID } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { PayClient, WxTransaction } from '../wechat/pay/client';
import { anomalyModel, intentModel, refundModel, type AnomalyDoc, type IntentDoc, type RefundDoc } from './model';
import { leaseUpdate, runLeasedStep, type StepOutcome } from '../platform/effects/lease';
import { createRefunds } from './refunds';
import { createIntentRecovery } from './recovery';
import { createIntents } from './intents';

export type { IntentDoc, RefundDoc } from './model';

export interface PurposeHandlers {
  /** Called once when the intent becomes SUCCESS. Must be idempotent (it is retried after a crash). */
  onPaid(intent: IntentDoc): Promise<void>;
  /** Called once per refund that reached SUCCESS. */
  onRefunded?(intent: IntentDoc, refund: RefundDoc): Promise<void>;
}

export interface PaymentsSettings {
  appid: string;
  mchid: string;
  queryAfterMinutes: number;
  autoRefundLatePayments: boolean;
}


export function createPaymentsService(deps: { conn: Connection; clock: Clock; logger: Logger; pay: PayClient; settings: PaymentsSettings }) {
  const Intent = intentModel(deps.conn);
  const Refund = refundModel(deps.conn);
  const Anomaly = anomalyModel(deps.conn);
  const purposes = new Map<string, PurposeHandlers>();
  /** hooks still running in this process after the notification was answered (observability only: the job finishes them anyway) */
  const running = new Set<Promise<unknown>>();
  function track<T>(p: Promise<T>): Promise<T> {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  }
  const { clock, logger, pay, settings } = deps;

  async function recordAnomaly(a: Omit<AnomalyDoc, '_id' | 'at'>): Promise<void> {
    try {
      await Anomaly.create({ ...a, at: clock.now() });
      logger.warn({ anomaly: a.kind, outTradeNo: a.outTradeNo, outRefundNo: a.outRefundNo, detail: a.detail }, 'payment anomaly');
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async function onPaid(intent: IntentDoc): Promise<void> {
    const handlers = purposes.get(intent.purpose);
    if (!handlers) throw new Error(`no handlers registered for purpose ${intent.purpose}`);
    await handlers.onPaid(intent);
  }

  async function runPaidHook(intentId: Types.ObjectId): Promise<StepOutcome> {
    return runLeasedStep(Intent, intentId, 'paidHook', clock, onPaid);
  }

  /**
   * WeChat is answered as soon as the intent is marked paid (durable); the hook runs after, in the
   * background, holding its lease. A crash or a failure leaves it pending for `payments.run-hooks`.
   */
  function runAfterPaid(intentId: Types.ObjectId): void {
    void track(runPaidHook(intentId)).catch((err) => logger.error({ err, intentId: String(intentId) }, 'paid hook failed; the job retries'));
  }

  /** The same for an intent whose hook lease the marking update already took. */
  function afterPaid(intent: IntentDoc, token: string): void {
    void track(runLeasedStep(Intent, intent._id, 'paidHook', clock, onPaid, { doc: intent, token })).catch((err) =>
      logger.error({ err, intentId: String(intent._id) }, 'paid hook failed; the job retries'),
    );
  }

  const refunds = createRefunds({ Intent, Refund, clock, logger, pay, purposes, track, recordAnomaly });

  const recovery = createIntentRecovery({
    Intent,
    clock,
    logger,
    pay,
    queryAfterMinutes: settings.queryAfterMinutes,
    applyTransaction: (tx, via) => service.applyTransaction(tx, via),
    close: (outTradeNo) => service.close(outTradeNo),
  });

  const service = {
    /** Resolves when the hooks this process started have finished (tests, benchmarks, graceful shutdown). */
    async whenSettled(): Promise<void> {
      while (running.size) await Promise.allSettled([...running]);
    },

    registerPurpose(purpose: string, handlers: PurposeHandlers): void {
      purposes.set(purpose, handlers);
    },

    createIntent: createIntents({ Intent, clock, pay }),

    async get(outTradeNo: string): Promise<IntentDoc | null> {
      return Intent.findOne({ outTradeNo }).lean<IntentDoc>();
    },

    async getByReference(purpose: string, reference: string): Promise<IntentDoc | null> {
      return Intent.findOne({ purpose, reference }).lean<IntentDoc>();
    },

    /**
     * Apply WeChat's view of a payment (verified notification or query).
     * NOTPAY → SUCCESS once (amount must match, else an anomaly and no change);
     * money arriving for a CLOSED intent is recorded and refunded.
     */
    async applyTransaction(tx: WxTransaction, via: 'notify' | 'query'): Promise<IntentDoc | null> {
      const paidFen = tx.amount?.total;
      if ((tx.trade_state === 'SUCCESS' || tx.trade_state === 'REFUND') && typeof paidFen === 'number') {
        // The common case in one command: NOTPAY → SUCCESS by the unique out_trade_no, amount as a guard,
        // the paid hook made pending and leased to this runner in the same update.
        const token = randomUUID();
        const lease = leaseUpdate('paidHook', clock, token);
        const marked = await Intent.findOneAndUpdate(
          { outTradeNo: tx.out_trade_no, state: 'NOTPAY', amountFen: paidFen },
          {
            $set: { state: 'SUCCESS', transactionId: tx.transaction_id ?? null, paidAt: tx.success_time ? new Date(tx.success_time) : clock.now(), paidVia: via, 'paidHook.state': 'pending', ...lease.$set },
            $inc: lease.$inc,
          },
          { returnDocument: 'after', lean: true },
        );
        if (marked) {
          afterPaid(marked as IntentDoc, token);
          return marked as IntentDoc;
        }
      }
      const intent = await Intent.findOne({ outTradeNo: tx.out_trade_no }).lean<IntentDoc>();
      if (!intent) {
        await recordAnomaly({ key: `unknown_trade:${tx.out_trade_no}`, kind: 'unknown_trade', outTradeNo: tx.out_trade_no, outRefundNo: null, detail: `WeChat reports ${tx.trade_state} for an out_trade_no we never created` });
        return null;
      }
      if (tx.trade_state === 'CLOSED' || tx.trade_state === 'REVOKED' || tx.trade_state === 'PAYERROR') {
        await Intent.updateOne({ _id: intent._id, state: 'NOTPAY' }, { $set: { state: 'CLOSED', closedAt: clock.now() } });
        return Intent.findById(intent._id).lean<IntentDoc>();
      }
      if (tx.trade_state !== 'SUCCESS' && tx.trade_state !== 'REFUND') return intent;
      const paid = tx.amount?.total;
      if (paid !== intent.amountFen) {
        await recordAnomaly({
          key: `amount_mismatch:${tx.out_trade_no}:${tx.transaction_id ?? ''}:${paid}`,
          kind: 'amount_mismatch',
          outTradeNo: tx.out_trade_no,
          outRefundNo: null,
          detail: `WeChat reports ${paid} fen paid, intent is ${intent.amountFen} fen: not marked paid`,
        });
        return intent;
      }
      const paidAt = tx.success_time ? new Date(tx.success_time) : clock.now();
      const marked = await Intent.findOneAndUpdate(
        { _id: intent._id, state: 'NOTPAY' },
        { $set: { state: 'SUCCESS', transactionId: tx.transaction_id ?? null, paidAt, paidVia: via, 'paidHook.state': 'pending' } },
        { returnDocument: 'after', lean: true },
      );
      if (marked) {
        runAfterPaid(marked._id);
        return Intent.findById(intent._id).lean<IntentDoc>();
      }
      const current = (await Intent.findById(intent._id).lean<IntentDoc>())!;
      if (current.state === 'CLOSED') await service.handleLatePayment(current, tx);
      return Intent.findById(intent._id).lean<IntentDoc>();
    },

    /** Money taken by WeChat after we closed the intent: record it once, refund it when configured. */
    async handleLatePayment(intent: IntentDoc, tx: WxTransaction): Promise<void> {
      const outRefundNo = `LATE${intent.outTradeNo}`.slice(0, 64);
      const recorded = await Intent.findOneAndUpdate(
        { _id: intent._id, state: 'CLOSED', latePayment: null },
        { $set: { latePayment: { transactionId: tx.transaction_id ?? '', paidAt: tx.success_time ? new Date(tx.success_time) : null, detectedAt: clock.now(), outRefundNo: settings.autoRefundLatePayments ? outRefundNo : null } } },
        { returnDocument: 'after', lean: true },
      );
      if (recorded) {
        await recordAnomaly({
          key: `paid_after_close:${intent.outTradeNo}`,
          kind: 'paid_after_close',
          outTradeNo: intent.outTradeNo,
          outRefundNo: settings.autoRefundLatePayments ? outRefundNo : null,
          detail: `paid ${tx.amount?.total} fen (transaction ${tx.transaction_id}) after the intent was closed; ${settings.autoRefundLatePayments ? 'refunding automatically' : 'refund manually'}`,
        });
      }
      if (settings.autoRefundLatePayments) {
        await service
          .requestRefund({ outTradeNo: intent.outTradeNo, amountFen: intent.amountFen, reason: '订单已关闭，自动退款', outRefundNo, source: 'late_payment' })
          .catch((err) => logger.error({ err, outTradeNo: intent.outTradeNo }, 'automatic refund of a late payment failed; the refund job retries'));
      }
    },

    /**
     * Close an unpaid intent at WeChat, then locally. A payment that won the race is applied instead.
     * `unasked`: the source of a number fixed before any payment was asked (orders): with no intent yet, a
     * CLOSED one is inserted under the same unique keys, so a payment request racing this close is refused.
     */
    async close(outTradeNo: string, unasked?: { purpose: string; reference: string; amountFen: number; expireAt: Date }): Promise<IntentDoc> {
      const intent = await Intent.findOne({ outTradeNo }).lean<IntentDoc>();
      if (!intent && unasked) {
        const now = clock.now();
        try {
          const closed = { outTradeNo, ...unasked, memberId: null, payerOpenid: '-', description: '未发起支付即关闭', state: 'CLOSED' as const, closedAt: now, createdAt: now };
          return (await Intent.create(closed)).toObject() as IntentDoc;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          return service.close(outTradeNo); // the payment request won: close that intent
        }
      }
      if (!intent) throw new AppError('PAY_INTENT_NOT_FOUND', `no intent ${outTradeNo}`);
      if (intent.state !== 'NOTPAY') return intent;
      try {
        await pay.close(outTradeNo);
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'PAY_ORDER_PAID')) throw err;
        const tx = await pay.query(outTradeNo);
        if (tx) await service.applyTransaction(tx, 'query');
        return (await Intent.findById(intent._id).lean<IntentDoc>())!;
      }
      await Intent.updateOne({ _id: intent._id, state: 'NOTPAY' }, { $set: { state: 'CLOSED', closedAt: clock.now() } });
      return (await Intent.findById(intent._id).lean<IntentDoc>())!;
    },

    ...refunds,
    runPaidHook,
    recordAnomaly,

    // ---- recovery (called by jobs) ------------------------------------------

    /** Missed notifications: query intents still NOTPAY after N minutes; close the expired ones. */
    recoverPendingIntents: (limit = 100) => recovery.recoverPendingIntents(limit),

    /** Hooks left pending by a crash or a failure. */
    async runPendingHooks(limit = 100): Promise<number> {
      const now = clock.now();
      const leaseFree = (f: string) => ({ [`${f}.state`]: 'pending', $or: [{ [`${f}.leaseUntil`]: null }, { [`${f}.leaseUntil`]: { $lt: now } }] });
      const intents = await Intent.find(leaseFree('paidHook')).limit(limit).select({ _id: 1 }).lean();
      const pendingRefunds = await Refund.find(leaseFree('refundedHook')).limit(limit).select({ _id: 1 }).lean();
      for (const i of intents) await runPaidHook(i._id);
      for (const r of pendingRefunds) await refunds.runRefundHook(r._id);
      return intents.length + pendingRefunds.length;
    },

    async anomalies(limit = 100): Promise<AnomalyDoc[]> {
      return Anomaly.find().sort({ at: -1 }).limit(limit).lean<AnomalyDoc[]>();
    },

  };
  return service;
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
