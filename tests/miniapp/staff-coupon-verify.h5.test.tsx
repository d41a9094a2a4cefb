/**
 * 扫码核销, H5 demo build (no camera): the 18-digit coupon code is typed or
 * pasted, POST /api/staff/coupons/verify (idempotency key per attempt, reused
 * when the same code is retried after a network error), result card with
 * 「撤销核销」 for 10 minutes (POST …/verifications/:id/undo), today's list,
 * and the server's Chinese error messages.
 */
// What Taro's platform-suffix resolution does in the H5 build:
jest.mock('@/platform/member-code-scanner', () => jest.requireActual('@/platform/member-code-scanner.h5'));
import { act, fireEvent, render } from '@testing-library/react';
import StaffCouponVerifyPage from '@/pages-staff/coupon-verify/index';
import { storeSession } from '@/services/storage';
import { resetTaroMock, scanCode, showModal, showToast } from './mocks/taro';
import { fail, member, ok, pathOf, serve, session, verification, type Reply, type SentRequest } from './support/http';

const CODE = '427700000001123456';
const V = verification(1);
const UNDO_PATH = `/api/staff/coupons/verifications/${V.id}/undo`;
/** One minute after the verification: 9 minutes left to undo. */
const T1 = Date.parse('2026-11-22T10:01:00.000Z');

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

interface Server {
  verify?: (req: SentRequest) => Reply;
  undo?: (req: SentRequest) => Reply;
  today?: () => Reply;
}

function renderPage(server: Server = {}) {
  storeSession(session(1, member({ roles: ['member', 'staff'], staffStoreId: '650000000000000000000001' })));
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/staff/coupons/verify') return server.verify ? server.verify(req) : { status: 201, body: V };
    if (path === UNDO_PATH) return server.undo ? server.undo(req) : ok({ ...V, undoneAt: '2026-11-22T10:02:00.000Z' });
    if (path === '/api/staff/coupons/verifications') return server.today ? server.today() : ok({ items: [] });
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  render(<StaffCouponVerifyPage />);
  return sent;
}

function submit(code: string) {
  fireEvent.change(document.getElementById('verify-code-input')!, { target: { value: code } });
  fireEvent.click(document.getElementById('verify-submit')!);
}

const text = (id: string) => document.getElementById(id)?.textContent ?? null;
const verifies = (sent: SentRequest[]) => sent.filter((r) => pathOf(r) === '/api/staff/coupons/verify');
const keysOf = (sent: SentRequest[]) => verifies(sent).map((r) => (r.data as { idempotencyKey: string }).idempotencyKey);
const undoButton = () => document.getElementById('verify-undo') as HTMLButtonElement | null;

beforeEach(() => {
  jest.useRealTimers();
  resetTaroMock();
});

afterEach(() => {
  jest.useRealTimers();
});

test('no scan button, an explanation instead', async () => {
  renderPage();
  await settle();
  expect(document.getElementById('verify-scan')).toBeNull();
  expect(text('verify-scan-unavailable')).toContain('券码下方的 18 位数字');
  expect(scanCode).not.toHaveBeenCalled();
});

test('a pasted code is verified: result card with coupon, member and time; today reloads', async () => {
  jest.useFakeTimers({ now: T1 });
  const sent = renderPage();
  await settle();
  submit('4277 0000 0001 1234 56');
  await settle();

  const [req] = verifies(sent);
  expect(req).toMatchObject({ method: 'POST', data: { code: CODE } });
  expect((req.data as { idempotencyKey: string }).idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  expect(req.header.Authorization).toBe('Bearer access-1');

  expect(text('verify-status')).toBe('核销成功');
  expect(text('verify-coupon-name')).toBe('满300减50-1');
  expect(text('verify-member')).toBe('林小雨');
  expect(text('verify-time')).toBe('2026-11-22 18:00');
  expect(document.getElementById('verify-result')).not.toBeNull();
  expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '核销成功' }));
  expect((document.getElementById('verify-code-input') as HTMLInputElement).value).toBe('');
  expect(sent.filter((r) => pathOf(r) === '/api/staff/coupons/verifications')).toHaveLength(2);
});

test('「撤销核销」 within 10 minutes: confirmed, then POST …/undo and the card says 已撤销', async () => {
  jest.useFakeTimers({ now: T1 });
  const sent = renderPage();
  await settle();
  submit(CODE);
  await settle();
  expect(undoButton()!.disabled).toBe(false);
  expect(text('verify-undo-hint')).toBe('09:00 内可撤销（核销错误时使用）');

  fireEvent.click(undoButton()!);
  await settle();
  expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤销核销' }));
  const undos = sent.filter((r) => pathOf(r) === UNDO_PATH);
  expect(undos).toHaveLength(1);
  expect(undos[0].method).toBe('POST');
  expect(text('verify-status')).toBe('已撤销核销');
  expect(undoButton()).toBeNull();
  expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已撤销核销' }));
});

test('cancelling the confirmation sends nothing', async () => {
  jest.useFakeTimers({ now: T1 });
  showModal.mockImplementation(() => Promise.resolve({ confirm: false, cancel: true }));
  const sent = renderPage();
  await settle();
  submit(CODE);
  await settle();
  fireEvent.click(undoButton()!);
  await settle();
  expect(showModal).toHaveBeenCalledTimes(1);
  expect(sent.filter((r) => pathOf(r) === UNDO_PATH)).toHaveLength(0);
  expect(text('verify-status')).toBe('核销成功');
});

