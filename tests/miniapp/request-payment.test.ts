/**
 * wx.requestPayment adapters: the WeChat one (Taro.requestPayment) and the H5
 * demo one (the pay simulator's cashier page in a full-screen iframe overlay).
 * Either result only reports what the payer did; the server confirms payment.
 */
import type { RequestPaymentParams } from '@homeclub/shared';
import * as weapp from '@/platform/request-payment';
import * as h5 from '@/platform/request-payment.h5';
import { paymentResultText, RequestPaymentError } from '@/platform/payment-result';
import Taro, { resetTaroMock } from './mocks/taro';

// The shared Taro mock has no requestPayment: add one for this file.
const wxRequestPayment = jest.fn();
(Taro as unknown as Record<string, unknown>).requestPayment = wxRequestPayment;

const params: RequestPaymentParams = {
  timeStamp: '1763794800',
  nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
  package: 'prepay_id=wx22101500123456789abcdef0123456789',
  signType: 'RSA',
  paySign: 'c2lnbmF0dXJlLWJhc2U2NA==',
};

beforeEach(() => {
  resetTaroMock();
  wxRequestPayment.mockReset();
  document.body.innerHTML = '';
});

describe('weapp: Taro.requestPayment', () => {
  test('success → ok, with the parameters passed through exactly', async () => {
    wxRequestPayment.mockResolvedValue({ errMsg: 'requestPayment:ok' });
    await expect(weapp.requestPayment(params)).resolves.toBe('ok');
    expect(wxRequestPayment).toHaveBeenCalledTimes(1);
    expect(wxRequestPayment.mock.calls[0][0]).toStrictEqual({ ...params });
  });

  test('only the five WeChat fields are sent', async () => {
    wxRequestPayment.mockResolvedValue({ errMsg: 'requestPayment:ok' });
    await weapp.requestPayment({ ...params, outTradeNo: 'HC1' } as RequestPaymentParams);
    expect(wxRequestPayment.mock.calls[0][0]).toStrictEqual({ ...params });
  });

  test('the payer cancelling → cancel', async () => {
    wxRequestPayment.mockRejectedValue({ errMsg: 'requestPayment:fail cancel' });
    await expect(weapp.requestPayment(params)).resolves.toBe('cancel');
  });

  test('any other failure rejects with WeChat’s errMsg', async () => {
    const errMsg = 'requestPayment:fail 支付验证签名失败';
    wxRequestPayment.mockRejectedValue({ errMsg });
    const err: unknown = await weapp.requestPayment(params).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(RequestPaymentError);
    expect(err).toMatchObject({ message: errMsg, errMsg });
  });

  test('a thrown Error keeps its message', async () => {
    wxRequestPayment.mockRejectedValue(new Error('requestPayment:fail system error'));
    await expect(weapp.requestPayment(params)).rejects.toThrow('requestPayment:fail system error');
  });
});

