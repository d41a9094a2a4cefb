/**
 * 预约提醒 consent — WeChat version. The booking reminders (confirmation, the
 * day before, 2 hours before) are subscribe messages, which WeChat only lets
 * the shopper accept from a tap: the form's 「提交预约」 handler calls
 * askBookingReminder() first, synchronously (before any await), and waits for
 * the sheet's answer; consent is true only if the shopper accepted at least
 * one template. A refusal or a failure is no consent, never an error. There is
 * no checkbox here (the sheet is the question): ReminderConsentField only says
 * what will happen. The H5 demo build resolves booking-reminder.h5.tsx.
 */
import Taro from '@tarojs/taro';
import { Text } from '@tarojs/components';
import { templateIdsOf } from './message-templates';

export interface ReminderConsentFieldProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function ReminderConsentField(_props: ReminderConsentFieldProps) {
  return (
    <Text className='booking-form__hint' id='booking-reminder-note'>
      提交时微信会询问是否接收预约提醒（预约成功、到店前一天和 2 小时前通知您）。
    </Text>
  );
}

/** Must be called synchronously inside the tap handler. `checked` is unused here (the sheet asks). */
export function askBookingReminder(_checked: boolean): Promise<boolean> {
  // the chain's templates (消息模板); both switched off → nothing to ask
  const tmplIds = templateIdsOf(['booking_confirm', 'booking_reminder']);
  if (!tmplIds.length) return Promise.resolve(false);
  try {
    const asked = Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option);
    return Promise.resolve(asked).then(
      (res) => {
        const answers = res as unknown as Record<string, unknown>;
        return tmplIds.some((id) => answers[id] === 'accept');
      },
      () => false,
    );
  } catch {
    // no subscription support in this WeChat version
    return Promise.resolve(false);
  }
}
