/**
 * 预约详情 (?id=<bookingId>[&created=1 | &paying=1]): GET /api/bookings/:id.
 * The booking code (10 digits) as barcode, QR code and digits for the clerk to
 * scan at check-in; service, store, time, contact, 上门 address, the deposit
 * and its state, the points awarded after the visit.
 *
 * Changes follow the cut-off: while `canChange` (and until `changeDeadline`
 * passes on this page) 「改期」 opens a date strip + slot grid of the same
 * service (POST /api/bookings/:id/reschedule {start}) and 「取消预约」 asks first
 * (POST /api/bookings/:id/cancel; a paid deposit is refunded). After the
 * cut-off: 「预约开始前 N 小时内不可修改，如需变更请致电门店」 with the store's phone.
 *
 * A booking waiting for its deposit shows 「支付定金」 (POST /api/bookings/:id/pay,
 * then wx.requestPayment — the H5 demo opens the WeChat Pay simulator's payer
 * page) and the time left of the 15 minutes. Right after a payment (`paying=1`,
 * or 「支付定金」 here) the booking is re-read every 1.5 s for up to 30 s: only
 * the server says whether the deposit was paid.
 */
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { BOOKING_STATE_TEXT, canChangeNow, cutoffText, depositDeadline, isActive, timeRangeText } from '../../services/booking';
import type { BookingView } from '@homeclub/shared';
import { formatPoints, formatYuan } from '../../services/membership';
import { ORDER_POLL_MAX_MS } from '../../services/checkout';
import { timeLeft } from '../../services/orders';
import { PageGate } from '../../components/PageGate';
import { useSecondClock } from '../../hooks/useSecondClock';
import { useMyBooking } from '../../hooks/useMyBooking';
import type { Watch } from '../../hooks/useWatchedRead';
import { BookingCode, BookingInfo } from './BookingInfo';
import { ReschedulePanel } from './ReschedulePanel';
import '../styles.css';

function titleOf(b: BookingView, watch: Watch, fresh: boolean): string {
  if (b.state === 'pending_payment') {
    if (watch === 'watching') return '等待支付结果…';
    if (watch === 'timedOut') return '暂未确认支付结果';
    return '待支付定金';
  }
  if (b.state === 'booked') return fresh ? '预约成功' : '已预约';
  if (b.state === 'cancelled') return '预约已取消';
  if (b.state === 'expired') return '预约已失效';
  return BOOKING_STATE_TEXT[b.state];
}

function PayLeft({ booking, now }: { booking: BookingView; now: number }) {
  const left = timeLeft(depositDeadline(booking), now);
  return (
    <Text className='pay-hint' id='booking-pay-left'>
      {left ? `请在 ${left} 内支付定金，超时预约自动取消` : '已超过支付时限，预约即将失效'}
    </Text>
  );
}

export default function BookingDetailPage() {
  const { params } = useRouter();
  const bookingId = params.id ?? '';
  const paying = params.paying === '1';
  const fresh = paying || params.created === '1';
  const now = useSecondClock();
  const { detail, watch, poll, acting, pay, cancel, rescheduling, setRescheduling, moved, storePhone } = useMyBooking(bookingId, paying);

  return (
    <PageGate
      missing={bookingId ? null : '缺少预约信息'}
      load={detail}
      loadingText={paying ? '正在确认定金支付结果…' : '预约加载中…'}
      errorId='booking-detail-load-error'
      onRetry={() => poll(null)}
    >
      {() => (detail.status === 'ready' ? renderBooking(detail.value) : null)}
    </PageGate>
  );

  function renderBooking(b: BookingView) {
    const pending = b.state === 'pending_payment';
    const changeable = canChangeNow(b, now) && watch !== 'watching';
    const payOpen = pending && watch !== 'watching' && Date.parse(depositDeadline(b)) > now;

    return (
      <View className='page page--booking-detail' id='booking-detail'>
        <View className={`card order-result booking-result booking-result--${b.state}`}>
          <Text className='order-result__title' id='booking-state' data-state={b.state}>
            {titleOf(b, watch, fresh)}
          </Text>
          <Text className='booking-result__service'>{b.serviceName}</Text>
          <Text className='booking-result__time'>{timeRangeText(b.start, b.end)}</Text>
          {pending && watch === 'watching' ? <Text className='pay-hint'>正在向微信支付确认，请稍候</Text> : null}
          {pending && watch === 'timedOut' ? (
            <View className='state-action'>
              <Text className='pay-hint'>如已付款，请稍后刷新查看</Text>
              <Button
                id='booking-refresh'
                className='btn btn--plain btn--small'
                onClick={() => poll(Date.now() + ORDER_POLL_MAX_MS)}
              >
                刷新
              </Button>
            </View>
          ) : null}
          {pending && watch !== 'watching' ? <PayLeft booking={b} now={now} /> : null}
          {b.state === 'expired' ? <Text className='pay-hint'>定金未在 15 分钟内支付，预约已自动取消</Text> : null}
          {b.state === 'attended' && b.pointsAwarded > 0 ? (
            <Text className='order-result__points' id='booking-points'>
              到店奖励 {formatPoints(b.pointsAwarded)} 积分
            </Text>
          ) : null}
        </View>

        {b.state === 'booked' ? <BookingCode booking={b} /> : null}
        <BookingInfo booking={b} />

        {rescheduling && changeable ? (
          <ReschedulePanel
            booking={b}
            onDone={moved}
            onClose={() => setRescheduling(false)}
            onStale={() => poll(null)}
          />
        ) : null}

        {isActive(b) && !changeable && watch !== 'watching' ? (
          <View className='notice booking-locked' id='booking-change-locked'>
            <Text>预约开始前 {cutoffText(b)}内不可修改，如需变更请致电门店</Text>
            {storePhone ? (
              <Text
                className='booking-locked__phone'
                id='booking-store-phone'
                onClick={() => void Taro.makePhoneCall({ phoneNumber: storePhone }).catch(() => undefined)}
              >
                门店电话 {storePhone}
              </Text>
            ) : null}
          </View>
        ) : null}

        <View className='pay-submit-bar'>
          {payOpen ? (
            <Button
              id='booking-pay'
              className='btn btn--primary btn--block'
              disabled={acting !== null}
              loading={acting === 'pay'}
              onClick={() => void pay()}
            >
              支付定金 {formatYuan(b.depositFen)}
            </Button>
          ) : null}
          {changeable && !rescheduling ? (
            <View className='booking-actions'>
              <Button
                id='booking-reschedule'
                className='btn btn--plain booking-actions__btn'
                disabled={acting !== null}
                onClick={() => setRescheduling(true)}
              >
                改期
              </Button>
              <Button
                id='booking-cancel'
                className='btn btn--plain booking-actions__btn booking-actions__btn--danger'
                disabled={acting !== null}
                loading={acting === 'cancel'}
                onClick={() => void cancel(b)}
              >
                取消预约
              </Button>
            </View>
          ) : null}
          {fresh ? (
            <Button
              id='booking-to-list'
              className='btn btn--plain btn--block till-secondary'
              onClick={() => void Taro.redirectTo({ url: '/pages-booking/bookings/index' })}
            >
              查看我的预约
            </Button>
          ) : null}
        </View>
      </View>
    );
  }
}
