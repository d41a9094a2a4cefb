/**
 * 预约 tab: the chain's stores (GET /api/stores, public) to book a service at.
 * The list shows at once grouped by city; meanwhile the shopper's position is
 * asked (WeChat's location prompt; the browser's on H5) and, when given, the
 * stores are re-sorted nearest first with their distance. Refused or failed →
 * the city groups stay, with 「按距离排序」 to ask again. Each store opens its
 * page (门店: hours, services → 预约). 「我的预约」 on top.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { StoreView } from '@homeclub/shared';
import { loadStores } from '../../services/coupons';
import { formatDistance, groupByCity, sortByDistance } from '../../services/booking';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import { getPosition, type Position } from '../../platform/location';

type ListState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; items: StoreView[] };
/** asking: waiting for the position; here: sorted by distance; none: refused / failed. */
type Where = { status: 'asking' } | { status: 'here'; position: Position } | { status: 'none' };

const openStore = (store: StoreView) =>
  void Taro.navigateTo({ url: `/pages-booking/store/index?id=${encodeURIComponent(store.id)}` });

function StoreRow({ store, distance }: { store: StoreView; distance?: string }) {
  return (
    <View className='cell booking-store' id={`booking-store-${store.id}`} onClick={() => openStore(store)}>
      <View className='cell__main'>
        <View className='booking-store__head'>
          <Text className='cell__title'>{store.name}</Text>
          {distance ? (
            <Text className='booking-store__distance' id={`booking-store-distance-${store.id}`}>
              {distance}
            </Text>
          ) : null}
        </View>
        <Text className='cell__desc'>{store.address}</Text>
      </View>
      <Text className='cell__arrow'>›</Text>
    </View>
  );
}

export default function BookingPage() {
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [where, setWhere] = useState<Where>({ status: 'asking' });
  const asking = useRef(0);

  const load = useCallback(async () => {
    setList({ status: 'loading' });
    try {
      setList({ status: 'ready', items: await loadStores() });
    } catch (err) {
      setList({ status: 'error', message: err instanceof Error ? err.message : '门店加载失败' });
    }
  }, []);

  const locate = useCallback(async () => {
    const seq = ++asking.current;
    setWhere({ status: 'asking' });
    const position = await getPosition();
    if (seq !== asking.current) return;
    setWhere(position ? { status: 'here', position } : { status: 'none' });
  }, []);

  useEffect(() => {
    void load();
    void locate();
  }, [load, locate]);

  const items = list.status === 'ready' ? list.items : [];

  return (
    <View className='page page--booking' id='booking-page'>
      <View className='card booking-head'>
        <Text className='booking-head__title'>到店服务预约</Text>
        <Text className='booking-head__desc'>设计咨询、到店体验、上门量尺，选择门店后预约时间</Text>
      </View>

      <View className='card cells'>
        <View className='cell' id='booking-my-bookings' onClick={() => void Taro.navigateTo({ url: '/pages-booking/bookings/index' })}>
          <Text className='cell__title'>我的预约</Text>
          <Text className='cell__arrow'>›</Text>
        </View>
      </View>

      <View className='booking-where'>
        <Text className='booking-where__text' id='booking-location-hint' data-mode={where.status}>
          {where.status === 'asking' ? '正在获取您的位置…' : where.status === 'here' ? '已按距离由近到远排序' : '未获取到位置，按城市展示门店'}
        </Text>
        {where.status === 'none' ? (
          <Button id='booking-locate' className='btn btn--plain btn--small' onClick={() => void locate()}>
            按距离排序
          </Button>
        ) : null}
      </View>

      {list.status === 'loading' ? (
        <View className='card'>
          <LoadingState text='门店加载中…' />
        </View>
      ) : null}
      {list.status === 'error' ? (
        <View className='card'>
          <ErrorState id='booking-stores-error' message={list.message} onRetry={() => void load()} />
        </View>
      ) : null}
      {list.status === 'ready' && items.length === 0 ? (
        <View className='card'>
          <EmptyState id='booking-stores-empty' icon='⌂' title='暂无门店' description='门店开业后即可在这里预约到店服务。' />
        </View>
      ) : null}

      {items.length > 0 && where.status === 'here' ? (
        <View className='card cells' id='booking-stores' data-sort='distance'>
          {sortByDistance(items, where.position).map(({ store, km }) => (
            <StoreRow key={store.id} store={store} distance={formatDistance(km)} />
          ))}
        </View>
      ) : null}
      {items.length > 0 && where.status !== 'here'
        ? groupByCity(items).map((group) => (
            <View key={group.city} className='booking-city' id={`booking-city-${group.city}`}>
              <Text className='section-title booking-city__name'>{group.city}</Text>
              <View className='card cells'>
                {group.stores.map((store) => (
                  <StoreRow key={store.id} store={store} />
                ))}
              </View>
            </View>
          ))
        : null}
    </View>
  );
}
