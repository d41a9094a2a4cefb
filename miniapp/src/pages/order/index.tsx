/**
 * 支付结果 / 订单详情 (?id=<orderId>): the server decides whether the order is
 * paid — the payment sheet's success callback proves nothing. While the order
 * is pending it is re-read every 1.5 s (for up to 30 s, then a manual 刷新);
 * 支付成功 shows the points earned; expired / cancelled orders say so.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { formatFen, type OrderView } from '@homeclub/shared';
import { call } from '../../services/api';
import { useSession } from '../../services/session';
import { formatDateTime, formatPoints } from '../../services/membership';
import { ORDER_POLL_MAX_MS, ORDER_POLL_MS } from '../../services/checkout';
import { ErrorState, LoadingState } from '../../components/StateView';

type Detail = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; order: OrderView };

const STATE_TITLES: Record<OrderView['state'], string> = {
  pending_payment: '等待支付结果…',
  paid: '支付成功',
  refunded: '已退款',
  expired: '订单已过期',
  cancelled: '订单已取消',
};

export default function OrderPage() {
  const { params } = useRouter();
  const orderId = params.id ?? '';
  const { member } = useSession();
  const memberId = member?.id;
  const [detail, setDetail] = useState<Detail>({ status: 'loading' });
  const [timedOut, setTimedOut] = useState(false);
  const run = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  /** Read the order, and keep reading it while it is pending (until the deadline). Starting again stops the previous run. */
  const poll = useCallback(
    (deadline: number) => {
      const mine = ++run.current;
      if (timer.current) clearTimeout(timer.current);
      const tick = async () => {
        if (mine !== run.current) return;
        try {
          const order = await call('myOrder', { params: { orderId }, toast: false });
          if (mine !== run.current) return;
          setDetail({ status: 'ready', order });
          if (order.state !== 'pending_payment') return;
        } catch (err) {
          if (mine !== run.current) return;
          // keep showing the last answer; a first failure is shown
          setDetail((prev) =>
            prev.status === 'ready' ? prev : { status: 'error', message: err instanceof Error ? err.message : '订单加载失败' },
          );
        }
        if (Date.now() + ORDER_POLL_MS > deadline) {
          setTimedOut(true);
          return;
        }
        timer.current = setTimeout(() => void tick(), ORDER_POLL_MS);
      };
      setTimedOut(false);
      void tick();
    },
    [orderId],
  );

  const stop = useCallback(() => {
    run.current++;
    if (timer.current) clearTimeout(timer.current);
  }, []);

  useEffect(() => {
    if (!memberId || !orderId) return undefined;
    poll(Date.now() + ORDER_POLL_MAX_MS);
    return stop;
  }, [memberId, orderId, poll, stop]);

  const refresh = () => {
    setDetail((prev) => (prev.status === 'ready' ? prev : { status: 'loading' }));
    poll(Date.now() + ORDER_POLL_MAX_MS);
  };

  if (!orderId) {
    return (
      <View className="page">
        <View className="card">
          <ErrorState message="缺少订单信息" />
        </View>
      </View>
    );
  }

  if (!member || detail.status === 'loading') {
    return (
      <View className="page">
        <LoadingState text={member ? '正在查询支付结果…' : '正在登录…'} />
      </View>
    );
  }

  if (detail.status === 'error') {
    return (
      <View className="page">
        <View className="card">
          <ErrorState id="order-error" message={detail.message} onRetry={refresh} />
        </View>
      </View>
    );
  }

  const { order } = detail;
  const pending = order.state === 'pending_payment';
  return (
    <View className="page page--order" id="order-page">
      <View className={`card order-result order-result--${order.state}`}>
        <Text className="order-result__title" id="order-state" data-state={order.state}>
          {pending && timedOut ? '暂未确认支付结果' : STATE_TITLES[order.state]}
        </Text>
        <Text className="order-result__amount" id="order-cash">
          {formatFen(order.cashFen)}
        </Text>
        {order.state === 'paid' ? (
          <Text className="order-result__points" id="order-points-earned">
            本单获得 {formatPoints(order.pointsEarned)} 积分
          </Text>
        ) : null}
        {pending && !timedOut ? <Text className="pay-hint">正在向微信支付确认，请稍候</Text> : null}
        {pending && timedOut ? (
          <View className="state-action">
            <Text className="pay-hint">如已付款，请稍后刷新查看</Text>
            <Button id="order-refresh" className="btn btn--plain btn--small" onClick={refresh}>
              刷新
            </Button>
          </View>
        ) : null}
        {order.state === 'expired' ? <Text className="pay-hint">订单超时未支付，优惠券和积分已退回</Text> : null}
      </View>

      <View className="card pay-breakdown" id="order-breakdown">
        <View className="pay-line">
          <Text>账单金额</Text>
          <Text>{formatFen(order.billFen)}</Text>
        </View>
        <View className="pay-line">
          <Text>优惠券{order.couponName ? `（${order.couponName}）` : ''}</Text>
          <Text>{order.couponDiscountFen > 0 ? `−${formatFen(order.couponDiscountFen)}` : formatFen(0)}</Text>
        </View>
        <View className="pay-line">
          <Text>积分抵扣{order.pointsUsed > 0 ? `（${formatPoints(order.pointsUsed)} 积分）` : ''}</Text>
          <Text>{order.pointsValueFen > 0 ? `−${formatFen(order.pointsValueFen)}` : formatFen(0)}</Text>
        </View>
        <View className="pay-line pay-line--total">
          <Text>实付</Text>
          <Text>{formatFen(order.cashFen)}</Text>
        </View>
        <View className="pay-line">
          <Text>下单时间</Text>
          <Text>{formatDateTime(order.createdAt)}</Text>
        </View>
        {order.paidAt ? (
          <View className="pay-line">
            <Text>支付时间</Text>
            <Text>{formatDateTime(order.paidAt)}</Text>
          </View>
        ) : null}
      </View>

      <View className="pay-submit-bar">
        <Button
          id="order-done"
          className="btn btn--plain btn--block"
          onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}
        >
          返回首页
        </Button>
      </View>
    </View>
  );
}