describe('H5 demo: cashier page overlay', () => {
  const returnUrl = `${location.origin}/sim/pay/`;

  function overlay(): HTMLElement | null {
    return document.getElementById('pay-overlay');
  }
  function frame(): HTMLIFrameElement {
    const f = overlay()?.querySelector('iframe');
    if (!f) throw new Error('no payment iframe');
    return f;
  }
  /** What the browser does when the cashier page navigates the iframe (same origin). */
  function navigateFrame(href: string): void {
    const f = frame();
    Object.defineProperty(f, 'contentWindow', { configurable: true, value: { location: { href } } });
    f.dispatchEvent(new Event('load'));
  }
  function settledState(p: Promise<unknown>): Promise<string> {
    return Promise.race([p.then((v) => `resolved:${String(v)}`), new Promise<string>((r) => setTimeout(() => r('pending'), 0))]);
  }

  test('opens the cashier page for the prepay_id in a full-screen overlay, with an encoded same-origin return', () => {
    void h5.requestPayment(params);
    const el = overlay()!;
    expect(el).not.toBeNull();
    expect(el.parentElement).toBe(document.body);
    expect(el.style.position).toBe('fixed');
    expect(Number(el.style.zIndex)).toBeGreaterThan(500); // Taro's H5 tab bar is 500
    expect(el.style.background).toMatch(/#ffffff|rgb\(255, 255, 255\)/);
    expect(frame().getAttribute('src')).toBe(
      `${location.origin}/sim/pay/payer?prepay_id=wx22101500123456789abcdef0123456789&return=${encodeURIComponent(returnUrl)}`,
    );
    expect(encodeURIComponent(returnUrl)).toBe('http%3A%2F%2Flocalhost%2Fsim%2Fpay%2F');
  });

  test('the cashier page itself loading settles nothing', async () => {
    const p = h5.requestPayment(params);
    navigateFrame(frame().src);
    expect(await settledState(p)).toBe('pending');
    expect(overlay()).not.toBeNull();
  });

  test('确认支付 → back at return with payResult=ok → ok, overlay removed', async () => {
    const p = h5.requestPayment(params);
    navigateFrame(frame().src);
    navigateFrame(`${returnUrl}?payResult=ok`);
    await expect(p).resolves.toBe('ok');
    expect(overlay()).toBeNull();
  });

  test('取消 → back at return with payResult=cancel → cancel, overlay removed', async () => {
    const p = h5.requestPayment(params);
    navigateFrame(`${returnUrl}?payResult=cancel`);
    await expect(p).resolves.toBe('cancel');
    expect(overlay()).toBeNull();
  });

  test('payResult in a hash-routed return URL’s fragment is read too', async () => {
    const p = h5.requestPayment(params);
    navigateFrame(`${location.origin}/#/pages-order/order/index?id=7&payResult=ok`);
    await expect(p).resolves.toBe('ok');
  });

  test('an unreadable (cross-origin) frame location is ignored', async () => {
    const p = h5.requestPayment(params);
    const f = frame();
    Object.defineProperty(f, 'contentWindow', {
      configurable: true,
      get: () => ({
        get location(): Location {
          throw new DOMException('Blocked a frame', 'SecurityError');
        },
      }),
    });
    f.dispatchEvent(new Event('load'));
    expect(await settledState(p)).toBe('pending');
    document.getElementById('pay-overlay-close')!.click();
    await expect(p).resolves.toBe('cancel');
  });

  test('the overlay’s 关闭 button → cancel, overlay removed; a later load changes nothing', async () => {
    const p = h5.requestPayment(params);
    const close = document.getElementById('pay-overlay-close')!;
    expect(close.textContent).toBe('关闭');
    const f = frame();
    close.click();
    await expect(p).resolves.toBe('cancel');
    expect(overlay()).toBeNull();
    Object.defineProperty(f, 'contentWindow', { configurable: true, value: { location: { href: `${returnUrl}?payResult=ok` } } });
    f.dispatchEvent(new Event('load'));
    await expect(p).resolves.toBe('cancel');
  });

  test('a package without prepay_id, or a second payment while one is open, is rejected', async () => {
    await expect(h5.requestPayment({ ...params, package: 'wx123' })).rejects.toBeInstanceOf(RequestPaymentError);
    expect(overlay()).toBeNull();
    const first = h5.requestPayment(params);
    await expect(h5.requestPayment(params)).rejects.toThrow(/in progress/);
    expect(document.querySelectorAll('#pay-overlay')).toHaveLength(1);
    document.getElementById('pay-overlay-close')!.click();
    await expect(first).resolves.toBe('cancel');
  });
});

describe('paymentResultText', () => {
  test('Chinese text for the UI, never 支付成功', () => {
    expect(paymentResultText('ok')).toBe('支付处理中，请稍候…');
    expect(paymentResultText('cancel')).toBe('已取消支付');
    expect(weapp.paymentResultText).toBe(paymentResultText);
    expect(h5.paymentResultText).toBe(paymentResultText);
  });
});
