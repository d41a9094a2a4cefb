/**
 * Staff 收银: scan (type) the member code → member card → amount or item lines
 * → debounced POST /api/staff/till/quote with the memberToken (best coupon
 * preselected, points switch and slider, stale replies dropped) → 「顾客微信支付」
 * (order waits for the shopper, polled until paid, cancellable) or 「现金/刷卡已收」
 * (confirmation, paid at once) → receipt → 下一位顾客. One clientKey per
 * checkout attempt: a double tap sends one order, a retry after a lost answer
 * sends the same key, a refusal ends the attempt. Server messages on the page.
 */
import { act, fireEvent, render } from '@testing-library/react';
import { couponDiscount, price, PricingError, type CouponView, type QuoteResponse, type StaffOrderView } from '@homeclub/shared';
import StaffTillPage from '@/pages-staff/till/index';
import { login, signOut } from '@/services/session';
import { QUOTE_DEBOUNCE_MS } from '@/services/checkout';
import { TILL_POLL_MS } from '@/services/orders';
import { resetTaroMock, scanCode, showModal, showToast } from './mocks/taro';
import {
  coupon,
  deferred,
  fail,
  member,
  ok,
  ORDER_ID,
  pathOf,
  resolvedMember,
  serve,
  session,
  staffOrderView,
  store,
  type Reply,
  type SentRequest,
} from './support/http';

const STORE = store();
const STAFF = member({ id: '64b7f0c2a1b2c3d4e5f60799', nickname: '张伟', roles: ['member', 'staff'], staffStoreId: STORE.id });
const SHOPPER = resolvedMember();
const CODE = '421234567890123456';

/** 满300减50 */
const C1 = coupon(1);
/** 无门槛 ¥10 */
const C2 = coupon(2, {
  terms: { ...coupon(2).terms, name: '无门槛10元', type: 'no_threshold', amountOffFen: 1000, thresholdFen: 0 },
});
/** 满1000减200 */
const C3 = coupon(3, { terms: { ...coupon(3).terms, name: '满1000减200', amountOffFen: 20000, thresholdFen: 100000 } });
const COUPONS: CouponView[] = [C1, C2, C3];

interface TillLine {
  id: string;
  name?: string;
  amountFen: number;
}
interface QuoteBody {
  storeId: string;
  memberToken: string;
  billFen: number;
  couponId?: string | null;
  points: number | 'max';
  lines?: TillLine[];
}
interface OrderBody {
  storeId: string;
  memberToken: string;
  billFen: number;
  couponId: string | null;
  points: number;
  lines?: TillLine[];
  settlement: 'wechat' | 'other';
  clientKey: string;
}

