/**
 * 预约详情's cards: the booking code (barcode, QR code and digits for the clerk to scan at check-in, while booked) and
 * the facts — service, store, time, contact, 上门 address, note, deposit and its state, times.
 */
import { Text, View } from '@tarojs/components';
import type { BookingView } from '@homeclub/shared';
import { formatDateTime, formatYuan, groupDigits } from '../../services/membership';
import { DEPOSIT_STATE_TEXT, timeRangeText } from '../../services/booking';
import { Barcode } from '../../components/Barcode';
import { QrCode } from '../../components/QrCode';

function Line({ label, id, children }: { label: string; id?: string; children: string }) {
  return (
    <View className='pay-line'>
      <Text>{label}</Text>
      <Text className='pay-line__value' id={id}>
        {children}
      </Text>
    </View>
  );
}

export function BookingCode({ booking: b }: { booking: BookingView }) {
  return (
    <View className='card member-code booking-code-card' id='booking-code-card'>
      <Text className='member-code__title'>{b.kind === 'measure' ? '预约码' : '到店码'}</Text>
      <View className='member-code__body'>
        <Barcode digits={b.code} id='booking-barcode' />
        <Text className='member-code__digits' id='booking-code' data-code={b.code}>
          {groupDigits(b.code)}
        </Text>
        <QrCode digits={b.code} id='booking-qr' />
        <Text className='member-code__hint'>{b.kind === 'measure' ? '设计师上门时出示，扫码签到' : '到店后向店员出示，扫码签到'}</Text>
      </View>
    </View>
  );
}

export function BookingInfo({ booking: b }: { booking: BookingView }) {
  return (
    <View className='card pay-breakdown' id='booking-info'>
      <Line label='服务' id='booking-service'>
        {b.serviceName}
      </Line>
      <Line label='门店' id='booking-store'>
        {b.storeName}
      </Line>
      {b.storeAddress ? <Line label='门店地址'>{b.storeAddress}</Line> : null}
      <Line label='时间' id='booking-time'>
        {timeRangeText(b.start, b.end)}
      </Line>
      <Line label='联系人' id='booking-contact'>
        {`${b.name} ${b.phone}`}
      </Line>
      {b.address ? (
        <Line label='上门地址' id='booking-address'>
          {`${b.address.city}${b.address.district}${b.address.detail}`}
        </Line>
      ) : null}
      {b.note ? <Line label='备注'>{b.note}</Line> : null}
      {b.depositFen > 0 ? (
        <Line label='定金' id='booking-deposit'>
          {`${formatYuan(b.depositFen)} · ${DEPOSIT_STATE_TEXT[b.depositState]}`}
        </Line>
      ) : null}
      {b.state !== 'booked' ? (
        <Line label='预约号' id='booking-code'>
          {groupDigits(b.code)}
        </Line>
      ) : null}
      <Line label='提交时间'>{formatDateTime(b.createdAt)}</Line>
      {b.cancelledAt ? <Line label='取消时间'>{formatDateTime(b.cancelledAt)}</Line> : null}
      {b.attendedAt ? <Line label='到店时间'>{formatDateTime(b.attendedAt)}</Line> : null}
    </View>
  );
}
