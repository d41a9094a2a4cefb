/**
 * 首页 (issue 18): the published banners and notice, the shortcut grid and where each goes, the member
 * card preview (greeting 「欢迎加入」 for a new member, points, tier progress), the claimable-coupon strip
 * (featured first, claim in place) and the nearest store, which is also the store the home asks banners for.
 */
import { act, fireEvent, render } from '@testing-library/react';
import type { HomeView } from '@homeclub/shared';
import IndexPage from '@/pages/index/index';
import { login, signOut } from '@/services/session';
import { resetStoresCache } from '@/services/coupons';
import { getLocation, navigateTo, resetTaroMock, switchTab } from './mocks/taro';
import { centerItem, fail, member, memberCard, ok, pathOf, serve, session, store, template, type SentRequest } from './support/http';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 40; i++) await Promise.resolve();
  });
}

const XUHUI = store({ id: '650000000000000000000001', name: 'HomeClub 上海徐汇店', location: { lat: 31.19, lng: 121.43 } });
const PUDONG = store({ id: '650000000000000000000002', code: 'SH02', name: 'HomeClub 上海浦东店', location: { lat: 31.22, lng: 121.54 } });
const T1 = template(1, { name: '满3000减300' });
const T2 = template(2, { name: '全场9折' });

function homeView(overrides: Partial<HomeView> = {}): HomeView {
  return {
    version: 1,
    banners: [{ id: 'winter', title: '冬季家装节', image: '/static/w.png', link: { kind: 'coupon', templateId: T1.id } }],
    shortcuts: [
      { key: 'coupons', label: '领券' },
      { key: 'booking', label: '到店预约' },
      { key: 'measure', label: '上门量尺' },
      { key: 'memberCode', label: '会员码' },
      { key: 'pay', label: '优惠买单' },
      { key: 'invite', label: '邀请有礼' },
    ],
    featuredCouponIds: [T2.id],
    notice: { text: '周末满 3000 减 300', link: { kind: 'page', page: 'coupons' } },
    ...overrides,
  };
}

function serveHome(opts: { isNew?: boolean; home?: HomeView } = {}): SentRequest[] {
  return serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok({ ...session(1, member({ nickname: '会员1234' })), isNew: opts.isNew ?? false });
    if (path === '/api/stores') return ok({ items: [XUHUI, PUDONG] });
    if (path.startsWith('/api/home')) return ok(opts.home ?? homeView());
    if (path === '/api/member/card') return ok(memberCard({ points: { balance: 1200, held: 0, available: 1200, expiring: [] } }));
    if (path === '/api/coupons/center') return ok({ items: [centerItem(T1), centerItem(T2), centerItem(template(3, { name: '已抢光' }), { canClaim: false, reason: 'COUPON_OUT_OF_STOCK' })] });
    if (path === '/api/coupons/claim') return ok({});
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
}

const el = (id: string) => document.getElementById(id);
const homeRequests = (sent: SentRequest[]) => sent.filter((r) => pathOf(r).startsWith('/api/home')).map(pathOf);

beforeEach(async () => {
  resetTaroMock();
  resetStoresCache();
  await signOut();
});

test('a new member is welcomed (「欢迎加入」, not 「欢迎回来」), with points and the progress to the next tier', async () => {
  serveHome({ isNew: true });
  await login();
  render(<IndexPage />);
  await settle();
  expect(el('home-greeting')?.textContent).toBe('欢迎加入，会员1234');
  expect(el('home-member-points')?.textContent).toBe('1,200');
  expect(el('home-member-tier')?.textContent).toBe(memberCard().tier.name);
  expect(el('home-member-next')?.textContent).toMatch(/升级|最高等级/);
  fireEvent.click(el('home-member')!);
  expect(switchTab).toHaveBeenCalledWith({ url: '/pages/member/index' });
});

