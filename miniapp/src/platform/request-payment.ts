/**
 * wx.requestPayment — WeChat version. The H5 demo build resolves
 * request-payment.h5.ts instead (Taro platform suffix), so no simulator code
 * reaches the weapp bundle.
 *
 * The result only reflects what the payer did in WeChat's payment sheet: the
 * client's success callback proves nothing. After 'ok' the app must confirm the
 * payment with the server (order query) before showing 支付成功; after 'cancel'
 * the order may still be paid (e.g. a second device), so the server stays the
 * source of truth there too.
 */
import Taro from '@tarojs/taro';
import type { RequestPaymentParams } from '@homeclub/shared';
import { RequestPaymentError, type PaymentResult } from './payment-result';

export { paymentResultText, RequestPaymentError, type PaymentResult } from './payment-result';

function errMsgOf(err: unknown): string {
  if (err && typeof err === 'object' && 'errMsg' in err && typeof err.errMsg === 'string') return err.errMsg;
  if (err instanceof Error && err.message) return err.message;
  return 'requestPayment:fail';
}

/** Resolves 'ok' / 'cancel'; any other failure rejects with a RequestPaymentError carrying WeChat's errMsg. */
export async function requestPayment(params: RequestPaymentParams): Promise<PaymentResult> {
  const { timeStamp, nonceStr, package: pkg, signType, paySign } = params;
  try {
    await Taro.requestPayment({ timeStamp, nonceStr, package: pkg, signType, paySign });
    return 'ok';
  } catch (err) {
    const errMsg = errMsgOf(err);
    // "requestPayment:fail cancel" (the payer closed the sheet)
    if (errMsg.includes('cancel')) return 'cancel';
    throw new RequestPaymentError(errMsg);
  }
}
