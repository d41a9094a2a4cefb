/**
 * 扫码识别会员, H5 demo build (no camera): the 18 digits are typed or pasted,
 * POST /api/staff/member-code/resolve answers the member's summary; server
 * errors show their Chinese message.
 */
// What Taro's platform-suffix resolution does in the H5 build:
jest.mock('@/platform/member-code-scanner', () => jest.requireActual('@/platform/member-code-scanner.h5'));
import { act, fireEvent, render } from '@testing-library/react';
import StaffMemberCodePage from '@/pages-staff/member-code/index';
import { storeSession } from '@/services/storage';
import { resetTaroMock, scanCode, showToast } from './mocks/taro';
import { fail, member, ok, pathOf, resolvedMember, serve, session, type Reply } from './support/http';

const CODE = '421234567890123456';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

function renderPage(reply: Reply) {
  storeSession(session(1, member({ roles: ['member', 'staff'], staffStoreId: '650000000000000000000001' })));
  const sent = serve(() => reply);
  render(<StaffMemberCodePage />);
  return sent;
}

function submit(code: string) {
  fireEvent.change(document.getElementById('staff-code-input')!, { target: { value: code } });
  fireEvent.click(document.getElementById('staff-code-submit')!);
}

const text = (id: string) => document.getElementById(id)?.textContent ?? null;

beforeEach(() => {
  resetTaroMock();
});

test('no scan button, an explanation instead', () => {
  renderPage(ok(resolvedMember()));
  expect(document.getElementById('staff-scan')).toBeNull();
  expect(text('staff-scan-unavailable')).toContain('18 位数字');
  expect(scanCode).not.toHaveBeenCalled();
});

test('a pasted code (spaces allowed) resolves to the member card summary', async () => {
  const sent = renderPage(ok(resolvedMember()));
  submit('4212 3456 7890 1234 56');
  await settle();
  expect(sent).toHaveLength(1);
  expect(pathOf(sent[0])).toBe('/api/staff/member-code/resolve');
  expect(sent[0]).toMatchObject({ method: 'POST', data: { code: CODE } });
  expect(sent[0].header.Authorization).toBe('Bearer access-1');

  const result = document.getElementById('staff-member-result')!;
  expect(text('staff-member-nickname')).toBe('林小雨');
  expect(text('staff-member-phone')).toBe('138****8000');
  expect(text('staff-member-tier')).toBe('金卡');
  expect(text('staff-member-points')).toBe('12,345');
  expect(text('staff-member-coupons')).toBe('3');
  expect(result.textContent).toContain('卡号 1234 5678 90');
  expect(document.getElementById('staff-code-error')).toBeNull();
});

test.each([
  ['MEMBER_CODE_EXPIRED', '会员码已过期，请让顾客刷新会员码'],
  ['MEMBER_CODE_INVALID', '会员码无效，请让顾客刷新会员码'],
  ['MEMBER_CODE_OTHER_CHAIN', '这不是本品牌的会员码'],
])('%s: the server message is shown, no result', async (code, message) => {
  renderPage(fail(400, code, message));
  submit(CODE);
  await settle();
  expect(text('staff-code-error')).toBe(message);
  expect(document.getElementById('staff-member-result')).toBeNull();
  expect(showToast).not.toHaveBeenCalled(); // shown on the page instead
});

test('not 18 digits: told so, nothing sent', async () => {
  const sent = renderPage(ok(resolvedMember()));
  submit('12345');
  await settle();
  expect(text('staff-code-error')).toBe('请输入 18 位数字会员码');
  expect(sent).toHaveLength(0);
});

test('a new code replaces the previous result; an error replaces it too', async () => {
  let next: Reply = ok(resolvedMember());
  storeSession(session(1));
  serve(() => next);
  render(<StaffMemberCodePage />);
  submit(CODE);
  await settle();
  expect(document.getElementById('staff-member-result')).not.toBeNull();
  next = fail(400, 'MEMBER_CODE_EXPIRED', '会员码已过期，请让顾客刷新会员码');
  submit(CODE);
  await settle();
  expect(document.getElementById('staff-member-result')).toBeNull();
  expect(text('staff-code-error')).toBe('会员码已过期，请让顾客刷新会员码');
});
