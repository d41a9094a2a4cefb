/** 首页 store list: GET /api/stores (public), with loading, error and empty states; 「优惠买单」 opens the checkout of a store. */
import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { StoreView } from '@homeclub/shared';
import { call } from '../services/api';
import { EmptyState, ErrorState, LoadingState } from './StateView';

type ListState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; items: StoreView[] };

export function StoreList() {
  const [list, setList] = useState<ListState>({ status: 'loading' });

  const load = useCallback(async () => {
    setList({ status: 'loading' });
    try {
      const res = await call('stores', { toast: false });
      setList({ status: 'ready', items: res.items });
    } catch (err) {
      setList({ status: 'error', message: err instanceof Error ? err.message : '门店加载失败' });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <View className='store-list' id='store-list'>
      {list.status === 'loading' ? <LoadingState text='门店加载中…' /> : null}
      {list.status === 'error' ? <ErrorState message={list.message} onRetry={() => void load()} /> : null}
      {list.status === 'ready' && list.items.length === 0 ? (
        <EmptyState title='暂无门店' description='门店信息正在整理中，开业后会第一时间在这里展示。' icon='⌂' />
      ) : null}
      {list.status === 'ready'
        ? list.items.map((store) => (
            <View className='card store-item' key={store.id} id={`store-${store.code}`}>
              <View className='store-item__head'>
                <Text className='store-item__name'>{store.name}</Text>
                <Text className='store-item__city'>{store.city}</Text>
              </View>
              <Text className='store-item__address'>{store.address}</Text>
              <Text
                className='store-item__phone'
                onClick={() => void Taro.makePhoneCall({ phoneNumber: store.phone }).catch(() => undefined)}
              >
                电话 {store.phone}
              </Text>
              <View className='store-item__actions'>
                <Button
                  id={`pay-at-${store.id}`}
                  className='btn btn--primary btn--small'
                  onClick={() => void Taro.navigateTo({ url: `/pages-order/pay/index?storeId=${encodeURIComponent(store.id)}` })}
                >
                  优惠买单
                </Button>
              </View>
            </View>
          ))
        : null}
    </View>
  );
}
