/**
 * 「去支付」 / 「支付定金」 on a shopper's unpaid document (an order, a booking's deposit): start the payment on the server,
 * open WeChat Pay's sheet when it asks for one, then re-read until the server says paid (for up to ORDER_POLL_MAX_MS:
 * only the server's notification makes it paid). A refused start re-reads once instead — it was paid, closed or
 * expired meanwhile, so the page shows what it is now. A closed sheet stops there (nothing was paid).
 */
import type { RequestPaymentParams } from '@homeclub/shared';
import { ORDER_POLL_MAX_MS } from '../services/checkout';
import { openPayment } from '../platform/open-payment';

export async function payThenPoll<R extends { requestPayment?: RequestPaymentParams | null }>(
  start: () => Promise<R>,
  show: (started: R) => void,
  poll: (until: number | null) => void,
): Promise<void> {
  let res: R;
  try {
    res = await start(); // failures are toasted by the call
  } catch {
    poll(null);
    return;
  }
  show(res);
  if (res.requestPayment && !(await openPayment(res.requestPayment))) return;
  poll(Date.now() + ORDER_POLL_MAX_MS);
}
