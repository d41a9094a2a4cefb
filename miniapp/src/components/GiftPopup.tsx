/**
 * 首页: the one popup for what a member received, each shown once, one after the other:
 * - the welcome (「欢迎加入 HomeClub」): the sign-up points and 新人礼 coupons the server actually granted
 *   (GET /api/member/greetings), then the tier upgrade (「恭喜升级为银卡」 with the tier's perks);
 * - campaign gifts (「会员日礼包已到账」, GET /api/insight/gifts).
 * Closing one (or 去我的券) tells the server it was seen (POST …/greetings/seen or …/gifts/seen), so it does
 * not come back on this or any other device. Failures just show nothing.
 */
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { GreetingView, ResponseOf } from '@homeclub/shared';
import { call } from '../services/api';
import { useSession } from '../services/session';
import './GiftPopup.css';

type Gift = ResponseOf<'myGifts'>['items'][number];

/** One popup: its title, its lines, whether it leads to 我的券, and how it is marked seen. */
export interface PopupCard {
  id: string;
  kind: 'welcome' | 'tier_up' | 'gifts';
  title: string;
  lines: string[];
  coupons: boolean;
  seen: () => Promise<unknown>;
}

export function greetingCard(g: GreetingView): PopupCard {
  const seen = () => call('memberGreetingsSeen', { body: { keys: [g.key] }, toast: false });
  if (g.kind === 'welcome') {
    const lines = [...(g.points > 0 ? [`注册积分 +${g.points}`] : []), ...g.coupons.map((c) => `「${c.name}」已放入「我的券」`)];
    return { id: g.key, kind: 'welcome', title: '欢迎加入 HomeClub', lines: ['新人礼已到账：', ...lines], coupons: g.coupons.length > 0, seen };
  }
  return { id: g.key, kind: 'tier_up', title: `恭喜升级为${g.tier.name}`, lines: g.perks.length ? ['专属权益：', ...g.perks] : [], coupons: false, seen };
}

export function giftsCard(gifts: Gift[]): PopupCard {
  return {
    id: `gifts:${gifts.map((g) => g.id).join(',')}`,
    kind: 'gifts',
    title: gifts[0].title,
    lines: gifts.map((g) => (g.kind === 'coupon' ? '优惠券 1 张已放入「我的券」' : `积分 +${g.points}`)),
    coupons: gifts.some((g) => g.kind === 'coupon'),
    seen: () => call('myGiftsSeen', { body: { ids: gifts.map((g) => g.id) }, toast: false }),
  };
}

async function loadCards(): Promise<PopupCard[]> {
  const [greetings, gifts] = await Promise.allSettled([call('memberGreetings', { toast: false }), call('myGifts', { toast: false })]);
  const cards: PopupCard[] = [];
  if (greetings.status === 'fulfilled' && Array.isArray(greetings.value?.items)) cards.push(...greetings.value.items.map(greetingCard));
  if (gifts.status === 'fulfilled' && Array.isArray(gifts.value?.items) && gifts.value.items.length) cards.push(giftsCard(gifts.value.items));
  return cards;
}

export function GiftPopup() {
  const { member } = useSession();
  const memberId = member?.id;
  const [cards, setCards] = useState<PopupCard[]>([]);

  useEffect(() => {
    let live = true;
    setCards([]);
    if (!memberId) return;
    void loadCards().then((c) => live && setCards(c));
    return () => {
      live = false;
    };
  }, [memberId]);

  const card = cards[0];
  if (!card) return null;
  const close = (then?: () => void) => {
    setCards((all) => all.slice(1));
    void card.seen().catch(() => undefined);
    then?.();
  };
  return (
    <View className={`gift-popup gift-popup--${card.kind}`} id='gift-popup'>
      <View className='gift-popup__box'>
        <Text className='gift-popup__badge'>{card.kind === 'tier_up' ? '升' : '礼'}</Text>
        <Text className='gift-popup__title' id='gift-popup-title'>
          {card.title}
        </Text>
        {card.lines.map((line) => (
          <Text key={line} className='gift-popup__item'>
            {line}
          </Text>
        ))}
        <View className='gift-popup__actions'>
          {card.coupons ? (
            <Button className='btn btn--primary' id='gift-popup-coupons' onClick={() => close(() => void Taro.navigateTo({ url: '/pages-member/my-coupons/index' }))}>
              去我的券
            </Button>
          ) : null}
          <Button className='btn' id='gift-popup-close' onClick={() => close()}>
            {card.kind === 'tier_up' ? '太棒了' : '知道了'}
          </Button>
        </View>
      </View>
    </View>
  );
}
