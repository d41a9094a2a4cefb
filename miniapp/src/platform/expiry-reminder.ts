/**
 * 到期提醒 consent after a coupon was claimed — WeChat version. WeChat only
 * opens the subscription sheet from a user tap ("can only be invoked by user
 * TAP gesture"), and the claim's network round trip has ended the tap that
 * started it; so a modal asks first and its confirm tap (inside the modal's
 * success callback, not after a promise hop) calls wx.requestSubscribeMessage.
 * Failures and refusals are ignored: the reminder is a nicety. 「不用了」 is
 * remembered until the mini-program restarts. The H5 demo build resolves
 * expiry-reminder.h5.ts instead (no subscription messages in a browser).
 */
import Taro from '@tarojs/taro';
import { templateIdsOf } from './message-templates';

let declined = false;

/** Tests: forget a 「不用了」. */
export function resetExpiryReminder(): void {
  declined = false;
}

export function askExpiryReminder(): void {
  const tmplIds = templateIdsOf(['coupon_expiry']);
  if (declined || !tmplIds.length) return;
  try {
    void Taro.showModal({
      title: '到期提醒',
      content: '优惠券快到期时，通过微信提醒您使用？',
      confirmText: '提醒我',
      cancelText: '不用了',
      confirmColor: '#07c160',
      success: (res) => {
        if (!res.confirm) {
          declined = true;
          return;
        }
        try {
          const asked = Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option);
          void Promise.resolve(asked).catch(() => undefined);
        } catch {
          // no subscription support in this WeChat version: nothing to do
        }
      },
    }).catch(() => undefined);
  } catch {
    // the modal could not open: nothing to do
  }
}
