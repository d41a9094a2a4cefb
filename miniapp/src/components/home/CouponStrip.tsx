/** 首页 strip of claimable coupons (the operator's featured first); 「领取」 claims in place, 「更多」 opens 领券. */
import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { ScrollView, Text, View } from '@tarojs/components';
import { call, isApiError } from '../../services/api';
import { afterClaim, couponValueText, thresholdText, type CenterItem } from '../../services/coupons';
import { couponStrip } from '../../services/home';

export function CouponStrip({ memberId, featuredIds }: { memberId: string | undefined; featuredIds: string[] }) {
  const [items, setItems] = useState<CenterItem[] | null>(null);
  const [claimed, setClaimed] = useState<Set<string>>(new Set());
  const busy = useRef(new Set<string>());
  useEffect(() => {
    if (!memberId) return;
    let alive = true;
    call('couponCenter', { toast: false })
      .then((res) => alive && setItems(res.items))
      .catch(() => undefined); // no strip; 领券 shows the error
    return () => {
      alive = false;
    };
  }, [memberId]);

  const shown = items ? couponStrip(items, featuredIds) : [];
  if (shown.length === 0) return null;

  const claim = async (item: CenterItem) => {
    const id = item.template.id;
    if (busy.current.has(id) || claimed.has(id)) return;
    busy.current.add(id);
    try {
      await call('couponClaim', { body: { templateId: id, claimedByMe: item.claimedByMe } });
      setClaimed((prev) => new Set(prev).add(id));
      setItems((prev) => prev?.map((it) => (it.template.id === id ? { ...afterClaim(it), canClaim: true } : it)) ?? null);
      void Taro.showToast({ title: '领取成功', icon: 'success' });
    } catch (err) {
      // the API client has toasted the server's message
      if (isApiError(err)) setItems((prev) => prev?.map((it) => (it.template.id === id ? { ...it, canClaim: false } : it)) ?? null);
    } finally {
      busy.current.delete(id);
    }
  };

  return (
    <View className='card home-coupons' id='home-coupons'>
      <View className='home-section-head'>
        <Text className='home-section-head__title'>领券中心</Text>
        <Text className='home-section-head__more' id='home-coupons-more' onClick={() => void Taro.switchTab({ url: '/pages/coupons/index' })}>
          更多 ›
        </Text>
      </View>
      <ScrollView scrollX className='home-coupons__scroll'>
        <View className='home-coupons__row'>
          {shown.map((item) => (
            <View className='home-coupon' key={item.template.id} id={`home-coupon-${item.template.id}`}>
              <Text className='home-coupon__value'>{couponValueText(item.template)}</Text>
              <Text className='home-coupon__threshold'>{thresholdText(item.template)}</Text>
              <Text className='home-coupon__name'>{item.template.name}</Text>
              <Text
                className={`home-coupon__btn${claimed.has(item.template.id) ? ' home-coupon__btn--done' : ''}`}
                id={`home-coupon-claim-${item.template.id}`}
                onClick={() => void claim(item)}
              >
                {claimed.has(item.template.id) ? '已领取' : '领取'}
              </Text>
            </View>
          ))}
        </View>
      </ScrollView>
    </View>
  );
}
