/**
 * The shopper's booking on 预约详情: read by id (re-read every 1.5 s while its deposit is pending when `paying`, for
 * up to ORDER_POLL_MAX_MS), the store's phone for the 「请致电门店」 notice, 「支付定金」 (POST /api/bookings/:id/pay,
 * then the payment sheet, then re-read: only the server says paid) and 「取消预约」 (asks first, saying what happens to
 * the deposit; POST /api/bookings/:id/cancel). One action at a time; a refused action re-reads the booking.
 */
import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import type { BookingView } from '@homeclub/shared';
import { call, showErrorToast } from '../services/api';
import { useSession } from '../services/session';
import { loadStores } from '../services/coupons';
import { formatYuan } from '../services/membership';
import { ORDER_POLL_MAX_MS } from '../services/checkout';
import { payThenPoll } from './payThenPoll';
import { useWatchedRead } from './useWatchedRead';

export function useMyBooking(bookingId: string, paying: boolean) {
  const memberId = useSession().member?.id;
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
      await payThenPoll(() => call('payBooking', { params: { bookingId } }), (res) => show(res.booking), poll);
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

  /** 改期 done: close the panel and show the moved booking. */
  const moved = (b: BookingView) => {
    setRescheduling(false);
    show(b);
    void Taro.showToast({ title: '改期成功', icon: 'success' });
  };

  return { detail, watch, poll, acting, pay, cancel, rescheduling, setRescheduling, moved, storePhone };
}
