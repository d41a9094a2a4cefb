/**
 * 今日预约's data: the store's bookings of a day (or, after a search, of a phone from today on), read again on a new
 * day or search (an old answer never overwrites a newer one); 「签到」 / 「标记爽约」 on a row (asks first) replace it
 * with the server's answer; check-in by a scanned or typed 10-digit code. One action at a time; a refused row action
 * re-reads the list quietly.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { shanghaiDay, type StaffBookingView } from '@homeclub/shared';
import { call } from '../services/api';
import { BOOKING_CODE, clockOf, MOBILE } from '../services/booking';

type ListState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; items: StaffBookingView[] };
export type CodeState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; booking: StaffBookingView };

function errorText(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}

/** `staffId`: the signed-in member when staff of a store (null otherwise: an admin without one gets an explanation). */
export function useStaffBookings(staffId: string | null) {
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
    if (staffId) void load(date, phone);
  }, [staffId, date, phone, load]);

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

  return {
    date,
    setDate,
    phone,
    phoneInput,
    setPhoneInput,
    phoneError,
    search,
    clearSearch,
    list,
    reload: () => void load(date, phone),
    acting,
    act,
    codeInput,
    setCodeInput,
    code,
    checkInByCode,
  };
}
