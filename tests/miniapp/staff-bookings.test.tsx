/**
 * Staff 今日预约 (weapp build): the store's bookings of a day by time with the
 * contact phone, state and 爽约 badge; 「签到」 for booked bookings of today,
 * 「标记爽约」 only once the start time has come (and after a confirmation);
 * ‹ › change the day; a phone search; check-in by scanning the booking code or
 * typing it; server refusals in Chinese; an admin without a store is told why.
 */
import { act, fireEvent, render } from '@testing-library/react';
import type { MemberView, StaffBookingView } from '@homeclub/shared';
import StaffBookingsPage from '@/pages-staff/bookings/index';
import { login, signOut } from '@/services/session';
import { makePhoneCall, resetTaroMock, scanCode, showModal, showToast } from './mocks/taro';
import { chinaTime, fail, member, ok, pathOf, serve, session, staffBookingView, STORE_ID, type Reply, type SentRequest } from './support/http';

const NOW = Date.UTC(2026, 10, 22, 2, 0, 0); // Sunday 2026-11-22 10:00 in Shanghai
const STAFF = member({ roles: ['member', 'staff'], staffStoreId: STORE_ID });

const id = (n: number) => `6c000000000000000000000${n}`;
/** Started at 09:00, not checked in; a member with 2 earlier no-shows. */
const EARLY = staffBookingView({ id: id(1), start: chinaTime('2026-11-22', '09:00'), end: chinaTime('2026-11-22', '10:00'), memberNickname: '阿杰', name: '王杰', phone: '13900001111', noShowCount: 2 });
/** Starts in 30 s. */
const SOON = staffBookingView({ id: id(2), start: new Date(NOW + 30_000).toISOString(), end: new Date(NOW + 3_630_000).toISOString() });
const DONE = staffBookingView({ id: id(3), state: 'attended', start: chinaTime('2026-11-22', '08:00'), end: chinaTime('2026-11-22', '09:00'), attendedAt: chinaTime('2026-11-22', '07:55') });
const UNPAID = staffBookingView({ id: id(4), state: 'pending_payment', kind: 'measure', serviceName: '上门量尺', start: chinaTime('2026-11-22', '16:00'), end: chinaTime('2026-11-22', '18:00'), depositFen: 5000, depositState: 'unpaid', address: { city: '上海', district: '徐汇区', detail: '漕溪北路 100 弄' } });
const TODAY = [DONE, EARLY, SOON, UNPAID];

interface Handlers {
  list?: (query: URLSearchParams) => Reply;
  checkIn?: (bookingId: string) => Reply;
  noShow?: (bookingId: string) => Reply;
  byCode?: (code: string) => Reply;
}

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

async function renderPage(h: Handlers = {}, who: MemberView = STAFF) {
  const sent = serve((req) => {
    const path = pathOf(req);
    const url = new URL(path, 'http://test');
    if (path === '/api/auth/login') return ok(session(1, who));
    if (url.pathname === '/api/staff/bookings') return h.list ? h.list(url.searchParams) : ok({ items: TODAY });
    if (path === '/api/staff/bookings/check-in') return h.byCode!((req.data as { code: string }).code);
    const m = /^\/api\/staff\/bookings\/([0-9a-f]+)\/(check-in|no-show)$/.exec(path);
    if (m) return m[2] === 'check-in' ? h.checkIn!(m[1]) : h.noShow!(m[1]);
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  render(<StaffBookingsPage />);
  await settle();
  return sent;
}

const el = (x: string) => document.getElementById(x);
const text = (x: string) => el(x)?.textContent ?? null;
const click = (x: string) => fireEvent.click(el(x)!);
const lists = (sent: SentRequest[]) =>
  sent.filter((r) => pathOf(r).startsWith('/api/staff/bookings?')).map((r) => pathOf(r).replace('/api/staff/bookings?', ''));
const staffPosts = (sent: SentRequest[]) => sent.filter((r) => r.method === 'POST' && pathOf(r).startsWith('/api/staff/'));
const rowIds = () => Array.from(document.querySelectorAll('.staff-booking')).map((r) => r.id);

async function tick(ms: number) {
  await act(async () => {
    jest.advanceTimersByTime(ms);
  });
  await settle();
}

beforeEach(async () => {
  jest.useFakeTimers({ now: NOW });
  resetTaroMock();
  await signOut();
});

afterEach(() => {
  jest.useRealTimers();
});

test("today's bookings by time with who, phone, state and the 爽约 badge", async () => {
  const sent = await renderPage();
  expect(lists(sent)).toEqual(['date=2026-11-22']);
  expect(text('staff-bookings-date')).toBe('11/22 周日 · 今天');
  expect(rowIds()).toEqual(TODAY.map((b) => `staff-booking-${b.id}`));
  expect(text('staff-bookings-summary')).toBe('共 4 个预约，已到店 1 个');

  const early = el(`staff-booking-${EARLY.id}`)!;
  expect(early.textContent).toContain('09:00–10:00');
  expect(early.textContent).toContain('设计咨询 · 阿杰');
  expect(text(`staff-booking-call-${EARLY.id}`)).toBe('王杰 13900001111');
  expect(text(`staff-booking-noshows-${EARLY.id}`)).toBe('爽约 2 次');
  expect(el(`staff-booking-noshows-${SOON.id}`)).toBeNull();
  expect(text(`staff-booking-state-${UNPAID.id}`)).toBe('待支付定金');
  expect(el(`staff-booking-${UNPAID.id}`)!.textContent).toContain('上门地址：上海徐汇区漕溪北路 100 弄');

  click(`staff-booking-call-${EARLY.id}`);
  expect(makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13900001111' });
});

test('which actions each booking offers: 签到 for booked today, 标记爽约 once started, nothing for the rest', async () => {
  await renderPage();
  expect(el(`staff-booking-checkin-${EARLY.id}`)).not.toBeNull();
  expect(el(`staff-booking-noshow-${EARLY.id}`)).not.toBeNull();
  expect(el(`staff-booking-checkin-${SOON.id}`)).not.toBeNull();
  expect(el(`staff-booking-noshow-${SOON.id}`)).toBeNull(); // not started yet
  for (const b of [DONE, UNPAID]) {
    expect(el(`staff-booking-checkin-${b.id}`)).toBeNull();
    expect(el(`staff-booking-noshow-${b.id}`)).toBeNull();
  }
  await tick(29_000);
  expect(el(`staff-booking-noshow-${SOON.id}`)).toBeNull();
  await tick(2_000);
  expect(el(`staff-booking-noshow-${SOON.id}`)).not.toBeNull();
});

test('签到 on a row: the answer replaces it', async () => {
  const sent = await renderPage({ checkIn: (bid) => ok({ ...SOON, id: bid, state: 'attended', attendedAt: new Date(NOW).toISOString() }) });
  click(`staff-booking-checkin-${SOON.id}`);
  await settle();
  expect(staffPosts(sent).map(pathOf)).toEqual([`/api/staff/bookings/${SOON.id}/check-in`]);
  expect(text(`staff-booking-state-${SOON.id}`)).toBe('已到店');
  expect(el(`staff-booking-checkin-${SOON.id}`)).toBeNull();
  expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '签到成功' }));
});

