/**
 * What wx.requestPayment can tell the app, shared by both adapters
 * (request-payment.ts for WeChat, request-payment.h5.ts for the H5 demo).
 *
 * 'ok' only means the payer confirmed in the payment sheet; it proves nothing
 * about the money. Before showing 支付成功 the app must confirm the payment with
 * the server (order query backed by WeChat's verified notification / order query).
 */
export type PaymentResult = 'ok' | 'cancel';

/** wx.requestPayment failed for another reason than the payer cancelling; `errMsg` is WeChat's. */
export class RequestPaymentError extends Error {
  readonly errMsg: string;

  constructor(errMsg: string) {
    super(errMsg);
    this.name = 'RequestPaymentError';
    this.errMsg = errMsg;
  }
}

/** Text for the UI right after the payment sheet closes (never 支付成功: that needs the server). */
export function paymentResultText(result: PaymentResult): string {
  return result === 'ok' ? '支付处理中，请稍候…' : '已取消支付';
}
