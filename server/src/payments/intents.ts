/**
 * Creating a payment intent: one per (purpose, reference), under its unique keys;
 * a repeat returns the same intent with fresh wx.requestPayment parameters.
 */
import { Types, type Model } from 'mongoose';
import { fenAmount, type RequestPaymentParams } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { PayClient } from '../wechat/pay/client';
import type { IntentDoc } from './model';
import { newOutTradeNo } from './out-trade-no';

export function createIntents(deps: { Intent: Model<IntentDoc>; clock: Clock; pay: PayClient }) {
  const { Intent, clock, pay } = deps;
  /**
   * The intent for (purpose, reference), created once; a repeat call returns
   * the same intent with fresh wx.requestPayment parameters (WeChat's repeat
   * prepay with identical parameters).
   */
  return async function createIntent(input: {
    purpose: string;
    reference: string;
    memberId?: string | null;
    openid: string;
    amountFen: number;
    description: string;
    expireAt: Date;
    /** the number the source document fixed at its creation (orders); a fresh one otherwise */
    outTradeNo?: string | null;
  }): Promise<{ intent: IntentDoc & { prepayId: string }; requestPayment: RequestPaymentParams }> {
    const amount = fenAmount.safeParse(input.amountFen);
    if (!amount.success) throw new AppError('PAY_AMOUNT_INVALID', `invalid amount ${String(input.amountFen)}: ${amount.error.issues[0].message}`);
    const now = clock.now();
    let intent: IntentDoc;
    try {
      intent = (
        await Intent.create({
          outTradeNo: input.outTradeNo ?? newOutTradeNo(now),
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
      // a twin inserted first (with a number fixed by the source, both unique keys repeat)
      if (!isDuplicateKey(err, 'intents_purpose_reference_unique') && !(input.outTradeNo && isDuplicateKey(err, 'intents_out_trade_no_unique'))) throw err;
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
    // the prepay id is returned, not stored: the shopper's parameters carry it, and WeChat is asked by out_trade_no
    return { intent: { ...intent, prepayId: created.prepayId }, requestPayment: created.requestPayment };
  };
}
