/**
 * 预约提醒 consent — H5 demo version: a browser has no WeChat subscribe
 * messages, so the form shows a visible checkbox 「预约提醒（微信服务通知）」
 * and its value is the consent sent with the booking (booking-reminder.tsx is
 * the WeChat one, where WeChat's own sheet asks).
 */
import { Text, View } from '@tarojs/components';

export interface ReminderConsentFieldProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function ReminderConsentField({ checked, onChange }: ReminderConsentFieldProps) {
  return (
    <View
      className={`booking-check${checked ? ' booking-check--on' : ''}`}
      id='booking-reminder'
      role='checkbox'
      aria-checked={checked}
      data-checked={checked ? 'true' : 'false'}
      onClick={() => onChange(!checked)}
    >
      <View className='booking-check__box'>
        <Text>{checked ? '✓' : ''}</Text>
      </View>
      <Text className='booking-check__label'>预约提醒（微信服务通知）</Text>
    </View>
  );
}

export function askBookingReminder(checked: boolean): Promise<boolean> {
  return Promise.resolve(checked);
}
