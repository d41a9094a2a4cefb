/**
 * 预约详情: the booking code (barcode, QR, digits), the facts, and the change
 * rules at the cut-off — 「改期」/「取消预约」 only while canChange and until the
 * deadline passes on the page, then the 「预约开始前 N 小时内不可修改」 note with
 * the store phone; rescheduling to another slot of the same service (the
 * current one cannot be chosen), cancelling after a confirmation; a pending
 * deposit with 「支付定金」 and its countdown, and the payment confirmed by the server.
 */
import { act, fireEvent, render } from '@testing-library/react';
import type { BookingView } from '@homeclub/shared';
import BookingDetailPage from '@/pages-booking/booking-detail/index';
import { login, signOut } from '@/services/session';
import { resetStoresCache } from '@/services/coupons';
import { requestPayment } from '@/platform/request-payment';
import { makePhoneCall, resetTaroMock, setRouterParams, showModal, showToast } from './mocks/taro';
import {
  BOOKING_ID,
  bookingView,
  chinaTime,
  fail,
  ok,
  pathOf,
  serve,
  SERVICE_IDS,
  session,
  slotView,
  store,
  type Reply,
  type SentRequest,
} from './support/http';

jest.mock('@/platform/request-payment', () => ({
  ...jest.requireActual('@/platform/request-payment'),
  requestPayment: jest.fn(),
}));
const pay = requestPayment as jest.MockedFunction<typeof requestPayment>;

const NOW = Date.UTC(2026, 10, 22, 2, 0, 0); // Sunday 2026-11-22 10:00 in Shanghai
const PAY_PARAMS = {
  timeStamp: '1763794800',
  nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
  package: 'prepay_id=wx22101500123456789abcdef0123456789',
  signType: 'RSA' as const,
  paySign: 'c2lnbmF0dXJlLWJhc2U2NA==',
};

interface Handlers {
  /** GET /api/bookings/:id, by call number */
  get?: (n: number) => Reply;
  reschedule?: (start: string) => Reply;
  cancel?: () => Reply;
  pay?: () => Reply;
}

async function settle() {
  await act(async () => {
    for (let i = 0; i < 40; i++) await Promise.resolve();
  });
}

async function renderDetail(first: BookingView, h: Handlers = {}, query: Record<string, string> = {}) {
  let gets = 0;
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1));
    if (path === '/api/stores') return ok({ items: [store()] });
    if (path === `/api/bookings/${BOOKING_ID}`) return h.get ? h.get(++gets) : ok(first);
    if (path === `/api/bookings/${BOOKING_ID}/reschedule`) return h.reschedule!((req.data as { start: string }).start);
    if (path === `/api/bookings/${BOOKING_ID}/cancel`) return h.cancel!();
    if (path === `/api/bookings/${BOOKING_ID}/pay`) return h.pay!();
    if (path.startsWith(`/api/booking/services/${SERVICE_IDS.design}/slots`)) {
      const date = new URL(path, 'http://test').searchParams.get('date')!;
      return ok({
        date,
        dates: ['2026-11-22', '2026-11-23', '2026-11-24'],
        slots:
          date === '2026-11-23'
            ? [slotView(date, '14:00', 2), slotView(date, '15:00', 0), slotView(date, '16:00', 1)]
            : date === '2026-11-22'
              ? [slotView(date, '21:00', 0), slotView(date, '22:00', 2)]
              : [],
      });
    }
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  setRouterParams({ id: BOOKING_ID, ...query });
  render(<BookingDetailPage />);
  await settle();
  return sent;
}

const el = (id: string) => document.getElementById(id);
const text = (id: string) => el(id)?.textContent ?? null;
const click = (id: string) => fireEvent.click(el(id)!);
const posts = (sent: SentRequest[], suffix: string) =>
  sent.filter((r) => r.method === 'POST' && pathOf(r) === `/api/bookings/${BOOKING_ID}${suffix}`);

async function tick(ms: number) {
  await act(async () => {
    jest.advanceTimersByTime(ms);
  });
  await settle();
}

