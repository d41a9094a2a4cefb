/**
 * The shopper's order on 支付结果 / 订单详情: read by id (re-read every 1.5 s while it is unpaid — or paid with its
 * points still landing — when `paying`, for up to ORDER_POLL_MAX_MS), 「去支付」 (POST /api/orders/:id/pay, then the
 * payment sheet, then re-read: only the server says paid) and 「取消订单」 (asks first; POST /api/orders/:id/cancel).
 * One action at a time; a refused action re-reads the order to show what it is now.
 */
import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { call, showErrorToast } from '../services/api';
import { useSession } from '../services/session';
import { ORDER_POLL_MAX_MS } from '../services/checkout';
import { payThenPoll } from './payThenPoll';
import { useWatchedRead } from './useWatchedRead';

export function useMyOrder(orderId: string, paying: boolean) {
  const memberId = useSession().member?.id;
  // Paid is shown at once; keep reading until the points have landed too.
  const { detail, setDetail, show, watch, setWatch, poll, stop } = useWatchedRead(
    () => call('myOrder', { params: { orderId }, toast: false }),
    (order) => order.state === 'pending_payment' || (order.state === 'paid' && !order.effectsApplied),
    '订单加载失败',
  );
  const [acting, setActing] = useState<'pay' | 'cancel' | null>(null);
  const busy = useRef(false);

  useEffect(() => {
    if (!memberId || !orderId) return undefined;
    poll(paying ? Date.now() + ORDER_POLL_MAX_MS : null);
    return stop;
  }, [memberId, orderId, paying, poll, stop]);

  const refresh = () => {
    setDetail((prev) => (prev.status === 'ready' ? prev : { status: 'loading' }));
    poll(Date.now() + ORDER_POLL_MAX_MS);
  };

  const pay = async () => {
    if (busy.current) return;
    busy.current = true;
    setActing('pay');
    try {
      await payThenPoll(() => call('payMyOrder', { params: { orderId } }), (res) => show(res.order), poll);
    } catch (err) {
      showErrorToast(err);
    } finally {
      busy.current = false;
      setActing(null);
    }
  };

  const cancel = async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      const { confirm } = await Taro.showModal({
        title: '取消订单',
        content: '取消后该订单不能再支付，已使用的优惠券和积分将退回您的账户。',
        confirmText: '取消订单',
        cancelText: '不取消',
      });
      if (!confirm) return;
      setActing('cancel');
      try {
        const order = await call('cancelMyOrder', { params: { orderId } }); // failures are toasted
        stop();
        show(order);
        setWatch('idle');
        void Taro.showToast({ title: '订单已取消', icon: 'none' });
      } catch {
        poll(null);
      }
    } finally {
      busy.current = false;
      setActing(null);
    }
  };

  return { detail, watch, acting, poll, refresh, pay, cancel };
}