/** The server's quote (shared pricing) for the scanned member (12,345 points, gold ×1.5). */
function quoteFor(body: QuoteBody): QuoteResponse {
  const chosen = body.couponId ? COUPONS.find((c) => c.id === body.couponId)! : null;
  const r = price({
    billFen: body.billFen,
    coupon: chosen?.terms ?? null,
    points: body.points,
    pointsAvailable: SHOPPER.availablePoints,
    earnMultiplierBp: 15000,
    lines: body.lines?.map((l) => ({ id: l.id, amountFen: l.amountFen })),
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
    usableCoupons: discounts.map((x) => ({ id: x.c.id, name: x.c.terms.name, discountFen: x.d, applicable: x.reason === null, reason: x.reason })),
    lines: r.lines,
  };
}

/** The order the server makes of a till request. */
function orderFor(body: OrderBody, overrides: Partial<StaffOrderView> = {}): StaffOrderView {
  const q = quoteFor(body);
  const paid = body.settlement === 'other';
  return staffOrderView({
    state: paid ? 'paid' : 'pending_payment',
    settlement: body.settlement,
    billFen: body.billFen,
    couponId: q.couponId,
    couponName: q.couponId ? COUPONS.find((c) => c.id === q.couponId)!.terms.name : null,
    couponDiscountFen: q.couponDiscountFen,
    pointsUsed: q.pointsUsed,
    pointsValueFen: q.pointsValueFen,
    cashFen: q.cashFen,
    pointsEarned: q.pointsEarned,
    growthGained: q.growthGained,
    outTradeNo: paid ? null : 'HC202611220001',
    paidAt: paid ? '2026-11-22T10:01:00.000Z' : null,
    lines: q.lines.map((l) => ({ ...l, name: body.lines?.find((x) => x.id === l.id)?.name ?? '', refunded: false })),
    ...overrides,
  });
}

interface Fake {
  createOrder?: (body: OrderBody) => Reply;
  readOrder?: (n: number) => Reply;
  cancelOrder?: () => Reply;
  quote?: (body: QuoteBody) => Reply | Promise<Reply>;
  resolve?: () => Reply;
}

let lastCreated: StaffOrderView | null = null;

async function renderTill(fake: Fake = {}): Promise<SentRequest[]> {
  lastCreated = null;
  let reads = 0;
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1, STAFF));
    if (path === '/api/staff/me') return ok({ member: STAFF, store: STORE });
    if (path === '/api/staff/member-code/resolve') return fake.resolve?.() ?? ok(SHOPPER);
    if (path === '/api/staff/till/quote') return fake.quote?.(req.data as QuoteBody) ?? ok(quoteFor(req.data as QuoteBody));
    if (path === '/api/staff/till/orders' && req.method === 'POST') {
      const reply = fake.createOrder
        ? fake.createOrder(req.data as OrderBody)
        : { status: 201, body: { order: orderFor(req.data as OrderBody) } };
      if (reply.status === 201) lastCreated = (reply.body as { order: StaffOrderView }).order;
      return reply;
    }
    if (path === `/api/staff/orders/${ORDER_ID}/cancel`) return fake.cancelOrder?.() ?? ok({ ...lastCreated!, state: 'cancelled' });
    if (path === `/api/staff/orders/${ORDER_ID}`) return fake.readOrder?.(++reads) ?? ok(lastCreated);
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  render(<StaffTillPage />);
  await settle();
  return sent;
}

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

async function advance(ms: number) {
  await act(async () => {
    jest.advanceTimersByTime(ms);
  });
  await settle();
}

/** Let the debounce fire and the quote(s) come back. */
const quoted = () => advance(QUOTE_DEBOUNCE_MS);

const el = (id: string) => document.getElementById(id);
const text = (id: string) => el(id)?.textContent ?? null;
const button = (id: string) => el(id) as HTMLButtonElement;
const change = (id: string, value: string) => fireEvent.change(el(id)!, { target: { value } });
const type = (value: string) => change('till-amount', value);
const quotes = (sent: SentRequest[]) => sent.filter((r) => pathOf(r) === '/api/staff/till/quote').map((r) => r.data as QuoteBody);
const orderPosts = (sent: SentRequest[]) =>
  sent.filter((r) => r.method === 'POST' && pathOf(r) === '/api/staff/till/orders').map((r) => r.data as OrderBody);
const orderReads = (sent: SentRequest[]) => sent.filter((r) => pathOf(r) === `/api/staff/orders/${ORDER_ID}`).length;

async function scanIn(code = CODE) {
  change('till-scan-input', code);
  fireEvent.click(el('till-scan-submit')!);
  await settle();
}

/** Scanned, ¥500 typed and priced (best coupon: 满300减50 → ¥450). */
async function readyFor500(fake: Fake = {}) {
  const sent = await renderTill(fake);
  await scanIn();
  type('500');
  await quoted();
  return sent;
}

