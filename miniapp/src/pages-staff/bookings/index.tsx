/**
 * Staff subpackage: 今日预约. The bookings of the clerk's store for a day
 * (GET /api/staff/bookings?date=, default today; ‹ › change the day), by time:
 * member nickname, the contact name and phone the shopper entered (tap to
 * call), service, 上门 address, note, state and a 爽约 N 次 badge for members
 * with earlier no-shows.
 *
 * Check-in: scan the shopper's booking code (weapp camera; on H5 the 10 digits
 * are typed) → POST /api/staff/bookings/check-in {code}, or 「签到」 on a row
 * (POST /api/staff/bookings/:id/check-in), offered for booked bookings of today
 * (the server refuses other days). 「标记爽约」 (POST …/:id/no-show, asks first)
 * only once the start time has come. A search by the shopper's phone lists their
 * bookings from today on. Answers replace the row; server refusals are shown in
 * Chinese. An admin who is not staff of a store gets an explanation instead.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { addDays, shanghaiDay, weekdayOf, type StaffBookingView } from '@homeclub/shared';
import { call } from '../../services/api';
import { hasRole, useSession } from '../../services/session';
import {
  BOOKING_CODE,
  BOOKING_STATE_TEXT,
  canCheckIn,
  canMarkNoShow,
  clockOf,
  MOBILE,
  shortDate,
  timeRangeText,
  WEEKDAY_NAMES,
} from '../../services/booking';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import { useSecondClock } from '../../hooks/useSecondClock';
import { MemberCodeScanner } from '../../platform/member-code-scanner';
import '../styles.css';

type ListState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; items: StaffBookingView[] };
type CodeState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; booking: StaffBookingView };

function errorText(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}

function dateTitle(date: string, today: string): string {
  const rel = date === today ? ' · 今天' : date === addDays(today, 1) ? ' · 明天' : date === addDays(today, -1) ? ' · 昨天' : '';
  return `${shortDate(date)} ${WEEKDAY_NAMES[weekdayOf(date)]}${rel}`;
}

interface RowProps {
  booking: StaffBookingView;
  now: number;
  withDate: boolean;
  acting: boolean;
  onCheckIn: (b: StaffBookingView) => void;
  onNoShow: (b: StaffBookingView) => void;
}

function BookingRow({ booking: b, now, withDate, acting, onCheckIn, onNoShow }: RowProps) {
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

export default function StaffBookingsPage() {
  const { member } = useSession();
  const memberId = member?.id;
  const adminWithoutStore = !!member && hasRole(member, 'admin') && !member.staffStoreId;
  const now = useSecondClock();
  const today = shanghaiDay(now);
  const [date, setDate] = useState(() => shanghaiDay(Date.now()));
  const [phone, setPhone] = useState<string | null>(null);
  const [phoneInput, setPhoneInput] = useState('');
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [acting, setActing] = useState<string | null>(null);
  const [codeInput, setCodeInput] = useState('');
  const [code, setCode] = useState<CodeState>({ status: 'idle' });
  const latest = useRef(0);
  const busy = useRef(false);

  const load = useCallback(async (day: string, byPhone: string | null, quiet = false) => {
    const seq = ++latest.current;
    if (!quiet) setList({ status: 'loading' });
    try {
      const res = await call('staffBookings', { query: byPhone ? { phone: byPhone } : { date: day }, toast: false });
      if (seq === latest.current) setList({ status: 'ready', items: res.items });
    } catch (err) {
      if (seq === latest.current && !quiet) setList({ status: 'error', message: errorText(err, '预约加载失败') });
    }
  }, []);

  useEffect(() => {
    if (memberId && !adminWithoutStore) void load(date, phone);
  }, [memberId, adminWithoutStore, date, phone, load]);

  const replace = (b: StaffBookingView) =>
    setList((prev) => (prev.status === 'ready' ? { ...prev, items: prev.items.map((x) => (x.id === b.id ? b : x)) } : prev));

  const act = async (b: StaffBookingView, kind: 'checkIn' | 'noShow') => {
    if (busy.current) return;
    busy.current = true;
    try {
      if (kind === 'noShow') {
        const { confirm } = await Taro.showModal({
          title: '标记爽约',
          content: `${b.memberNickname}（${b.name}）${clockOf(b.start)} 的${b.serviceName}标记为未到店？${
            b.depositState === 'paid' ? '定金将按门店规则处理。' : ''
          }`,
          confirmText: '标记爽约',
          cancelText: '再等等',
        });
        if (!confirm) return;
      }
      setActing(b.id);
      try {
        const done =
          kind === 'checkIn'
            ? await call('staffCheckInBooking', { params: { bookingId: b.id } }) // failures are toasted
            : await call('staffNoShow', { params: { bookingId: b.id } });
        replace(done);
        void Taro.showToast({ title: kind === 'checkIn' ? '签到成功' : '已标记爽约', icon: kind === 'checkIn' ? 'success' : 'none' });
      } catch {
        void load(date, phone, true); // changed meanwhile: show what it is now
      }
    } finally {
      busy.current = false;
      setActing(null);
    }
  };

  const checkInByCode = async (raw: string, invalidMessage: string) => {
    const digits = raw.replace(/\s+/g, '');
    if (!BOOKING_CODE.test(digits)) {
      setCode({ status: 'error', message: invalidMessage });
      return;
    }
    if (busy.current) return;
    busy.current = true;
    setCode({ status: 'loading' });
    try {
      const booking = await call('staffCheckIn', { body: { code: digits }, toast: false });
      setCode({ status: 'ready', booking });
      setCodeInput('');
      const shown = list.status === 'ready' && list.items.some((x) => x.id === booking.id);
      if (shown) replace(booking);
      else if (!phone && shanghaiDay(Date.parse(booking.start)) === date) void load(date, phone, true); // booked since the list was read
    } catch (err) {
      setCode({ status: 'error', message: errorText(err, '签到失败，请重试') });
    } finally {
      busy.current = false;
    }
  };

  const search = () => {
    const digits = phoneInput.replace(/\D/g, '');
    if (!MOBILE.test(digits)) {
      setPhoneError('请输入 11 位手机号');
      return;
    }
    setPhoneError(null);
    setPhone(digits);
  };

  const clearSearch = () => {
    setPhone(null);
    setPhoneInput('');
    setPhoneError(null);
  };

  if (!member) {
    return (
      <View className='page'>
        <LoadingState text='正在登录…' />
      </View>
    );
  }
  if (adminWithoutStore) {
    return (
      <View className='page'>
        <View className='card'>
          <EmptyState
            id='staff-no-store'
            icon='店'
            title='您是管理员，暂未归属门店'
            description='今日预约展示您任职门店的预约。管理员可以在后台把自己设为某家门店的员工后再使用。'
          />
        </View>
      </View>
    );
  }

  const items = list.status === 'ready' ? list.items : [];
  const attended = items.filter((b) => b.state === 'attended').length;

  return (
    <View className='page page--staff page--staff-bookings' id='staff-bookings'>
      <View className='card staff-code'>
        <Text className='staff-code__title'>到店签到</Text>
        <Text className='staff-code__desc'>请顾客打开「预约详情」出示到店码，扫码或输入 10 位预约码签到。</Text>
        <MemberCodeScanner
          id='staff-booking-scan'
          what='预约码'
          digits={10}
          disabled={code.status === 'loading'}
          onCode={(text) => {
            setCodeInput(text.replace(/\s+/g, ''));
            void checkInByCode(text, '未识别到预约码，请扫描顾客预约详情中的到店码');
          }}
        />
        <Input
          id='staff-booking-code-input'
          className='input'
          type='number'
          maxlength={14}
          placeholder='输入 10 位预约码'
          value={codeInput}
          onInput={(e) => setCodeInput(e.detail.value)}
        />
        <Button
          id='staff-booking-code-submit'
          className='btn btn--plain btn--block'
          disabled={code.status === 'loading' || codeInput.trim() === ''}
          loading={code.status === 'loading'}
          onClick={() => void checkInByCode(codeInput, '请输入 10 位数字预约码')}
        >
          签到
        </Button>
        {code.status === 'error' ? (
          <View className='staff-code__error' id='staff-booking-code-error'>
            <Text>{code.message}</Text>
          </View>
        ) : null}
        {code.status === 'ready' ? (
          <View className='staff-booking-result' id='staff-booking-code-result'>
            <Text className='staff-booking-result__title'>
              {code.booking.state === 'attended' ? '签到成功' : BOOKING_STATE_TEXT[code.booking.state]}
            </Text>
            <Text className='staff-booking__line'>
              {code.booking.memberNickname}（{code.booking.name} {code.booking.phone}）
            </Text>
            <Text className='staff-booking__line'>
              {code.booking.serviceName} · {timeRangeText(code.booking.start, code.booking.end)}
            </Text>
          </View>
        ) : null}
      </View>

      <View className='card staff-booking-search'>
        <View className='staff-booking-search__row'>
          <Input
            id='staff-booking-phone-input'
            className='input staff-booking-search__input'
            type='number'
            maxlength={11}
            placeholder='按顾客手机号查找'
            value={phoneInput}
            onInput={(e) => setPhoneInput(e.detail.value)}
          />
          <Button id='staff-booking-phone-search' className='btn btn--primary btn--small' onClick={search}>
            查找
          </Button>
        </View>
        {phoneError ? (
          <Text className='form-error' id='staff-booking-phone-error'>
            {phoneError}
          </Text>
        ) : null}
      </View>

      {phone ? (
        <View className='staff-bookings-bar'>
          <Text className='staff-bookings-bar__title' id='staff-bookings-date'>
            手机号 {phone} 今天起的预约
          </Text>
          <Button id='staff-booking-phone-clear' className='btn btn--plain btn--small' onClick={clearSearch}>
            返回当日列表
          </Button>
        </View>
      ) : (
        <View className='staff-bookings-bar'>
          <Text id='staff-bookings-prev' className='staff-bookings-bar__nav' onClick={() => setDate((d) => addDays(d, -1))}>
            ‹ 前一天
          </Text>
          <Text className='staff-bookings-bar__title' id='staff-bookings-date' data-date={date}>
            {dateTitle(date, today)}
          </Text>
          <Text id='staff-bookings-next' className='staff-bookings-bar__nav' onClick={() => setDate((d) => addDays(d, 1))}>
            后一天 ›
          </Text>
        </View>
      )}
      {!phone && date !== today ? (
        <View className='state-action'>
          <Button id='staff-bookings-today' className='btn btn--plain btn--small' onClick={() => setDate(today)}>
            回到今天
          </Button>
        </View>
      ) : null}

      <View className='card staff-bookings-list'>
        {list.status === 'loading' ? <LoadingState text='预约加载中…' /> : null}
        {list.status === 'error' ? (
          <ErrorState id='staff-bookings-error' message={list.message} onRetry={() => void load(date, phone)} />
        ) : null}
        {list.status === 'ready' && items.length === 0 ? (
          <EmptyState
            id='staff-bookings-empty'
            icon='约'
            title={phone ? '没有找到该手机号的预约' : '当天暂无预约'}
            description={phone ? '只显示今天及以后的预约。' : '顾客在小程序预约本店服务后会出现在这里。'}
          />
        ) : null}
        {items.length > 0 ? (
          <Text className='staff-bookings-summary' id='staff-bookings-summary'>
            共 {items.length} 个预约，已到店 {attended} 个
          </Text>
        ) : null}
        {items.map((b) => (
          <BookingRow
            key={b.id}
            booking={b}
            now={now}
            withDate={!!phone}
            acting={acting === b.id}
            onCheckIn={(x) => void act(x, 'checkIn')}
            onNoShow={(x) => void act(x, 'noShow')}
          />
        ))}
      </View>
    </View>
  );
}
