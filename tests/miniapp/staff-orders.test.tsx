/**
 * Staff 门店订单 (list: state chips, tags incl. 部分退款, load more with
 * `before`, stale replies dropped) and 订单详情 (receipt with lines and refunds,
 * cancel an unpaid order, refund 按金额 / 按商品 / 全额 with a reason after a
 * confirmation; one refundKey per attempt, the same on a retry after a lost
 * answer, a new one after an answer; the refund's state after reloading).
 */
import { act, fireEvent, render } from '@testing-library/react';
import type { OrderRefundView, StaffOrderView } from '@homeclub/shared';
import StaffOrdersPage from '@/pages-staff/orders/index';
import StaffOrderPage from '@/pages-staff/order/index';
import StaffHomePage from '@/pages-staff/home/index';
import { login, signOut } from '@/services/session';
import { ORDER_POLL_MS } from '@/services/checkout';
import { navigateTo, resetTaroMock, setRouterParams, showModal, showToast, triggerReachBottom } from './mocks/taro';
import {
  deferred,
  fail,
  member,
  ok,
  ORDER_ID,
  orderRefund,
  pathOf,
  serve,
  session,
  staffOrderView,
  store,
  type Reply,
  type SentRequest,
} from './support/http';

const STORE = store();
const STAFF = member({ id: '64b7f0c2a1b2c3d4e5f60799', nickname: '张伟', roles: ['member', 'staff'], staffStoreId: STORE.id });
const id = (n: number) => (0x6a0000000000000000000000n + BigInt(n)).toString(16);

/** ¥500 at the till: 沙发 ¥300 + 台灯 ¥200, 满300减50 and 3,200 points, ¥418 paid by WeChat. */
const LINES: StaffOrderView['lines'] = [
  { id: 'L1', name: '沙发', amountFen: 30000, couponFen: 3000, pointsFen: 1920, cashFen: 25080, refunded: false },
  { id: 'L2', name: '台灯', amountFen: 20000, couponFen: 2000, pointsFen: 1280, cashFen: 16720, refunded: false },
];
const itemized = (overrides: Partial<StaffOrderView> = {}) => staffOrderView({ lines: LINES, ...overrides });

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

