/**
 * 优惠券详情: usage rules (threshold, stores by name, points, refunds, validity,
 * description), and for an available coupon the rotating in-store code —
 * memberCode(chainPrefix, couponNo, secret, t) from the code secret, as
 * barcode + QR + digits + countdown, changing every 60 s. Used / locked
 * coupons show no code; a verification seen while the code is up replaces it.
 */
import { act, fireEvent, render } from '@testing-library/react';
import jsQR from 'jsqr';
import { memberCode, type CouponView } from '@homeclub/shared';
import CouponDetailPage from '@/pages-member/coupon-detail/index';
import { COUPON_POLL_MS } from '@/pages-member/coupon-detail/index';
import { login, signOut } from '@/services/session';
import { resetStoresCache } from '@/services/coupons';
import { code128CModules } from '@/lib/code128';
import { navigateTo, resetTaroMock, setRouterParams, showToast } from './mocks/taro';
import { usableStores } from '@/pages-member/coupon-detail/UseAtStore';
import {
  COUPON_CODE_SECRET,
  coupon,
  fail,
  ok,
  pathOf,
  serve,
  session,
  store,
  type Reply,
  type SentRequest,
} from './support/http';
import { barcodeModules, qrMatrix, rasterize } from './support/codes';

/** 10:00:05 UTC: 55 s before the code rotates. */
const T0 = Date.UTC(2026, 10, 22, 10, 0, 5);
const C = coupon(1, { couponNo: COUPON_CODE_SECRET.couponNo });

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

interface Server {
  coupon?: () => CouponView | Reply;
  secret?: () => Reply;
  stores?: () => Reply;
}

async function renderDetail(server: Server = {}, id: string = C.id) {
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1));
    if (path === `/api/coupons/${C.id}`) {
      const c = server.coupon ? server.coupon() : C;
      return 'status' in c ? c : ok(c);
    }
    if (path === `/api/coupons/${C.id}/code-secret`) return server.secret ? server.secret() : ok(COUPON_CODE_SECRET);
    if (path === '/api/stores') return server.stores ? server.stores() : ok({ items: [store()] });
    return fail(404, 'COUPON_NOT_FOUND', '优惠券不存在');
  });
  await act(async () => {
    await login();
  });
  setRouterParams({ id });
  render(<CouponDetailPage />);
  await settle();
  return sent;
}

const text = (id: string) => document.getElementById(id)?.textContent ?? null;
const digits = () => (text('coupon-code-digits') ?? '').replace(/ /g, '');
const expected = (t: number) => memberCode(COUPON_CODE_SECRET.chainPrefix, COUPON_CODE_SECRET.couponNo, COUPON_CODE_SECRET.secret, t);
const count = (sent: SentRequest[], path: string) => sent.filter((r) => pathOf(r) === path).length;

