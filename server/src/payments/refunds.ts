/**
 * Refunds of payment intents: one record per out_refund_no (the caller's
 * stable key, reused on every retry), the refunded sum and the 50-refund cap
 * reserved on the intent with one guarded update, WeChat's view (notification
 * or query) applied so that any order of events converges, and the purpose's
 * `onRefunded` hook run once per successful refund under a lease.
 */
import type { Model, Types } from 'mongoose';
import { fenAmount } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { PayClient, WxRefund } from '../wechat/pay/client';
import { PayApiError } from '../wechat/pay/client';
import type { AnomalyDoc, IntentDoc, RefundDoc, RefundState } from './model';
import { runLeasedStep, type StepOutcome } from '../platform/effects/lease';
import { newOutTradeNo } from './out-trade-no';
import type { PurposeHandlers } from './service';

const FINAL_REFUND: RefundState[] = ['SUCCESS', 'CLOSED', 'FAILED'];
const MAX_REFUNDS = 50;
/** How long a notification waits for a hook before answering (WeChat wants an answer within 5 s). */
export const HOOK_BUDGET_MS = 2000;

export function createRefunds(deps: {
  Intent: Model<IntentDoc>;
  Refund: Model<RefundDoc>;
  clock: Clock;
  logger: Logger;
  pay: PayClient;
  purposes: Map<string, PurposeHandlers>;
  track: <T>(p: Promise<T>) => Promise<T>;
  recordAnomaly: (a: Omit<AnomalyDoc, '_id' | 'at'>) => Promise<void>;
}) {
  const { Intent, Refund, clock, logger, pay, purposes, track, recordAnomaly } = deps;

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
    const released = await Refund.findOneAndUpdate(
      { _id: refund._id, reserved: true },
      { $set: { reserved: false } },
      { returnDocument: 'after' },
    );
    if (released) {
      await Intent.updateOne(
        { _id: refund.intentId, refundIds: refund._id },
        { $inc: { refundReservedFen: -refund.amountFen, refundCount: -1 }, $pull: { refundIds: refund._id } },
      );
    }
  }

  /** Apply WeChat's view of a refund (notification or query). Converges whatever the order. */
  async function applyRefund(wx: WxRefund): Promise<RefundDoc | null> {
    const status = wx.refund_status ?? wx.status;
    const refund = await Refund.findOne({ outRefundNo: wx.out_refund_no }).lean<RefundDoc>();
    if (!refund) {
      await recordAnomaly({
        key: `unknown_refund:${wx.out_refund_no}`,
        kind: 'unknown_refund',
        outTradeNo: wx.out_trade_no ?? null,
        outRefundNo: wx.out_refund_no,
        detail: `WeChat reports refund ${wx.out_refund_no} (${status}) we never requested`,
      });
      return null;
    }
    if (!status || status === 'PROCESSING') {
      await Refund.updateOne(
        { _id: refund._id, state: 'CREATED' },
        { $set: { state: 'PROCESSING', refundId: wx.refund_id ?? null } },
      );
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
    if (status === 'SUCCESS')
      await Promise.race([track(runRefundHook(updated._id)), new Promise((r) => setTimeout(r, HOOK_BUDGET_MS).unref())]);
    if (status === 'CLOSED') await releaseReservation(updated as RefundDoc);
    if (status === 'ABNORMAL') {
      await recordAnomaly({
        key: `refund_abnormal:${refund.outRefundNo}`,
        kind: 'refund_abnormal',
        outTradeNo: refund.outTradeNo,
        outRefundNo: refund.outRefundNo,
        detail: 'refund is ABNORMAL at WeChat (e.g. the payer card is closed): needs manual handling in the merchant platform',
      });
    }
    return updated as RefundDoc;
  }

  /** Send a CREATED refund to WeChat (again), always with its out_refund_no. */
  async function submitRefund(refund: RefundDoc, totalFen: number): Promise<RefundDoc> {
    try {
      const wx = await pay.refund({
        outTradeNo: refund.outTradeNo,
        outRefundNo: refund.outRefundNo,
        reason: refund.reason,
        refundFen: refund.amountFen,
        totalFen,
      });
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

  return {
    async refundsOf(intentId: Types.ObjectId): Promise<RefundDoc[]> {
      return Refund.find({ intentId }).sort({ requestedAt: 1 }).lean<RefundDoc[]>();
    },

    /**
     * Refund part or all of a paid intent. `outRefundNo` is the caller's stable
     * key: calling again with it returns the same refund (never refunds twice).
     * The sum of refunds and their count (≤ 50) are guarded on the intent.
     */
    async requestRefund(input: {
      outTradeNo: string;
      amountFen: number;
      reason: string;
      outRefundNo?: string;
      source?: 'merchant' | 'late_payment';
    }): Promise<RefundDoc> {
      const amount = fenAmount.safeParse(input.amountFen);
      if (!amount.success) throw new AppError('PAY_AMOUNT_INVALID', `invalid refund amount ${String(input.amountFen)}`);
      const intent = await Intent.findOne({ outTradeNo: input.outTradeNo }).lean<IntentDoc>();
      if (!intent) throw new AppError('PAY_INTENT_NOT_FOUND', `no intent ${input.outTradeNo}`);
      const late = input.source === 'late_payment';
      if (!late && intent.state !== 'SUCCESS')
        throw new AppError('PAY_NOT_PAID', `intent ${input.outTradeNo} is ${intent.state}`);
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
            await Refund.updateOne(
              { _id: refund._id, state: 'CREATED' },
              { $set: { state: 'FAILED', finishedAt: now, lastError: 'refund cap reached' } },
            );
            if (current.refundCount >= MAX_REFUNDS)
              throw new AppError('PAY_REFUND_LIMIT', `intent ${intent.outTradeNo} has ${current.refundCount} refunds`);
            throw new AppError(
              'PAY_REFUND_EXCEEDS',
              `refund ${amount.data} exceeds refundable ${intent.amountFen - current.refundReservedFen}`,
            );
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

    isFinalRefund(state: RefundState): boolean {
      return FINAL_REFUND.includes(state);
    },
    applyRefund,
    runRefundHook,
  };
}

export type Refunds = ReturnType<typeof createRefunds>;
