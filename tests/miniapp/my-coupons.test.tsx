/**
 * 我的优惠券: tabs 可用 / 已使用 / 已过期 (GET /api/coupons/mine?state=…), locked
 * coupons under 可用 with 「使用中」, cards opening 优惠券详情, empty / error
 * states, and a late reply for a tab no longer shown being dropped.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { CouponView } from '@homeclub/shared';
import MyCouponsPage from '@/pages-member/my-coupons/index';
import { login, signOut } from '@/services/session';
import { navigateTo, resetTaroMock, switchTab } from './mocks/taro';
import { coupon, deferred, fail, ok, pathOf, serve, session, type Reply, type SentRequest } from './support/http';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

type Lists = Partial<Record<CouponView['state'], CouponView[] | Reply | Promise<Reply>>>;

async function renderMine(lists: Lists) {
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1));
    const m = /^\/api\/coupons\/mine\?state=(\w+)$/.exec(path);
    if (m) {
      const list = lists[m[1] as CouponView['state']] ?? [];
      return Array.isArray(list) ? ok({ items: list }) : list;
    }
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  render(<MyCouponsPage />);
  await settle();
  return sent;
}

const el = (id: string) => document.getElementById(id);
const cardIds = () => Array.from(document.querySelectorAll('[id^="my-coupon-"]')).map((e) => e.id);
const queried = (sent: SentRequest[]) =>
  sent.map(pathOf).filter((p) => p.startsWith('/api/coupons/mine'));

const A = coupon(1, { validTo: '2026-12-31T15:59:59.999Z' });
const B = coupon(2, { validTo: '2026-12-01T15:59:59.999Z', terms: { ...coupon(2).terms, type: 'discount', amountOffFen: null, percentOffBp: 2000, maxDiscountFen: 5000, thresholdFen: 0, name: '8折券' } });
const LOCKED = coupon(3, { state: 'locked', validTo: '2026-12-15T15:59:59.999Z' });

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

test('可用: available and locked coupons, soonest to expire first; locked ones tagged 「使用中」', async () => {
  const sent = await renderMine({ available: [A, B], locked: [LOCKED] });
  expect(el('my-coupons')).not.toBeNull();
  expect(el('tab-available')!.className).toContain('tabs__item--active');
  expect(queried(sent).sort()).toEqual(['/api/coupons/mine?state=available', '/api/coupons/mine?state=locked']);
  expect(cardIds()).toEqual([`my-coupon-${B.id}`, `my-coupon-${LOCKED.id}`, `my-coupon-${A.id}`]);

  const b = el(`my-coupon-${B.id}`)!;
  expect(b.querySelector('.coupon__amount')!.textContent).toBe('8折');
  expect(b.querySelector('.coupon__threshold')!.textContent).toBe('最高减 ¥50');
  expect(b.querySelector('.coupon__validity')!.textContent).toBe('2026.11.22–2026.12.01');
  expect(el(`my-coupon-${LOCKED.id}`)!.querySelector('.coupon__tag')!.textContent).toBe('使用中');
  expect(el(`my-coupon-${A.id}`)!.querySelector('.coupon__tag')).toBeNull();
  expect(el(`my-coupon-${A.id}`)!.querySelector('.coupon__amount')!.textContent).toBe('¥50');
});

test('a locked coupon the server also lists as available is shown once', async () => {
  await renderMine({ available: [A, LOCKED], locked: [LOCKED] });
  expect(cardIds()).toEqual([`my-coupon-${LOCKED.id}`, `my-coupon-${A.id}`]);
});

test('a coupon ending within 3 days is tagged 「即将过期」', async () => {
  const soon = coupon(4, { validTo: new Date(Date.now() + 86400_000).toISOString() });
  await renderMine({ available: [soon] });
  expect(el(`my-coupon-${soon.id}`)!.querySelector('.coupon__tag')!.textContent).toBe('即将过期');
});

test('已使用 / 已过期 tabs ask for their state and show grey stamped cards', async () => {
  const used = coupon(5, { state: 'used', usedAt: '2026-11-25T04:00:00.000Z' });
  const expired = coupon(6, { state: 'expired' });
  const sent = await renderMine({ available: [A], used: [used], expired: [expired] });

  fireEvent.click(el('tab-used')!);
  await settle();
  expect(el('tab-used')!.className).toContain('tabs__item--active');
  expect(el('tab-available')!.className).not.toContain('tabs__item--active');
  expect(queried(sent)).toContain('/api/coupons/mine?state=used');
  expect(cardIds()).toEqual([`my-coupon-${used.id}`]);
  expect(el(`my-coupon-${used.id}`)!.className).toContain('coupon--muted');
  expect(el(`my-coupon-${used.id}`)!.querySelector('.coupon__stamp')!.textContent).toBe('已使用');

  fireEvent.click(el('tab-expired')!);
  await settle();
  expect(queried(sent)).toContain('/api/coupons/mine?state=expired');
  expect(cardIds()).toEqual([`my-coupon-${expired.id}`]);
  expect(el(`my-coupon-${expired.id}`)!.querySelector('.coupon__stamp')!.textContent).toBe('已过期');
});

test('tapping a card opens its detail page', async () => {
  await renderMine({ available: [A] });
  fireEvent.click(el(`my-coupon-${A.id}`)!);
  expect(navigateTo).toHaveBeenCalledWith({ url: `/pages-member/coupon-detail/index?id=${A.id}` });
});

test('empty tabs say so; 可用 links to the claim centre', async () => {
  await renderMine({});
  expect(el('my-coupons-empty')!.textContent).toContain('暂无可用的优惠券');
  fireEvent.click(el('my-coupons-go-center')!);
  expect(switchTab).toHaveBeenCalledWith({ url: '/pages/coupons/index' });

  fireEvent.click(el('tab-expired')!);
  await settle();
  expect(el('my-coupons-empty')!.textContent).toContain('暂无已过期的优惠券');
  expect(el('my-coupons-go-center')).toBeNull();
});

test('a failed load shows the message and retries', async () => {
  let down = true;
  serve((req) => {
    if (pathOf(req) === '/api/auth/login') return ok(session(1));
    return down ? fail(503, 'SERVICE_UNAVAILABLE', '服务暂时不可用，请稍后再试') : ok({ items: [A] });
  });
  await act(async () => {
    await login();
  });
  render(<MyCouponsPage />);
  await settle();
  expect(el('my-coupons-error')!.textContent).toContain('服务暂时不可用，请稍后再试');
  down = false;
  fireEvent.click(screen.getByText('重新加载'));
  await settle();
  expect(cardIds()).toEqual([`my-coupon-${A.id}`]);
});

test('a late reply for a tab no longer shown is dropped', async () => {
  const usedReply = deferred<Reply>();
  const expired = coupon(6, { state: 'expired' });
  await renderMine({ available: [A], used: usedReply.promise, expired: [expired] });
  fireEvent.click(el('tab-used')!);
  await settle();
  fireEvent.click(el('tab-expired')!);
  await settle();
  expect(cardIds()).toEqual([`my-coupon-${expired.id}`]);
  usedReply.resolve(ok({ items: [coupon(5, { state: 'used' })] }));
  await settle();
  expect(cardIds()).toEqual([`my-coupon-${expired.id}`]);
  expect(el('tab-expired')!.className).toContain('tabs__item--active');
});
