/**
 * 首页: the popup of campaign gifts on the next open (「会员日礼包已到账」).
 * Reads GET /api/insight/gifts when a shopper is signed in; closing it (or
 * opening 我的券) marks the gifts seen, so each popup shows once. Failures
 * just show nothing.
 */
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { ResponseOf } from '@homeclub/shared';
import { call } from '../services/api';
import { useSession } from '../services/session';
import './GiftPopup.css';

type Gift = ResponseOf<'myGifts'>['items'][number];

export function GiftPopup() {
  const { member } = useSession();
  const memberId = member?.id;
  const [gifts, setGifts] = useState<Gift[]>([]);

  useEffect(() => {
    let live = true;
    if (!memberId) {
      setGifts([]);
      return;
    }
    call('myGifts', { toast: false })
      .then((r) => live && setGifts(Array.isArray(r?.items) ? r.items : []))
      .catch(() => live && setGifts([]));
    return () => {
      live = false;
    };
  }, [memberId]);

  if (!gifts.length) return null;
  const close = (then?: () => void) => {
    const ids = gifts.map((g) => g.id);
    setGifts([]);
    void call('myGiftsSeen', { body: { ids }, toast: false }).catch(() => undefined);
    then?.();
  };
  return (
    <View className='gift-popup' id='gift-popup'>
      <View className='gift-popup__box'>
        <Text className='gift-popup__title'>{gifts[0].title}</Text>
        {gifts.map((g) => (
          <Text key={g.id} className='gift-popup__item'>
            {g.kind === 'coupon' ? '优惠券 1 张已放入「我的券」' : `积分 +${g.points}`}
          </Text>
        ))}
        <View className='gift-popup__actions'>
          {gifts.some((g) => g.kind === 'coupon') ? (
            <Button className='btn btn--primary' id='gift-popup-coupons' onClick={() => close(() => void Taro.navigateTo({ url: '/pages-member/my-coupons/index' }))}>
              去我的券
            </Button>
          ) : null}
          <Button className='btn' id='gift-popup-close' onClick={() => close()}>
            知道了
          </Button>
        </View>
      </View>
    </View>
  );
}
