/**
 * 我的优惠券: tabs 可用 / 已使用 / 已过期 (GET /api/coupons/mine?state=…).
 * 可用 also lists coupons being used at a checkout (state 'locked', tagged
 * 「使用中」), soonest to expire first. A card opens 优惠券详情 (rules and the
 * in-store code). A reply for a tab no longer shown is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { CouponView } from '@homeclub/shared';
import { call } from '../../services/api';
import { couponValidityText, isExpiringSoon } from '../../services/coupons';
import { useSession } from '../../services/session';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import { CouponCard } from '../../components/CouponCard';
import '../styles.css';

export type CouponTab = 'available' | 'used' | 'expired';

const TABS: ReadonlyArray<{ tab: CouponTab; label: string; empty: string }> = [
  { tab: 'available', label: '可用', empty: '暂无可用的优惠券' },
  { tab: 'used', label: '已使用', empty: '暂无已使用的优惠券' },
  { tab: 'expired', label: '已过期', empty: '暂无已过期的优惠券' },
];

type ListState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; items: CouponView[] };

/** 可用 = available + locked (whether or not the server already counts locked as available), soonest end first. */
async function fetchTab(tab: CouponTab): Promise<CouponView[]> {
  if (tab !== 'available') return (await call('myCoupons', { query: { state: tab }, toast: false })).items;
  const [available, locked] = await Promise.all([
    call('myCoupons', { query: { state: 'available' }, toast: false }),
    call('myCoupons', { query: { state: 'locked' }, toast: false }),
  ]);
  const seen = new Set<string>();
  return [...available.items, ...locked.items]
    .filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)))
    .sort((a, b) => Date.parse(a.validTo) - Date.parse(b.validTo));
}

function tagsOf(coupon: CouponView, now: number): string[] {
  if (coupon.state === 'locked') return ['使用中'];
  return isExpiringSoon(coupon, now) ? ['即将过期'] : [];
}

const STAMPS: Partial<Record<CouponView['state'], string>> = { used: '已使用', expired: '已过期' };

export default function MyCouponsPage() {
  const { member } = useSession();
  const memberId = member?.id;
  const [tab, setTab] = useState<CouponTab>('available');
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const latest = useRef(0);

  const load = useCallback(async (t: CouponTab, quiet: boolean) => {
    const seq = ++latest.current;
    if (!quiet) setList({ status: 'loading' });
    try {
      const items = await fetchTab(t);
      if (seq === latest.current) setList({ status: 'ready', items });
    } catch (err) {
      if (seq === latest.current && !quiet) {
        setList({ status: 'error', message: err instanceof Error ? err.message : '优惠券加载失败' });
      }
    }
  }, []);

  useEffect(() => {
    if (memberId) void load(tab, false);
  }, [memberId, tab, load]);

  // back from the detail page (a coupon may have been used meanwhile)
  useDidShow(() => {
    if (list.status === 'ready') void load(tab, true);
  });

  const now = Date.now();
  const current = TABS.find((t) => t.tab === tab) ?? TABS[0];

  return (
    <View className='page page--my-coupons' id='my-coupons'>
      <View className='tabs'>
        {TABS.map((t) => (
          <View
            key={t.tab}
            id={`tab-${t.tab}`}
            className={`tabs__item${t.tab === tab ? ' tabs__item--active' : ''}`}
            onClick={() => {
              if (t.tab !== tab) setTab(t.tab);
            }}
          >
            <Text>{t.label}</Text>
          </View>
        ))}
      </View>

      {!member || list.status === 'loading' ? (
        <View className='card'>
          <LoadingState text={member ? '优惠券加载中…' : '正在登录…'} />
        </View>
      ) : null}
      {member && list.status === 'error' ? (
        <View className='card'>
          <ErrorState id='my-coupons-error' message={list.message} onRetry={() => void load(tab, false)} />
        </View>
      ) : null}
      {member && list.status === 'ready' && list.items.length === 0 ? (
        <View className='card'>
          <EmptyState id='my-coupons-empty' icon='券' title={current.empty} />
          {tab === 'available' ? (
            <View className='state-action'>
              <Button
                id='my-coupons-go-center'
                className='btn btn--primary btn--small'
                onClick={() => void Taro.switchTab({ url: '/pages/coupons/index' })}
              >
                去领券中心看看
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
      {member && list.status === 'ready' && list.items.length > 0 ? (
        <View className='coupon-list'>
          {list.items.map((coupon) => (
            <CouponCard
              key={coupon.id}
              id={`my-coupon-${coupon.id}`}
              name={coupon.terms.name}
              face={coupon.terms}
              validity={couponValidityText(coupon)}
              tags={tagsOf(coupon, now)}
              stamp={STAMPS[coupon.state]}
              onClick={() => void Taro.navigateTo({ url: `/pages-member/coupon-detail/index?id=${encodeURIComponent(coupon.id)}` })}
            >
              {coupon.state === 'available' ? (
                <View className='coupon__actions coupon__actions--end'>
                  <Text className='coupon__use'>去使用 ›</Text>
                </View>
              ) : null}
            </CouponCard>
          ))}
        </View>
      ) : null}
    </View>
  );
}
