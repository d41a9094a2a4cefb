/**
 * 领券 tab, H5 demo build: a browser has no WeChat subscription messages, so a
 * claim shows 「领取成功」 and asks nothing more.
 */
// What Taro's platform-suffix resolution does in the H5 build:
jest.mock('@/platform/expiry-reminder', () => jest.requireActual('@/platform/expiry-reminder.h5'));
import { act, fireEvent, render } from '@testing-library/react';
import CouponsPage from '@/pages/coupons/index';
import { login, signOut } from '@/services/session';
import { requestSubscribeMessage, resetTaroMock, showModal, showToast } from './mocks/taro';
import { centerItem, coupon, fail, ok, pathOf, serve, session, template } from './support/http';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

test('claiming shows 「领取成功」 and the new state, without any subscription prompt', async () => {
  const t = template(1, { perMemberLimit: 1 });
  serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1));
    if (path === '/api/coupons/center') return ok({ items: [centerItem(t)] });
    if (path === '/api/coupons/claim') return { status: 201, body: coupon(1) };
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  render(<CouponsPage />);
  await settle();
  fireEvent.click(document.getElementById(`claim-${t.id}`)!);
  await settle();
  expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '领取成功' }));
  expect(document.getElementById(`claim-${t.id}`)!.textContent).toBe('已领取');
  expect(showModal).not.toHaveBeenCalled();
  expect(requestSubscribeMessage).not.toHaveBeenCalled();
});