beforeEach(async () => {
  jest.useFakeTimers({ now: NOW });
  resetTaroMock();
  resetStoresCache();
  pay.mockReset();
  await signOut();
});

afterEach(() => {
  jest.useRealTimers();
});

test('a booked booking: the code as barcode, QR and digits; the facts; 改期 and 取消预约', async () => {
  await renderDetail(bookingView(), {}, { created: '1' });
  expect(text('booking-state')).toBe('预约成功');
  expect(text('booking-code')).toBe('4821 9305 76');
  expect(el('booking-qr')!.querySelectorAll('.qr__row')).toHaveLength(21);
  expect(el('booking-barcode')!.querySelectorAll('.barcode__bar').length).toBeGreaterThan(10);
  expect(text('booking-service')).toBe('设计咨询');
  expect(text('booking-store')).toBe('HomeClub 上海徐汇店');
  expect(text('booking-time')).toBe('2026-11-23 周一 14:00–15:00');
  expect(text('booking-contact')).toBe('林小雨 13800138000');
  expect(el('booking-deposit')).toBeNull();
  expect(el('booking-reschedule')).not.toBeNull();
  expect(el('booking-cancel')).not.toBeNull();
  expect(el('booking-change-locked')).toBeNull();
});

test('the cut-off passing while the page is open hides the buttons and shows the note with the store phone', async () => {
  const deadline = new Date(NOW + 5_000).toISOString();
  const start = new Date(NOW + 5_000 + 2 * 3600_000).toISOString();
  await renderDetail(bookingView({ start, end: new Date(Date.parse(start) + 3600_000).toISOString(), changeDeadline: deadline }));
  expect(el('booking-cancel')).not.toBeNull();
  await tick(4_000);
  expect(el('booking-cancel')).not.toBeNull(); // still before the deadline
  await tick(2_000);
  expect(el('booking-reschedule')).toBeNull();
  expect(el('booking-cancel')).toBeNull();
  expect(text('booking-change-locked')).toContain('预约开始前 2 小时内不可修改，如需变更请致电门店');
  expect(text('booking-store-phone')).toBe('门店电话 021-66668888');
  click('booking-store-phone');
  expect(makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '021-66668888' });
});

test('canChange false from the server: no buttons, the note with the service cut-off (24 h)', async () => {
  await renderDetail(
    bookingView({
      kind: 'measure',
      start: chinaTime('2026-11-23', '09:00'),
      end: chinaTime('2026-11-23', '11:00'),
      changeDeadline: chinaTime('2026-11-22', '09:00'),
      canChange: false,
      address: { city: '上海', district: '徐汇区', detail: '漕溪北路 100 弄' },
    }),
  );
  expect(el('booking-reschedule')).toBeNull();
  expect(el('booking-cancel')).toBeNull();
  expect(text('booking-change-locked')).toContain('预约开始前 24 小时内不可修改');
  expect(text('booking-address')).toBe('上海徐汇区漕溪北路 100 弄');
});

test('after the visit: 已到店 with the points, the code as a number, no changes and no note', async () => {
  await renderDetail(bookingView({ state: 'attended', canChange: false, pointsAwarded: 200, attendedAt: chinaTime('2026-11-23', '13:55') }));
  expect(text('booking-state')).toBe('已到店');
  expect(text('booking-points')).toBe('到店奖励 200 积分');
  expect(el('booking-qr')).toBeNull();
  expect(text('booking-code')).toBe('4821 9305 76');
  expect(el('booking-reschedule')).toBeNull();
  expect(el('booking-change-locked')).toBeNull();
});