beforeEach(async () => {
  jest.useFakeTimers({ now: Date.UTC(2026, 10, 22, 10, 0, 0) });
  resetTaroMock();
  await signOut();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('member', () => {
  test('the typed member code is resolved; the member card shows name, tier and points', async () => {
    const sent = await renderTill();
    expect(text('till-store')).toContain('HomeClub 上海徐汇店');
    expect(el('till-amount')).toBeNull(); // nothing to bill before a member is scanned
    await scanIn('4212 3456 7890 1234 56');
    const resolve = sent.filter((r) => pathOf(r) === '/api/staff/member-code/resolve');
    expect(resolve.map((r) => r.data)).toEqual([{ code: CODE }]);
    expect(text('till-member-name')).toBe('林小雨');
    expect(text('till-member-tier')).toBe('金卡');
    expect(text('till-member-points')).toBe('12,345');
    expect(el('till-scan-input')).toBeNull();
    expect(el('till-amount')).not.toBeNull();
  });

  test('weapp: the camera reads the code and it is resolved right away', async () => {
    scanCode.mockImplementation(() => Promise.resolve({ result: CODE, scanType: 'CODE_128', errMsg: 'scanCode:ok' }));
    const sent = await renderTill();
    fireEvent.click(el('till-scan')!);
    await settle();
    expect(scanCode).toHaveBeenCalledWith(expect.objectContaining({ scanType: ['barCode', 'qrCode'] }));
    expect(sent.filter((r) => pathOf(r) === '/api/staff/member-code/resolve').map((r) => r.data)).toEqual([{ code: CODE }]);
    expect(text('till-member-name')).toBe('林小雨');
  });

  test('not 18 digits: told so, nothing sent; a server refusal shows its message', async () => {
    let reply = fail(400, 'MEMBER_CODE_EXPIRED', '会员码已过期，请让顾客刷新会员码');
    const sent = await renderTill({ resolve: () => reply });
    await scanIn('12345');
    expect(text('till-scan-error')).toBe('请输入 18 位数字会员码');
    expect(sent.some((r) => pathOf(r) === '/api/staff/member-code/resolve')).toBe(false);
    await scanIn();
    expect(text('till-scan-error')).toBe('会员码已过期，请让顾客刷新会员码');
    expect(el('till-member')).toBeNull();
    expect(showToast).not.toHaveBeenCalled();
    reply = ok(SHOPPER);
    await scanIn();
    expect(text('till-member-name')).toBe('林小雨');
  });
});

describe('quote', () => {
  test('debounced: the quote carries store, memberToken and fen; the best coupon is preselected', async () => {
    const sent = await renderTill();
    await scanIn();
    type('5');
    type('50');
    type('500');
    await advance(QUOTE_DEBOUNCE_MS - 1);
    expect(quotes(sent)).toHaveLength(0);
    await advance(1);
    expect(quotes(sent)).toEqual([
      { storeId: STORE.id, memberToken: SHOPPER.memberToken, billFen: 50000, points: 0 },
      { storeId: STORE.id, memberToken: SHOPPER.memberToken, billFen: 50000, couponId: C1.id, points: 0 },
    ]);
    expect(el(`till-coupon-${C1.id}`)!.className).toContain('pay-coupon--selected');
    expect(el(`till-coupon-${C3.id}`)!.className).toContain('pay-coupon--disabled');
    expect(text('till-bill')).toBe('¥500.00');
    expect(text('till-coupon-discount')).toBe('−¥50.00');
    expect(text('till-cash')).toBe('¥450.00');
    expect(text('till-points-earned')).toBe('付款后顾客获得 675 积分');
    expect(button('till-pay-wechat').textContent).toBe('顾客微信支付 ¥450.00');
    expect(button('till-pay-wechat').disabled).toBe(false);
    expect(button('till-pay-other').disabled).toBe(false);

    fireEvent.click(el(`till-coupon-${C2.id}`)!);
    await quoted();
    expect(quotes(sent).at(-1)).toMatchObject({ couponId: C2.id, points: 0 });
    expect(text('till-cash')).toBe('¥490.00');
    fireEvent.click(el('till-coupon-none')!);
    await quoted();
    expect(quotes(sent).at(-1)).toMatchObject({ couponId: null });
    expect(text('till-cash')).toBe('¥500.00');
  });

  test('points: the switch asks for the maximum, the slider for fewer', async () => {
    const sent = await readyFor500();
    expect(el('till-points-slider')).toBeNull();
    fireEvent.click(el('till-points-switch')!);
    await quoted();
    expect(quotes(sent).at(-1)).toMatchObject({ couponId: C1.id, points: 'max' });
    // 12,345 available, under the 50 % cap of ¥450
    expect(text('till-points-discount')).toBe('−¥123.45');
    expect(text('till-cash')).toBe('¥326.55');
    const slider = el('till-points-slider') as HTMLInputElement;
    expect(slider.max).toBe('12345');

    change('till-points-slider', '5000');
    expect(button('till-pay-wechat').disabled).toBe(true); // waits for the new quote
    await quoted();
    expect(quotes(sent).at(-1)).toMatchObject({ couponId: C1.id, points: 5000 });
    expect(text('till-points-value')).toBe('使用 5,000 积分，抵 ¥50.00');
    expect(text('till-cash')).toBe('¥400.00');

    fireEvent.click(el('till-pay-wechat')!);
    await settle();
    expect(orderPosts(sent)[0]).toMatchObject({ couponId: C1.id, points: 5000, settlement: 'wechat' });
  });

  test('a reply for older inputs is dropped', async () => {
    const slow = deferred<Reply>();
    const sent = await renderTill({
      quote: (body) => (body.billFen === 10000 ? slow.promise : ok(quoteFor(body))),
    });
    await scanIn();
    type('100');
    await quoted(); // asked for ¥100, no answer yet
    type('500');
    await quoted();
    expect(text('till-cash')).toBe('¥450.00');
    slow.resolve(ok(quoteFor({ storeId: STORE.id, memberToken: SHOPPER.memberToken, billFen: 10000, points: 0 })));
    await settle();
    expect(quotes(sent).map((q) => q.billFen)).toEqual([10000, 50000, 50000]);
    expect(text('till-bill')).toBe('¥500.00');
    expect(text('till-cash')).toBe('¥450.00');
  });

  test('item lines: names and amounts, added and removed; the bill is their sum', async () => {
    const sent = await renderTill();
    await scanIn();
    fireEvent.click(el('till-lines-toggle')!);
    expect(el('till-amount')).toBeNull();
    change('till-line-name-L1', '布艺沙发');
    change('till-line-amount-L1', '300');
    fireEvent.click(el('till-line-add')!);
    change('till-line-amount-L2', '200.5');
    await quoted();
    expect(text('till-lines-total')).toBe('合计 ¥500.50');
    expect(quotes(sent).at(-1)).toEqual({
      storeId: STORE.id,
      memberToken: SHOPPER.memberToken,
      billFen: 50050,
      couponId: C1.id,
      points: 0,
      lines: [
        { id: 'L1', name: '布艺沙发', amountFen: 30000 },
        { id: 'L2', name: '', amountFen: 20050 },
      ],
    });
    expect(text('till-cash')).toBe('¥450.50');

    fireEvent.click(el('till-line-remove-L1')!);
    await quoted();
    expect(el('till-line-L1')).toBeNull();
    expect(quotes(sent).at(-1)).toMatchObject({ billFen: 20050, lines: [{ id: 'L2', name: '', amountFen: 20050 }] });

    fireEvent.click(el('till-pay-other')!);
    await settle();
    expect(orderPosts(sent)[0]).toMatchObject({ billFen: 20050, lines: [{ id: 'L2', name: '', amountFen: 20050 }], settlement: 'other' });
  });

  test('an expired member token: the server message and 「重新扫码」', async () => {
    await renderTill({ quote: () => fail(400, 'TILL_MEMBER_TOKEN_INVALID', '会员身份已失效，请重新扫会员码') });
    await scanIn();
    type('500');
    await quoted();
    expect(text('till-quote-error')).toContain('会员身份已失效，请重新扫会员码');
    expect(button('till-pay-wechat').disabled).toBe(true);
    expect(button('till-pay-other').disabled).toBe(true);
    fireEvent.click(el('till-rescan')!);
    await settle();
    expect(el('till-member')).toBeNull();
    expect(el('till-scan-input')).not.toBeNull();
  });
});

describe('顾客微信支付', () => {
  test('creates a wechat order, tells the clerk, polls until paid, then the receipt and 下一位顾客', async () => {
    const sent = await readyFor500({
      readOrder: (n) => ok(n < 2 ? lastCreated : { ...lastCreated!, state: 'paid', paidAt: '2026-11-22T10:01:00.000Z' }),
    });
    fireEvent.click(el('till-pay-wechat')!);
    await settle();
    expect(showModal).not.toHaveBeenCalled();
    expect(orderPosts(sent)).toEqual([
      {
        storeId: STORE.id,
        memberToken: SHOPPER.memberToken,
        billFen: 50000,
        couponId: C1.id,
        points: 0,
        settlement: 'wechat',
        clientKey: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
      },
    ]);
    expect(text('till-waiting-state')).toBe('等待顾客支付');
    expect(text('till-waiting-text')).toBe('已发送到顾客手机，请顾客在小程序「我的订单」中支付');
    expect(text('till-waiting-cash')).toBe('¥450.00');
    expect(el('till-cancel-order')).not.toBeNull();
    expect(orderReads(sent)).toBe(0);

    await advance(TILL_POLL_MS);
    expect(orderReads(sent)).toBe(1);
    expect(text('till-waiting-state')).toBe('等待顾客支付');
    await advance(TILL_POLL_MS);
    expect(orderReads(sent)).toBe(2);
    expect(text('till-done-title')).toBe('收款成功');
    expect(text('till-receipt-store')).toBe('HomeClub 上海徐汇店');
    expect(text('till-receipt-member')).toBe('林小雨 · 138****8000');
    expect(text('till-receipt-bill')).toBe('¥500.00');
    expect(text('till-receipt-coupon')).toBe('−¥50.00');
    expect(text('till-receipt-points')).toBe('¥0.00');
    expect(text('till-receipt-cash')).toBe('¥450.00');
    expect(text('till-receipt-settlement')).toBe('微信支付');
    expect(text('till-receipt-earned')).toBe('675');
    expect(text('till-receipt-time')).toBe('2026-11-22 18:01');
    expect(text('till-receipt-no')).toBe('2026112200001'); // the readable number, not the hex id

    await advance(TILL_POLL_MS * 5);
    expect(orderReads(sent)).toBe(2); // stopped

    fireEvent.click(el('till-next')!);
    await settle();
    expect(el('till-receipt')).toBeNull();
    expect(el('till-member')).toBeNull();
    expect(el('till-scan-input')).not.toBeNull();
  });

  test('the clerk cancels the waiting order; 重新收银 starts a new attempt (new key)', async () => {
    const sent = await readyFor500();
    fireEvent.click(el('till-pay-wechat')!);
    await settle();
    fireEvent.click(el('till-cancel-order')!);
    await settle();
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '取消订单' }));
    expect(sent.filter((r) => pathOf(r) === `/api/staff/orders/${ORDER_ID}/cancel` && r.method === 'POST')).toHaveLength(1);
    expect(text('till-waiting-state')).toBe('订单已取消');
    expect(el('till-cancel-order')).toBeNull();

    const reads = orderReads(sent);
    await advance(TILL_POLL_MS * 3);
    expect(orderReads(sent)).toBe(reads); // no more polling

    fireEvent.click(el('till-restart')!);
    await quoted();
    expect(text('till-member-name')).toBe('林小雨');
    expect((el('till-amount') as HTMLInputElement).value).toBe('500');
    fireEvent.click(el('till-pay-wechat')!);
    await settle();
    const keys = orderPosts(sent).map((b) => b.clientKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
  });

  test('a double tap creates one order', async () => {
    const sent = await readyFor500();
    fireEvent.click(el('till-pay-wechat')!);
    fireEvent.click(el('till-pay-wechat')!);
    fireEvent.click(el('till-pay-other')!);
    await settle();
    expect(orderPosts(sent)).toHaveLength(1);
  });
});

