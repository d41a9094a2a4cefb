/**
 * Staff subpackage: 门店订单. GET /api/staff/orders (staff: their store; admins:
 * every store), newest first, 20 per page; the next page is asked with
 * `before` = the previous page's `nextBefore` (on reaching the bottom or with
 * 「加载更多」). Filter chips by state; a search box for one order (订单号, 退款单号,
 * 商户订单号) or a customer's orders (手机号); a reply for an older filter, search or page is
 * dropped. Each row: where it came from (门店收银 / 优惠买单 / POS), the member,
 * the cash, a state tag (部分退款 and 退款中 included) and the time → 订单详情.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro';
import { Input, ScrollView, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { formatFen, orderSearch, type OrderView, type StaffOrderView } from '@homeclub/shared';
import { call } from '../../services/api';
import { useSession } from '../../services/session';
import { formatDateTime } from '../../services/membership';
import { CHANNEL_TEXT, orderTagKind, orderTagText, STAFF_ORDER_FILTERS, STAFF_ORDERS_PAGE } from '../../services/orders';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import '../styles.css';
import '../till.css';

type State = OrderView['state'] | undefined;

interface ListState {
  status: 'loading' | 'error' | 'ready';
  items: StaffOrderView[];
  nextBefore: string | null;
  message: string;
  loadingMore: boolean;
  moreError: string | null;
}

const initial: ListState = { status: 'loading', items: [], nextBefore: null, message: '', loadingMore: false, moreError: null };

function errorText(err: unknown): string {
  return err instanceof Error && err.message ? err.message : '订单加载失败';
}

function OrderRow({ order }: { order: StaffOrderView }) {
  return (
    <View
      className='cell staff-order-row'
      id={`staff-order-item-${order.id}`}
      onClick={() => void Taro.navigateTo({ url: `/pages-staff/order/index?id=${encodeURIComponent(order.id)}` })}
    >
      <View className='cell__main'>
        <Text className='cell__title'>
          {CHANNEL_TEXT[order.channel]} · {order.member.nickname}
        </Text>
        <Text className='cell__desc'>
          {order.storeName} · {formatDateTime(order.createdAt)}
        </Text>
      </View>
      <View className='staff-order-row__right'>
        <Text className='staff-order-row__amount'>{formatFen(order.cashFen)}</Text>
        <Text className={`order-tag order-tag--${orderTagKind(order)}`} id={`staff-order-state-${order.id}`}>
          {orderTagText(order, 'staff')}
        </Text>
      </View>
    </View>
  );
}

export default function StaffOrdersPage() {
  const { member } = useSession();
  const memberId = member?.id;
  const [state, setState] = useState<State>(undefined);
  const [list, setList] = useState<ListState>(initial);
  const [input, setInput] = useState('');
  const [q, setQ] = useState<string | undefined>(undefined);
  const [searchError, setSearchError] = useState<string | null>(null);
  const search = () => {
    const text = input.trim();
    const s = orderSearch(text);
    if (text !== '' && (!s || s.kind === 'card')) {
      setSearchError('请输入完整的订单号、退款单号、商户订单号或顾客手机号');
      return;
    }
    setSearchError(null);
    setQ(text === '' ? undefined : text);
  };
  const latest = useRef(0);
  const busy = useRef(false);

  const loadFirst = useCallback(async (s: State, quiet = false, text?: string) => {
    const seq = ++latest.current;
    busy.current = true;
    if (!quiet) setList(initial);
    try {
      const page = await call('staffOrders', { query: { state: s, q: text, limit: STAFF_ORDERS_PAGE }, toast: false });
      if (seq !== latest.current) return;
      setList({ ...initial, status: 'ready', items: page.items, nextBefore: page.nextBefore });
    } catch (err) {
      if (seq === latest.current && !quiet) setList({ ...initial, status: 'error', message: errorText(err) });
    } finally {
      if (seq === latest.current) busy.current = false;
    }
  }, []);

  const loadMore = useCallback(async () => {
    if (busy.current || list.status !== 'ready' || !list.nextBefore) return;
    const seq = latest.current;
    busy.current = true;
    setList((prev) => ({ ...prev, loadingMore: true, moreError: null }));
    try {
      const page = await call('staffOrders', {
        query: { state, q, before: list.nextBefore, limit: STAFF_ORDERS_PAGE },
        toast: false,
      });
      if (seq !== latest.current) return;
      setList((prev) => {
        const seen = new Set(prev.items.map((o) => o.id));
        return {
          ...prev,
          items: [...prev.items, ...page.items.filter((o) => !seen.has(o.id))],
          nextBefore: page.nextBefore,
          loadingMore: false,
        };
      });
    } catch (err) {
      if (seq === latest.current) setList((prev) => ({ ...prev, loadingMore: false, moreError: errorText(err) }));
    } finally {
      if (seq === latest.current) busy.current = false;
    }
  }, [state, q, list.status, list.nextBefore]);

  useEffect(() => {
    if (memberId) void loadFirst(state, false, q);
  }, [memberId, state, q, loadFirst]);

  // back from an order's detail (refunded or cancelled meanwhile): refresh quietly
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current && list.status === 'ready') void loadFirst(state, true, q);
    shown.current = true;
  });

  useReachBottom(() => {
    void loadMore();
  });

  const label = STAFF_ORDER_FILTERS.find((f) => f.state === state)?.label ?? '全部';

  return (
    <View className='page page--staff page--staff-orders'>
      <ScrollView className='chips' scrollX id='staff-orders-filters'>
        {STAFF_ORDER_FILTERS.map((f) => (
          <Text
            key={f.label}
            id={`staff-orders-filter-${f.state ?? 'all'}`}
            className={`chip${f.state === state ? ' chip--active' : ''}`}
            onClick={() => {
              if (f.state !== state) setState(f.state);
            }}
          >
            {f.label}
          </Text>
        ))}
      </ScrollView>

      <View className='card staff-booking-search'>
        <View className='staff-booking-search__row'>
          <Input
            id='staff-orders-search-input'
            className='input staff-booking-search__input'
            maxlength={32}
            placeholder='订单号 / 退款单号 / 顾客手机号'
            value={input}
            onInput={(e) => {
              setInput(e.detail.value);
              if (e.detail.value === '') {
                setSearchError(null);
                setQ(undefined);
              }
            }}
            onConfirm={search}
          />
          <Button id='staff-orders-search' className='btn btn--primary btn--small' onClick={search}>
            查找
          </Button>
        </View>
        {searchError ? (
          <Text className='form-error' id='staff-orders-search-error'>
            {searchError}
          </Text>
        ) : null}
      </View>

      <View className='card cells' id='staff-orders'>
        {!member || list.status === 'loading' ? <LoadingState text='订单加载中…' /> : null}
        {list.status === 'error' ? (
          <ErrorState id='staff-orders-error' message={list.message} onRetry={() => void loadFirst(state, false, q)} />
        ) : null}
        {list.status === 'ready' && list.items.length === 0 ? (
          <EmptyState
            id='staff-orders-empty'
            icon='单'
            title={q ? '没有找到订单' : state ? `暂无${label}订单` : '暂无订单'}
            description={q ? '请核对订单号或手机号；只能查到本店的订单。' : '在「收银」为会员结账后，订单会出现在这里。'}
          />
        ) : null}
        {list.items.map((o) => (
          <OrderRow key={o.id} order={o} />
        ))}
      </View>

      {list.status === 'ready' && list.items.length > 0 ? (
        <View className='list-footer'>
          {list.moreError ? <Text className='list-footer__error'>{list.moreError}</Text> : null}
          {list.nextBefore ? (
            <Button
              id='staff-orders-more'
              className='btn btn--plain btn--small'
              loading={list.loadingMore}
              disabled={list.loadingMore}
              onClick={() => void loadMore()}
            >
              {list.loadingMore ? '加载中…' : list.moreError ? '重试' : '加载更多'}
            </Button>
          ) : (
            <Text className='list-footer__end' id='staff-orders-end'>
              没有更多了
            </Text>
          )}
        </View>
      ) : null}
    </View>
  );
}