describe('改期', () => {
  test('the same service on the booking day first; the current slot is 当前; the new start is posted', async () => {
    const moved = bookingView({ start: chinaTime('2026-11-23', '16:00'), end: chinaTime('2026-11-23', '17:00') });
    const sent = await renderDetail(bookingView(), { reschedule: () => ok(moved) });
    click('booking-reschedule');
    await settle();
    const asked = sent.filter((r) => pathOf(r).includes('/slots')).map(pathOf);
    expect(asked).toEqual([`/api/booking/services/${SERVICE_IDS.design}/slots?date=2026-11-23`]);
    expect(text('booking-reschedule-slot-14:00')).toBe('14:00当前');
    expect((el('booking-reschedule-confirm') as HTMLButtonElement).disabled).toBe(true);
    click('booking-reschedule-slot-14:00');
    click('booking-reschedule-slot-15:00'); // 约满
    expect((el('booking-reschedule-confirm') as HTMLButtonElement).disabled).toBe(true);
    click('booking-reschedule-slot-16:00');
    expect(text('booking-reschedule-chosen')).toBe('改到 2026-11-23 周一 16:00–17:00');
    click('booking-reschedule-confirm');
    await settle();
    expect(posts(sent, '/reschedule').map((r) => r.data)).toEqual([{ start: chinaTime('2026-11-23', '16:00') }]);
    expect(el('booking-reschedule-panel')).toBeNull();
    expect(text('booking-time')).toBe('2026-11-23 周一 16:00–17:00');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '改期成功' }));
  });

  test("the booking day's only free place is its own slot: the next day with one is shown", async () => {
    const late = bookingView({ start: chinaTime('2026-11-22', '22:00'), end: chinaTime('2026-11-22', '23:00') });
    const sent = await renderDetail(late);
    click('booking-reschedule');
    await settle();
    const asked = sent.filter((r) => pathOf(r).includes('/slots')).map(pathOf);
    const slots = `/api/booking/services/${SERVICE_IDS.design}/slots`;
    expect(asked).toEqual([`${slots}?date=2026-11-22`, `${slots}?date=2026-11-23`]);
    expect(el('booking-reschedule-date-2026-11-23')!.className).toContain('date-strip__item--active');
    expect(text('booking-reschedule-slot-16:00')).toBe('16:00余 1');
    click('booking-reschedule-date-2026-11-22');
    await settle();
    expect(text('booking-reschedule-slot-22:00')).toBe('22:00当前');
  });

  test('约满 meanwhile: the message in the panel and the slots re-read', async () => {
    const sent = await renderDetail(bookingView(), { reschedule: () => fail(409, 'BOOKING_SLOT_FULL', '该时段已约满，请选择其他时间') });
    click('booking-reschedule');
    await settle();
    click('booking-reschedule-slot-16:00');
    click('booking-reschedule-confirm');
    await settle();
    expect(text('booking-reschedule-error')).toBe('该时段已约满，请选择其他时间');
    expect(sent.filter((r) => pathOf(r).includes('/slots'))).toHaveLength(2);
    expect(el('booking-reschedule-chosen')).toBeNull();
  });

  test('past the cut-off at the server: the booking is re-read and the note replaces the panel', async () => {
    await renderDetail(bookingView(), {
      get: (n) => ok(n === 1 ? bookingView() : bookingView({ canChange: false })),
      reschedule: () => fail(409, 'BOOKING_CUTOFF', '已过可修改时间，如需变更请致电门店'),
    });
    click('booking-reschedule');
    await settle();
    click('booking-reschedule-slot-16:00');
    click('booking-reschedule-confirm');
    await settle();
    expect(el('booking-reschedule-panel')).toBeNull();
    expect(text('booking-change-locked')).toContain('不可修改');
  });

  test('不改了 closes the panel without a request', async () => {
    const sent = await renderDetail(bookingView(), { reschedule: () => ok(bookingView()) });
    click('booking-reschedule');
    await settle();
    click('booking-reschedule-close');
    expect(el('booking-reschedule-panel')).toBeNull();
    expect(posts(sent, '/reschedule')).toHaveLength(0);
  });
});

