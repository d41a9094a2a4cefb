/**
 * 优惠券详情 → 去使用: 优惠买单 at a store where the coupon applies (its stores, or every store when it has no
 * list), nearest first when the position is known; tapping one opens 优惠买单 with that store and this coupon
 * preselected. 兑换券 are exchanged at the till only, so they get the in-store code alone (shown below it).
 */
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { CouponView, StoreView } from '@homeclub/shared';
import { loadStores } from '../../services/coupons';
import { sortByDistance } from '../../services/booking';
import { getPosition } from '../../platform/location';

export interface UsableStore {
  store: StoreView;
  km: number | null;
}

/** The stores a coupon can be used at, nearest first when `here` is known (else in the chain's order). */
export function usableStores(stores: StoreView[], storeIds: string[], here: { lat: number; lng: number } | null): UsableStore[] {
  const fits = storeIds.length ? stores.filter((s) => storeIds.includes(s.id)) : stores;
  return here ? sortByDistance(fits, here) : fits.map((store) => ({ store, km: null }));
}

export const payUrl = (storeId: string, couponId: string) => `/pages-order/pay/index?storeId=${encodeURIComponent(storeId)}&couponId=${encodeURIComponent(couponId)}`;

const kmText = (km: number) => (km < 1 ? `${Math.round(km * 1000)} m` : `${km.toFixed(1)} km`);

export function UseAtStore({ coupon }: { coupon: CouponView }) {
  const [list, setList] = useState<UsableStore[] | null>(null);
  const storeIds = coupon.terms.storeIds;

  useEffect(() => {
    let live = true;
    loadStores()
      .then(async (stores) => {
        if (live) setList(usableStores(stores, storeIds, null));
        const here = await getPosition();
        if (live && here) setList(usableStores(stores, storeIds, here));
      })
      .catch(() => live && setList([]));
    return () => {
      live = false;
    };
    // storeIds is the coupon's snapshot: it changes only with the coupon
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [coupon.id]);

  if (coupon.terms.type === 'exchange') return null;
  return (
    <View className='card coupon-use' id='coupon-use'>
      <Text className='coupon-use__title'>去使用</Text>
      <Text className='coupon-use__hint'>在以下门店「优惠买单」自动用券，或到店结账时出示下方券码</Text>
      {list === null ? <Text className='coupon-use__hint'>门店加载中…</Text> : null}
      {list?.length === 0 ? <Text className='coupon-use__hint'>门店暂时无法加载，可到店出示券码</Text> : null}
      {(list ?? []).slice(0, 5).map(({ store, km }) => (
        <View key={store.id} className='coupon-use__store' id={`coupon-use-${store.id}`}>
          <View className='coupon-use__main'>
            <Text className='coupon-use__name'>{store.name}</Text>
            <Text className='coupon-use__desc'>
              {km === null ? store.address : `${kmText(km)} · ${store.address}`}
            </Text>
          </View>
          <Button className='btn btn--primary btn--small' id={`coupon-use-pay-${store.id}`} onClick={() => void Taro.navigateTo({ url: payUrl(store.id, coupon.id) })}>
            优惠买单
          </Button>
        </View>
      ))}
    </View>
  );
}
