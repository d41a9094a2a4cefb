/** 订单详情's amounts card: store, channel, bill, coupon, points, what is (to be) paid, how, refunded, times, number. */
import { Text, View } from '@tarojs/components';
import { formatFen, type OrderView } from '@homeclub/shared';
import { formatDateTime, formatPoints } from '../../services/membership';
import { CHANNEL_TEXT, SETTLEMENT_TEXT } from '../../services/orders';

function Line({ label, id, children }: { label: string; id?: string; children: string }) {
  return (
    <View className='pay-line'>
      <Text>{label}</Text>
      <Text id={id}>{children}</Text>
    </View>
  );
}

export function OrderAmounts({ order }: { order: OrderView }) {
  const pending = order.state === 'pending_payment';
  return (
    <View className='card pay-breakdown' id='order-breakdown'>
      <Line label='门店' id='order-store'>
        {order.storeName}
      </Line>
      <Line label='订单类型' id='order-channel'>
        {CHANNEL_TEXT[order.channel]}
      </Line>
      <Line label='账单金额'>{formatFen(order.billFen)}</Line>
      <Line label={`优惠券${order.couponName ? `（${order.couponName}）` : ''}`}>
        {order.couponDiscountFen > 0 ? `−${formatFen(order.couponDiscountFen)}` : formatFen(0)}
      </Line>
      <Line label={`积分抵扣${order.pointsUsed > 0 ? `（${formatPoints(order.pointsUsed)} 积分）` : ''}`}>
        {order.pointsValueFen > 0 ? `−${formatFen(order.pointsValueFen)}` : formatFen(0)}
      </Line>
      <View className='pay-line pay-line--total'>
        <Text>{pending ? '应付' : '实付'}</Text>
        <Text>{formatFen(order.cashFen)}</Text>
      </View>
      {!pending && order.settlement !== 'wechat' ? (
        <Line label='支付方式' id='order-settlement'>
          {SETTLEMENT_TEXT[order.settlement]}
        </Line>
      ) : null}
      {order.refundedFen > 0 ? (
        <Line label='已退款' id='order-refunded-total'>
          {formatFen(order.refundedFen)}
        </Line>
      ) : null}
      <Line label='下单时间'>{formatDateTime(order.createdAt)}</Line>
      {order.paidAt ? <Line label='支付时间'>{formatDateTime(order.paidAt)}</Line> : null}
      <Line label='订单号' id='order-no'>
        {order.number}
      </Line>
    </View>
  );
}