describe('取消预约', () => {
  test('asks first; 再想想 sends nothing; confirming cancels', async () => {
    const sent = await renderDetail(bookingView(), { cancel: () => ok(bookingView({ state: 'cancelled', canChange: false, cancelledAt: '2026-11-22T02:00:00.000Z' })) });
    showModal.mockImplementationOnce(() => Promise.resolve({ confirm: false, cancel: true }));
    click('booking-cancel');
    await settle();
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '取消预约', content: '取消后该时段会释放给其他顾客。' }));
    expect(posts(sent, '/cancel')).toHaveLength(0);

    click('booking-cancel');
    await settle();
    expect(posts(sent, '/cancel')).toHaveLength(1);
    expect(text('booking-state')).toBe('预约已取消');
    expect(el('booking-cancel')).toBeNull();
    expect(el('booking-change-locked')).toBeNull();
  });

  test('a paid deposit: the question says it is refunded', async () => {
    await renderDetail(bookingView({ depositFen: 5000, depositState: 'paid' }), { cancel: () => ok(bookingView({ state: 'cancelled', canChange: false })) });
    expect(text('booking-deposit')).toBe('¥50 · 已支付');
    showModal.mockImplementationOnce(() => Promise.resolve({ confirm: false, cancel: true }));
    click('booking-cancel');
    await settle();
    expect(showModal.mock.calls[0][0]?.content).toContain('定金 ¥50 将原路退回');
  });

  test('refused at the server (cut-off): the booking is re-read', async () => {
    const sent = await renderDetail(bookingView(), {
      get: (n) => ok(n === 1 ? bookingView() : bookingView({ canChange: false })),
      cancel: () => fail(409, 'BOOKING_CUTOFF', '已过可修改时间，如需变更请致电门店'),
    });
    click('booking-cancel');
    await settle();
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已过可修改时间，如需变更请致电门店' }));
    expect(sent.filter((r) => r.method === 'GET' && pathOf(r) === `/api/bookings/${BOOKING_ID}`)).toHaveLength(2);
    expect(el('booking-cancel')).toBeNull();
  });
});

describe('deposit', () => {
  const pending = (overrides: Partial<BookingView> = {}) =>
    bookingView({
      state: 'pending_payment',
      depositFen: 5000,
      depositState: 'unpaid',
      createdAt: new Date(NOW - 5 * 60_000).toISOString(),
      ...overrides,
    });

  test('支付定金 with the time left of the 15 minutes; paid → confirmed by the server', async () => {
    pay.mockResolvedValue('ok');
    const sent = await renderDetail(pending(), {
      get: (n) => ok(n < 3 ? pending() : bookingView({ depositFen: 5000, depositState: 'paid' })),
      pay: () => ok({ booking: pending(), requestPayment: PAY_PARAMS }),
    });
    expect(text('booking-state')).toBe('待支付定金');
    expect(text('booking-pay')).toBe('支付定金 ¥50');
    expect(text('booking-pay-left')).toBe('请在 10:00 内支付定金，超时预约自动取消');
    expect(el('booking-qr')).toBeNull(); // no code to show before the deposit is paid
    await tick(1_100); // the page clock ticks just after each whole second
    expect(text('booking-pay-left')).toBe('请在 09:59 内支付定金，超时预约自动取消');

    click('booking-pay');
    await settle();
    expect(posts(sent, '/pay')).toHaveLength(1);
    expect(pay).toHaveBeenCalledWith(PAY_PARAMS);
    expect(text('booking-state')).toBe('等待支付结果…');
    await tick(1_500);
    expect(text('booking-state')).toBe('已预约');
    expect(text('booking-deposit')).toBe('¥50 · 已支付');
    expect(el('booking-qr')).not.toBeNull();
  });

  test('past the 15 minutes: no 支付定金', async () => {
    await renderDetail(pending({ createdAt: new Date(NOW - 16 * 60_000).toISOString() }));
    expect(el('booking-pay')).toBeNull();
    expect(text('booking-pay-left')).toBe('已超过支付时限，预约即将失效');
  });

  test('paying=1: re-read until the server says paid, then 预约成功', async () => {
    const sent = await renderDetail(pending(), { get: (n) => ok(n < 2 ? pending() : bookingView({ depositFen: 5000, depositState: 'paid' })) }, { paying: '1' });
    expect(text('booking-state')).toBe('等待支付结果…');
    expect(el('booking-pay')).toBeNull();
    await tick(1_500);
    expect(text('booking-state')).toBe('预约成功');
    await tick(3_000);
    expect(sent.filter((r) => pathOf(r) === `/api/bookings/${BOOKING_ID}`)).toHaveLength(2); // stopped
  });
});
