/**
 * Staff 今日预约, H5 demo build (no camera): no scan button, a hint that the
 * 10 digits of the booking code are typed instead; typing them checks in.
 */
// What Taro's platform-suffix resolution does in the H5 build:
jest.mock('@/platform/member-code-scanner', () => jest.requireActual('@/platform/member-code-scanner.h5'));
import { act, fireEvent, render } from '@testing-library/react';
import StaffBookingsPage from '@/pages-staff/bookings/index';
import { login, signOut } from '@/services/session';
import { resetTaroMock, scanCode } from './mocks/taro';
import { member, ok, pathOf, serve, session, staffBookingView, STORE_ID } from './support/http';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

test('no scan button: the hint asks for the 10 digits, and typing them checks in', async () => {
  const sent = serve((req) => {
    if (pathOf(req) === '/api/auth/login') return ok(session(1, member({ roles: ['member', 'staff'], staffStoreId: STORE_ID })));
    return req.method === 'POST' ? ok(staffBookingView({ state: 'attended' })) : ok({ items: [] });
  });
  await act(async () => {
    await login();
  });
  render(<StaffBookingsPage />);
  await settle();
  expect(document.getElementById('staff-booking-scan')).toBeNull();
  expect(document.getElementById('staff-booking-scan-unavailable')?.textContent).toContain('预约码下方的 10 位数字');
  fireEvent.change(document.getElementById('staff-booking-code-input')!, { target: { value: '4821930576' } });
  fireEvent.click(document.getElementById('staff-booking-code-submit')!);
  await settle();
  expect(sent.filter((r) => r.method === 'POST').map(pathOf)).toEqual(['/api/auth/login', '/api/staff/bookings/check-in']);
  expect(document.getElementById('staff-booking-code-result')?.textContent).toContain('签到成功');
  expect(scanCode).not.toHaveBeenCalled();
});
