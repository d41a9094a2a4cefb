/**
 * The receipt of an order (收银 result, staff 订单详情): store, member, bill,
 * coupon, points used and their value, cash, how it was paid, points earned,
 * time and order number; then its lines and refunds when it has them. Every
 * value has an id `${idPrefix}-…` for the tests.
 */
import { Text, View } from '@tarojs/components';
import { formatFen, type OrderView, type StaffOrderView } from '@homeclub/shared';
import { formatDateTime, formatPoints, groupDigits } from '../services/membership';
import { CHANNEL_TEXT, itemizedLines, lineName, REFUND_STATE_TEXT, REFUND_VIA_TEXT, SETTLEMENT_TEXT } from '../services/orders';

const minus = (fen: number) => (fen > 0 ? `−${formatFen(fen)}` : formatFen(0));

function Row({ label, value, id, total }: { label: string; value: string; id?: string; total?: boolean }) {
  return (
    <View className={`pay-line${total ? ' pay-line--total' : ''}`}>
      <Text>{label}</Text>
      <Text id={id} className='pay-line__value'>
        {value}
      </Text>
    </View>
  );
}

type Member = StaffOrderView['member'];

export function memberText(m: Member): string {
  const who = m.phoneMasked ?? (m.cardNo ? `卡号 ${groupDigits(m.cardNo)}` : null);
  return who ? `${m.nickname} · ${who}` : m.nickname;
}

export function OrderReceipt({ order, member, idPrefix }: { order: OrderView; member?: Member; idPrefix: string }) {
  const p = idPrefix;
  const settled = order.state === 'paid' || order.state === 'refunded';
  return (
    <View className='card pay-breakdown receipt' id={p}>
      <Row label='门店' value={order.storeName} id={`${p}-store`} />
      {member ? <Row label='会员' value={memberText(member)} id={`${p}-member`} /> : null}
      <Row label='来源' value={CHANNEL_TEXT[order.channel]} id={`${p}-channel`} />
      <Row label='账单金额' value={formatFen(order.billFen)} id={`${p}-bill`} />
      <Row
        label={`优惠券${order.couponName ? `（${order.couponName}）` : ''}`}
        value={minus(order.couponDiscountFen)}
        id={`${p}-coupon`}
      />
      <Row
        label={`积分抵扣${order.pointsUsed > 0 ? `（${formatPoints(order.pointsUsed)} 积分）` : ''}`}
        value={minus(order.pointsValueFen)}
        id={`${p}-points`}
      />
      <Row label={settled ? '实收' : '应收'} value={formatFen(order.cashFen)} id={`${p}-cash`} total />
      <Row label='支付方式' value={SETTLEMENT_TEXT[order.settlement]} id={`${p}-settlement`} />
      {settled || order.state === 'pending_payment' ? (
        <Row label={settled ? '获得积分' : '支付后获得积分'} value={formatPoints(order.pointsEarned)} id={`${p}-earned`} />
      ) : null}
      <Row label={order.paidAt ? '支付时间' : '下单时间'} value={formatDateTime(order.paidAt ?? order.createdAt)} id={`${p}-time`} />
      <Row label='订单号' value={order.number} id={`${p}-no`} />
      {order.outTradeNo ? <Row label='支付单号' value={order.outTradeNo} id={`${p}-trade-no`} /> : null}
    </View>
  );
}

/** The order's items (when it was itemised), refunded ones tagged. */
export function OrderLines({ order, idPrefix }: { order: OrderView; idPrefix: string }) {
  const lines = itemizedLines(order);
  if (lines.length === 0) return null;
  return (
    <View className='card order-lines' id={`${idPrefix}-lines`}>
      <Text className='pay-section__title'>商品明细</Text>
      {lines.map((l, i) => (
        <View className={`order-line${l.refunded ? ' order-line--refunded' : ''}`} key={l.id} id={`${idPrefix}-line-${l.id}`}>
          <View className='order-line__main'>
            <Text className='order-line__name'>{lineName(l, i)}</Text>
            {l.couponFen + l.pointsFen > 0 ? (
              <Text className='order-line__desc'>
                优惠 {formatFen(l.couponFen + l.pointsFen)} · 实付 {formatFen(l.cashFen)}
              </Text>
            ) : null}
          </View>
          <Text className='order-line__amount'>{formatFen(l.amountFen)}</Text>
          {l.refunded ? <Text className='order-line__tag'>已退款</Text> : null}
        </View>
      ))}
    </View>
  );
}

/** The refunds of an order with their state, newest last (as the server lists them). */
export function OrderRefunds({ order, idPrefix }: { order: OrderView; idPrefix: string }) {
  if (order.refunds.length === 0) return null;
  const names = new Map(itemizedLines(order).map((l, i) => [l.id, lineName(l, i)]));
  return (
    <View className='card order-refunds' id={`${idPrefix}-refunds`}>
      <View className='order-refunds__head'>
        <Text className='pay-section__title'>退款记录</Text>
        <Text className='order-refunds__total' id={`${idPrefix}-refunded`}>
          已退 {formatFen(order.refundedFen)}
        </Text>
      </View>
      {order.refunds.map((r) => (
        <View className='order-refund' key={r.refundNo} id={`${idPrefix}-refund-${r.refundNo}`}>
          <View className='order-refund__main'>
            <Text className='order-refund__amount'>{formatFen(r.amountFen)}</Text>
            <Text className='order-refund__desc'>
              {r.reason} · {REFUND_VIA_TEXT[r.via]}
            </Text>
            {r.lineIds.length > 0 ? (
              <Text className='order-refund__desc'>商品：{r.lineIds.map((id) => names.get(id) ?? id).join('、')}</Text>
            ) : null}
            <Text className='order-refund__desc'>
              {formatDateTime(r.createdAt)} · 退款单号 {r.number}
            </Text>
          </View>
          <Text
            className={`order-refund__state order-refund__state--${r.state.toLowerCase()}`}
            id={`${idPrefix}-refund-state-${r.refundNo}`}
            data-state={r.state}
          >
            {REFUND_STATE_TEXT[r.state]}
          </Text>
        </View>
      ))}
    </View>
  );
}
