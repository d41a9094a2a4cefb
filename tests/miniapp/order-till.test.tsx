/**
 * Shopper side of till orders and refunds: 订单详情 of an unpaid order (待支付,
 * 「去支付」 → POST /api/orders/:id/pay → wx.requestPayment → confirmed by the
 * server; 「取消订单」), of a refunded one (lines, refunds and their state, the
 * refunded total); 我的订单 tags (门店收银, 部分退款, 已退款); and the
 * 「您有一笔门店收银待支付」 notice on 我的 and 首页 (oldest payable order only).
 */
import { act, fireEvent, render } from '@testing-library/react';
import type { OrderView } from '@homeclub/shared';
import OrderPage from '@/pages-order/order/index';
import OrdersPage from '@/pages-order/orders/index';
import MinePage from '@/pages/mine/index';
import IndexPage from '@/pages/index/index';
import { login, signOut } from '@/services/session';
import { ORDER_POLL_MS } from '@/services/checkout';
import { requestPayment } from '@/platform/request-payment';
import { navigateTo, resetTaroMock, setRouterParams, showModal, showToast } from './mocks/taro';
import { fail, member, ok, ORDER_ID, orderRefund, orderView, pathOf, serve, session, store, type Reply, type SentRequest } from './support/http';

jest.mock('@/platform/request-payment', () => ({
  ...jest.requireActual('@/platform/request-payment'),
  requestPayment: jest.fn(),
}));
const pay = requestPayment as jest.MockedFunction<typeof requestPayment>;

const PAY_PARAMS = {
  timeStamp: '1763794800',
  nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
  package: 'prepay_id=wx22101500123456789abcdef0123456789',
  signType: 'RSA' as const,
  paySign: 'c2lnbmF0dXJlLWJhc2U2NA==',
};

/** Rung up at the till at 10:00, to be paid by 10:15 (now is 10:00). */
const UNPAID = orderView({ state: 'pending_payment', paidAt: null, pointsEarned: 627 });

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

