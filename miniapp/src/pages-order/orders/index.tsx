/**
 * 我的订单: my orders (GET /api/orders, newest first) — 优惠买单 and the ones a
 * clerk rang up at the till (门店收银) — with the amount, store, date and a state
 * tag (待支付 / 支付成功 / 退款中 / 部分退款 / 已退款 / 已过期 / 已取消) → 订单详情.
 */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatFen, type OrderView } from '@homeclub/shared';
import { call } from '../../services/api';
import { formatDateTime } from '../../services/membership';
import { CHANNEL_TEXT, orderTagKind, orderTagText } from '../../services/orders';
import { EmptyState } from '../../components/StateView';
import { PageGate } from '../../components/PageGate';
import { useMyList } from '../../hooks/useMyList';
import '../styles.css';

export default function OrdersPage() {
  const { list, load } = useMyList<OrderView>(() => call('myOrders', { toast: false }), '订单加载失败');

  return (
    <PageGate load={list} loadingText="订单加载中…" errorId="orders-error" onRetry={() => void load(false)}>
      {() => (
        <View className="page page--orders" id="orders">
          {list.status === 'ready' && list.items.length === 0 ? (
            <View className="card">
              <EmptyState
                id="orders-empty"
                icon="单"
                title="暂无订单"
                description="在首页选择门店「优惠买单」，付款时自动用券、积分抵现。"
              />
            </View>
          ) : null}
          {list.status === 'ready' && list.items.length > 0 ? (
            <View className="card cells">
              {list.items.map((o) => (
                <View
                  key={o.id}
                  id={`order-item-${o.id}`}
                  className="cell"
                  onClick={() => void Taro.navigateTo({ url: `/pages-order/order/index?id=${encodeURIComponent(o.id)}` })}
                >
                  <View className="cell__main">
                    <Text className="cell__title">
                      {CHANNEL_TEXT[o.channel]} {formatFen(o.cashFen)}
                    </Text>
                    <Text className="cell__desc">
                      {o.storeName} · {formatDateTime(o.createdAt)}
                    </Text>
                  </View>
                  <View className="cell__right">
                    <Text className={`order-state order-state--${orderTagKind(o)}`} id={`order-item-state-${o.id}`}>
                      {orderTagText(o, 'shopper')}
                    </Text>
                    <Text className="cell__arrow">›</Text>
                  </View>
                </View>
              ))}
            </View>
          ) : null}
        </View>
      )}
    </PageGate>
  );
}
