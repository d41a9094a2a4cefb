/**
 * The clerk's order on staff 订单详情: read by id and re-read every 1.5 s while it is unpaid or a refund is in flight
 * (until ORDER_POLL_MAX_MS, then 刷新), and 「取消订单」 for an unpaid one (asks first; POST …/cancel; a refusal is
 * shown and the order re-read).
 */
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import type { StaffOrderView } from '@homeclub/shared';
import { call } from '../services/api';
import { useSession } from '../services/session';
import { ORDER_POLL_MAX_MS } from '../services/checkout';
import { isRefundInFlight } from '../services/orders';
import { useWatchedRead } from './useWatchedRead';

const needsWatch = (o: StaffOrderView) => o.state === 'pending_payment' || o.refunds.some(isRefundInFlight);

function errorText(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}

export function useStaffOrder(orderId: string) {
  const memberId = useSession().member?.id;
  const { detail, setDetail, show, watch, poll, stop } = useWatchedRead(
    () => call('staffOrder', { params: { orderId }, toast: false }),
    needsWatch,
    '订单加载失败',
  );
  const [cancelling, setCancelling] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  useEffect(() => {
    if (!memberId || !orderId) return undefined;
    poll(Date.now() + ORDER_POLL_MAX_MS);
    return stop;
  }, [memberId, orderId, poll, stop]);

  /** Read again now and keep watching (after a refund, or 刷新). */
  const watchAgain = () => poll(Date.now() + ORDER_POLL_MAX_MS);

  const refresh = () => {
    setDetail((prev) => (prev.status === 'ready' ? prev : { status: 'loading' }));
    watchAgain();
  };

  const cancelOrder = async (order: StaffOrderView) => {
    if (cancelling) return;
    const { confirm } = await Taro.showModal({
      title: '取消订单',
      content: '取消后顾客将无法支付该订单，优惠券和积分退回顾客账户。确定取消吗？',
      confirmText: '取消订单',
      cancelText: '不取消',
      confirmColor: '#fa5151',
    });
    if (!confirm) return;
    setCancelling(true);
    setActionError(null);
    try {
      const after = await call('staffCancelOrder', { params: { orderId: order.id }, toast: false });
      stop();
      show(after);
      void Taro.showToast({ title: '订单已取消', icon: 'none' });
    } catch (err) {
      setActionError(errorText(err, '取消失败，请重试'));
      watchAgain();
    } finally {
      setCancelling(false);
    }
  };

  return { detail, timedOut: watch === 'timedOut', refresh, watchAgain, cancelling, actionError, cancelOrder };
}