beforeEach(async () => {
  jest.useRealTimers();
  resetTaroMock();
  resetStoresCache();
  await signOut();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('rules', () => {
  test('threshold, all stores, points, refunds, validity, description', async () => {
    const c = coupon(1, { terms: { ...C.terms, description: '家具类商品可用，特价商品除外' } });
    const sent = await renderDetail({ coupon: () => c });
    expect(text('coupon-rule-threshold')).toBe('满 ¥300 可用');
    expect(text('coupon-rule-stores')).toBe('全部门店可用');
    expect(text('coupon-rule-points')).toBe('可与积分抵现同时使用');
    expect(text('coupon-rule-refund')).toBe('订单退款后，优惠券退回账户');
    expect(text('coupon-rule-validity')).toBe('2026.11.22–2026.12.31');
    expect(text('coupon-rule-description')).toBe('家具类商品可用，特价商品除外');
    expect(document.getElementById(`coupon-card-${C.id}`)!.querySelector('.coupon__amount')!.textContent).toBe('¥50');
    expect(count(sent, '/api/stores')).toBe(1); // once, for 去使用's store list (the rule says 全部门店 without it)
  });

  test('store names from GET /api/stores; not combinable with points', async () => {
    const other = store({ id: '650000000000000000000002', name: 'HomeClub 杭州西湖店' });
    const c = coupon(1, { terms: { ...C.terms, storeIds: [other.id], allowPoints: false, refundReturn: false } });
    await renderDetail({ coupon: () => c, stores: () => ok({ items: [store(), other] }) });
    expect(text('coupon-rule-stores')).toBe('HomeClub 杭州西湖店');
    expect(text('coupon-rule-points')).toBe('不可与积分抵现同时使用');
    expect(text('coupon-rule-refund')).toBe('订单退款后，优惠券不退回');
  });

  test('stores unavailable: how many stores, rest of the page unaffected', async () => {
    const c = coupon(1, { terms: { ...C.terms, storeIds: ['650000000000000000000002', '650000000000000000000003'] } });
    await renderDetail({ coupon: () => c, stores: () => fail(503, 'SERVICE_UNAVAILABLE', '服务暂时不可用') });
    expect(text('coupon-rule-stores')).toBe('指定 2 家门店可用');
    expect(digits()).toMatch(/^\d{18}$/);
  });

  test('a discount coupon: 8.5折, 满 ¥300 可用，最高减 ¥100', async () => {
    const c = coupon(1, {
      terms: { ...C.terms, type: 'discount', amountOffFen: null, percentOffBp: 1500, maxDiscountFen: 10000 },
    });
    await renderDetail({ coupon: () => c });
    expect(document.getElementById(`coupon-card-${C.id}`)!.querySelector('.coupon__amount')!.textContent).toBe('8.5折');
    expect(text('coupon-rule-threshold')).toBe('满 ¥300 可用，最高减 ¥100');
  });
});

describe('in-store code', () => {
  test('computed locally from the code secret; rotates after 60 s; fetched once', async () => {
    jest.useFakeTimers({ now: T0 });
    const sent = await renderDetail();
    const first = expected(T0);
    expect(first).toMatch(/^427700000001\d{6}$/);
    expect(digits()).toBe(first);
    expect(text('coupon-code-digits')).toMatch(/^\d{4} \d{4} \d{4} \d{4} \d{2}$/);
    expect(text('coupon-code-countdown')).toBe('55 秒后自动刷新');

    await act(async () => {
      jest.advanceTimersByTime(10_005);
    });
    expect(text('coupon-code-countdown')).toBe('45 秒后自动刷新');
    expect(digits()).toBe(first);

    await act(async () => {
      jest.advanceTimersByTime(50_000);
    });
    await settle();
    const second = expected(T0 + 60_000);
    expect(second).not.toBe(first);
    expect(digits()).toBe(second);
    expect(text('coupon-code-countdown')).toBe('55 秒后自动刷新');
    expect(count(sent, `/api/coupons/${C.id}/code-secret`)).toBe(1);
  });

  test('the barcode is the Code 128-C symbol of the shown code and the QR decodes to it', async () => {
    jest.useFakeTimers({ now: T0 });
    await renderDetail();
    const code = digits();
    const quiet = '0'.repeat(10);
    expect(barcodeModules(document.getElementById('coupon-barcode')!)).toBe(`${quiet}${code128CModules(code)}${quiet}`);
    const { data, size } = rasterize(qrMatrix(document.getElementById('coupon-qr')!));
    expect(jsQR(data, size, size)?.data).toBe(code);
  });

  test('verified at the till while shown: the code goes away and 「优惠券已核销」 is shown', async () => {
    jest.useFakeTimers({ now: T0 });
    let current: CouponView = C;
    await renderDetail({ coupon: () => current });
    expect(digits()).toBe(expected(T0));

    current = { ...C, state: 'used', usedAt: '2026-11-22T10:00:07.000Z' };
    await act(async () => {
      jest.advanceTimersByTime(COUPON_POLL_MS);
    });
    await settle();
    expect(document.getElementById('coupon-code')).toBeNull();
    expect(text('coupon-status')).toBe('已于 2026-11-22 18:00 使用');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '优惠券已核销' }));
  });

  test('no secret: an error with retry', async () => {
    let down = true;
    await renderDetail({ secret: () => (down ? fail(503, 'SERVICE_UNAVAILABLE', '服务暂时不可用') : ok(COUPON_CODE_SECRET)) });
    expect(text('coupon-code-error')).toContain('服务暂时不可用');
    down = false;
    fireEvent.click(document.getElementById('coupon-code-error')!.querySelector('button')!);
    await settle();
    expect(digits()).toMatch(/^427700000001\d{6}$/);
  });

  test.each([
    ['used', { state: 'used', usedAt: '2026-11-25T04:00:00.000Z' }, '已于 2026-11-25 12:00 使用'],
    ['expired', { state: 'expired' }, '该券已于 2026-12-31 23:59 过期'],
    ['locked', { state: 'locked' }, '该券正在一笔订单中使用，订单完成或取消后才能再次出示'],
  ] as const)('%s: no code, a status line instead', async (_name, overrides, status) => {
    const sent = await renderDetail({ coupon: () => ({ ...C, ...overrides }) });
    expect(document.getElementById('coupon-code')).toBeNull();
    expect(document.getElementById('coupon-code-digits')).toBeNull();
    expect(text('coupon-status')).toBe(status);
    expect(count(sent, `/api/coupons/${C.id}/code-secret`)).toBe(0);
  });
});

