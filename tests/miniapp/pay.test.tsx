/**
 * 优惠买单 page: amount (yuan → fen), live debounced quote and breakdown, best
 * coupon preselected / 不使用优惠券 / inapplicable greyed, points 'max', and
 * paying: clientKey per attempt (same key on a retry after a network error or
 * a cancelled payment sheet, a new one after success), fully covered orders
 * skip wx.requestPayment, a cancel stays on the page.
 */
import { act, fireEvent, render } from '@testing-library/react';
import { couponDiscount, price, PricingError, type CouponView, type OrderView, type QuoteResponse } from '@homeclub/shared';
import PayPage from '@/pages-order/pay/index';
import { login, signOut } from '@/services/session';
import { resetStoresCache } from '@/services/coupons';
import { QUOTE_DEBOUNCE_MS } from '@/services/checkout';
import { requestPayment } from '@/platform/request-payment';
import { redirectTo, resetTaroMock, setRouterParams, showToast } from './mocks/taro';
import { coupon, fail, ok, pathOf, serve, session, store, type Reply, type SentRequest } from './support/http';

jest.mock('@/platform/request-payment', () => ({
  ...jest.requireActual('@/platform/request-payment'),
  requestPayment: jest.fn(),
}));
const pay = requestPayment as jest.MockedFunction<typeof requestPayment>;

const STORE = store();
/** 满300减50 */
const C1 = coupon(1);
/** 无门槛 ¥10 */
const C2 = coupon(2, {
  terms: { ...coupon(2).terms, name: '无门槛10元', type: 'no_threshold', amountOffFen: 1000, thresholdFen: 0 },
});
/** 满1000减200 */
const C3 = coupon(3, { terms: { ...coupon(3).terms, name: '满1000减200', amountOffFen: 20000, thresholdFen: 100000 } });
const COUPONS: CouponView[] = [C1, C2, C3];
const POINTS_AVAILABLE = 3200;

interface QuoteBody {
  storeId: string;
  billFen: number;
  couponId?: string | null;
  points: number | 'max';
}
interface OrderBody {
  storeId: string;
  billFen: number;
  couponId: string | null;
  points: number;
  clientKey: string;
}

/** The server's quote, computed like the server does (shared pricing), for these fixture coupons. */
function quoteFor(body: QuoteBody): QuoteResponse {
  const chosen = body.couponId ? COUPONS.find((c) => c.id === body.couponId)! : null;
  const r = price({
    billFen: body.billFen,
    coupon: chosen?.terms ?? null,
    points: body.points,
    pointsAvailable: POINTS_AVAILABLE,
    earnMultiplierBp: 10000,
  });
  const discounts = COUPONS.map((c) => {
    try {
      return { c, d: couponDiscount(body.billFen, c.terms), reason: null };
    } catch (e) {
      return { c, d: 0, reason: (e as PricingError).code };
    }
  });
  const best = discounts.filter((x) => x.reason === null).sort((a, b) => b.d - a.d)[0];
  return {
    billFen: r.billFen,
    couponId: chosen?.id ?? null,
    couponDiscountFen: r.couponDiscountFen,
    pointsUsed: r.pointsUsed,
    pointsValueFen: r.pointsValueFen,
    maxPoints: r.maxPoints,
    cashFen: r.cashFen,
    pointsEarned: r.pointsEarned,
    growthGained: r.growthGained,
    paidInFull: r.paidInFull,
    bestCouponId: best && best.d > 0 ? best.c.id : null,
    pointsPerYuan: 100,
    usableCoupons: discounts.map((x) => ({
      id: x.c.id,
      name: x.c.terms.name,
      discountFen: x.d,
      applicable: x.reason === null,
      reason: x.reason,
    })),
    lines: r.lines,
  };
}

function order(body: OrderBody, overrides: Partial<OrderView> = {}): OrderView {
  const q = quoteFor({ ...body, points: body.points });
  return {
    id: '6a0000000000000000000001',
    number: '2026112200001',
    storeId: body.storeId,
    state: 'pending_payment',
    billFen: body.billFen,
    couponId: body.couponId,
    couponName: q.couponId ? COUPONS.find((c) => c.id === q.couponId)!.terms.name : null,
    couponDiscountFen: q.couponDiscountFen,
    pointsUsed: q.pointsUsed,
    pointsValueFen: q.pointsValueFen,
    cashFen: q.cashFen,
    pointsEarned: q.pointsEarned,
    growthGained: q.growthGained,
    outTradeNo: 'HC202611220001',
    expireAt: '2026-11-22T10:15:00.000Z',
    createdAt: '2026-11-22T10:00:00.000Z',
    paidAt: null,
    storeName: '徐汇旗舰店',
    channel: 'miniapp',
    settlement: 'wechat',
    lines: [],
    refundedFen: 0,
    refunds: [],
    posTxnId: null,
    effectsApplied: true,
    ...overrides,
  };
}

