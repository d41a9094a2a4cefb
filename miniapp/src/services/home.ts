/**
 * 首页 content: GET /api/home (published banners, shortcuts, featured coupons, notice; filtered by the
 * server for the session member's tier, the store and the time) and where each link and shortcut goes.
 */
import Taro from '@tarojs/taro';
import type { ContentLink, ContentPage, HomeView, ShortcutKey, StoreView } from '@homeclub/shared';
import { call } from './api';
import type { CenterItem } from './coupons';

export const fetchHome = (storeId?: string): Promise<HomeView> => call('home', { query: { storeId }, toast: false });

/** A tab (switchTab) or a page (navigateTo). */
export interface Target {
  tab: boolean;
  url: string;
}

const PAGE_TARGETS: Record<ContentPage, Target> = {
  coupons: { tab: true, url: '/pages/coupons/index' },
  booking: { tab: true, url: '/pages/booking/index' },
  member: { tab: true, url: '/pages/member/index' },
  mine: { tab: true, url: '/pages/mine/index' },
  invite: { tab: false, url: '/pages-referral/invite/index' },
  pay: { tab: false, url: '/pages-order/pay/index' },
  points: { tab: false, url: '/pages-member/points/index' },
  'my-coupons': { tab: false, url: '/pages-member/my-coupons/index' },
};

const withStore = (url: string, storeId: string | null) => (storeId ? `${url}?storeId=${encodeURIComponent(storeId)}` : url);

/** Where an operator's link opens; `storeId` = the store the home page shows (for 优惠买单). */
export function linkTarget(link: ContentLink, storeId: string | null): Target {
  if (link.kind === 'coupon') return PAGE_TARGETS.coupons;
  if (link.kind === 'booking') {
    return link.serviceId
      ? { tab: false, url: `/pages-booking/booking-new/index?serviceId=${encodeURIComponent(link.serviceId)}&storeId=${encodeURIComponent(link.storeId)}` }
      : { tab: false, url: `/pages-booking/store/index?id=${encodeURIComponent(link.storeId)}` };
  }
  if (link.page === 'pay') return storeId ? { tab: false, url: withStore(PAGE_TARGETS.pay.url, storeId) } : PAGE_TARGETS.booking;
  return PAGE_TARGETS[link.page];
}

/** Where a shortcut opens: 上门量尺 and 优惠买单 go to the nearest store (the store list when none is known). */
export function shortcutTarget(key: ShortcutKey, storeId: string | null): Target {
  switch (key) {
    case 'coupons':
      return PAGE_TARGETS.coupons;
    case 'booking':
      return PAGE_TARGETS.booking;
    case 'measure':
      return storeId ? { tab: false, url: `/pages-booking/store/index?id=${encodeURIComponent(storeId)}` } : PAGE_TARGETS.booking;
    case 'memberCode':
      return PAGE_TARGETS.member;
    case 'pay':
      return storeId ? { tab: false, url: withStore(PAGE_TARGETS.pay.url, storeId) } : PAGE_TARGETS.booking;
    case 'invite':
      return PAGE_TARGETS.invite;
  }
}

export function open(target: Target): void {
  if (target.tab) void Taro.switchTab({ url: target.url });
  else void Taro.navigateTo({ url: target.url });
}

export const SHORTCUT_ICONS: Record<ShortcutKey, string> = { coupons: '券', booking: '约', measure: '量', memberCode: '码', pay: '付', invite: '邀' };

/** The coupon strip: claimable templates, the operator's featured ones first (in their order), at most 6. */
export function couponStrip(items: CenterItem[], featuredIds: string[]): CenterItem[] {
  const rank = (id: string) => {
    const i = featuredIds.indexOf(id);
    return i < 0 ? featuredIds.length : i;
  };
  return items
    .filter((i) => i.canClaim && i.template.channel === 'claim_center')
    .sort((a, b) => rank(a.template.id) - rank(b.template.id))
    .slice(0, 6);
}

/** The store to show: the nearest when the distance sort ran, else the member's preferred one, else the first. */
export function pickStore(stores: StoreView[], nearestId: string | null, preferredId: string | null): StoreView | null {
  return stores.find((s) => s.id === nearestId) ?? stores.find((s) => s.id === preferredId) ?? stores[0] ?? null;
}