describe('errors', () => {
  test("someone else's or a missing coupon: the server message", async () => {
    await renderDetail({ coupon: () => fail(404, 'COUPON_NOT_FOUND', '优惠券不存在') });
    expect(text('coupon-detail-error')).toContain('优惠券不存在');
    expect(document.getElementById('coupon-code')).toBeNull();
  });

  test('no id: told so, nothing asked', async () => {
    const sent = await renderDetail({}, '');
    expect(text('coupon-detail-error')).toContain('优惠券不存在');
    expect(sent.filter((r) => pathOf(r).startsWith('/api/coupons'))).toHaveLength(0);
  });
});

describe('去使用', () => {
  test('an available coupon offers 优惠买单 at each store it applies to, opening the pay page with store and coupon', async () => {
    const other = { ...store(), id: 'b'.repeat(24), name: 'HomeClub 杭州西湖店' };
    const scoped = { ...C, terms: { ...C.terms, storeIds: [other.id] } };
    await renderDetail({ coupon: () => scoped, stores: () => ok({ items: [store(), other] }) });
    expect(text('coupon-use')).toContain('去使用');
    expect(document.getElementById(`coupon-use-${store().id}`)).toBeNull();
    expect(text(`coupon-use-${other.id}`)).toContain('HomeClub 杭州西湖店');
    fireEvent.click(document.getElementById(`coupon-use-pay-${other.id}`)!);
    expect(navigateTo).toHaveBeenCalledWith({ url: `/pages-order/pay/index?storeId=${other.id}&couponId=${C.id}` });
    // the in-store code for the till is still there
    expect(document.getElementById('coupon-code')).not.toBeNull();
  });

  test('a used coupon and a 兑换券 offer no 优惠买单', async () => {
    await renderDetail({ coupon: () => ({ ...C, state: 'used', usedAt: '2026-11-22T09:00:00.000Z' }) });
    expect(document.getElementById('coupon-use')).toBeNull();
    resetStoresCache();
    await signOut();
    document.body.innerHTML = '';
    await renderDetail({ coupon: () => ({ ...C, terms: { ...C.terms, type: 'exchange', exchangeItem: '抱枕一个' } }) });
    expect(document.getElementById('coupon-use')).toBeNull();
    expect(document.getElementById('coupon-code')).not.toBeNull();
  });
});

test('usableStores: the coupon\'s stores (all when it lists none), nearest first when the position is known', () => {
  const a = { ...store(), id: 'a'.repeat(24), name: 'A', location: { lat: 31.2, lng: 121.4 } };
  const b = { ...store(), id: 'b'.repeat(24), name: 'B', location: { lat: 30.25, lng: 120.15 } };
  expect(usableStores([a, b], [], null).map((s) => [s.store.name, s.km])).toEqual([['A', null], ['B', null]]);
  expect(usableStores([a, b], [b.id], null).map((s) => s.store.name)).toEqual(['B']);
  expect(usableStores([a, b], [], { lat: 30.26, lng: 120.16 }).map((s) => s.store.name)).toEqual(['B', 'A']);
});
