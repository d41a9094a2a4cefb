/**
 * 预约 tab: the store list grouped by city until (or unless) the shopper's
 * position is known, then nearest first with the distance; a refused position
 * keeps the cities and offers 「按距离排序」 again; each store opens its page.
 * Also the H5 geolocation adapter (refusal / no answer → null).
 */
import { act, fireEvent, render } from '@testing-library/react';
import BookingPage from '@/pages/booking/index';
import { resetStoresCache } from '@/services/coupons';
import { distanceKm, formatDistance, groupByCity, sortByDistance } from '@/services/booking';
import { getLocation, navigateTo, resetTaroMock } from './mocks/taro';
import { ok, pathOf, serve, store } from './support/http';

const XUHUI = store({ id: '650000000000000000000001', name: 'HomeClub 上海徐汇店', city: '上海', location: { lat: 31.188, lng: 121.437 } });
const PUDONG = store({ id: '650000000000000000000002', code: 'SH02', name: 'HomeClub 上海浦东店', city: '上海', location: { lat: 31.2297, lng: 121.525 } });
const XIHU = store({ id: '650000000000000000000003', code: 'HZ01', name: 'HomeClub 杭州西湖店', city: '杭州', location: { lat: 30.278, lng: 120.13 } });
/** The chain's order: 杭州 first, so city grouping and distance order differ. */
const STORES = [XIHU, XUHUI, PUDONG];

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

async function renderPage() {
  const sent = serve((req) => (pathOf(req) === '/api/stores' ? ok({ items: STORES }) : ok({})));
  render(<BookingPage />);
  await settle();
  return sent;
}

const storeIds = () => Array.from(document.querySelectorAll('.booking-store')).map((el) => el.id);
const text = (id: string) => document.getElementById(id)?.textContent ?? null;

beforeEach(() => {
  resetTaroMock();
  resetStoresCache();
});

test('with the position: nearest first, each with its distance in km', async () => {
  // at 陆家嘴: 浦东 is ~2 km, 徐汇 ~10 km, 西湖 ~165 km
  getLocation.mockImplementation(() => Promise.resolve({ latitude: 31.2397, longitude: 121.4998, errMsg: 'getLocation:ok' }));
  await renderPage();
  expect(getLocation).toHaveBeenCalledWith(expect.objectContaining({ type: 'gcj02' }));
  expect(storeIds()).toEqual([`booking-store-${PUDONG.id}`, `booking-store-${XUHUI.id}`, `booking-store-${XIHU.id}`]);
  expect(text(`booking-store-distance-${PUDONG.id}`)).toBe('2.6 km');
  expect(text(`booking-store-distance-${XUHUI.id}`)).toMatch(/^\d+\.\d km$/);
  expect(text(`booking-store-distance-${XIHU.id}`)).toMatch(/^1\d\d km$/);
  expect(text('booking-location-hint')).toBe('已按距离由近到远排序');
  expect(document.getElementById('booking-city-上海')).toBeNull();
  expect(document.getElementById('booking-locate')).toBeNull();
});

test('position refused: grouped by city in the chain order, no distances, 「按距离排序」 asks again', async () => {
  await renderPage();
  expect(text('booking-location-hint')).toBe('未获取到位置，按城市展示门店');
  const cities = Array.from(document.querySelectorAll('.booking-city')).map((el) => el.id);
  expect(cities).toEqual(['booking-city-杭州', 'booking-city-上海']);
  expect(storeIds()).toEqual([`booking-store-${XIHU.id}`, `booking-store-${XUHUI.id}`, `booking-store-${PUDONG.id}`]);
  expect(document.querySelector('.booking-store__distance')).toBeNull();

  getLocation.mockImplementation(() => Promise.resolve({ latitude: 30.25, longitude: 120.15, errMsg: 'getLocation:ok' }));
  fireEvent.click(document.getElementById('booking-locate')!);
  await settle();
  expect(getLocation).toHaveBeenCalledTimes(2);
  expect(storeIds()[0]).toBe(`booking-store-${XIHU.id}`);
  expect(text(`booking-store-distance-${XIHU.id}`)).toBe('3.7 km');
});

