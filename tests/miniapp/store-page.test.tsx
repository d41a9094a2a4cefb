/**
 * 门店 page: GET /api/stores/:storeId — name, address with 「导航」
 * (wx.openLocation; a map link on H5), tap-to-call phone, today's hours (a
 * closed date says so) and the week's, photos, the service cards (duration,
 * deposit, points) → 预约服务 with the service and store ids.
 */
import { act, fireEvent, render } from '@testing-library/react';
import StorePage from '@/pages-booking/store/index';
import { makePhoneCall, navigateTo, openLocation, resetTaroMock, setRouterParams } from './mocks/taro';
import { fail, ok, pathOf, serve, SERVICE_IDS, serviceView, STORE_ID, storeDetail, type Reply } from './support/http';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

async function renderStore(reply: Reply = ok(storeDetail())) {
  const sent = serve(() => reply);
  setRouterParams({ id: STORE_ID });
  render(<StorePage />);
  await settle();
  return sent;
}

const text = (id: string) => document.getElementById(id)?.textContent ?? null;

beforeEach(() => {
  // Sunday 2026-11-22 10:00 in Shanghai
  jest.useFakeTimers({ now: Date.UTC(2026, 10, 22, 2, 0, 0) });
  resetTaroMock();
});

afterEach(() => {
  jest.useRealTimers();
});

test('store facts: public request, name, address, phone, today (a Sunday with a lunch break)', async () => {
  const sent = await renderStore();
  expect(sent.map(pathOf)).toEqual([`/api/stores/${STORE_ID}`]);
  expect(sent[0].header.Authorization).toBeUndefined();
  expect(text('store-name')).toBe('HomeClub 上海徐汇店');
  expect(text('store-address')).toBe('徐汇区漕溪北路 88 号');
  expect(text('store-hours-today')).toBe('今日 09:30–12:00、13:00–21:30');

  fireEvent.click(document.getElementById('store-phone')!);
  expect(makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '021-66668888' });

  fireEvent.click(document.getElementById('store-map')!);
  expect(openLocation).toHaveBeenCalledWith(
    expect.objectContaining({ latitude: 31.19, longitude: 121.43, name: 'HomeClub 上海徐汇店', address: '徐汇区漕溪北路 88 号' }),
  );
});

test('the week (Monday first, today marked) and a closed day', async () => {
  await renderStore(ok(storeDetail({ closedDates: ['2026-11-01', '2026-11-22', '2026-11-25'] })));
  expect(text('store-hours-today')).toBe('今日 休息');
  expect(document.getElementById('store-hours-week')).toBeNull();
  fireEvent.click(document.getElementById('store-hours-toggle')!);
  const rows = Array.from(document.querySelectorAll('#store-hours-week .store-hours__row')).map((r) => r.textContent);
  expect(rows).toEqual([
    '周一10:00–21:00',
    '周二10:00–21:00',
    '周三10:00–21:00',
    '周四10:00–21:00',
    '周五10:00–21:00',
    '周六09:30–12:00、13:00–21:30',
    '周日09:30–12:00、13:00–21:30',
  ]);
  expect(document.querySelector('.store-hours__row--today')?.textContent).toContain('周日');
  // past closed dates are not listed
  expect(document.querySelector('.store-hours__closed')?.textContent).toBe('休息日：11/22、11/25');
});

test('service cards: duration, deposit, points, 上门 area; 预约 opens the booking page', async () => {
  await renderStore();
  const design = document.getElementById('store-service-design')!;
  expect(design.textContent).toContain('设计咨询');
  expect(design.textContent).toContain('资深设计师一对一');
  expect(design.textContent).toContain('约 1 小时 · 免费预约');
  expect(design.textContent).toContain('到店完成服务得 200 积分');
  const measure = document.getElementById('store-service-measure')!;
  expect(measure.textContent).toContain('约 2 小时 · 定金 ¥50，上门服务完成后退还，爽约不退');
  expect(measure.textContent).toContain('上门范围：上海 徐汇区、闵行区');
  // 上门量尺 happens at home: its points are not 「到店」
  expect(measure.textContent).toContain('上门量尺完成后得 200 积分');
  expect(measure.textContent).not.toContain('到店完成服务');
  expect(design.textContent).not.toContain('上门范围');

  fireEvent.click(document.getElementById('store-service-book-measure')!);
  expect(navigateTo).toHaveBeenCalledTimes(1);
  expect(navigateTo).toHaveBeenLastCalledWith({
    url: `/pages-booking/booking-new/index?serviceId=${SERVICE_IDS.measure}&storeId=${STORE_ID}`,
  });
  fireEvent.click(design);
  expect(navigateTo).toHaveBeenLastCalledWith({
    url: `/pages-booking/booking-new/index?serviceId=${SERVICE_IDS.design}&storeId=${STORE_ID}`,
  });
});

test('photos when there are any; no services → a note', async () => {
  await renderStore(ok(storeDetail({ photos: ['https://img.example.com/a.jpg', 'https://img.example.com/b.jpg'], services: [] })));
  const imgs = Array.from(document.querySelectorAll('#store-photos img')).map((i) => i.getAttribute('src'));
  expect(imgs).toEqual(['https://img.example.com/a.jpg', 'https://img.example.com/b.jpg']);
  expect(document.getElementById('store-services-empty')?.textContent).toContain('本店暂未开放预约');
});

test('a deposit that is refunded even on a no-show says so', async () => {
  await renderStore(
    ok(storeDetail({ services: [serviceView('measure', { keepDepositOnNoShow: false }), serviceView('visit', { depositFen: 2000 })] })),
  );
  expect(document.getElementById('store-service-measure')?.textContent).toContain('定金 ¥50，上门服务完成后退还');
  expect(document.getElementById('store-service-measure')?.textContent).not.toContain('爽约不退');
  expect(document.getElementById('store-service-visit')?.textContent).toContain('定金 ¥20，到店后退还，未到店不退');
});

test('an unknown store shows the server message', async () => {
  await renderStore(fail(404, 'STORE_NOT_FOUND', '门店不存在'));
  expect(text('store-error')).toContain('门店不存在');
});

test('H5: 导航 is a map link to the store', () => {
  const { storeMapUrl } = jest.requireActual('@/platform/store-map.h5') as typeof import('@/platform/store-map.h5');
  const url = new URL(storeMapUrl(storeDetail().store));
  expect(url.origin).toBe('https://uri.amap.com');
  expect(url.searchParams.get('position')).toBe('121.43,31.19');
  expect(url.searchParams.get('name')).toBe('HomeClub 上海徐汇店');
});
