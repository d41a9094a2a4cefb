/** 首页 nearest store (by distance when the position is known): address, today's distance, 优惠买单 and 预约. */
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { StoreView } from '@homeclub/shared';
import { formatDistance } from '../../services/booking';

export function NearestStore({ store, km }: { store: StoreView; km: number | null }) {
  return (
    <View className='card home-store store-item' id='home-store'>
      <View className='home-section-head'>
        <Text className='home-section-head__title'>{km === null ? '推荐门店' : '离你最近'}</Text>
        <Text className='home-section-head__more' id='home-stores-all' onClick={() => void Taro.switchTab({ url: '/pages/booking/index' })}>
          全部门店 ›
        </Text>
      </View>
      <View className='store-item__head'>
        <Text className='store-item__name' id='home-store-name'>
          {store.name}
        </Text>
        {km !== null ? (
          <Text className='store-item__city' id='home-store-distance'>
            {formatDistance(km)}
          </Text>
        ) : (
          <Text className='store-item__city'>{store.city}</Text>
        )}
      </View>
      <Text className='store-item__address'>{store.address}</Text>
      <Text className='store-item__phone' onClick={() => void Taro.makePhoneCall({ phoneNumber: store.phone }).catch(() => undefined)}>
        电话 {store.phone}
      </Text>
      <View className='store-item__actions home-store__actions'>
        <Button
          id={`pay-at-${store.id}`}
          className='btn btn--primary btn--small'
          onClick={() => void Taro.navigateTo({ url: `/pages-order/pay/index?storeId=${encodeURIComponent(store.id)}` })}
        >
          优惠买单
        </Button>
        <Button
          id={`book-at-${store.id}`}
          className='btn btn--plain btn--small'
          onClick={() => void Taro.navigateTo({ url: `/pages-booking/store/index?id=${encodeURIComponent(store.id)}` })}
        >
          预约服务
        </Button>
      </View>
    </View>
  );
}