async function signIn(handler: (req: SentRequest) => Reply | null): Promise<SentRequest[]> {
  const sent = serve((req) => {
    if (pathOf(req) === '/api/auth/login') return ok(session(1));
    return handler(req) ?? fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  return sent;
}

const el = (id: string) => document.getElementById(id);
const text = (id: string) => el(id)?.textContent ?? null;
const reads = (sent: SentRequest[]) => sent.filter((r) => r.method === 'GET' && pathOf(r) === `/api/orders/${ORDER_ID}`).length;
const posts = (sent: SentRequest[], what: string) => sent.filter((r) => r.method === 'POST' && pathOf(r) === `/api/orders/${ORDER_ID}/${what}`).length;
const toastTitles = () => showToast.mock.calls.map(([o]) => o.title);

/** A shopper's server: the order as `current`, pay and cancel as given. */
async function openOrder(server: { current: OrderView; pay?: () => Reply; cancel?: () => Reply }) {
  const sent = await signIn((req) => {
    const path = pathOf(req);
    if (path === `/api/orders/${ORDER_ID}` && req.method === 'GET') return ok(server.current);
    if (path === `/api/orders/${ORDER_ID}/pay`) return server.pay?.() ?? ok({ order: server.current, requestPayment: PAY_PARAMS });
    if (path === `/api/orders/${ORDER_ID}/cancel`) {
      const reply = server.cancel?.();
      if (reply) return reply;
      server.current = { ...server.current, state: 'cancelled' };
      return ok(server.current);
    }
    return null;
  });
  setRouterParams({ id: ORDER_ID });
  render(<OrderPage />);
  await settle();
  return sent;
}

beforeEach(async () => {
  jest.useFakeTimers({ now: Date.UTC(2026, 10, 22, 10, 0, 0) });
  resetTaroMock();
  pay.mockReset();
  await signOut();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('an unpaid till order', () => {
  test('待支付 with the store, the time left, 去支付 and 取消订单; no polling', async () => {
    const sent = await openOrder({ current: UNPAID });
    expect(text('order-state')).toBe('待支付');
    expect(text('order-till-hint')).toContain('HomeClub 上海徐汇店');
    expect(text('order-pay-left')).toBe('请在 15:00 内完成支付，超时订单自动取消');
    expect(text('order-pay')).toBe('去支付 ¥418.00');
    expect(el('order-cancel')).not.toBeNull();
    expect(text('order-channel')).toBe('门店收银');
    await advance(ORDER_POLL_MS * 3);
    expect(reads(sent)).toBe(1);
  });

  test('去支付: pay params from the server, wx.requestPayment, then the server confirms 支付成功', async () => {
    pay.mockResolvedValue('ok');
    const server = { current: UNPAID };
    const sent = await openOrder(server);
    fireEvent.click(el('order-pay')!);
    await settle();
    expect(posts(sent, 'pay')).toBe(1);
    expect(pay).toHaveBeenCalledWith(PAY_PARAMS);
    expect(text('order-state')).toBe('等待支付结果…');
    expect(el('order-pay')).toBeNull();

    server.current = { ...UNPAID, state: 'paid', paidAt: '2026-11-22T10:01:00.000Z' };
    await advance(ORDER_POLL_MS);
    expect(text('order-state')).toBe('支付成功');
    expect(text('order-points-earned')).toBe('本单获得 627 积分');
    const n = reads(sent);
    await advance(ORDER_POLL_MS * 3);
    expect(reads(sent)).toBe(n);
  });

  test('closing the payment sheet: 已取消支付, still 待支付; a double tap pays once', async () => {
    pay.mockResolvedValue('cancel');
    const sent = await openOrder({ current: UNPAID });
    fireEvent.click(el('order-pay')!);
    fireEvent.click(el('order-pay')!);
    await settle();
    expect(posts(sent, 'pay')).toBe(1);
    expect(pay).toHaveBeenCalledTimes(1);
    expect(toastTitles()).toEqual(['已取消支付']);
    expect(text('order-state')).toBe('待支付');
    expect((el('order-pay') as HTMLButtonElement).disabled).toBe(false);
  });

  test('the order closed meanwhile: the server message, then what it is now', async () => {
    const server = { current: UNPAID, pay: () => fail(409, 'PAY_ORDER_CLOSED', '该订单已关闭，请重新下单') };
    await openOrder(server);
    server.current = { ...UNPAID, state: 'expired' };
    fireEvent.click(el('order-pay')!);
    await settle();
    expect(pay).not.toHaveBeenCalled();
    expect(toastTitles()).toEqual(['该订单已关闭，请重新下单']);
    expect(text('order-state')).toBe('订单已过期');
    expect(el('order-pay')).toBeNull();
  });

  test('取消订单 after a confirmation (declining keeps it)', async () => {
    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    const sent = await openOrder({ current: UNPAID });
    fireEvent.click(el('order-cancel')!);
    await settle();
    expect(posts(sent, 'cancel')).toBe(0);
    fireEvent.click(el('order-cancel')!);
    await settle();
    expect(posts(sent, 'cancel')).toBe(1);
    expect(text('order-state')).toBe('订单已取消');
    expect(el('order-pay')).toBeNull();
    expect(el('order-cancel')).toBeNull();
  });

  test('past its expiry (not yet closed by the server): no 去支付', async () => {
    await openOrder({ current: { ...UNPAID, expireAt: '2026-11-22T09:59:00.000Z' } });
    expect(el('order-pay')).toBeNull();
    expect(text('order-pay-left')).toBe('已超过支付时限');
  });
});

describe('refunds', () => {
  test('lines, refunds with their state and the refunded total', async () => {
    const R1 = orderRefund(1, { amountFen: 10000, reason: '价格调整' });
    const R2 = orderRefund(2, { amountFen: 16720, lineIds: ['L2'], state: 'PROCESSING', reason: '顾客退货' });
    const R3 = orderRefund(3, { amountFen: 500, state: 'FAILED' });
    await openOrder({
      current: orderView({
        lines: [
          { id: 'L1', name: '沙发', amountFen: 30000, couponFen: 3000, pointsFen: 1920, cashFen: 25080, refunded: false },
          { id: 'L2', name: '台灯', amountFen: 20000, couponFen: 2000, pointsFen: 1280, cashFen: 16720, refunded: true },
        ],
        refunds: [R1, R2, R3],
        refundedFen: 10000,
      }),
    });
    expect(text('order-state')).toBe('部分退款');
    expect(text('order-refunded-total')).toBe('¥100.00');
    expect(text('order-refunded')).toBe('已退 ¥100.00');
    expect(el('order-line-L1')!.textContent).toContain('沙发');
    expect(el('order-line-L2')!.textContent).toContain('已退款');
    expect(text(`order-refund-state-${R1.refundNo}`)).toBe('已退款');
    expect(text(`order-refund-state-${R2.refundNo}`)).toBe('退款中');
    expect(text(`order-refund-state-${R3.refundNo}`)).toBe('退款失败');
    expect(el(`order-refund-${R2.refundNo}`)!.textContent).toContain('商品：台灯');
    expect(el(`order-refund-${R1.refundNo}`)!.textContent).toContain('退款单号 R2026112200001');
    expect(el(`order-refund-${R1.refundNo}`)!.textContent).not.toContain(R1.refundNo);
    expect(el('order-refunds')!.textContent).toContain('原路退回微信');
    expect(el('order-pay')).toBeNull();
  });

  test('a fully refunded order says 已退款; an order without refunds shows no refund section', async () => {
    const server = { current: orderView({ state: 'refunded', refunds: [orderRefund(1, { amountFen: 41800 })], refundedFen: 41800 }) };
    await openOrder(server);
    expect(text('order-state')).toBe('已退款');
    expect(el('order-refunds')).not.toBeNull();
    expect(el('order-lines')).toBeNull(); // not itemised
  });
});

describe('我的订单 and the pending notice', () => {
  const PAID = orderView({ id: '6a0000000000000000000010', createdAt: '2026-11-22T09:00:00.000Z' });
  const NEWER = orderView({ id: '6a0000000000000000000011', state: 'pending_payment', paidAt: null, createdAt: '2026-11-22T09:59:00.000Z', expireAt: '2026-11-22T10:14:00.000Z', cashFen: 20000 });
  const OLDER = orderView({ id: '6a0000000000000000000012', state: 'pending_payment', paidAt: null, createdAt: '2026-11-22T09:50:00.000Z', expireAt: '2026-11-22T10:05:00.000Z', cashFen: 12300 });
  const STALE = orderView({ id: '6a0000000000000000000013', state: 'pending_payment', paidAt: null, createdAt: '2026-11-22T09:30:00.000Z', expireAt: '2026-11-22T09:45:00.000Z' });
  const SHOP = orderView({ id: '6a0000000000000000000014', state: 'pending_payment', paidAt: null, channel: 'miniapp', settlement: 'wechat', createdAt: '2026-11-22T09:20:00.000Z', expireAt: '2026-11-22T09:35:00.000Z' });

  test('tags: 待支付, 门店收银, 部分退款, 已退款', async () => {
    await signIn((req) =>
      pathOf(req) === '/api/orders'
        ? ok({
            items: [
              NEWER,
              orderView({ id: '6a0000000000000000000020', refunds: [orderRefund(1)], refundedFen: 10000 }),
              orderView({ id: '6a0000000000000000000021', state: 'refunded', refunds: [orderRefund(2, { amountFen: 41800 })], refundedFen: 41800 }),
              orderView({ id: '6a0000000000000000000022', channel: 'miniapp' }),
            ],
          })
        : null,
    );
    render(<OrdersPage />);
    await settle();
    expect(el(`order-item-${NEWER.id}`)!.textContent).toContain('门店收银 ¥200.00');
    expect(el(`order-item-${NEWER.id}`)!.textContent).toContain('HomeClub 上海徐汇店');
    expect(text(`order-item-state-${NEWER.id}`)).toBe('待支付');
    expect(text('order-item-state-6a0000000000000000000020')).toBe('部分退款');
    expect(text('order-item-state-6a0000000000000000000021')).toBe('已退款');
    expect(text('order-item-state-6a0000000000000000000022')).toBe('支付成功');
    expect(el('order-item-6a0000000000000000000022')!.textContent).toContain('优惠买单');
  });

  /** The server's ?state= filter; the notice asks only for unpaid orders. */
  function onlyState(items: OrderView[], path: string): OrderView[] {
    const state = new URLSearchParams(path.split('?')[1] ?? '').get('state');
    return state ? items.filter((o) => o.state === state) : items;
  }

  async function mineWith(items: OrderView[] | Reply) {
    const sent = await signIn((req) => {
      const path = pathOf(req);
      if (path.startsWith('/api/orders')) return Array.isArray(items) ? ok({ items: onlyState(items, path) }) : items;
      if (path === '/api/me') return ok(member());
      return ok({});
    });
    render(<MinePage />);
    await settle();
    return sent;
  }

  test('我的: the oldest order that can still be paid, not an expired one; tap opens it', async () => {
    const sent = await mineWith([NEWER, PAID, OLDER, STALE, SHOP]);
    expect(sent.some((r) => r.method === 'GET' && pathOf(r) === '/api/orders?state=pending_payment')).toBe(true);
    const notice = el('pending-order-notice')!;
    expect(notice.textContent).toContain('您有一笔门店收银待支付');
    expect(notice.textContent).toContain('¥123.00');
    fireEvent.click(notice);
    expect(navigateTo).toHaveBeenCalledWith({ url: `/pages-order/order/index?id=${OLDER.id}` });
  });

  test('我的: no notice without a payable order, or when the list fails', async () => {
    await mineWith([PAID, STALE, SHOP]);
    expect(el('pending-order-notice')).toBeNull();
  });

  test('我的: a failing order list just hides the notice', async () => {
    await mineWith(fail(500, 'INTERNAL', '系统繁忙，请稍后再试'));
    expect(el('pending-order-notice')).toBeNull();
    expect(showToast).not.toHaveBeenCalled();
  });

  test('首页 shows the notice too', async () => {
    await signIn((req) => {
      if (pathOf(req).startsWith('/api/orders')) return ok({ items: onlyState([NEWER, PAID], pathOf(req)) });
      if (pathOf(req) === '/api/stores') return ok({ items: [store()] });
      return null;
    });
    render(<IndexPage />);
    await settle();
    expect(el('pending-order-notice')!.textContent).toContain('您有一笔门店收银待支付');
    fireEvent.click(el('pending-order-notice')!);
    expect(navigateTo).toHaveBeenCalledWith({ url: `/pages-order/order/index?id=${NEWER.id}` });
  });
});