const PAY_PARAMS = {
  timeStamp: '1763794800',
  nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
  package: 'prepay_id=wx22101500123456789abcdef0123456789',
  signType: 'RSA' as const,
  paySign: 'c2lnbmF0dXJlLWJhc2U2NA==',
};

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

/** Let the debounce fire and the quote(s) come back. */
async function quoted() {
  await act(async () => {
    jest.advanceTimersByTime(QUOTE_DEBOUNCE_MS);
  });
  await settle();
}

type OrderHandler = (body: OrderBody) => Reply;

async function renderPay(
  createOrder: OrderHandler = (b) => ({ status: 201, body: { order: order(b), requestPayment: PAY_PARAMS } }),
  params: Record<string, string> = { storeId: STORE.id },
) {
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1));
    if (path === '/api/stores') return ok({ items: [STORE] });
    if (path === '/api/checkout/quote') return ok(quoteFor(req.data as QuoteBody));
    if (path === '/api/orders' && req.method === 'POST') return createOrder(req.data as OrderBody);
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  setRouterParams(params);
  render(<PayPage />);
  await settle();
  return sent;
}

const el = (id: string) => document.getElementById(id);
const text = (id: string) => el(id)?.textContent ?? null;
const input = () => el('pay-amount-input') as HTMLInputElement;
const submit = () => el('pay-submit') as HTMLButtonElement;
const type = (value: string) => fireEvent.change(input(), { target: { value } });
const quotes = (sent: SentRequest[]) => sent.filter((r) => pathOf(r) === '/api/checkout/quote').map((r) => r.data as QuoteBody);
const orderPosts = (sent: SentRequest[]) =>
  sent.filter((r) => r.method === 'POST' && pathOf(r) === '/api/orders').map((r) => r.data as OrderBody);
const toastTitles = () => showToast.mock.calls.map(([o]) => o.title);