test('the undo button turns off when the 10 minutes are over', async () => {
  jest.useFakeTimers({ now: Date.parse('2026-11-22T10:09:58.000Z') });
  renderPage();
  await settle();
  submit(CODE);
  await settle();
  expect(undoButton()!.disabled).toBe(false);
  expect(text('verify-undo-hint')).toBe('00:02 内可撤销（核销错误时使用）');
  await act(async () => {
    jest.advanceTimersByTime(3000);
  });
  expect(undoButton()!.disabled).toBe(true);
  expect(text('verify-undo-hint')).toBe('已超过 10 分钟，不能撤销');
});

test('a refused undo shows the server message on the card', async () => {
  jest.useFakeTimers({ now: T1 });
  renderPage({ undo: () => fail(409, 'VERIFICATION_UNDO_EXPIRED', '已超过 10 分钟，不能撤销核销') });
  await settle();
  submit(CODE);
  await settle();
  fireEvent.click(undoButton()!);
  await settle();
  expect(text('verify-undo-error')).toBe('已超过 10 分钟，不能撤销核销');
  expect(text('verify-status')).toBe('核销成功');
});

test.each([
  ['COUPON_CODE_EXPIRED', 400, '券码已过期，请让顾客刷新券码'],
  ['COUPON_CODE_INVALID', 400, '券码无效，请让顾客刷新券码'],
  ['COUPON_WRONG_STORE', 403, '该券不能在本门店使用'],
  ['COUPON_NOT_AVAILABLE', 409, '该优惠券当前不可用'],
])('%s: the server message is shown, no result', async (code, status, message) => {
  renderPage({ verify: () => fail(status, code, message) });
  await settle();
  submit(CODE);
  await settle();
  expect(text('verify-error')).toBe(message);
  expect(document.getElementById('verify-result')).toBeNull();
  expect(showToast).not.toHaveBeenCalled(); // shown on the page instead
});

test('not 18 digits: told so, nothing sent', async () => {
  const sent = renderPage();
  await settle();
  submit('12345');
  await settle();
  expect(text('verify-error')).toBe('请输入 18 位数字券码');
  expect(verifies(sent)).toHaveLength(0);
});

test('idempotency: the same code retried after a network error keeps its key; an answer ends the attempt', async () => {
  let next: 'offline' | 'ok' | 'refused' = 'offline';
  const sent = renderPage({
    verify: () => {
      if (next === 'offline') throw new Error('offline');
      return next === 'ok' ? { status: 201, body: V } : fail(409, 'COUPON_NOT_AVAILABLE', '该优惠券当前不可用');
    },
  });
  await settle();

  submit(CODE);
  await settle();
  expect(text('verify-error')).toContain('网络连接失败');
  expect(text('verify-error')).toContain('不会重复核销');

  // same attempt again (the input still holds the code), still offline, then through
  fireEvent.click(document.getElementById('verify-submit')!);
  await settle();
  next = 'ok';
  fireEvent.click(document.getElementById('verify-submit')!);
  await settle();
  let keys = keysOf(sent);
  expect(keys).toHaveLength(3);
  expect(new Set(keys).size).toBe(1);
  expect(text('verify-status')).toBe('核销成功');

  // a new verification of the same code is a new attempt
  next = 'refused';
  submit(CODE);
  await settle();
  keys = keysOf(sent);
  expect(keys[3]).not.toBe(keys[0]);
  expect(text('verify-error')).toBe('该优惠券当前不可用');

  // refused is an answer: trying again is yet another attempt
  submit(CODE);
  await settle();
  keys = keysOf(sent);
  expect(keys[4]).not.toBe(keys[3]);
});

test('idempotency: a different code after a network error is a different attempt', async () => {
  const sent = renderPage({
    verify: () => {
      throw new Error('offline');
    },
  });
  await settle();
  submit(CODE);
  await settle();
  submit('427700000002654321');
  await settle();
  const keys = keysOf(sent);
  expect(keys).toHaveLength(2);
  expect(keys[1]).not.toBe(keys[0]);
});

describe("today's verifications", () => {
  test('listed with member and time; undone ones tagged', async () => {
    const undone = verification(2, { couponName: '全场85折', memberNickname: '王小明', at: '2026-11-22T03:30:00.000Z', undoneAt: '2026-11-22T03:35:00.000Z' });
    renderPage({ today: () => ok({ items: [V, undone] }) });
    await settle();
    const list = document.getElementById('verify-list')!;
    expect(list.textContent).toContain('今日核销 · 1 张');
    expect(text(`verification-${V.id}`)).toContain('满300减50-1');
    expect(text(`verification-${V.id}`)).toContain('林小雨 · 18:00');
    expect(text(`verification-${V.id}`)).toContain('已核销');
    expect(text(`verification-${undone.id}`)).toContain('王小明 · 11:30');
    expect(text(`verification-${undone.id}`)).toContain('已撤销');
  });

  test('empty, and an error with retry', async () => {
    let down = true;
    renderPage({ today: () => (down ? fail(403, 'ROLE_REQUIRED', '该功能仅限门店员工或管理员使用') : ok({ items: [] })) });
    await settle();
    expect(text('verify-list-error')).toContain('该功能仅限门店员工或管理员使用');
    down = false;
    fireEvent.click(document.getElementById('verify-list-error')!.querySelector('button')!);
    await settle();
    expect(text('verify-list-empty')).toContain('今天还没有核销记录');
  });
});
