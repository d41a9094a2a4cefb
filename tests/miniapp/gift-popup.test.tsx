/**
 * 首页 gift popup: campaign gifts (GET /api/insight/gifts) shown once on the
 * next open with their title; 「知道了」 or 「去我的券」 marks them seen
 * (POST /api/insight/gifts/seen); nothing when signed out, empty or failing.
 */
import { act, fireEvent, render } from '@testing-library/react';
import { GiftPopup } from '@/components/GiftPopup';
import { login, signOut } from '@/services/session';
import { navigateTo, resetTaroMock } from './mocks/taro';
import { fail, ok, pathOf, serve, session, type Reply } from './support/http';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

const gift = (id: string, kind: 'coupon' | 'points' = 'coupon') => ({ id, title: '会员日礼包已到账', kind, couponId: kind === 'coupon' ? 'c1' : null, points: kind === 'points' ? 500 : 0, at: '2026-12-26T02:00:00.000Z' });

async function renderPopup(gifts: Reply, signedIn = true) {
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1));
    if (path === '/api/insight/gifts') return gifts;
    if (path === '/api/insight/gifts/seen') return ok({ ok: true });
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  if (signedIn) {
    await act(async () => {
      await login();
    });
  }
  render(<GiftPopup />);
  await settle();
  return sent;
}

const el = (id: string) => document.getElementById(id);

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

test('「会员日礼包已到账」 with each gift; 知道了 marks them seen and closes', async () => {
  const sent = await renderPopup(ok({ items: [gift('a:once:m1'), gift('b:2026-12:m1', 'points')] }));
  expect(el('gift-popup')?.textContent).toContain('会员日礼包已到账');
  expect(el('gift-popup')?.textContent).toContain('优惠券 1 张已放入「我的券」');
  expect(el('gift-popup')?.textContent).toContain('积分 +500');
  fireEvent.click(el('gift-popup-close')!);
  await settle();
  expect(el('gift-popup')).toBeNull();
  const seen = sent.find((r) => pathOf(r) === '/api/insight/gifts/seen')!;
  expect(seen.method).toBe('POST');
  expect(seen.data).toEqual({ ids: ['a:once:m1', 'b:2026-12:m1'] });
});

test('去我的券 opens 我的券 and marks the gifts seen', async () => {
  const sent = await renderPopup(ok({ items: [gift('a:once:m1')] }));
  fireEvent.click(el('gift-popup-coupons')!);
  await settle();
  expect(navigateTo).toHaveBeenCalledWith({ url: '/pages-member/my-coupons/index' });
  expect(sent.some((r) => pathOf(r) === '/api/insight/gifts/seen')).toBe(true);
});

test('nothing when there are no gifts, when the read fails, or when signed out', async () => {
  await renderPopup(ok({ items: [] }));
  expect(el('gift-popup')).toBeNull();
  await renderPopup(fail(503, 'SERVICE_UNAVAILABLE', '服务暂时不可用'));
  expect(el('gift-popup')).toBeNull();
  await signOut();
  const sent = await renderPopup(ok({ items: [gift('x')] }), false);
  expect(el('gift-popup')).toBeNull();
  expect(sent.some((r) => pathOf(r) === '/api/insight/gifts')).toBe(false);
});
