/**
 * 订单详情 / 支付结果 (?id=<orderId>[&paying=1], titled 支付结果 then): the server decides whether the
 * order is paid — the payment sheet's success callback proves nothing. Right
 * after a payment (`paying=1` from 优惠买单, or 「去支付」 here) a pending order
 * is re-read every 1.5 s (for up to 30 s, then a manual 刷新); 支付成功 shows the
 * points earned; expired / cancelled orders say so.
 *
 * An unpaid order opened from 我的订单 or the pending notice (e.g. one a clerk
 * rang up at the till) shows 待支付 with 「去支付」 (POST /api/orders/:id/pay,
 * then wx.requestPayment like 优惠买单 — the H5 demo opens the WeChat Pay
 * simulator's payer page) and 「取消订单」 (POST /api/orders/:id/cancel: the
 * coupon and points come back). Below the amounts: the order's lines, its
 * refunds with their state and the refunded total.
 */
import { useEffect } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { formatFen, type OrderView } from '@homeclub/shared';
import { formatPoints } from '../../services/membership';
import { isPayable, timeLeft } from '../../services/orders';
import { PageGate } from '../../components/PageGate';
import { OrderLines, OrderRefunds } from '../../components/OrderReceipt';
import { useSecondClock } from '../../hooks/useSecondClock';
import { useMyOrder } from '../../hooks/useMyOrder';
import type { Watch } from '../../hooks/useWatchedRead';
import { OrderAmounts } from './OrderAmounts';
import '../styles.css';

const STATE_TITLES: Record<OrderView['state'], string> = {
  pending_payment: '待支付',
  paid: '支付成功',
  refunded: '已退款',
  expired: '订单已过期',
  cancelled: '订单已取消',
};

function titleOf(order: OrderView, watch: Watch): string {
  if (order.state === 'pending_payment') {
    if (watch === 'watching') return '等待支付结果…';
    if (watch === 'timedOut') return '暂未确认支付结果';
  }
  if (order.state === 'paid' && order.refunds.some((r) => r.state === 'SUCCESS')) return '部分退款';
  return STATE_TITLES[order.state];
}

const ORDERS_ROUTE = 'pages-order/orders/index';

/** 查看订单: back to 我的订单 when it opened this page, else 我的订单 in this page's place (no list stacked on a list). */
function openOrders(): void {
  const pages = Taro.getCurrentPages();
  const previous = pages.length >= 2 ? pages[pages.length - 2].route ?? '' : '';
  if (previous.replace(/^\//, '') === ORDERS_ROUTE) void Taro.navigateBack();
  else void Taro.redirectTo({ url: `/${ORDERS_ROUTE}` });
}

function PayLeft({ expireAt }: { expireAt: string }) {
  const now = useSecondClock();
  const left = timeLeft(expireAt, now);
  return (
    <Text className='pay-hint' id='order-pay-left'>
      {left ? `请在 ${left} 内完成支付，超时订单自动取消` : '已超过支付时限'}
    </Text>
  );
}

export default function OrderPage() {
  const { params } = useRouter();
  const orderId = params.id ?? '';
  const paying = params.paying === '1';
  const { detail, watch, acting, poll, refresh, pay, cancel } = useMyOrder(orderId, paying);
  useEffect(() => {
    if (paying) void Taro.setNavigationBarTitle({ title: '支付结果' });
  }, [paying]);

  return (
    <PageGate
      missing={orderId ? null : '缺少订单信息'}
      load={detail}
      loadingText={paying ? '正在查询支付结果…' : '订单加载中…'}
      errorId='order-error'
      onRetry={() => poll(null)}
    >
      {() => (detail.status === 'ready' ? renderOrder(detail.value) : null)}
    </PageGate>
  );

  function renderOrder(order: OrderView) {
    const pending = order.state === 'pending_payment';
    const payable = isPayable(order) && watch !== 'watching';
    return (
      <View className='page page--order' id='order-page'>
        <View className={`card order-result order-result--${order.state}`}>
          <Text className='order-result__title' id='order-state' data-state={order.state}>
            {titleOf(order, watch)}
          </Text>
          <Text className='order-result__amount' id='order-cash'>
            {formatFen(order.cashFen)}
          </Text>
          {order.state === 'paid' ? (
            <Text className='order-result__points' id='order-points-earned'>
              本单获得 {formatPoints(order.pointsEarned)} 积分{order.effectsApplied ? '' : '（到账中）'}
            </Text>
          ) : null}
          {pending && watch === 'watching' ? <Text className='pay-hint'>正在向微信支付确认，请稍候</Text> : null}
          {pending && watch === 'timedOut' ? (
            <View className='state-action'>
              <Text className='pay-hint'>如已付款，请稍后刷新查看</Text>
              <Button id='order-refresh' className='btn btn--plain btn--small' onClick={refresh}>
                刷新
              </Button>
            </View>
          ) : null}
          {pending && watch === 'idle' ? (
            order.channel === 'till' ? (
              <Text className='pay-hint' id='order-till-hint'>
                {order.storeName} 店员已为您下单，请核对金额后支付
              </Text>
            ) : null
          ) : null}
          {pending && watch !== 'watching' && order.settlement === 'wechat' ? <PayLeft expireAt={order.expireAt} /> : null}
          {order.state === 'expired' ? <Text className='pay-hint'>订单超时未支付，优惠券和积分已退回</Text> : null}
          {order.state === 'cancelled' ? <Text className='pay-hint'>订单已取消，优惠券和积分已退回</Text> : null}
        </View>

        <OrderAmounts order={order} />
        <OrderLines order={order} idPrefix='order' />
        <OrderRefunds order={order} idPrefix='order' />

        <View className='pay-submit-bar'>
          {payable ? (
            <>
              <Button
                id='order-pay'
                className='btn btn--primary btn--block'
                disabled={acting !== null}
                loading={acting === 'pay'}
                onClick={() => void pay()}
              >
                去支付 {formatFen(order.cashFen)}
              </Button>
              <Button
                id='order-cancel'
                className='btn btn--plain btn--block till-secondary'
                disabled={acting !== null}
                loading={acting === 'cancel'}
                onClick={() => void cancel()}
              >
                取消订单
              </Button>
            </>
          ) : (
            <>
              {order.state === 'paid' || order.state === 'refunded' ? (
                <View className='order-next'>
                  <Button
                    id='order-view-orders'
                    className='btn btn--primary btn--small'
                    onClick={openOrders}
                  >
                    查看订单
                  </Button>
                  <Button
                    id='order-view-points'
                    className='btn btn--plain btn--small'
                    onClick={() => void Taro.navigateTo({ url: '/pages-member/points/index' })}
                  >
                    查看积分
                  </Button>
                </View>
              ) : null}
              <Button
                id='order-done'
                className='btn btn--plain btn--block'
                onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}
              >
                返回首页
              </Button>
            </>
          )}
        </View>
      </View>
    );
  }
}
