/**
 * Payment intents and refunds: the generic record behind every WeChat Pay
 * payment (orders, booking deposits). State changes are guarded single-document
 * updates, so duplicate, concurrent or out-of-order notifications and query
 * results converge, and each purpose's "paid" / "refunded" hook runs once.
 */
import { randomUUID } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { fenAmount, type RequestPaymentParams } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { PayClient, WxRefund, WxTransaction } from '../wechat/pay/client';
import { PayApiError } from '../wechat/pay/client';
import { anomalyModel, intentModel, refundModel, type AnomalyDoc, type IntentDoc, type RefundDoc, type RefundState } from './model';
import { leaseUpdate, runLeasedStep, type StepOutcome } from './steps';
import { newOutTradeNo } from './out-trade-no';

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

const FINAL_REFUND: RefundState[] = ['SUCCESS', 'CLOSED', 'FAILED'];
const MAX_REFUNDS = 50;
/** How long a notification waits for a hook before answering (WeChat wants an answer within 5 s). */
const HOOK_BUDGET_MS = 2000;

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

  async function runPaidHook(intentId: Types.ObjectId): Promise<StepOutcome> {
    return runLeasedStep(Intent, intentId, 'paidHook', clock, async (intent) => {
      const handlers = purposes.get(intent.purpose);
      if (!handlers) throw new Error(`no handlers registered for purpose ${intent.purpose}`);
      await handlers.onPaid(intent);
    });
  }

  /** Bounded: a slow hook finishes in the background (it holds the step's lease); the job retries failures. */
  async function runAfterPaid(intentId: Types.ObjectId): Promise<void> {
    await Promise.race([track(runPaidHook(intentId)), new Promise((r) => setTimeout(r, HOOK_BUDGET_MS).unref())]);
  }

  /** The same for an intent whose hook lease the marking update already took. */
  async function afterPaid(intent: IntentDoc, token: string): Promise<void> {
    const run = runLeasedStep(Intent, intent._id, 'paidHook', clock, async (doc) => {
      const handlers = purposes.get(doc.purpose);
      if (!handlers) throw new Error(`no handlers registered for purpose ${doc.purpose}`);
      await handlers.onPaid(doc);
    }, { doc: intent, token });
    await Promise.race([track(run), new Promise((r) => setTimeout(r, HOOK_BUDGET_MS).unref())]);
  }

  async function runRefundHook(refundId: Types.ObjectId): Promise<StepOutcome> {
    return runLeasedStep(Refund, refundId, 'refundedHook', clock, async (refund) => {
      const intent = await Intent.findById(refund.intentId).lean<IntentDoc>();
      if (!intent) throw new Error(`intent ${refund.intentId} missing`);
      if (refund.source === 'late_payment') return; // no business effect: the money was never accepted
      await purposes.get(intent.purpose)?.onRefunded?.(intent, refund);
    });
  }

  /** Release a refund's reservation on its intent, once. */
  async function releaseReservation(refund: RefundDoc): Promise<void> {
    const released = await Refund.findOneAndUpdate({ _id: refund._id, reserved: true }, { $set: { reserved: false } }, { returnDocument: 'after' });
    if (released) {
      await Intent.updateOne({ _id: refund.intentId, refundIds: refund._id }, { $inc: { refundReservedFen: -refund.amountFen, refundCount: -1 }, $pull: { refundIds: refund._id } });
    }
  }

  /** Apply WeChat's view of a refund (notification or query). Converges whatever the order. */
  async function applyRefund(wx: WxRefund): Promise<RefundDoc | null> {
    const status = wx.refund_status ?? wx.status;
    const refund = await Refund.findOne({ outRefundNo: wx.out_refund_no }).lean<RefundDoc>();
    if (!refund) {
      await recordAnomaly({ key: `unknown_refund:${wx.out_refund_no}`, kind: 'unknown_refund', outTradeNo: wx.out_trade_no ?? null, outRefundNo: wx.out_refund_no, detail: `WeChat reports refund ${wx.out_refund_no} (${status}) we never requested` });
      return null;
    }
    if (!status || status === 'PROCESSING') {
      await Refund.updateOne({ _id: refund._id, state: 'CREATED' }, { $set: { state: 'PROCESSING', refundId: wx.refund_id ?? null } });
      return Refund.findById(refund._id).lean<RefundDoc>();
    }
    // Final states never move; ABNORMAL may still become SUCCESS/CLOSED.
    const from: RefundState[] = ['CREATED', 'PROCESSING', 'ABNORMAL'];
    const updated = await Refund.findOneAndUpdate(
      { _id: refund._id, state: { $in: from.filter((s) => s !== status) } },
      {
        $set: {
          state: status,
          refundId: wx.refund_id ?? refund.refundId,
          finishedAt: status === 'ABNORMAL' ? null : wx.success_time ? new Date(wx.success_time) : clock.now(),
          ...(status === 'SUCCESS' ? { 'refundedHook.state': 'pending' } : {}),
        },
      },
      { returnDocument: 'after', lean: true },
    );
    if (!updated) return Refund.findById(refund._id).lean<RefundDoc>();
    if (status === 'SUCCESS') await Promise.race([track(runRefundHook(updated._id)), new Promise((r) => setTimeout(r, HOOK_BUDGET_MS).unref())]);
    if (status === 'CLOSED') await releaseReservation(updated as RefundDoc);
    if (status === 'ABNORMAL') {
      await recordAnomaly({ key: `refund_abnormal:${refund.outRefundNo}`, kind: 'refund_abnormal', outTradeNo: refund.outTradeNo, outRefundNo: refund.outRefundNo, detail: 'refund is ABNORMAL at WeChat (e.g. the payer card is closed): needs manual handling in the merchant platform' });
    }
    return updated as RefundDoc;
  }

  /** Send a CREATED refund to WeChat (again), always with its out_refund_no. */
  async function submitRefund(refund: RefundDoc, totalFen: number): Promise<RefundDoc> {
    try {
      const wx = await pay.refund({ outTradeNo: refund.outTradeNo, outRefundNo: refund.outRefundNo, reason: refund.reason, refundFen: refund.amountFen, totalFen });
      return (await applyRefund({ ...wx, out_refund_no: refund.outRefundNo })) ?? refund;
    } catch (err) {
      if (err instanceof PayApiError && !err.retryable && !err.outcomeUnknown) {
        // WeChat refused it for good: nothing was refunded, give the reservation back.
        const failed = await Refund.findOneAndUpdate(
          { _id: refund._id, state: 'CREATED' },
          { $set: { state: 'FAILED', lastError: err.message, finishedAt: clock.now() } },
          { returnDocument: 'after', lean: true },
        );
        if (failed) await releaseReservation(failed as RefundDoc);
        throw err;
      }
      await Refund.updateOne({ _id: refund._id }, { $set: { lastError: (err as Error).message } });
      throw err;
    }
  }

  const service = {
    /** Resolves when the hooks this process started have finished (tests, benchmarks, graceful shutdown). */
    async whenSettled(): Promise<void> {
      while (running.size) await Promise.allSettled([...running]);
    },

    registerPurpose(purpose: string, handlers: PurposeHandlers): void {
      purposes.set(purpose, handlers);
    },

    /**
     * The intent for (purpose, reference), created once; a repeat call returns
     * the same intent with fresh wx.requestPayment parameters (WeChat's repeat
     * prepay with identical parameters).
     */
    async createIntent(input: {
      purpose: string;
      reference: string;
      memberId?: string | null;
      openid: string;
      amountFen: number;
      description: string;
      expireAt: Date;
    }): Promise<{ intent: IntentDoc; requestPayment: RequestPaymentParams }> {
      const amount = fenAmount.safeParse(input.amountFen);
      if (!amount.success) throw new AppError('PAY_AMOUNT_INVALID', `invalid amount ${String(input.amountFen)}: ${amount.error.issues[0].message}`);
      const now = clock.now();
      let intent: IntentDoc;
      try {
        intent = (
          await Intent.create({
            outTradeNo: newOutTradeNo(now),
            purpose: input.purpose,
            reference: input.reference,
            memberId: input.memberId ? new Types.ObjectId(input.memberId) : null,
            payerOpenid: input.openid,
            amountFen: amount.data,
            description: input.description,
            state: 'NOTPAY',
            expireAt: input.expireAt,
            createdAt: now,
          })
        ).toObject();
      } catch (err) {
        if (!isDuplicateKey(err, 'intents_purpose_reference_unique')) throw err;
        intent = (await Intent.findOne({ purpose: input.purpose, reference: input.reference }).lean<IntentDoc>())!;
        if (intent.amountFen !== amount.data) throw new AppError('PAY_REJECTED', `intent ${intent.outTradeNo} exists with another amount`);
      }
      if (intent.state === 'SUCCESS') throw new AppError('PAY_ORDER_PAID', `intent ${intent.outTradeNo} already paid`);
      if (intent.state === 'CLOSED') throw new AppError('PAY_ORDER_CLOSED', `intent ${intent.outTradeNo} closed`);
      const created = await pay.createJsapi({
        outTradeNo: intent.outTradeNo,
        description: intent.description,
        amountFen: intent.amountFen,
        openid: intent.payerOpenid,
        expireAt: intent.expireAt,
        attach: `${intent.purpose}:${intent.reference}`.slice(0, 128),
      });
      await Intent.updateOne({ _id: intent._id, state: 'NOTPAY' }, { $set: { prepayId: created.prepayId } });
      return { intent: { ...intent, prepayId: created.prepayId }, requestPayment: created.requestPayment };
    },

    async get(outTradeNo: string): Promise<IntentDoc | null> {
      return Intent.findOne({ outTradeNo }).lean<IntentDoc>();
    },

    async getByReference(purpose: string, reference: string): Promise<IntentDoc | null> {
      return Intent.findOne({ purpose, reference }).lean<IntentDoc>();
    },

    async refundsOf(intentId: Types.ObjectId): Promise<RefundDoc[]> {
      return Refund.find({ intentId }).sort({ requestedAt: 1 }).lean<RefundDoc[]>();
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
          await afterPaid(marked as IntentDoc, token);
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
        await runAfterPaid(marked._id);
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

    /** Close an unpaid intent at WeChat, then locally. A payment that won the race is applied instead. */
    async close(outTradeNo: string): Promise<IntentDoc> {
      const intent = await Intent.findOne({ outTradeNo }).lean<IntentDoc>();
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

    /**
     * Refund part or all of a paid intent. `outRefundNo` is the caller's stable
     * key: calling again with it returns the same refund (never refunds twice).
     * The sum of refunds and their count (≤ 50) are guarded on the intent.
     */
    async requestRefund(input: { outTradeNo: string; amountFen: number; reason: string; outRefundNo?: string; source?: 'merchant' | 'late_payment' }): Promise<RefundDoc> {
      const amount = fenAmount.safeParse(input.amountFen);
      if (!amount.success) throw new AppError('PAY_AMOUNT_INVALID', `invalid refund amount ${String(input.amountFen)}`);
      const intent = await Intent.findOne({ outTradeNo: input.outTradeNo }).lean<IntentDoc>();
      if (!intent) throw new AppError('PAY_INTENT_NOT_FOUND', `no intent ${input.outTradeNo}`);
      const late = input.source === 'late_payment';
      if (!late && intent.state !== 'SUCCESS') throw new AppError('PAY_NOT_PAID', `intent ${input.outTradeNo} is ${intent.state}`);
      const now = clock.now();
      const outRefundNo = input.outRefundNo ?? `R${newOutTradeNo(now, '')}`;
      let refund: RefundDoc;
      try {
        refund = (
          await Refund.create({
            outRefundNo,
            intentId: intent._id,
            outTradeNo: intent.outTradeNo,
            amountFen: amount.data,
            reason: input.reason,
            source: input.source ?? 'merchant',
            state: 'CREATED',
            requestedAt: now,
            createdAt: now,
          })
        ).toObject();
      } catch (err) {
        if (!isDuplicateKey(err, 'refunds_out_refund_no_unique')) throw err;
        refund = (await Refund.findOne({ outRefundNo }).lean<RefundDoc>())!;
        if (refund.amountFen !== amount.data || String(refund.intentId) !== String(intent._id)) {
          throw new AppError('DUPLICATE', `out_refund_no ${outRefundNo} already used with other terms`);
        }
        if (refund.state !== 'CREATED') return refund;
      }
      if (!refund.reserved) {
        // Reserve the amount on the intent: sum of refunds ≤ paid, at most 50, idempotent per refund.
        const reserved = await Intent.findOneAndUpdate(
          {
            _id: intent._id,
            ...(late ? { latePayment: { $ne: null } } : { state: 'SUCCESS' }),
            refundIds: { $ne: refund._id },
            refundReservedFen: { $lte: intent.amountFen - amount.data },
            refundCount: { $lt: MAX_REFUNDS },
          },
          { $inc: { refundReservedFen: amount.data, refundCount: 1 }, $push: { refundIds: refund._id } },
          { returnDocument: 'after', lean: true },
        );
        if (!reserved) {
          const again = await Intent.findOne({ _id: intent._id, refundIds: refund._id }).lean();
          if (!again) {
            const current = (await Intent.findById(intent._id).lean<IntentDoc>())!;
            await Refund.updateOne({ _id: refund._id, state: 'CREATED' }, { $set: { state: 'FAILED', finishedAt: now, lastError: 'refund cap reached' } });
            if (current.refundCount >= MAX_REFUNDS) throw new AppError('PAY_REFUND_LIMIT', `intent ${intent.outTradeNo} has ${current.refundCount} refunds`);
            throw new AppError('PAY_REFUND_EXCEEDS', `refund ${amount.data} exceeds refundable ${intent.amountFen - current.refundReservedFen}`);
          }
        }
        await Refund.updateOne({ _id: refund._id }, { $set: { reserved: true } });
        refund = { ...refund, reserved: true };
      }
      return submitRefund(refund, intent.amountFen);
    },

    async getRefund(outRefundNo: string): Promise<RefundDoc | null> {
      return Refund.findOne({ outRefundNo }).lean<RefundDoc>();
    },

    applyRefund,
    runPaidHook,
    runRefundHook,
    recordAnomaly,

    // ---- recovery (called by jobs) ------------------------------------------

    /** Missed notifications: query intents still NOTPAY after N minutes; close the expired ones. */
    async recoverPendingIntents(limit = 100): Promise<{ queried: number; paid: number; closed: number }> {
      const now = clock.now();
      const cutoff = new Date(now.getTime() - settings.queryAfterMinutes * 60_000);
      const requeryBefore = new Date(now.getTime() - 60_000);
      const stale = await Intent.find({
        state: 'NOTPAY',
        createdAt: { $lte: cutoff },
        $or: [{ lastQueriedAt: null }, { lastQueriedAt: { $lte: requeryBefore } }],
      })
        .sort({ createdAt: 1 })
        .limit(limit)
        .lean<IntentDoc[]>();
      let paid = 0;
      let closed = 0;
      for (const intent of stale) {
        await Intent.updateOne({ _id: intent._id }, { $set: { lastQueriedAt: now } });
        try {
          const tx = await pay.query(intent.outTradeNo);
          if (tx && (tx.trade_state === 'SUCCESS' || tx.trade_state === 'REFUND')) {
            const after = await service.applyTransaction(tx, 'query');
            if (after?.state === 'SUCCESS') paid += 1;
            continue;
          }
          if (tx?.trade_state === 'CLOSED' || intent.expireAt <= now || !tx) {
            const after = await service.close(intent.outTradeNo).catch(async (err) => {
              if (err instanceof PayApiError && err.httpStatus === 404) {
                await Intent.updateOne({ _id: intent._id, state: 'NOTPAY' }, { $set: { state: 'CLOSED', closedAt: now } });
                return Intent.findById(intent._id).lean<IntentDoc>();
              }
              throw err;
            });
            if (after?.state === 'CLOSED') closed += 1;
            if (after?.state === 'SUCCESS') paid += 1;
          }
        } catch (err) {
          logger.warn({ err, outTradeNo: intent.outTradeNo }, 'recovery query failed; will retry');
        }
      }
      return { queried: stale.length, paid, closed };
    },

    /** Refunds not final: send the never-sent ones again (same out_refund_no), query the rest. */
    async recoverRefunds(limit = 100): Promise<number> {
      const now = clock.now();
      const pending = await Refund.find({
        state: { $in: ['CREATED', 'PROCESSING', 'ABNORMAL'] },
        $or: [{ lastQueriedAt: null }, { lastQueriedAt: { $lte: new Date(now.getTime() - 30_000) } }],
      })
        .limit(limit)
        .lean<RefundDoc[]>();
      for (const refund of pending) {
        await Refund.updateOne({ _id: refund._id }, { $set: { lastQueriedAt: now } });
        try {
          if (refund.state === 'CREATED') {
            const intent = await Intent.findById(refund.intentId).lean<IntentDoc>();
            if (intent) await submitRefund(refund, intent.amountFen);
          } else {
            const wx = await pay.queryRefund(refund.outRefundNo);
            if (wx) await applyRefund(wx);
          }
        } catch (err) {
          logger.warn({ err, outRefundNo: refund.outRefundNo }, 'refund recovery failed; will retry');
        }
      }
      return pending.length;
    },

    /** Hooks left pending by a crash or a failure. */
    async runPendingHooks(limit = 100): Promise<number> {
      const now = clock.now();
      const leaseFree = (f: string) => ({ [`${f}.state`]: 'pending', $or: [{ [`${f}.leaseUntil`]: null }, { [`${f}.leaseUntil`]: { $lt: now } }] });
      const intents = await Intent.find(leaseFree('paidHook')).limit(limit).select({ _id: 1 }).lean();
      const refunds = await Refund.find(leaseFree('refundedHook')).limit(limit).select({ _id: 1 }).lean();
      for (const i of intents) await runPaidHook(i._id);
      for (const r of refunds) await runRefundHook(r._id);
      return intents.length + refunds.length;
    },

    async anomalies(limit = 100): Promise<AnomalyDoc[]> {
      return Anomaly.find().sort({ at: -1 }).limit(limit).lean<AnomalyDoc[]>();
    },

    isFinalRefund(state: RefundState): boolean {
      return FINAL_REFUND.includes(state);
    },
  };
  return service;
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
