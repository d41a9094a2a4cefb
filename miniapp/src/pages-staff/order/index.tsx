/**
 * Staff subpackage: 订单详情 (?id=<orderId>). GET /api/staff/orders/:id is the
 * receipt: store, member, bill, coupon, points, cash, lines and refunds with
 * their state. An unpaid order can be cancelled (POST …/cancel). A paid order
 * can be refunded (POST …/refunds): 按金额 (yuan, at most what is left), 按商品
 * (lines not yet refunded) or 全额 (whatever is left), with a reason, after a
 * confirmation. Each refund attempt has one refundKey, reused when it is
 * retried after an answer we did not see, so a retry refunds once. After a
 * refund the order is read again (and again while a refund is in flight, for
 * a while) to show 退款中 / 已退款 / 退款失败.
 */
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { formatFen, type StaffOrderView } from '@homeclub/shared';
import { orderTagKind, orderTagText } from '../../services/orders';
import { PageGate } from '../../components/PageGate';
import { OrderLines, OrderReceipt, OrderRefunds } from '../../components/OrderReceipt';
import { useStaffOrder } from '../../hooks/useStaffOrder';
import { useRefundForm } from '../../hooks/useRefundForm';
import { RefundForm } from './RefundForm';
import '../styles.css';
import '../till.css';

export default function StaffOrderPage() {
  const { params } = useRouter();
  const orderId = params.id ?? '';
  const { detail, timedOut, refresh, watchAgain, cancelling, actionError, cancelOrder } = useStaffOrder(orderId);
  const order = detail.status === 'ready' ? detail.value : null;
  const form = useRefundForm(order, watchAgain);

  return (
    <PageGate missing={orderId ? null : '缺少订单信息'} load={detail} loadingText='订单加载中…' errorId='staff-order-error' onRetry={refresh}>
      {() => (order ? renderOrder(order) : null)}
    </PageGate>
  );

  function renderOrder(order: StaffOrderView) {
    const pending = order.state === 'pending_payment';
    return (
      <View className='page page--staff page--staff-order' id='staff-order-page'>
        <View className={`card order-result order-result--${order.state}`}>
          <Text className={`order-tag order-tag--${orderTagKind(order)}`} id='staff-order-state' data-state={order.state}>
            {orderTagText(order, 'staff')}
          </Text>
          <Text className='order-result__amount' id='staff-order-cash'>
            {formatFen(order.cashFen)}
          </Text>
          {pending ? <Text className='pay-hint'>顾客尚未支付，可提醒顾客在小程序「我的订单」中支付</Text> : null}
          {timedOut ? (
            <View className='state-action'>
              <Button id='staff-order-refresh' className='btn btn--plain btn--small' onClick={refresh}>
                刷新
              </Button>
            </View>
          ) : null}
        </View>

        <OrderReceipt order={order} member={order.member} idPrefix='staff-order' />
        <OrderLines order={order} idPrefix='staff-order' />
        <OrderRefunds order={order} idPrefix='staff-order' />

        {actionError ? (
          <View className='card staff-code__error' id='staff-order-action-error'>
            <Text>{actionError}</Text>
          </View>
        ) : null}

        {pending ? (
          <View className='pay-submit-bar'>
            <Button
              id='staff-order-cancel'
              className='btn btn--plain btn--block'
              disabled={cancelling}
              loading={cancelling}
              onClick={() => void cancelOrder(order)}
            >
              取消订单
            </Button>
          </View>
        ) : null}

        <RefundForm order={order} form={form} />
      </View>
    );
  }
}
