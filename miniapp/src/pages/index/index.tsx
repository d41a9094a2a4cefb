/**
 * 首页: the operator's banners and notice (GET /api/home, filtered by the server for the member's tier,
 * the shown store and the time), the invite banner when opened through a partner's link (`?inviter=CODE`)
 * or poster code (`scene=i%3DCODE`), the member card preview, the shortcut grid, the notice of an unpaid
 * (till) order, a strip of claimable coupons, the nearest store and the 邀请有礼 entry.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { HomeView, MemberCard, StoreView } from '@homeclub/shared';
import { PendingOrderNotice } from '../../components/PendingOrderNotice';
import { InviteBanner, inviterFromLaunch } from '../../components/InviteBanner';
import { GuideBanner } from '../../components/GuideBanner';
import { guideFromLaunch } from '../../services/guides';
import { HomeBanners } from '../../components/home/HomeBanners';
import { HomeShortcuts } from '../../components/home/HomeShortcuts';
import { MemberPreview } from '../../components/home/MemberPreview';
import { CouponStrip } from '../../components/home/CouponStrip';
import { NearestStore } from '../../components/home/NearestStore';
import { ErrorState } from '../../components/StateView';
import { GiftPopup } from '../../components/GiftPopup';
import { useSession } from '../../services/session';
import { call } from '../../services/api';
import { loadStores } from '../../services/coupons';
import { sortByDistance } from '../../services/booking';
import { fetchHome, pickStore } from '../../services/home';
import { getPosition } from '../../platform/location';
import './index.css';

type HomeState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; home: HomeView };

export default function IndexPage() {
  const { member, isNew } = useSession();
  const launch = useRouter().params;
  const inviter = inviterFromLaunch(launch);
  const guideCode = guideFromLaunch(launch);
  const [stores, setStores] = useState<StoreView[]>([]);
  const [nearest, setNearest] = useState<{ id: string; km: number } | null>(null);
  const [state, setState] = useState<HomeState>({ status: 'loading' });
  const [card, setCard] = useState<MemberCard | null>(null);
  const cardSeq = useRef(0);
  const memberId = member?.id;
  // The card preview, and the member's 常去门店 for the shown store when the phone gives no location.
  // Again on every show: 常去门店 may have just been changed in 会员 › 个人资料.
  const readCard = useCallback(() => {
    if (!memberId) return;
    const seq = ++cardSeq.current;
    call('memberCard', { toast: false }).then(
      (c) => seq === cardSeq.current && setCard(c),
      () => undefined, // the greeting stays; the 会员 tab shows the error with a retry
    );
  }, [memberId]);
  useEffect(readCard, [readCard]);
  useDidShow(() => {
    if (card) readCard(); // the first show is the mount's read
  });
  const store = pickStore(stores, nearest?.id ?? null, card?.preferredStoreId ?? null);
  const storeId = store?.id ?? null;

  useEffect(() => {
    let alive = true;
    loadStores()
      .then(async (items) => {
        if (!alive) return;
        setStores(items);
        const here = await getPosition();
        const first = here ? sortByDistance(items, here)[0] : undefined;
        if (alive && first) setNearest({ id: first.store.id, km: first.km });
      })
      .catch(() => undefined); // no store card; 预约 lists the stores with a retry
    return () => {
      alive = false;
    };
  }, []);

  const load = useCallback(async () => {
    try {
      const home = await fetchHome(storeId ?? undefined);
      setState({ status: 'ready', home });
    } catch (err) {
      setState((prev) => (prev.status === 'ready' ? prev : { status: 'error', message: err instanceof Error ? err.message : '首页加载失败' }));
    }
  }, [storeId]);

  // again when the member signs in (tier) and when the shown store is known (store banners)
  useEffect(() => {
    void load();
  }, [load, memberId]);

  const home = state.status === 'ready' ? state.home : null;
  return (
    <View className='page page--home'>
      <View className='brand'>
        <Text className='brand__name'>HomeClub 家居</Text>
        <Text className='brand__slogan'>为家挑好物 · 会员俱乐部</Text>
      </View>
      {home ? <HomeBanners home={home} storeId={storeId} /> : null}
      {state.status === 'error' ? (
        <View className='card'>
          <ErrorState message={state.message} onRetry={() => void load()} />
        </View>
      ) : null}
      {inviter ? <InviteBanner code={inviter} /> : null}
      {guideCode ? <GuideBanner code={guideCode} /> : null}
      <MemberPreview member={member} isNew={isNew} card={card} />
      {home ? <HomeShortcuts shortcuts={home.shortcuts} storeId={storeId} /> : null}
      <PendingOrderNotice />
      <CouponStrip memberId={member?.id} featuredIds={home?.featuredCouponIds ?? []} />
      {store ? <NearestStore store={store} km={nearest?.id === store.id ? nearest.km : null} /> : null}
      <GiftPopup />
      <View className='card cells'>
        <View className='cell' id='home-invite-entry' onClick={() => void Taro.navigateTo({ url: '/pages-referral/invite/index' })}>
          <View className='cell__main'>
            <Text className='cell__title'>邀请有礼</Text>
            <Text className='cell__desc'>邀请好友注册会员，好友下单你得奖励</Text>
          </View>
          <Text className='cell__arrow'>›</Text>
        </View>
      </View>
    </View>
  );
}