beforeEach(async () => {
  jest.useFakeTimers({ now: Date.UTC(2026, 10, 22, 10, 0, 0) });
  resetTaroMock();
  resetStoresCache();
  pay.mockReset();
  await signOut();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('amount', () => {
  test('store name, yuan text → fen in the quote, debounced to one quote after typing stops', async () => {
    const sent = await renderPay();
    expect(text('pay-store-name')).toBe('HomeClub 上海徐汇店');
    expect(submit().disabled).toBe(true);
    type('5');
    type('50');
    type('500.5');
    await act(async () => {
      jest.advanceTimersByTime(QUOTE_DEBOUNCE_MS - 1);
    });
    await settle();
    expect(quotes(sent)).toHaveLength(0);
    await quoted();
    expect(quotes(sent).map((q) => q.billFen)).toEqual([50050, 50050]);
    expect(quotes(sent)[0]).toEqual({ storeId: STORE.id, billFen: 50050, points: 0 });
  });

  test('more than two decimals are cut off; 0 is refused without asking the server', async () => {
    const sent = await renderPay();
    type('12.345');
    expect(input().value).toBe('12.34');
    await quoted();
    expect(quotes(sent)[0].billFen).toBe(1234);

    type('0');
    await quoted();
    expect(text('pay-amount-error')).toBe('金额须大于 0');
    expect(el('pay-breakdown')).toBeNull();
    expect(submit().disabled).toBe(true);
    expect(quotes(sent)).toHaveLength(2); // only the ones for ¥12.34
  });
});

describe('breakdown and coupons', () => {
  test('opened from a coupon\'s 去使用 (&couponId=): that coupon is used, not the best one', async () => {
    const sent = await renderPay(undefined, { storeId: STORE.id, couponId: C2.id });
    type('500');
    await quoted();
    expect(quotes(sent).at(-1)).toEqual({ storeId: STORE.id, billFen: 50000, couponId: C2.id, points: 0 });
    expect(el(`pay-coupon-${C2.id}`)!.className).toContain('pay-coupon--selected');
    expect(text('pay-cash')).toBe('¥490.00');
    expect(el('pay-coupon-preferred-missed')).toBeNull();
  });

  test('a preselected coupon that does not apply to the amount says so and takes the best; it comes back when it applies', async () => {
    const sent = await renderPay(undefined, { storeId: STORE.id, couponId: C3.id });
    type('500');
    await quoted();
    expect(quotes(sent).at(-1)).toEqual({ storeId: STORE.id, billFen: 50000, couponId: C1.id, points: 0 });
    expect(text('pay-coupon-preferred-missed')).toBe('所选优惠券不适用于当前金额，已为您选择其他优惠');
    type('1000');
    await quoted();
    expect(quotes(sent).at(-1)).toEqual({ storeId: STORE.id, billFen: 100000, couponId: C3.id, points: 0 });
    expect(el(`pay-coupon-${C3.id}`)!.className).toContain('pay-coupon--selected');
    expect(el('pay-coupon-preferred-missed')).toBeNull();
  });

  test('the best coupon is preselected and priced; the breakdown shows the quote', async () => {
    const sent = await renderPay();
    type('500');
    await quoted();
    // asked which coupon is best, then priced the bill with it
    expect(quotes(sent)).toEqual([
      { storeId: STORE.id, billFen: 50000, points: 0 },
      { storeId: STORE.id, billFen: 50000, couponId: C1.id, points: 0 },
    ]);
    expect(el(`pay-coupon-${C1.id}`)!.className).toContain('pay-coupon--selected');
    expect(el(`pay-coupon-${C2.id}`)!.className).not.toContain('pay-coupon--selected');
    expect(el('pay-coupon-none')!.className).not.toContain('pay-coupon--selected');
    expect(text('pay-bill')).toBe('¥500.00');
    expect(text('pay-coupon-discount')).toBe('−¥50.00');
    expect(text('pay-points-discount')).toBe('¥0.00');
    expect(text('pay-cash')).toBe('¥450.00');
    expect(submit().textContent).toBe('确认支付 ¥450.00');
    expect(submit().disabled).toBe(false);
  });

  test('an inapplicable coupon is greyed with its reason and cannot be picked', async () => {
    const sent = await renderPay();
    type('500');
    await quoted();
    const c3 = el(`pay-coupon-${C3.id}`)!;
    expect(c3.className).toContain('pay-coupon--disabled');
    expect(c3.textContent).toContain('未达到使用门槛');
    const before = quotes(sent).length;
    fireEvent.click(c3);
    await quoted();
    expect(quotes(sent)).toHaveLength(before);
    expect(el(`pay-coupon-${C1.id}`)!.className).toContain('pay-coupon--selected');
  });

  test('picking another coupon or 不使用优惠券 re-quotes with that choice', async () => {
    const sent = await renderPay();
    type('500');
    await quoted();
    fireEvent.click(el(`pay-coupon-${C2.id}`)!);
    await quoted();
    expect(quotes(sent).at(-1)).toEqual({ storeId: STORE.id, billFen: 50000, couponId: C2.id, points: 0 });
    expect(text('pay-cash')).toBe('¥490.00');
    expect(el(`pay-coupon-${C2.id}`)!.className).toContain('pay-coupon--selected');

    fireEvent.click(el('pay-coupon-none')!);
    await quoted();
    expect(quotes(sent).at(-1)).toEqual({ storeId: STORE.id, billFen: 50000, couponId: null, points: 0 });
    expect(text('pay-coupon-discount')).toBe('¥0.00');
    expect(text('pay-cash')).toBe('¥500.00');
    expect(el('pay-coupon-none')!.className).toContain('pay-coupon--selected');
  });

  test('the points switch uses the maximum and shows what it is worth', async () => {
    const sent = await renderPay();
    type('500');
    await quoted();
    expect(text('pay-points-hint')).toBe('可用 3,200 积分，抵 ¥32.00');
    fireEvent.click(el('pay-points-switch')!);
    await quoted();
    expect(quotes(sent).at(-1)).toEqual({ storeId: STORE.id, billFen: 50000, couponId: C1.id, points: 'max' });
    expect(text('pay-points-discount')).toBe('−¥32.00');
    expect(text('pay-cash')).toBe('¥418.00');
    expect(submit().textContent).toBe('确认支付 ¥418.00');
  });

  test('the pay button waits for the quote of the current inputs', async () => {
    await renderPay();
    type('500');
    await quoted();
    expect(submit().disabled).toBe(false);
    fireEvent.click(el('pay-points-switch')!);
    expect(submit().disabled).toBe(true);
    await quoted();
    expect(submit().disabled).toBe(false);
  });
});

describe('paying', () => {
  test('createOrder carries the quote (coupon, pointsUsed), then wx.requestPayment; ok → the result page', async () => {
    pay.mockResolvedValue('ok');
    const sent = await renderPay();
    type('500');
    fireEvent.click(el('pay-points-switch')!);
    await quoted();
    fireEvent.click(submit());
    await settle();
    const [body] = orderPosts(sent);
    expect(body).toEqual({
      storeId: STORE.id,
      billFen: 50000,
      couponId: C1.id,
      points: 3200,
      clientKey: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
    });
    expect(pay).toHaveBeenCalledWith(PAY_PARAMS);
    expect(redirectTo).toHaveBeenCalledWith({ url: '/pages-order/order/index?id=6a0000000000000000000001&paying=1' });
  });

  test('clientKey: reused when retried after a network error, new after a success', async () => {
    pay.mockResolvedValue('ok');
    let down = true;
    const sent = await renderPay((b) => {
      if (down) throw new Error('offline');
      return { status: 201, body: { order: order(b), requestPayment: PAY_PARAMS } };
    });
    type('500');
    await quoted();
    fireEvent.click(submit());
    await settle();
    expect(toastTitles()).toEqual(['网络连接失败，请检查网络后重试']);
    expect(redirectTo).not.toHaveBeenCalled();
    expect(pay).not.toHaveBeenCalled();

    down = false;
    fireEvent.click(submit());
    await settle();
    const keys = () => orderPosts(sent).map((b) => b.clientKey);
    expect(keys()).toHaveLength(2);
    expect(keys()[1]).toBe(keys()[0]);
    expect(redirectTo).toHaveBeenCalledTimes(1);

    fireEvent.click(submit());
    await settle();
    expect(keys()).toHaveLength(3);
    expect(keys()[2]).not.toBe(keys()[0]);
  });

  test('a refusal ends the attempt: the next tap has a new key', async () => {
    let reply: Reply = fail(409, 'COUPON_NOT_AVAILABLE', '优惠券不可用');
    const sent = await renderPay((b) =>
      reply.status === 409 ? reply : { status: 201, body: { order: order(b), requestPayment: null } },
    );
    type('500');
    await quoted();
    fireEvent.click(submit());
    await settle();
    expect(toastTitles()).toEqual(['优惠券不可用']);
    reply = { status: 201 };
    fireEvent.click(submit());
    await settle();
    const keys = orderPosts(sent).map((b) => b.clientKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
  });

  test('fully covered by the coupon: no wx.requestPayment, straight to the result', async () => {
    const sent = await renderPay((b) => ({ status: 201, body: { order: order(b, { cashFen: 0 }), requestPayment: null } }));
    type('10');
    await quoted();
    expect(el(`pay-coupon-${C2.id}`)!.className).toContain('pay-coupon--selected');
    expect(text('pay-cash')).toBe('¥0.00');
    expect(submit().textContent).toBe('确认支付 ¥0.00');
    fireEvent.click(submit());
    await settle();
    expect(orderPosts(sent)[0]).toMatchObject({ billFen: 1000, couponId: C2.id, points: 0 });
    expect(pay).not.toHaveBeenCalled();
    expect(redirectTo).toHaveBeenCalledWith({ url: '/pages-order/order/index?id=6a0000000000000000000001&paying=1' });
  });

  test('cancel in the payment sheet: toast, stay; paying again resumes the same order (same key)', async () => {
    pay.mockResolvedValueOnce('cancel').mockResolvedValueOnce('ok');
    const sent = await renderPay();
    type('500');
    await quoted();
    fireEvent.click(submit());
    await settle();
    expect(pay).toHaveBeenCalledTimes(1);
    expect(toastTitles()).toEqual(['已取消支付']);
    expect(redirectTo).not.toHaveBeenCalled();
    expect(submit().disabled).toBe(false);
    expect(text('pay-cash')).toBe('¥450.00');

    fireEvent.click(submit());
    await settle();
    const keys = orderPosts(sent).map((b) => b.clientKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(redirectTo).toHaveBeenCalledTimes(1);
  });

  test('a double tap sends one order', async () => {
    pay.mockResolvedValue('ok');
    const sent = await renderPay();
    type('500');
    await quoted();
    fireEvent.click(submit());
    fireEvent.click(submit());
    await settle();
    expect(orderPosts(sent)).toHaveLength(1);
  });
});
