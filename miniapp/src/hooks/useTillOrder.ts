/** 收银 after the order is made: re-read an order awaiting the shopper's WeChat Pay until it settles, and cancel it. */
import { useEffect, type Dispatch, type SetStateAction } from 'react';
import Taro from '@tarojs/taro';
import type { StaffOrderView } from '@homeclub/shared';
import { call } from '../services/api';
import { TILL_POLL_GRACE_MS, TILL_POLL_MS } from '../services/orders';

/** The message of a refusal, else `fallback`. */
export function errorText(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}

export type TillPhase = { kind: 'bill' } | { kind: 'order'; order: StaffOrderView };
type SetPhase = Dispatch<SetStateAction<TillPhase>>;

/** Polls the order every TILL_POLL_MS until it is no longer pending or its time (plus grace) is up; `pollRun` restarts it. */
export function useTillOrderPoll(
  orderId: string | null,
  pending: boolean,
  expireAt: string | null,
  pollRun: number,
  setPhase: SetPhase,
  setPollStopped: (stopped: boolean) => void,
): void {
  useEffect(() => {
    if (!orderId || !pending || !expireAt) return undefined;
    const deadline = Date.parse(expireAt) + TILL_POLL_GRACE_MS;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const order = await call('staffOrder', { params: { orderId }, toast: false });
        if (stopped) return;
        setPhase((prev) => (prev.kind === 'order' && prev.order.id === orderId ? { kind: 'order', order } : prev));
        if (order.state !== 'pending_payment') {
          if (order.state === 'paid') void Taro.showToast({ title: '顾客已支付', icon: 'success' });
          return;
        }
      } catch {
        if (stopped) return; // keep the last answer; try again
      }
      if (!(Date.now() + TILL_POLL_MS <= deadline)) {
        setPollStopped(true);
        return;
      }
      timer = setTimeout(() => void tick(), TILL_POLL_MS);
    };
    setPollStopped(false);
    timer = setTimeout(() => void tick(), pollRun > 0 ? 0 : TILL_POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [orderId, pending, expireAt, pollRun, setPhase, setPollStopped]);
}

/** 取消订单 after a confirmation; if it was paid or closed meanwhile, show what it is now. */
export async function cancelTillOrder(order: StaffOrderView, setCancelling: (v: boolean) => void, setError: (e: string | null) => void, setPhase: SetPhase): Promise<void> {
    const { confirm } = await Taro.showModal({
      title: '取消订单',
      content: '取消后顾客将无法支付该订单，已选的优惠券和积分退回顾客账户。确定取消吗？',
      confirmText: '取消订单',
      cancelText: '不取消',
      confirmColor: '#fa5151',
    });
    if (!confirm) return;
    setCancelling(true);
    setError(null);
    try {
      const after = await call('staffCancelOrder', { params: { orderId: order.id }, toast: false });
      setPhase({ kind: 'order', order: after });
      void Taro.showToast({ title: '订单已取消', icon: 'none' });
    } catch (err) {
      setError(errorText(err, '取消失败，请重试'));
      // paid or closed meanwhile: show what it is now
      try {
        const now = await call('staffOrder', { params: { orderId: order.id }, toast: false });
        setPhase((prev) => (prev.kind === 'order' && prev.order.id === now.id ? { kind: 'order', order: now } : prev));
      } catch {
        // keep what we have
      }
    } finally {
      setCancelling(false);
    }
}
