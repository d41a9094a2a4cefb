/**
 * 预约服务, H5 demo build: a browser has no subscribe messages, so the form
 * shows the checkbox 「预约提醒（微信服务通知）」 (unticked) and its value is the
 * reminderConsent sent; wx.requestSubscribeMessage is never called.
 */
// What Taro's platform-suffix resolution does in the H5 build:
jest.mock('@/platform/booking-reminder', () => jest.requireActual('@/platform/booking-reminder.h5'));
import { act, fireEvent, render } from '@testing-library/react';
import BookingNewPage from '@/pages-booking/booking-new/index';
import { login, signOut } from '@/services/session';
import { requestSubscribeMessage, resetTaroMock, setRouterParams } from './mocks/taro';
import { bookingView, fail, ok, pathOf, serve, SERVICE_IDS, session, slotView, STORE_ID, storeDetail, type SentRequest } from './support/http';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 40; i++) await Promise.resolve();
  });
}

async function renderNew() {
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1));
    if (path === `/api/stores/${STORE_ID}`) return ok(storeDetail());
    if (path.includes('/slots')) return ok({ date: '2026-11-22', dates: ['2026-11-22'], slots: [slotView('2026-11-22', '14:00', 2)] });
    if (path === '/api/bookings' && req.method === 'GET') return ok({ items: [] });
    if (path === '/api/bookings' && req.method === 'POST') return { status: 201, body: { booking: bookingView(), requestPayment: null } };
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  setRouterParams({ serviceId: SERVICE_IDS.design, storeId: STORE_ID });
  render(<BookingNewPage />);
  await settle();
  fireEvent.click(document.getElementById('booking-slot-14:00')!);
  fireEvent.change(document.getElementById('booking-name')!, { target: { value: '林小雨' } });
  fireEvent.change(document.getElementById('booking-phone')!, { target: { value: '13800138000' } });
  return sent;
}

const consents = (sent: SentRequest[]) =>
  sent.filter((r) => r.method === 'POST' && pathOf(r) === '/api/bookings').map((r) => (r.data as { reminderConsent: boolean }).reminderConsent);

beforeEach(async () => {
  jest.useFakeTimers({ now: Date.UTC(2026, 10, 22, 2, 0, 0) });
  resetTaroMock();
  await signOut();
});

afterEach(() => {
  jest.useRealTimers();
});

test('the visible checkbox, unticked: no consent', async () => {
  const sent = await renderNew();
  const box = document.getElementById('booking-reminder')!;
  expect(box.textContent).toContain('预约提醒（微信服务通知）');
  expect(box.className).not.toContain('booking-check--on');
  expect(document.getElementById('booking-reminder-note')).toBeNull();
  fireEvent.click(document.getElementById('booking-submit')!);
  await settle();
  expect(consents(sent)).toEqual([false]);
  expect(requestSubscribeMessage).not.toHaveBeenCalled();
});

test('ticked: consent sent; ticked twice: none', async () => {
  const sent = await renderNew();
  fireEvent.click(document.getElementById('booking-reminder')!);
  expect(document.getElementById('booking-reminder')!.className).toContain('booking-check--on');
  fireEvent.click(document.getElementById('booking-submit')!);
  await settle();
  fireEvent.click(document.getElementById('booking-reminder')!);
  fireEvent.click(document.getElementById('booking-submit')!);
  await settle();
  expect(consents(sent)).toEqual([true, false]);
  expect(requestSubscribeMessage).not.toHaveBeenCalled();
});
