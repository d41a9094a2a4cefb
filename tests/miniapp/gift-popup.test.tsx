/**
 * 首页 gift popup: the welcome gifts the server granted and a tier upgrade (GET /api/member/greetings), then
 * campaign gifts (GET /api/insight/gifts), one popup after the other, each shown once with its title;
 * 「知道了」 or 「去我的券」 marks it seen on the server; nothing when signed out, empty or failing.
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

async function renderPopup(gifts: Reply, signedIn = true, greetings: Reply = ok({ items: [] })) {
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/member/greetings') return greetings;
    if (path === '/api/member/greetings/seen') return ok({ ok: true });
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

const welcome = { kind: 'welcome', key: 'welcome', points: 200, coupons: [{ id: 'c9', name: '新人礼 无门槛50元' }] };
const silver = { kind: 'tier_up', key: 'tier:silver', tier: { code: 'silver', name: '银卡', color: '#9aa5b1' }, perks: ['消费积分 1.2 倍', '生日月赠送 300 积分'] };

test('a new member: 欢迎加入 with the granted points and coupon, then the tier upgrade, then campaign gifts — each marked seen once', async () => {
  const sent = await renderPopup(ok({ items: [gift('a:once:m1')] }), true, ok({ items: [welcome, silver] }));
  const popup = () => el('gift-popup')?.textContent ?? '';
  expect(el('gift-popup-title')?.textContent).toBe('欢迎加入 HomeClub');
  expect(popup()).toContain('注册积分 +200');
  expect(popup()).toContain('「新人礼 无门槛50元」已放入「我的券」');
  fireEvent.click(el('gift-popup-close')!);
  await settle();
  expect(el('gift-popup-title')?.textContent).toBe('恭喜升级为银卡');
  expect(popup()).toContain('消费积分 1.2 倍');
  expect(el('gift-popup-coupons')).toBeNull();
  fireEvent.click(el('gift-popup-close')!);
  await settle();
  expect(el('gift-popup-title')?.textContent).toBe('会员日礼包已到账');
  fireEvent.click(el('gift-popup-close')!);
  await settle();
  expect(el('gift-popup')).toBeNull();
  const seen = sent.filter((r) => pathOf(r) === '/api/member/greetings/seen').map((r) => r.data);
  expect(seen).toEqual([{ keys: ['welcome'] }, { keys: ['tier:silver'] }]);
  expect(sent.filter((r) => pathOf(r) === '/api/insight/gifts/seen')).toHaveLength(1);
});

test('the campaign gifts still show when the greetings cannot be read', async () => {
  await renderPopup(ok({ items: [gift('a:once:m1')] }), true, fail(503, 'SERVICE_UNAVAILABLE', '服务暂时不可用'));
  expect(el('gift-popup-title')?.textContent).toBe('会员日礼包已到账');
});
