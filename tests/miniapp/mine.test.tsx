/**
 * 我的 page (weapp platform files): masked phone vs 「绑定手机号」, role badges,
 * staff link, and binding through the getPhoneNumber button.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import MinePage from '@/pages/mine/index';
import { getSessionState, login, signOut } from '@/services/session';
import { navigateTo, resetTaroMock, showToast } from './mocks/taro';
import { setPhoneNumberDetail } from './mocks/components';
import { member, ok, pathOf, serve, session, type SentRequest } from './support/http';
import type { MemberView } from '@homeclub/shared';

/** Sign in as `m`; afterwards GET /api/me keeps answering `m` and `extra` handles the rest. */
async function signInAs(m: MemberView, extra: (req: SentRequest) => ReturnType<typeof ok> | null = () => null) {
  const sent = serve((req) => {
    if (pathOf(req) === '/api/auth/login') return ok(session(1, m));
    if (pathOf(req) === '/api/me') return ok(getSessionState().member ?? m);
    return extra(req) ?? ok({});
  });
  await act(async () => {
    await login();
  });
  return sent;
}

/** Render, then let the page's on-show GET /api/me settle. */
async function renderMine() {
  await act(async () => {
    render(<MinePage />);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

beforeEach(async () => {
  resetTaroMock();
  setPhoneNumberDetail({ errMsg: 'getPhoneNumber:ok', code: 'wx-phone-code' });
  await signOut();
});

test('shows the masked phone when one is bound, and no bind button', async () => {
  await signInAs(member({ phoneMasked: '138****8000' }));
  await renderMine();
  expect(screen.getByText('林小雨').id).toBe('mine-nickname');
  expect(document.getElementById('mine-phone')?.textContent).toBe('138****8000');
  expect(document.getElementById('bind-phone-btn')).toBeNull();
  expect(document.getElementById('mine-avatar')?.textContent).toBe('林');
});

test('without a phone: 「未绑定手机号」 and the bind button; binding shows the masked phone', async () => {
  const sent = await signInAs(member(), (req) =>
    pathOf(req) === '/api/auth/phone' ? ok(member({ phoneMasked: '139****1234' })) : null,
  );
  await renderMine();
  expect(document.getElementById('mine-phone')?.textContent).toBe('未绑定手机号');
  const button = document.getElementById('bind-phone-btn');
  expect(button?.getAttribute('data-open-type')).toBe('getPhoneNumber');

  fireEvent.click(button!);
  await waitFor(() => expect(document.getElementById('mine-phone')?.textContent).toBe('139****1234'));
  const bind = sent.find((r) => pathOf(r) === '/api/auth/phone');
  expect(bind?.data).toEqual({ code: 'wx-phone-code' });
  expect(bind?.header.Authorization).toBe('Bearer access-1');
  expect(document.getElementById('bind-phone-btn')).toBeNull();
  expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '绑定成功' }));
});

test('declining the phone authorisation sends nothing', async () => {
  const sent = await signInAs(member());
  setPhoneNumberDetail({ errMsg: 'getPhoneNumber:fail user deny' });
  await renderMine();
  fireEvent.click(document.getElementById('bind-phone-btn')!);
  await waitFor(() => expect(showToast).toHaveBeenCalled());
  expect(sent.some((r) => pathOf(r) === '/api/auth/phone')).toBe(false);
  expect(document.getElementById('mine-phone')?.textContent).toBe('未绑定手机号');
});

test('plain members see no role badge and no staff link', async () => {
  await signInAs(member());
  await renderMine();
  expect(screen.queryByText('门店员工')).toBeNull();
  expect(screen.queryByText('管理员')).toBeNull();
  expect(document.getElementById('staff-entry')).toBeNull();
});

test('「我的优惠券」 opens the coupons page', async () => {
  await signInAs(member());
  await renderMine();
  const link = document.getElementById('mine-coupons')!;
  expect(link.textContent).toContain('我的优惠券');
  fireEvent.click(link);
  expect(navigateTo).toHaveBeenCalledWith({ url: '/pages-member/my-coupons/index' });
});

test('staff see 「门店员工」 and the link to the staff subpackage', async () => {
  await signInAs(member({ roles: ['member', 'staff'], staffStoreId: '650000000000000000000001' }));
  await renderMine();
  expect(screen.getByText('门店员工')).toBeTruthy();
  fireEvent.click(document.getElementById('staff-entry')!);
  expect(navigateTo).toHaveBeenCalledWith({ url: '/pages-staff/home/index' });
});

test('admins see 「管理员」 and the staff link', async () => {
  await signInAs(member({ roles: ['member', 'admin'] }));
  await renderMine();
  expect(screen.getByText('管理员')).toBeTruthy();
  expect(document.getElementById('staff-entry')).not.toBeNull();
});

test('while logging in, a loading state; the page follows the session', async () => {
  serve(() => ok(session(1)));
  render(<MinePage />);
  expect(screen.getByText('正在登录…')).toBeTruthy();
  await act(async () => {
    await login();
  });
  expect(document.getElementById('mine-nickname')?.textContent).toBe('林小雨');
});

test('the weapp build has no demo switcher', async () => {
  await signInAs(member());
  await renderMine();
  expect(document.getElementById('switch-shopper')).toBeNull();
});
