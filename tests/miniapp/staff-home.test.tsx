/** Staff subpackage home: the staff's store, or an explanation for an admin without one. */
import { act, fireEvent, render, screen } from '@testing-library/react';
import StaffHomePage from '@/pages-staff/home/index';
import { login, signOut } from '@/services/session';
import { navigateTo, resetTaroMock } from './mocks/taro';
import { fail, member, ok, pathOf, serve, session, store, type Reply } from './support/http';
import type { MemberView } from '@homeclub/shared';

async function signInAs(m: MemberView, staffMe: Reply) {
  const sent = serve((req) => (pathOf(req) === '/api/auth/login' ? ok(session(1, m)) : staffMe));
  await act(async () => {
    await login();
  });
  return sent;
}

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

test("staff see their store from GET /api/staff/me", async () => {
  const staff = member({ roles: ['member', 'staff'], staffStoreId: store().id });
  const sent = await signInAs(staff, ok({ member: staff, store: store() }));
  render(<StaffHomePage />);
  expect(screen.getByText('门店信息加载中…')).toBeTruthy();
  expect(await screen.findByText('HomeClub 上海徐汇店')).toBeTruthy();
  expect(document.getElementById('staff-store')?.textContent).toContain('徐汇区漕溪北路 88 号');
  expect(sent.filter((r) => pathOf(r) === '/api/staff/me')).toHaveLength(1);

  // the tool: 扫码识别会员
  const entry = document.getElementById('staff-member-code-entry')!;
  expect(entry.textContent).toContain('扫码识别会员');
  fireEvent.click(entry);
  expect(navigateTo).toHaveBeenCalledWith({ url: '/pages-staff/member-code/index' });

  // the tool: 扫码核销
  const verify = document.getElementById('staff-coupon-verify-entry')!;
  expect(verify.textContent).toContain('扫码核销');
  fireEvent.click(verify);
  expect(navigateTo).toHaveBeenLastCalledWith({ url: '/pages-staff/coupon-verify/index' });

  // the tool: 今日预约
  const bookings = document.getElementById('staff-bookings-entry')!;
  expect(bookings.textContent).toContain('今日预约');
  fireEvent.click(bookings);
  expect(navigateTo).toHaveBeenLastCalledWith({ url: '/pages-staff/bookings/index' });
});

test('an admin without a store gets a message and no request', async () => {
  const sent = await signInAs(member({ roles: ['member', 'admin'] }), fail(404, 'STORE_NOT_FOUND', '门店不存在'));
  render(<StaffHomePage />);
  expect(document.getElementById('staff-no-store')?.textContent).toContain('您是管理员，暂未归属门店');
  expect(sent.some((r) => pathOf(r) === '/api/staff/me')).toBe(false);
});

test('a member who is not staff sees the server refusal', async () => {
  await signInAs(member(), fail(403, 'ROLE_REQUIRED', '该功能仅限门店员工或管理员使用'));
  render(<StaffHomePage />);
  expect(await screen.findByText('该功能仅限门店员工或管理员使用')).toBeTruthy();
});