async function signIn(handler: (req: SentRequest) => Reply | Promise<Reply> | null): Promise<SentRequest[]> {
  const sent = serve(async (req) => {
    if (pathOf(req) === '/api/auth/login') return ok(session(1, STAFF));
    return (await handler(req)) ?? fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  return sent;
}

const el = (elId: string) => document.getElementById(elId);
const text = (elId: string) => el(elId)?.textContent ?? null;
const queryOf = (req: SentRequest) => Object.fromEntries(new URL(req.url, 'http://x').searchParams);
const listReads = (sent: SentRequest[]) => sent.filter((r) => pathOf(r).startsWith('/api/staff/orders?'));
const refundPosts = (sent: SentRequest[]) =>
  sent.filter((r) => r.method === 'POST' && pathOf(r) === `/api/staff/orders/${ORDER_ID}/refunds`).map((r) => r.data as Record<string, unknown>);

beforeEach(async () => {
  jest.useFakeTimers({ now: Date.UTC(2026, 10, 22, 12, 0, 0) });
  resetTaroMock();
  await signOut();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('门店订单', () => {
  const ORDERS = [
    itemized({ id: id(1), refunds: [orderRefund(1, { amountFen: 5000 })], refundedFen: 5000 }),
    staffOrderView({ id: id(2), state: 'refunded', refundedFen: 41800, refunds: [orderRefund(2, { amountFen: 41800 })] }),
    staffOrderView({ id: id(3), state: 'pending_payment', paidAt: null, cashFen: 12300 }),
    staffOrderView({ id: id(4), channel: 'miniapp', createdAt: '2026-11-21T02:00:00.000Z' }),
  ];

  test('the staff home links 收银 and 门店订单', async () => {
    await signIn((req) => (pathOf(req) === '/api/staff/me' ? ok({ member: STAFF, store: STORE }) : null));
    render(<StaffHomePage />);
    await settle();
    fireEvent.click(el('staff-till-entry')!);
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/pages-staff/till/index' });
    fireEvent.click(el('staff-orders-entry')!);
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/pages-staff/orders/index' });
  });

  test('rows with channel, member, cash and state tags; a row opens the order', async () => {
    const sent = await signIn((req) => (pathOf(req).startsWith('/api/staff/orders?') ? ok({ items: ORDERS, nextBefore: null }) : null));
    render(<StaffOrdersPage />);
    await settle();
    expect(listReads(sent).map(queryOf)).toEqual([{ limit: '20' }]);
    const row = el(`staff-order-item-${id(1)}`)!;
    expect(row.textContent).toContain('门店收银 · 林小雨');
    expect(row.textContent).toContain('¥418.00');
    expect(row.textContent).toContain('2026-11-22 18:00');
    expect(text(`staff-order-state-${id(1)}`)).toBe('部分退款');
    expect(text(`staff-order-state-${id(2)}`)).toBe('已退款');
    expect(text(`staff-order-state-${id(3)}`)).toBe('待支付');
    expect(text(`staff-order-state-${id(4)}`)).toBe('已支付');
    expect(el(`staff-order-item-${id(4)}`)!.textContent).toContain('优惠买单');
    expect(text('staff-orders-end')).toBe('没有更多了');
    fireEvent.click(row);
    expect(navigateTo).toHaveBeenCalledWith({ url: `/pages-staff/order/index?id=${id(1)}` });
  });

  test('more pages with `before` (button and reaching the bottom); chips filter by state', async () => {
    const sent = await signIn((req) => {
      if (!pathOf(req).startsWith('/api/staff/orders?')) return null;
      const q = queryOf(req);
      if (q.state === 'paid') return ok({ items: [ORDERS[0]], nextBefore: null });
      if (!q.before) return ok({ items: ORDERS.slice(0, 2), nextBefore: '2026-11-22T09:00:00.000Z' });
      if (q.before === '2026-11-22T09:00:00.000Z') return ok({ items: [ORDERS[2]], nextBefore: '2026-11-21T09:00:00.000Z' });
      return ok({ items: [ORDERS[3]], nextBefore: null });
    });
    render(<StaffOrdersPage />);
    await settle();
    expect(el(`staff-order-item-${id(3)}`)).toBeNull();
    fireEvent.click(el('staff-orders-more')!);
    await settle();
    expect(queryOf(listReads(sent)[1])).toEqual({ before: '2026-11-22T09:00:00.000Z', limit: '20' });
    expect(el(`staff-order-item-${id(3)}`)).not.toBeNull();
    await act(async () => {
      triggerReachBottom();
    });
    await settle();
    expect(queryOf(listReads(sent)[2])).toEqual({ before: '2026-11-21T09:00:00.000Z', limit: '20' });
    expect(document.querySelectorAll('[id^="staff-order-item-"]')).toHaveLength(4);
    expect(el('staff-orders-more')).toBeNull();

    fireEvent.click(el('staff-orders-filter-paid')!);
    await settle();
    expect(queryOf(listReads(sent)[3])).toEqual({ state: 'paid', limit: '20' });
    expect(el('staff-orders-filter-paid')!.className).toContain('chip--active');
    expect(document.querySelectorAll('[id^="staff-order-item-"]')).toHaveLength(1);
  });

  test('a reply for an older filter is dropped', async () => {
    const slow = deferred<Reply>();
    await signIn((req) => {
      if (!pathOf(req).startsWith('/api/staff/orders?')) return null;
      return queryOf(req).state === 'refunded' ? ok({ items: [ORDERS[1]], nextBefore: null }) : slow.promise;
    });
    render(<StaffOrdersPage />);
    await settle();
    fireEvent.click(el('staff-orders-filter-refunded')!);
    await settle();
    slow.resolve(ok({ items: ORDERS, nextBefore: null }));
    await settle();
    expect(document.querySelectorAll('[id^="staff-order-item-"]')).toHaveLength(1);
    expect(el(`staff-order-item-${id(2)}`)).not.toBeNull();
  });

  test('the search box: a number or phone is sent as q (with the chip); a name is refused at the box; clearing it lists all again', async () => {
    const sent = await signIn((req) => {
      if (!pathOf(req).startsWith('/api/staff/orders?')) return null;
      return queryOf(req).q ? ok({ items: [], nextBefore: null }) : ok({ items: ORDERS, nextBefore: null });
    });
    render(<StaffOrdersPage />);
    await settle();
    const input = el('staff-orders-search-input') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '林小雨' } });
    fireEvent.click(el('staff-orders-search')!);
    await settle();
    expect(text('staff-orders-search-error')).toContain('订单号');
    expect(listReads(sent)).toHaveLength(1);
    fireEvent.change(input, { target: { value: '13800138000' } });
    fireEvent.click(el('staff-orders-search')!);
    await settle();
    expect(el('staff-orders-search-error')).toBeNull();
    expect(queryOf(listReads(sent)[1])).toEqual({ q: '13800138000', limit: '20' });
    expect(text('staff-orders-empty')).toContain('没有找到订单');
    fireEvent.click(el('staff-orders-filter-paid')!);
    await settle();
    expect(queryOf(listReads(sent)[2])).toEqual({ state: 'paid', q: '13800138000', limit: '20' });
    fireEvent.change(input, { target: { value: '' } });
    await settle();
    expect(queryOf(listReads(sent)[3])).toEqual({ state: 'paid', limit: '20' });
    expect(document.querySelectorAll('[id^="staff-order-item-"]')).toHaveLength(4);
  });

  test('empty and error states', async () => {
    let reply: Reply = fail(403, 'STORE_SCOPE', '只能操作本门店的数据');
    await signIn((req) => (pathOf(req).startsWith('/api/staff/orders?') ? reply : null));
    render(<StaffOrdersPage />);
    await settle();
    expect(el('staff-orders-error')?.textContent).toContain('只能操作本门店的数据');
    reply = ok({ items: [], nextBefore: null });
    fireEvent.click(el('staff-orders-filter-pending_payment')!);
    await settle();
    expect(text('staff-orders-empty')).toContain('暂无待支付订单');
  });
});

describe('订单详情', () => {
  interface Server {
    order: StaffOrderView;
    refund?: (body: Record<string, unknown>) => Reply;
  }

  /** A fake store server: refunds change the order like the server does (WeChat: PROCESSING first). */
  async function open(server: Server): Promise<SentRequest[]> {
    const sent = await signIn((req) => {
      const path = pathOf(req);
      if (path === `/api/staff/orders/${ORDER_ID}` && req.method === 'GET') return ok(server.order);
      if (path === `/api/staff/orders/${ORDER_ID}/cancel`) {
        server.order = { ...server.order, state: 'cancelled' };
        return ok(server.order);
      }
      if (path === `/api/staff/orders/${ORDER_ID}/refunds`) {
        const body = req.data as { amountFen?: number; lineIds?: string[]; full?: true; reason: string; refundKey: string };
        const custom = server.refund?.(body);
        if (custom) return custom;
        const existing = server.order.refunds.find((r) => r.refundNo === `OR-${body.refundKey}`);
        if (existing) return { status: 201, body: { outRefundNo: existing.refundNo, amountFen: existing.amountFen, state: existing.state } };
        const lines = body.lineIds ?? [];
        const left = server.order.cashFen - server.order.refunds.reduce((s, r) => s + r.amountFen, 0);
        const amountFen = body.amountFen ?? (body.full ? left : server.order.lines.filter((l) => lines.includes(l.id)).reduce((s, l) => s + l.cashFen, 0));
        const refund: OrderRefundView = orderRefund(0, {
          refundNo: `OR-${body.refundKey}`,
          amountFen,
          lineIds: lines,
          state: 'PROCESSING',
          reason: body.reason,
          createdAt: '2026-11-22T12:00:00.000Z',
        });
        server.order = {
          ...server.order,
          lines: server.order.lines.map((l) => (lines.includes(l.id) ? { ...l, refunded: true } : l)),
          refunds: [...server.order.refunds, refund],
        };
        return { status: 201, body: { outRefundNo: refund.refundNo, amountFen, state: 'PROCESSING' } };
      }
      return null;
    });
    setRouterParams({ id: ORDER_ID });
    render(<StaffOrderPage />);
    await settle();
    return sent;
  }

  /** WeChat finishes every refund in flight. */
  const finishRefunds = (server: Server) => {
    const refunds = server.order.refunds.map((r) => (r.state === 'PROCESSING' ? { ...r, state: 'SUCCESS' as const } : r));
    server.order = { ...server.order, refunds, refundedFen: refunds.filter((r) => r.state === 'SUCCESS').reduce((s, r) => s + r.amountFen, 0) };
  };

  const refundAmount = (value: string) => fireEvent.change(el('staff-order-refund-amount')!, { target: { value } });
  const submit = () => fireEvent.click(el('staff-order-refund-submit')!);

  test('the receipt with lines and refunds in every state', async () => {
    const R1 = orderRefund(1, { amountFen: 5000, reason: '价格调整' });
    const R2 = orderRefund(2, { amountFen: 16720, lineIds: ['L2'], state: 'PROCESSING' });
    const R3 = orderRefund(3, { amountFen: 3000, state: 'CLOSED' });
    await open({
      order: itemized({
        lines: [LINES[0], { ...LINES[1], refunded: true }],
        refunds: [R1, R2, R3],
        refundedFen: 5000,
      }),
    });
    expect(text('staff-order-state')).toBe('退款中');
    expect(text('staff-order-store')).toBe('HomeClub 上海徐汇店');
    expect(text('staff-order-member')).toBe('林小雨 · 138****8000');
    expect(text('staff-order-bill')).toBe('¥500.00');
    expect(text('staff-order-coupon')).toBe('−¥50.00');
    expect(text('staff-order-points')).toBe('−¥32.00');
    expect(text('staff-order-cash')).toBe('¥418.00');
    expect(text('staff-order-channel')).toBe('门店收银');
    expect(text('staff-order-no')).toBe('2026112200001'); // the readable number, not the hex id
    expect(el('staff-order-line-L1')!.textContent).toContain('沙发');
    expect(el('staff-order-line-L1')!.textContent).not.toContain('已退款');
    expect(el('staff-order-line-L2')!.textContent).toContain('已退款');
    expect(text(`staff-order-refund-state-${R1.refundNo}`)).toBe('已退款');
    expect(text(`staff-order-refund-state-${R2.refundNo}`)).toBe('退款中');
    expect(text(`staff-order-refund-state-${R3.refundNo}`)).toBe('退款失败');
    expect(el(`staff-order-refund-${R2.refundNo}`)!.textContent).toContain('商品：台灯');
    expect(text('staff-order-refunded')).toBe('已退 ¥50.00');
    // ¥418 − ¥50 − ¥167.20 (the closed ¥30 does not count)
    expect(text('staff-order-refundable')).toBe('最多可退 ¥200.80');
    // 按商品 offers only the line not yet refunded
    fireEvent.click(el('staff-order-refund-mode-lines')!);
    expect(el('staff-order-refund-line-L1')).not.toBeNull();
    expect(el('staff-order-refund-line-L2')).toBeNull();
  });

  test('按金额: at most what is left; confirmation; then 退款中 → 已退款 after reloading', async () => {
    const server: Server = { order: itemized() };
    const sent = await open(server);
    expect(text('staff-order-refundable')).toBe('最多可退 ¥418.00');
    refundAmount('500');
    submit();
    await settle();
    expect(text('staff-order-refund-error')).toBe('退款金额不能超过可退金额 ¥418.00');
    expect(showModal).not.toHaveBeenCalled();
    expect(refundPosts(sent)).toHaveLength(0);

    refundAmount('100.5');
    fireEvent.click(el('staff-order-refund-reason-quality')!);
    submit();
    await settle();
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '确认退款', content: expect.stringContaining('退款 ¥100.50，原路退回微信') }));
    expect(refundPosts(sent)).toEqual([{ amountFen: 10050, reason: '商品质量', refundKey: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) }]);
    const refundNo = `OR-${String(refundPosts(sent)[0].refundKey)}`;
    expect(text(`staff-order-refund-state-${refundNo}`)).toBe('退款中');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '退款处理中' }));
    expect((el('staff-order-refund-amount') as HTMLInputElement).value).toBe('');
    expect(text('staff-order-refundable')).toBe('最多可退 ¥317.50');

    finishRefunds(server);
    await advance(ORDER_POLL_MS);
    expect(text(`staff-order-refund-state-${refundNo}`)).toBe('已退款');
    expect(text('staff-order-state')).toBe('部分退款');
    expect(text('staff-order-refunded')).toBe('已退 ¥100.50');
  });

  test('按商品 sends the ticked lines; 全额 sends full with the typed reason', async () => {
    const server: Server = { order: itemized() };
    const sent = await open(server);
    fireEvent.click(el('staff-order-refund-mode-lines')!);
    submit();
    await settle();
    expect(text('staff-order-refund-error')).toBe('请选择要退款的商品');
    fireEvent.click(el('staff-order-refund-line-L1')!);
    expect(el('staff-order-refund-line-L1')!.className).toContain('pay-coupon--selected');
    submit();
    await settle();
    expect(showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: expect.stringContaining('退 1 件商品（沙发），退款 ¥250.80') }));
    expect(refundPosts(sent)[0]).toEqual({ lineIds: ['L1'], reason: '顾客退货', refundKey: expect.any(String) });
    expect(el('staff-order-line-L1')!.textContent).toContain('已退款');

    fireEvent.click(el('staff-order-refund-mode-full')!);
    expect(text('staff-order-refund-full')).toBe('退还剩余全部 ¥167.20');
    fireEvent.click(el('staff-order-refund-reason-other')!);
    fireEvent.change(el('staff-order-refund-reason-text')!, { target: { value: '顾客不想要了' } });
    submit();
    await settle();
    expect(refundPosts(sent)[1]).toEqual({ full: true, reason: '顾客不想要了', refundKey: expect.any(String) });
    expect(refundPosts(sent)[1].refundKey).not.toBe(refundPosts(sent)[0].refundKey);
  });

  test('a lost answer keeps the refundKey for the retry; a refusal ends the attempt', async () => {
    let mode: 'down' | 'refuse' | 'up' = 'down';
    const server: Server = {
      order: itemized(),
      refund: () => {
        if (mode === 'down') throw new Error('offline');
        if (mode === 'refuse') return fail(400, 'PAY_REFUND_EXCEEDS', '退款金额超过可退金额');
        return undefined as unknown as Reply;
      },
    };
    const sent = await open(server);
    refundAmount('10');
    submit();
    await settle();
    expect(text('staff-order-refund-error')).toBe('网络连接失败，请检查网络后重试（可再次点击「确认退款」重试，不会重复退款）');

    mode = 'up';
    submit();
    await settle();
    const keys = () => refundPosts(sent).map((b) => b.refundKey);
    expect(keys()).toHaveLength(2);
    expect(keys()[1]).toBe(keys()[0]);
    expect(el('staff-order-refund-error')).toBeNull();

    mode = 'refuse';
    refundAmount('10');
    submit();
    await settle();
    expect(keys()[2]).not.toBe(keys()[0]);
    expect(text('staff-order-refund-error')).toBe('退款金额超过可退金额');
    mode = 'up';
    submit();
    await settle();
    expect(keys()).toHaveLength(4);
    expect(keys()[3]).not.toBe(keys()[2]);
  });

  test('a double tap sends one refund; declining the confirmation sends none', async () => {
    const sent = await open({ order: itemized() });
    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    refundAmount('10');
    submit();
    await settle();
    expect(refundPosts(sent)).toHaveLength(0);
    submit();
    submit();
    await settle();
    expect(refundPosts(sent)).toHaveLength(1);
  });

  test('an order paid fully by coupon and points: no 按金额, lines and 全额 only', async () => {
    await open({ order: itemized({ settlement: 'none', cashFen: 0 }) });
    expect(el('staff-order-refund-mode-amount')).toBeNull();
    expect(el('staff-order-refund-mode-lines')).not.toBeNull();
    expect(el('staff-order-refund-mode-full')).not.toBeNull();
  });

  test('an unpaid order: 取消订单 (confirmed), no refund form', async () => {
    const sent = await open({ order: staffOrderView({ state: 'pending_payment', paidAt: null }) });
    expect(text('staff-order-state')).toBe('待支付');
    expect(el('staff-order-refund')).toBeNull();
    fireEvent.click(el('staff-order-cancel')!);
    await settle();
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '取消订单' }));
    expect(sent.filter((r) => r.method === 'POST' && pathOf(r) === `/api/staff/orders/${ORDER_ID}/cancel`)).toHaveLength(1);
    expect(text('staff-order-state')).toBe('已取消');
    expect(el('staff-order-cancel')).toBeNull();
  });

  test('a fully refunded order offers no refund', async () => {
    await open({ order: itemized({ state: 'refunded', refunds: [orderRefund(1, { amountFen: 41800 })], refundedFen: 41800 }) });
    expect(text('staff-order-state')).toBe('已退款');
    expect(el('staff-order-refund')).toBeNull();
  });
});