describe('现金/刷卡已收', () => {
  test('asks for confirmation (declining sends nothing), then a paid order and its receipt', async () => {
    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    const sent = await readyFor500();
    fireEvent.click(el('till-pay-other')!);
    await settle();
    expect(showModal).toHaveBeenCalledWith(
      expect.objectContaining({ title: '确认收款', content: expect.stringContaining('¥450.00') }),
    );
    expect(orderPosts(sent)).toHaveLength(0);

    fireEvent.click(el('till-pay-other')!);
    await settle();
    expect(orderPosts(sent)).toEqual([expect.objectContaining({ settlement: 'other', billFen: 50000, couponId: C1.id, points: 0 })]);
    expect(text('till-done-title')).toBe('收款成功');
    expect(text('till-receipt-settlement')).toBe('现金/刷卡');
    expect(text('till-receipt-cash')).toBe('¥450.00');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '收款成功' }));
    await advance(TILL_POLL_MS * 3);
    expect(orderReads(sent)).toBe(0); // paid: nothing to wait for
  });

  test('a double tap shows one confirmation and creates one order', async () => {
    const sent = await readyFor500();
    fireEvent.click(el('till-pay-other')!);
    fireEvent.click(el('till-pay-other')!);
    await settle();
    expect(showModal).toHaveBeenCalledTimes(1);
    expect(orderPosts(sent)).toHaveLength(1);
  });
});