test('标记爽约 asks first; 再等等 sends nothing; confirmed → 未到店', async () => {
  const sent = await renderPage({ noShow: (bid) => ok({ ...EARLY, id: bid, state: 'no_show', noShowCount: 3 }) });
  showModal.mockImplementationOnce(() => Promise.resolve({ confirm: false, cancel: true }));
  click(`staff-booking-noshow-${EARLY.id}`);
  await settle();
  expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '标记爽约' }));
  expect(staffPosts(sent)).toHaveLength(0);

  click(`staff-booking-noshow-${EARLY.id}`);
  await settle();
  expect(staffPosts(sent).map(pathOf)).toEqual([`/api/staff/bookings/${EARLY.id}/no-show`]);
  expect(text(`staff-booking-state-${EARLY.id}`)).toBe('未到店');
  expect(text(`staff-booking-noshows-${EARLY.id}`)).toBe('爽约 3 次');
  expect(el(`staff-booking-noshow-${EARLY.id}`)).toBeNull();
});

test('a refused action shows the server message and re-reads the day', async () => {
  const sent = await renderPage({ checkIn: () => fail(409, 'BOOKING_NOT_ACTIVE', '该预约已完成、已取消或已失效') });
  click(`staff-booking-checkin-${EARLY.id}`);
  await settle();
  expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该预约已完成、已取消或已失效' }));
  expect(lists(sent)).toEqual(['date=2026-11-22', 'date=2026-11-22']);
});

test('‹ › change the day; another day has no 签到; 回到今天', async () => {
  const tomorrow = staffBookingView({ id: id(5) }); // booked 2026-11-23 14:00
  const sent = await renderPage({ list: (q) => ok({ items: q.get('date') === '2026-11-23' ? [tomorrow] : q.get('date') === '2026-11-21' ? [] : TODAY }) });
  click('staff-bookings-next');
  await settle();
  expect(text('staff-bookings-date')).toBe('11/23 周一 · 明天');
  expect(rowIds()).toEqual([`staff-booking-${tomorrow.id}`]);
  expect(el(`staff-booking-checkin-${tomorrow.id}`)).toBeNull();
  expect(el(`staff-booking-noshow-${tomorrow.id}`)).toBeNull();

  click('staff-bookings-prev');
  await settle();
  click('staff-bookings-prev');
  await settle();
  expect(text('staff-bookings-date')).toBe('11/21 周六 · 昨天');
  expect(text('staff-bookings-empty')).toContain('当天暂无预约');
  click('staff-bookings-today');
  await settle();
  expect(el('staff-bookings-today')).toBeNull();
  expect(lists(sent)).toEqual(['date=2026-11-22', 'date=2026-11-23', 'date=2026-11-22', 'date=2026-11-21', 'date=2026-11-22']);
});

