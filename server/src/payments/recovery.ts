/**
 * Missed notifications: intents still NOTPAY after `queryAfterMinutes` are
 * queried at WeChat (at most once a minute each); a payment found is applied
 * like a notification, an expired or unknown one is closed there and here.
 */
import type { Model } from 'mongoose';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { PayClient, WxTransaction } from '../wechat/pay/client';
import { PayApiError } from '../wechat/pay/client';
import type { IntentDoc } from './model';

export function createIntentRecovery(deps: {
  Intent: Model<IntentDoc>;
  clock: Clock;
  logger: Logger;
  pay: PayClient;
  queryAfterMinutes: number;
  applyTransaction(tx: WxTransaction, via: 'query'): Promise<IntentDoc | null>;
  close(outTradeNo: string): Promise<IntentDoc>;
}) {
  const { Intent, clock, logger, pay } = deps;
  async function recoverPendingIntents(limit = 100): Promise<{ queried: number; paid: number; closed: number }> {
    const now = clock.now();
    const cutoff = new Date(now.getTime() - deps.queryAfterMinutes * 60_000);
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
          const after = await deps.applyTransaction(tx, 'query');
          if (after?.state === 'SUCCESS') paid += 1;
          continue;
        }
        if (tx?.trade_state === 'CLOSED' || intent.expireAt <= now || !tx) {
          const after = await deps.close(intent.outTradeNo).catch(async (err) => {
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
  }

  return { recoverPendingIntents };
}
