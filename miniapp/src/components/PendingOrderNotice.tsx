/**
 * 首页 / 我的: 「您有一笔门店收银待支付」 when the signed-in shopper has an unpaid
 * order that can still be paid (WeChat settlement, not expired) — typically one
 * a clerk rang up at the till. Taps open the oldest such order. Read from
 * GET /api/orders?state=pending_payment whenever the page is shown; failures just hide the notice.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatFen, type OrderView } from '@homeclub/shared';
import { call } from '../services/api';
import { useSession } from '../services/session';
import { oldestPayable } from '../services/orders';

export function PendingOrderNotice() {
  const { member } = useSession();
  const memberId = member?.id;
  const [order, setOrder] = useState<OrderView | null>(null);
  const latest = useRef(0);

  const load = useCallback(async () => {
    const seq = ++latest.current;
    try {
      const res = await call('myOrders', { query: { state: 'pending_payment' }, toast: false });
      if (seq !== latest.current) return;
      setOrder(oldestPayable(Array.isArray(res?.items) ? res.items : []));
    } catch {
      if (seq === latest.current) setOrder(null);
    }
  }, []);

  useEffect(() => {
    if (memberId) void load();
    else setOrder(null);
  }, [memberId, load]);

  // back on the page (paid or cancelled meanwhile)
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current && memberId) void load();
    shown.current = true;
  });

  if (!order) return null;
  return (
    <View
      className='notice pending-notice'
      id='pending-order-notice'
      data-order-id={order.id}
      onClick={() => void Taro.navigateTo({ url: `/pages-order/order/index?id=${encodeURIComponent(order.id)}` })}
    >
      <View className='pending-notice__main'>
        <Text className='pending-notice__title'>
          {order.channel === 'till' ? '您有一笔门店收银待支付' : '您有一笔订单待支付'}
        </Text>
        <Text className='pending-notice__desc'>
          {order.storeName} · {formatFen(order.cashFen)}
        </Text>
      </View>
      <Text className='pending-notice__action'>去支付 ›</Text>
    </View>
  );
}
