/**
 * 我的预约: GET /api/bookings in the server's order (upcoming first) with the
 * service, time, store and the state tag → 预约详情; empty → 去预约 (the tab);
 * a failure shows the message with a retry. 我的 links here.
 */
import { act, fireEvent, render } from '@testing-library/react';
import type { BookingState } from '@homeclub/shared';
import MyBookingsPage from '@/pages-booking/bookings/index';
import MinePage from '@/pages/mine/index';
import { login, signOut } from '@/services/session';
import { navigateTo, resetTaroMock, switchTab } from './mocks/taro';
import { bookingView, chinaTime, fail, member, ok, pathOf, serve, session, type Reply } from './support/http';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

async function renderList(reply: () => Reply) {
  const sent = serve((req) => (pathOf(req) === '/api/auth/login' ? ok(session(1)) : pathOf(req) === '/api/bookings' ? reply() : ok({ items: [] })));
  await act(async () => {
    await login();
  });
  render(<MyBookingsPage />);
  await settle();
  return sent;
}

const STATES: [BookingState, string][] = [
  ['pending_payment', '待支付定金'],
  ['booked', '已预约'],
  ['attended', '已到店'],
  ['no_show', '未到店'],
  ['cancelled', '已取消'],
  ['expired', '已失效'],
];

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

test('each booking with its state tag, in the server order; a row opens the detail', async () => {
  const items = STATES.map(([state], i) =>
    bookingView({ id: `6c00000000000000000000${String(i + 10)}`, state, serviceName: i % 2 ? '到店体验' : '设计咨询', start: chinaTime('2026-11-23', '14:00') }),
  );
  const sent = await renderList(() => ok({ items }));
  expect(sent.filter((r) => pathOf(r) === '/api/bookings')[0].header.Authorization).toBe('Bearer access-1');
  const rows = Array.from(document.querySelectorAll('#my-bookings .cell'));
  expect(rows.map((r) => r.id)).toEqual(items.map((b) => `my-booking-${b.id}`));
  expect(items.map((b) => document.getElementById(`my-booking-state-${b.id}`)?.textContent)).toEqual(STATES.map(([, t]) => t));
  expect(rows[0].textContent).toContain('设计咨询');
  expect(rows[0].textContent).toContain('2026-11-23 周一 14:00–15:00');
  expect(rows[0].textContent).toContain('HomeClub 上海徐汇店');
  fireEvent.click(rows[1]);
  expect(navigateTo).toHaveBeenCalledWith({ url: `/pages-booking/booking-detail/index?id=${items[1].id}` });
});

test('no bookings: 去预约 switches to the 预约 tab', async () => {
  await renderList(() => ok({ items: [] }));
  expect(document.getElementById('my-bookings-empty')?.textContent).toContain('暂无预约');
  fireEvent.click(document.getElementById('my-bookings-go')!);
  expect(switchTab).toHaveBeenCalledWith({ url: '/pages/booking/index' });
});

test('a failure shows the message; retry loads', async () => {
  let n = 0;
  await renderList(() => (++n === 1 ? fail(503, 'SERVICE_UNAVAILABLE', '服务暂时不可用，请稍后再试') : ok({ items: [bookingView()] })));
  expect(document.getElementById('my-bookings-error')?.textContent).toContain('服务暂时不可用，请稍后再试');
  fireEvent.click(document.querySelector('#my-bookings-error button')!);
  await settle();
  expect(document.querySelectorAll('#my-bookings .cell')).toHaveLength(1);
});

test('我的 links to 我的预约', async () => {
  serve((req) => {
    if (pathOf(req) === '/api/auth/login') return ok(session(1));
    if (pathOf(req) === '/api/me') return ok(member());
    return ok({ items: [] });
  });
  await act(async () => {
    await login();
  });
  render(<MinePage />);
  await settle();
  fireEvent.click(document.getElementById('mine-bookings')!);
  expect(navigateTo).toHaveBeenCalledWith({ url: '/pages-booking/bookings/index' });
});
