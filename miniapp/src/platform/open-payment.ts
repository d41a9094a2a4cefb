/**
 * Open the WeChat payment sheet for parameters from the server and tell the
 * page whether to go on confirming with the server: true after the payer
 * confirmed, false (with a toast) when they cancelled or the sheet failed.
 * Never means 支付成功: the page then reads the server.
 */
import Taro from '@tarojs/taro';
import type { RequestPaymentParams } from '@homeclub/shared';
import { paymentResultText, requestPayment } from './request-payment';

export async function openPayment(params: RequestPaymentParams): Promise<boolean> {
  let result;
  try {
    result = await requestPayment(params);
  } catch {
    void Taro.showToast({ title: '支付失败，请重试', icon: 'none' });
    return false;
  }
  if (result === 'cancel') {
    void Taro.showToast({ title: paymentResultText('cancel'), icon: 'none' });
    return false;
  }
  return true;
}