test('the list shows while the position is still being asked (cities meanwhile)', async () => {
  getLocation.mockImplementation(() => new Promise(() => undefined));
  await renderPage();
  expect(text('booking-location-hint')).toBe('正在获取您的位置…');
  expect(storeIds()).toHaveLength(3);
  expect(document.getElementById('booking-city-杭州')).not.toBeNull();
});

test('a store opens its page; 我的预约 opens the list', async () => {
  await renderPage();
  fireEvent.click(document.getElementById(`booking-store-${XUHUI.id}`)!);
  expect(navigateTo).toHaveBeenLastCalledWith({ url: `/pages-booking/store/index?id=${XUHUI.id}` });
  fireEvent.click(document.getElementById('booking-my-bookings')!);
  expect(navigateTo).toHaveBeenLastCalledWith({ url: '/pages-booking/bookings/index' });
});

describe('distance helpers', () => {
  test('haversine distance and its text', () => {
    expect(distanceKm({ lat: 31.2397, lng: 121.4998 }, { lat: 31.2397, lng: 121.4998 })).toBe(0);
    // 上海人民广场 → 杭州西湖: about 165 km
    expect(Math.round(distanceKm({ lat: 31.2304, lng: 121.4737 }, { lat: 30.2592, lng: 120.1485 }))).toBeGreaterThan(160);
    expect(formatDistance(0.004)).toBe('10 m');
    expect(formatDistance(0.853)).toBe('850 m');
    expect(formatDistance(1)).toBe('1.0 km');
    expect(formatDistance(12.345)).toBe('12.3 km');
    expect(formatDistance(165.4)).toBe('165 km');
  });

  test('sorting is stable for equal distances and grouping keeps the order', () => {
    const a = store({ id: 'a', name: 'B 店', location: { lat: 31, lng: 121 } });
    const b = store({ id: 'b', name: 'A 店', location: { lat: 31, lng: 121 } });
    expect(sortByDistance([a, b], { lat: 31, lng: 121 }).map((x) => x.store.id)).toEqual(['b', 'a']);
    expect(groupByCity([XUHUI, XIHU, PUDONG]).map((g) => [g.city, g.stores.map((s) => s.id)])).toEqual([
      ['上海', [XUHUI.id, PUDONG.id]],
      ['杭州', [XIHU.id]],
    ]);
  });
});

describe('H5 location adapter', () => {
  const geo = { getCurrentPosition: jest.fn() };
  beforeEach(() => {
    geo.getCurrentPosition.mockReset();
    Object.defineProperty(navigator, 'geolocation', { value: geo, configurable: true });
  });

  test('a position is answered as lat/lng', async () => {
    const { getPosition } = jest.requireActual('@/platform/location.h5') as typeof import('@/platform/location.h5');
    geo.getCurrentPosition.mockImplementation((ok: (p: unknown) => void) => ok({ coords: { latitude: 31.2, longitude: 121.4 } }));
    await expect(getPosition()).resolves.toEqual({ lat: 31.2, lng: 121.4 });
  });

  test('a refusal answers null', async () => {
    const { getPosition } = jest.requireActual('@/platform/location.h5') as typeof import('@/platform/location.h5');
    geo.getCurrentPosition.mockImplementation((_ok: unknown, fail: (e: unknown) => void) => fail({ code: 1, message: 'denied' }));
    await expect(getPosition()).resolves.toBeNull();
  });

  test('no answer at all answers null after the timeout', async () => {
    jest.useFakeTimers();
    try {
      const { getPosition, LOCATION_TIMEOUT_MS } = jest.requireActual('@/platform/location.h5') as typeof import('@/platform/location.h5');
      const answer = getPosition();
      jest.advanceTimersByTime(LOCATION_TIMEOUT_MS);
      await expect(answer).resolves.toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });
});
