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
import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { shanghaiDay, type BookingView } from '@homeclub/shared';
import { call, isApiError, showErrorToast } from '../../services/api';
import { useSession } from '../../services/session';
import { loadStores } from '../../services/coupons';
import { formatDateTime, formatPoints, formatYuan, groupDigits } from '../../services/membership';
import { ORDER_POLL_MAX_MS } from '../../services/checkout';
import { timeLeft } from '../../services/orders';
import {
  BOOKING_STATE_TEXT,
  canChangeNow,
  cutoffText,
  depositDeadline,
  DEPOSIT_STATE_TEXT,
  isActive,
  timeRangeText,
} from '../../services/booking';
import { ErrorState, LoadingState } from '../../components/StateView';
import { Barcode } from '../../components/Barcode';
import { QrCode } from '../../components/QrCode';
import { SlotPicker, type SlotView } from '../../components/SlotPicker';
import { useSecondClock } from '../../hooks/useSecondClock';
import { useWatchedRead, type Watch } from '../../hooks/useWatchedRead';
import { openPayment } from '../../platform/open-payment';
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

interface RescheduleProps {
  booking: BookingView;
  onDone: (b: BookingView) => void;
  onClose: () => void;
  onStale: () => void;
}

function ReschedulePanel({ booking, onDone, onClose, onStale }: RescheduleProps) {
  const [slot, setSlot] = useState<SlotView | null>(null);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const busy = useRef(false);

  const confirm = async () => {
    if (busy.current || !slot) return;
    busy.current = true;
    setSaving(true);
    setMessage(null);
    try {
      const moved = await call('rescheduleBooking', { params: { bookingId: booking.id }, body: { start: slot.start }, toast: false });
      onDone(moved);
    } catch (err) {
      setMessage(err instanceof Error && err.message ? err.message : '改期失败，请重试');
      if (isApiError(err) && (err.code === 'BOOKING_SLOT_FULL' || err.code === 'BOOKING_SLOT_NOT_AVAILABLE')) {
        setSlot(null);
        setReloadKey((k) => k + 1);
      }
      if (isApiError(err) && (err.code === 'BOOKING_CUTOFF' || err.code === 'BOOKING_NOT_ACTIVE')) onStale();
    } finally {
      busy.current = false;
      setSaving(false);
    }
  };

  return (
    <View className='card booking-reschedule' id='booking-reschedule-panel'>
      <Text className='pay-section__title'>改期：选择新的时间</Text>
      <Text className='pay-hint'>当前 {timeRangeText(booking.start, booking.end)}</Text>
      <SlotPicker
        serviceId={booking.serviceId}
        idPrefix='booking-reschedule'
        selected={slot?.start ?? null}
        onSelect={(s) => {
          setSlot(s);
          if (s) setMessage(null);
        }}
        current={booking.start}
        initialDate={shanghaiDay(Date.parse(booking.start))}
        reloadKey={reloadKey}
      />
      {slot ? (
        <Text className='booking-time__chosen' id='booking-reschedule-chosen'>
          改到 {timeRangeText(slot.start, slot.end)}
        </Text>
      ) : null}
      {message ? (
        <View className='form-alert' id='booking-reschedule-error'>
          <Text>{message}</Text>
        </View>
      ) : null}
      <View className='booking-actions'>
        <Button id='booking-reschedule-close' className='btn btn--plain booking-actions__btn' disabled={saving} onClick={onClose}>
          不改了
        </Button>
        <Button
          id='booking-reschedule-confirm'
          className='btn btn--primary booking-actions__btn'
          disabled={!slot || saving}
          loading={saving}
          onClick={() => void confirm()}
        >
          确认改期
        </Button>
      </View>
    </View>
  );
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
  const { member } = useSession();
  const memberId = member?.id;
  const now = useSecondClock();
  /** Read the booking; with a deadline keep reading while the deposit is pending. */
  const { detail, show, watch, setWatch, poll, stop } = useWatchedRead(
    () => call('myBooking', { params: { bookingId }, toast: false }),
    (booking) => booking.state === 'pending_payment',
    '预约加载失败',
  );
  const [acting, setActing] = useState<'pay' | 'cancel' | null>(null);
  const [rescheduling, setRescheduling] = useState(false);
  const [storePhone, setStorePhone] = useState<string | null>(null);
  const busy = useRef(false);

  useEffect(() => {
    if (!memberId || !bookingId) return undefined;
    poll(paying ? Date.now() + ORDER_POLL_MAX_MS : null);
    return stop;
  }, [memberId, bookingId, paying, poll, stop]);

  const storeId = detail.status === 'ready' ? detail.value.storeId : null;
  useEffect(() => {
    if (!storeId) return undefined;
    let current = true;
    loadStores()
      .then((stores) => {
        if (current) setStorePhone(stores.find((s) => s.id === storeId)?.phone ?? null);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [storeId]);

  const pay = async () => {
    if (busy.current) return;
    busy.current = true;
    setActing('pay');
    try {
      let res;
      try {
        res = await call('payBooking', { params: { bookingId } }); // failures are toasted
      } catch {
        poll(null); // paid, cancelled or expired meanwhile: show what it is now
        return;
      }
      show(res.booking);
      if (!res.requestPayment) {
        poll(Date.now() + ORDER_POLL_MAX_MS);
        return;
      }
      if (!(await openPayment(res.requestPayment))) return;
      poll(Date.now() + ORDER_POLL_MAX_MS);
    } catch (err) {
      showErrorToast(err);
    } finally {
      busy.current = false;
      setActing(null);
    }
  };

  const cancel = async (b: BookingView) => {
    if (busy.current) return;
    busy.current = true;
    try {
      const content =
        b.depositState === 'paid'
          ? `取消后定金 ${formatYuan(b.depositFen)} 将原路退回，该时段会释放给其他顾客。`
          : b.state === 'pending_payment'
            ? '取消后无需再支付定金，该时段会释放给其他顾客。'
            : '取消后该时段会释放给其他顾客。';
      const { confirm } = await Taro.showModal({ title: '取消预约', content, confirmText: '取消预约', cancelText: '再想想' });
      if (!confirm) return;
      setActing('cancel');
      try {
        const cancelled = await call('cancelBooking', { params: { bookingId } }); // failures are toasted
        stop();
        setWatch('idle');
        setRescheduling(false);
        show(cancelled);
        void Taro.showToast({ title: '预约已取消', icon: 'none' });
      } catch {
        poll(null);
      }
    } finally {
      busy.current = false;
      setActing(null);
    }
  };

  if (!bookingId) {
    return (
      <View className='page'>
        <View className='card'>
          <ErrorState message='缺少预约信息' />
        </View>
      </View>
    );
  }
  if (!member || detail.status === 'loading') {
    return (
      <View className='page'>
        <LoadingState text={member ? (paying ? '正在确认定金支付结果…' : '预约加载中…') : '正在登录…'} />
      </View>
    );
  }
  if (detail.status === 'error') {
    return (
      <View className='page'>
        <View className='card'>
          <ErrorState id='booking-detail-load-error' message={detail.message} onRetry={() => poll(null)} />
        </View>
      </View>
    );
  }

  const b = detail.value;
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

      {b.state === 'booked' ? (
        <View className='card member-code booking-code-card' id='booking-code-card'>
          <Text className='member-code__title'>{b.kind === 'measure' ? '预约码' : '到店码'}</Text>
          <View className='member-code__body'>
            <Barcode digits={b.code} id='booking-barcode' />
            <Text className='member-code__digits' id='booking-code' data-code={b.code}>
              {groupDigits(b.code)}
            </Text>
            <QrCode digits={b.code} id='booking-qr' />
            <Text className='member-code__hint'>
              {b.kind === 'measure' ? '设计师上门时出示，扫码签到' : '到店后向店员出示，扫码签到'}
            </Text>
          </View>
        </View>
      ) : null}

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

      {rescheduling && changeable ? (
        <ReschedulePanel
          booking={b}
          onDone={(moved) => {
            setRescheduling(false);
            show(moved);
            void Taro.showToast({ title: '改期成功', icon: 'success' });
          }}
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