test('a returning member is greeted 「欢迎回来」', async () => {
  serveHome({ isNew: false });
  await login();
  render(<IndexPage />);
  await settle();
  expect(el('home-greeting')?.textContent).toBe('欢迎回来，会员1234');
});

test('banners and the notice are the published ones and open their links', async () => {
  serveHome();
  await login();
  render(<IndexPage />);
  await settle();
  expect(el('home-banner-winter')).not.toBeNull();
  fireEvent.click(el('home-banner-winter')!);
  expect(switchTab).toHaveBeenCalledWith({ url: '/pages/coupons/index' });
  expect(el('home-notice')?.textContent).toContain('周末满 3000 减 300');
});

test('nothing published yet: no swiper, no notice, the grid still shows', async () => {
  serveHome({ home: homeView({ version: 0, banners: [], notice: null }) });
  render(<IndexPage />);
  await settle();
  expect(el('home-banners')).toBeNull();
  expect(el('home-notice')).toBeNull();
  expect(el('home-shortcuts')?.textContent).toBe('券领券约到店预约量上门量尺码会员码付优惠买单邀邀请有礼');
});

test('shortcuts: tabs by switchTab, 上门量尺 and 优惠买单 at the nearest store (by position), 邀请有礼 by navigateTo', async () => {
  getLocation.mockImplementation(() => Promise.resolve({ latitude: 31.221, longitude: 121.541, errMsg: 'getLocation:ok' }));
  const sent = serveHome();
  await login();
  render(<IndexPage />);
  await settle();
  expect(el('home-store-name')?.textContent).toBe('HomeClub 上海浦东店');
  expect(el('home-store-distance')?.textContent).toMatch(/m|km/);
  // the home is asked again for the shown store (store-scoped banners)
  expect(homeRequests(sent)).toContain(`/api/home?storeId=${PUDONG.id}`);
  fireEvent.click(el('home-shortcut-coupons')!);
  expect(switchTab).toHaveBeenLastCalledWith({ url: '/pages/coupons/index' });
  fireEvent.click(el('home-shortcut-booking')!);
  expect(switchTab).toHaveBeenLastCalledWith({ url: '/pages/booking/index' });
  fireEvent.click(el('home-shortcut-memberCode')!);
  expect(switchTab).toHaveBeenLastCalledWith({ url: '/pages/member/index' });
  fireEvent.click(el('home-shortcut-measure')!);
  expect(navigateTo).toHaveBeenLastCalledWith({ url: `/pages-booking/store/index?id=${PUDONG.id}` });
  fireEvent.click(el('home-shortcut-pay')!);
  expect(navigateTo).toHaveBeenLastCalledWith({ url: `/pages-order/pay/index?storeId=${PUDONG.id}` });
  fireEvent.click(el('home-shortcut-invite')!);
  expect(navigateTo).toHaveBeenLastCalledWith({ url: '/pages-referral/invite/index' });
});

test('without a position the first store is shown without a distance', async () => {
  serveHome();
  render(<IndexPage />);
  await settle();
  expect(el('home-store-name')?.textContent).toBe('HomeClub 上海徐汇店');
  expect(el('home-store-distance')).toBeNull();
});

test('coupon strip: only claimable ones, featured first; 领取 claims in place', async () => {
  const sent = serveHome();
  await login();
  render(<IndexPage />);
  await settle();
  const strip = el('home-coupons')!;
  const names = Array.from(strip.querySelectorAll('.home-coupon__name')).map((n) => n.textContent);
  expect(names).toEqual(['全场9折', '满3000减300']);
  fireEvent.click(el(`home-coupon-claim-${T2.id}`)!);
  await settle();
  expect(sent.filter((r) => pathOf(r) === '/api/coupons/claim').map((r) => r.data)).toEqual([{ templateId: T2.id, claimedByMe: 0 }]);
  expect(el(`home-coupon-claim-${T2.id}`)?.textContent).toBe('已领取');
});
