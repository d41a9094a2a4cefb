/**
 * 收银, H5 demo build (no camera): no scan button, a hint instead; the 18
 * digits are typed or pasted and resolved.
 */
// What Taro's platform-suffix resolution does in the H5 build:
jest.mock('@/platform/member-code-scanner', () => jest.requireActual('@/platform/member-code-scanner.h5'));
import { act, fireEvent, render } from '@testing-library/react';
import StaffTillPage from '@/pages-staff/till/index';
import { login, signOut } from '@/services/session';
import { resetTaroMock, scanCode } from './mocks/taro';
import { fail, member, ok, pathOf, resolvedMember, serve, session, store } from './support/http';

const STORE = store();
const STAFF = member({ roles: ['member', 'staff'], staffStoreId: STORE.id });

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

test('no scan button, the hint; a pasted code resolves to the member', async () => {
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1, STAFF));
    if (path === '/api/staff/me') return ok({ member: STAFF, store: STORE });
    if (path === '/api/staff/member-code/resolve') return ok(resolvedMember());
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  render(<StaffTillPage />);
  await settle();
  expect(document.getElementById('till-scan')).toBeNull();
  expect(document.getElementById('till-scan-unavailable')?.textContent).toContain('18 位数字');
  fireEvent.change(document.getElementById('till-scan-input')!, { target: { value: '4212 3456 7890 1234 56' } });
  fireEvent.click(document.getElementById('till-scan-submit')!);
  await settle();
  expect(scanCode).not.toHaveBeenCalled();
  expect(sent.filter((r) => pathOf(r) === '/api/staff/member-code/resolve').map((r) => r.data)).toEqual([{ code: '421234567890123456' }]);
  expect(document.getElementById('till-member-name')?.textContent).toBe('林小雨');
});

test('an admin without a store is told so, nothing is asked', async () => {
  const sent = serve((req) =>
    pathOf(req) === '/api/auth/login' ? ok(session(1, member({ roles: ['member', 'admin'] }))) : fail(404, 'STORE_NOT_FOUND', '门店不存在'),
  );
  await act(async () => {
    await login();
  });
  render(<StaffTillPage />);
  await settle();
  expect(document.getElementById('till-no-store')?.textContent).toContain('暂未归属门店');
  expect(sent.some((r) => pathOf(r) === '/api/staff/me')).toBe(false);
});