test('search by phone: checked first, then the bookings of that phone from today on; back to the day', async () => {
  const later = staffBookingView({ id: id(6), start: chinaTime('2026-11-25', '10:00'), end: chinaTime('2026-11-25', '11:00') });
  const sent = await renderPage({ list: (q) => ok({ items: q.get('phone') ? [later] : TODAY }) });
  fireEvent.change(el('staff-booking-phone-input')!, { target: { value: '1380013' } });
  click('staff-booking-phone-search');
  await settle();
  expect(text('staff-booking-phone-error')).toBe('请输入 11 位手机号');
  expect(lists(sent)).toHaveLength(1);

  fireEvent.change(el('staff-booking-phone-input')!, { target: { value: '13800138000' } });
  click('staff-booking-phone-search');
  await settle();
  expect(lists(sent)[1]).toBe('phone=13800138000');
  expect(text('staff-bookings-date')).toBe('手机号 13800138000 今天起的预约');
  expect(el(`staff-booking-${later.id}`)!.textContent).toContain('2026-11-25 周三 10:00–11:00');

  click('staff-booking-phone-clear');
  await settle();
  expect(lists(sent)[2]).toBe('date=2026-11-22');
  expect(rowIds()).toHaveLength(4);
});

describe('check-in by code', () => {
  const attended = (code: string): Reply => ok({ ...SOON, code, state: 'attended', attendedAt: new Date(NOW).toISOString() } satisfies StaffBookingView);

  test('a scanned code checks in at once; the row follows', async () => {
    scanCode.mockImplementation(() => Promise.resolve({ result: '4821930576', scanType: 'QR_CODE', errMsg: 'scanCode:ok' }));
    const sent = await renderPage({ byCode: attended });
    expect(el('staff-booking-scan-unavailable')).toBeNull();
    click('staff-booking-scan');
    await settle();
    expect(scanCode).toHaveBeenCalledWith(expect.objectContaining({ scanType: ['barCode', 'qrCode'] }));
    const post = staffPosts(sent)[0];
    expect(pathOf(post)).toBe('/api/staff/bookings/check-in');
    expect(post.data).toEqual({ code: '4821930576' });
    expect(text('staff-booking-code-result')).toContain('签到成功');
    expect(text('staff-booking-code-result')).toContain('小雨（林小雨 13800138000）');
    expect(text(`staff-booking-state-${SOON.id}`)).toBe('已到店');
  });

  test('typed with spaces works; a wrong length is refused without a request', async () => {
    const sent = await renderPage({ byCode: attended });
    fireEvent.change(el('staff-booking-code-input')!, { target: { value: '12345' } });
    click('staff-booking-code-submit');
    await settle();
    expect(text('staff-booking-code-error')).toBe('请输入 10 位数字预约码');
    expect(staffPosts(sent)).toHaveLength(0);

    fireEvent.change(el('staff-booking-code-input')!, { target: { value: '4821 9305 76' } });
    click('staff-booking-code-submit');
    await settle();
    expect(staffPosts(sent).map((r) => r.data)).toEqual([{ code: '4821930576' }]);
    expect((el('staff-booking-code-input') as HTMLInputElement).value).toBe('');
    // SOON is in the list: its row follows the answer, no re-read
    expect(text(`staff-booking-state-${SOON.id}`)).toBe('已到店');
    expect(lists(sent)).toHaveLength(1);
  });

  test('a booking of the day that is not listed yet (booked since): the day is re-read', async () => {
    const fresh = staffBookingView({ id: id(7), start: chinaTime('2026-11-22', '11:00'), end: chinaTime('2026-11-22', '12:00'), state: 'attended' });
    let reads = 0;
    const sent = await renderPage({ byCode: () => ok(fresh), list: () => ok({ items: ++reads > 1 ? [...TODAY, fresh] : TODAY }) });
    expect(rowIds()).toHaveLength(4);
    fireEvent.change(el('staff-booking-code-input')!, { target: { value: '4821930576' } });
    click('staff-booking-code-submit');
    await settle();
    expect(lists(sent)).toEqual(['date=2026-11-22', 'date=2026-11-22']);
    expect(text(`staff-booking-state-${fresh.id}`)).toBe('已到店');
  });

  test('a scan that is not a booking code, and a refusal from the server', async () => {
    scanCode.mockImplementation(() => Promise.resolve({ result: 'https://example.com', scanType: 'QR_CODE', errMsg: 'scanCode:ok' }));
    await renderPage({ byCode: () => fail(409, 'BOOKING_CHECKIN_NOT_TODAY', '只能在预约当天签到') });
    click('staff-booking-scan');
    await settle();
    expect(text('staff-booking-code-error')).toBe('未识别到预约码，请扫描顾客预约详情中的到店码');

    fireEvent.change(el('staff-booking-code-input')!, { target: { value: '4821930576' } });
    click('staff-booking-code-submit');
    await settle();
    expect(text('staff-booking-code-error')).toBe('只能在预约当天签到');
    expect(el('staff-booking-code-result')).toBeNull();
  });
});

test('an admin without a store is told why, nothing is asked', async () => {
  const sent = await renderPage({}, member({ roles: ['member', 'admin'] }));
  expect(text('staff-no-store')).toContain('您是管理员，暂未归属门店');
  expect(lists(sent)).toEqual([]);
});
