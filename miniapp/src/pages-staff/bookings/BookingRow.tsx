/**
 * One row of 今日预约: time, state, service and member (爽约 N 次 badge), the contact (tap to call), 上门 address, note,
 * and 「标记爽约」 (once the start has come) / 「签到」 (booked, today).
 */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { StaffBookingView } from '@homeclub/shared';
import { Button } from '../../components/Button';
import { BOOKING_STATE_TEXT, canCheckIn, canMarkNoShow, clockOf, timeRangeText } from '../../services/booking';

interface RowProps {
  booking: StaffBookingView;
  now: number;
  withDate: boolean;
  acting: boolean;
  onCheckIn: (b: StaffBookingView) => void;
  onNoShow: (b: StaffBookingView) => void;
}

export function BookingRow({ booking: b, now, withDate, acting, onCheckIn, onNoShow }: RowProps) {
  const checkIn = canCheckIn(b, now);
  const noShow = canMarkNoShow(b, now);
  return (
    <View className={`staff-booking staff-booking--${b.state}`} id={`staff-booking-${b.id}`}>
      <View className='staff-booking__head'>
        <Text className='staff-booking__time'>{withDate ? timeRangeText(b.start, b.end) : `${clockOf(b.start)}–${clockOf(b.end)}`}</Text>
        <Text className={`order-tag booking-tag--${b.state}`} id={`staff-booking-state-${b.id}`}>
          {BOOKING_STATE_TEXT[b.state]}
        </Text>
      </View>
      <View className='staff-booking__who'>
        <Text className='staff-booking__name'>
          {b.serviceName} · {b.memberNickname}
        </Text>
        {b.noShowCount > 0 ? (
          <Text className='staff-booking__noshows' id={`staff-booking-noshows-${b.id}`}>
            爽约 {b.noShowCount} 次
          </Text>
        ) : null}
      </View>
      <Text
        className='staff-booking__line staff-booking__phone'
        id={`staff-booking-call-${b.id}`}
        onClick={() => void Taro.makePhoneCall({ phoneNumber: b.phone }).catch(() => undefined)}
      >
        {b.name} {b.phone}
      </Text>
      {b.address ? (
        <Text className='staff-booking__line'>
          上门地址：{b.address.city}
          {b.address.district}
          {b.address.detail}
        </Text>
      ) : null}
      {b.note ? <Text className='staff-booking__line'>备注：{b.note}</Text> : null}
      {checkIn || noShow ? (
        <View className='staff-booking__actions'>
          {noShow ? (
            <Button
              id={`staff-booking-noshow-${b.id}`}
              className='btn btn--plain btn--small'
              disabled={acting}
              onClick={() => onNoShow(b)}
            >
              标记爽约
            </Button>
          ) : null}
          {checkIn ? (
            <Button
              id={`staff-booking-checkin-${b.id}`}
              className='btn btn--primary btn--small'
              disabled={acting}
              loading={acting}
              onClick={() => onCheckIn(b)}
            >
              签到
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