describe('errors and the client key', () => {
  test('a refusal shows the server message on the page and ends the attempt (next tap: new key)', async () => {
    let reply: Reply = fail(409, 'COUPON_NOT_AVAILABLE', '该优惠券当前不可用');
    const sent = await readyFor500({ createOrder: (b) => (reply.status === 409 ? reply : { status: 201, body: { order: orderFor(b) } }) });
    fireEvent.click(el('till-pay-wechat')!);
    await settle();
    expect(text('till-error')).toBe('该优惠券当前不可用');
    expect(showToast).not.toHaveBeenCalled();
    expect(el('till-waiting')).toBeNull();

    reply = { status: 201 };
    fireEvent.click(el('till-pay-wechat')!);
    await settle();
    const keys = orderPosts(sent).map((b) => b.clientKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
    expect(text('till-waiting-state')).toBe('等待顾客支付');
  });

  test('a lost answer keeps the key: the retry (even with the other button) sends the same one', async () => {
    let down = true;
    const sent = await readyFor500({
      createOrder: (b) => {
        if (down) throw new Error('offline');
        return { status: 201, body: { order: orderFor(b) } };
      },
    });
    fireEvent.click(el('till-pay-wechat')!);
    await settle();
    expect(text('till-error')).toBe('网络连接失败，请检查网络后重试（可再次点击重试，不会重复下单）');

    down = false;
    fireEvent.click(el('till-pay-other')!);
    await settle();
    const keys = orderPosts(sent).map((b) => b.clientKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(text('till-done-title')).toBe('收款成功');
    expect(el('till-error')).toBeNull();
  });

  test('the scan expired before the order: the message and 「重新扫码」', async () => {
    await readyFor500({ createOrder: () => fail(400, 'TILL_MEMBER_TOKEN_INVALID', '会员身份已失效，请重新扫会员码') });
    fireEvent.click(el('till-pay-wechat')!);
    await settle();
    expect(text('till-error')).toContain('会员身份已失效，请重新扫会员码');
    fireEvent.click(el('till-error-rescan')!);
    await settle();
    expect(el('till-member')).toBeNull();
    expect(el('till-error')).toBeNull();
    expect(el('till-scan-input')).not.toBeNull();
  });

  test('a 5xx keeps the key too', async () => {
    let reply: Reply = fail(502, 'PAY_UNAVAILABLE', '微信支付暂时不可用，请稍后再试');
    const sent = await readyFor500({ createOrder: (b) => (reply.status === 502 ? reply : { status: 201, body: { order: orderFor(b) } }) });
    fireEvent.click(el('till-pay-wechat')!);
    await settle();
    expect(text('till-error')).toContain('微信支付暂时不可用，请稍后再试');
    reply = { status: 201 };
    fireEvent.click(el('till-pay-wechat')!);
    await settle();
    const keys = orderPosts(sent).map((b) => b.clientKey);
    expect(keys[1]).toBe(keys[0]);
  });
});
