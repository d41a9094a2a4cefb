/**
 * wx.requestPayment — H5 demo version: there is no WeChat payment sheet in a
 * browser, so the local WeChat Pay simulator's cashier page
 * (`/sim/pay/payer?prepay_id=…&return=…`, same origin) is shown in a
 * full-screen overlay <iframe id="pay-overlay">. 确认支付 there confirms the
 * payment with the simulator and sends the iframe to `return` with
 * `payResult=ok`; 取消 sends it there with `payResult=cancel`. Each iframe
 * `load` reads the (same-origin) location; once a payResult shows up the
 * overlay is removed. The overlay's own 「关闭」 counts as 'cancel'.
 * Only the prepay_id (from `package`) is used; the simulator does not check
 * paySign on this page.
 *
 * The result only reflects what the payer did on the cashier page — like the
 * real client's success callback it proves nothing. After 'ok' the app must
 * confirm the payment with the server (order query) before showing 支付成功;
 * 「关闭」 during the page's short 支付成功 pause resolves 'cancel' although the
 * payment went through, which the server's answer corrects.
 */
import type { RequestPaymentParams } from '@homeclub/shared';
import { RequestPaymentError, type PaymentResult } from './payment-result';

export { paymentResultText, RequestPaymentError, type PaymentResult } from './payment-result';

export const PAY_OVERLAY_ID = 'pay-overlay';
const PAYER_PAGE = '/sim/pay/payer';
/**
 * Where the cashier page sends the payer back: the pay simulator's console. It
 * is served by the same router as the cashier page (so it exists whenever that
 * does) and is plain HTML without scripts. Not the app's own `/`: that would
 * boot a second copy of the app inside the iframe (silent login, token refresh
 * on the shared storage) just to be thrown away.
 */
const RETURN_PATH = '/sim/pay/';

const OVERLAY_STYLE =
  'position:fixed;left:0;top:0;right:0;bottom:0;z-index:2000;background:#ffffff;margin:0;padding:0;';
const FRAME_STYLE = 'display:block;width:100%;height:100%;border:0;margin:0;padding:0;background:#ffffff;';
// Sits over the left end of the cashier page's grey 「微信支付」 bar.
const CLOSE_STYLE =
  'position:absolute;left:0;top:0;height:48px;padding:0 16px;border:0;background:transparent;' +
  'color:#576b95;font-size:15px;line-height:48px;cursor:pointer;';

function payerPageUrl(prepayId: string): string {
  const back = `${location.origin}${RETURN_PATH}`;
  return `${location.origin}${PAYER_PAGE}?prepay_id=${encodeURIComponent(prepayId)}&return=${encodeURIComponent(back)}`;
}

/**
 * payResult of a URL the cashier page returned to. Mirrors the simulator's
 * withPayResult: in the fragment's query for hash-routed URLs, else in the
 * query string. null while the iframe is still on the cashier page.
 */
function payResultOf(href: string): PaymentResult | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  const q = url.hash.indexOf('?');
  const value = url.searchParams.get('payResult') ?? (q >= 0 ? new URLSearchParams(url.hash.slice(q + 1)).get('payResult') : null);
  return value === 'ok' || value === 'cancel' ? value : null;
}

function frameHref(frame: HTMLIFrameElement): string {
  try {
    return frame.contentWindow?.location.href ?? '';
  } catch {
    return ''; // not same-origin (e.g. the browser's own error page): keep waiting, 「关闭」 still works
  }
}

export function requestPayment(params: RequestPaymentParams): Promise<PaymentResult> {
  const prepayId = /^prepay_id=(.+)$/.exec(params.package)?.[1];
  if (!prepayId) return Promise.reject(new RequestPaymentError('requestPayment:fail invalid package'));
  if (document.getElementById(PAY_OVERLAY_ID)) {
    return Promise.reject(new RequestPaymentError('requestPayment:fail another payment is in progress'));
  }

  return new Promise<PaymentResult>((resolve) => {
    const overlay = document.createElement('div');
    overlay.id = PAY_OVERLAY_ID;
    overlay.style.cssText = OVERLAY_STYLE;

    const frame = document.createElement('iframe');
    frame.title = '微信支付';
    frame.style.cssText = FRAME_STYLE;

    const close = document.createElement('button');
    close.type = 'button';
    close.id = 'pay-overlay-close';
    close.textContent = '关闭';
    close.style.cssText = CLOSE_STYLE;

    let settled = false;
    const finish = (result: PaymentResult) => {
      if (settled) return;
      settled = true;
      frame.removeEventListener('load', onLoad);
      overlay.remove();
      resolve(result);
    };
    const onLoad = () => {
      const result = payResultOf(frameHref(frame));
      if (result) finish(result);
    };
    frame.addEventListener('load', onLoad);
    close.addEventListener('click', () => finish('cancel'));

    frame.src = payerPageUrl(prepayId);
    overlay.append(frame, close);
    document.body.appendChild(overlay);
  });
}
