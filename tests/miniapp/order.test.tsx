/**
 * 支付结果 / 订单详情: right after a payment (`paying=1`) polls GET
 * /api/orders/:id every 1.5 s while pending and shows 支付成功 + points earned
 * only once the server says paid; gives up polling after ~30 s. 我的订单 list → detail. Entry points: 首页「优惠买单」,
 * 我的「我的订单」.
 */
import { act, fireEvent, render } from '@testing-library/react';
import type { OrderView } from '@homeclub/shared';
import OrderPage from '@/pages-order/order/index';
import OrdersPage from '@/pages-order/orders/index';
import MinePage from '@/pages/mine/index';
import { NearestStore } from '@/components/home/NearestStore';
import { login, signOut } from '@/services/session';
import { ORDER_POLL_MAX_MS, ORDER_POLL_MS } from '@/services/checkout';
import { getCurrentPages, navigateBack, navigateTo, redirectTo, resetTaroMock, setNavigationBarTitle, setRouterParams } from './mocks/taro';
import { fail, member, ok, pathOf, serve, session, store, type Reply, type SentRequest } from './support/http';

const ORDER_ID = '6a0000000000000000000001';

function order(overrides: Partial<OrderView> = {}): OrderView {
  return {
    id: ORDER_ID,
    number: '2026112200001',
    storeId: '650000000000000000000001',
    state: 'pending_payment',
    billFen: 50000,
    couponId: '670000000000000000000001',
    couponName: '满300减50-1',
    couponDiscountFen: 5000,
    pointsUsed: 3200,
    pointsValueFen: 3200,
    cashFen: 41800,
    pointsEarned: 418,
    growthGained: 418,
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

const text = (id: string) => document.getElementById(id)?.textContent ?? null;
const orderReads = (sent: SentRequest[]) => sent.filter((r) => pathOf(r) === `/api/orders/${ORDER_ID}`).length;

beforeEach(async () => {
  jest.useFakeTimers({ now: Date.UTC(2026, 10, 22, 10, 0, 0) });
  resetTaroMock();
  await signOut();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('result page', () => {
  test('waits while pending, shows 支付成功 and the points once the server says paid, then stops polling', async () => {
    let reads = 0;
    const sent = await signIn((req) =>
      pathOf(req) === `/api/orders/${ORDER_ID}`
        ? ok(++reads < 3 ? order() : order({ state: 'paid', paidAt: '2026-11-22T10:00:03.000Z' }))
        : null,
    );
    setRouterParams({ id: ORDER_ID, paying: '1' });
    render(<OrderPage />);
    await settle();
    expect(text('order-state')).toBe('等待支付结果…');
    expect(document.getElementById('order-points-earned')).toBeNull();
    expect(orderReads(sent)).toBe(1);

    await advance(ORDER_POLL_MS);
    expect(orderReads(sent)).toBe(2);
    expect(text('order-state')).toBe('等待支付结果…');

    await advance(ORDER_POLL_MS);
    expect(orderReads(sent)).toBe(3);
    expect(text('order-state')).toBe('支付成功');
    expect(text('order-points-earned')).toBe('本单获得 418 积分');
    expect(text('order-cash')).toBe('¥418.00');

    await advance(ORDER_POLL_MS * 5);
    expect(orderReads(sent)).toBe(3);
  });

  test('a paid order shows its readable number (not the hex id) and offers 查看订单 and 查看积分', async () => {
    await signIn((req) => (pathOf(req) === `/api/orders/${ORDER_ID}` ? ok(order({ state: 'paid', paidAt: '2026-11-22T10:00:03.000Z' })) : null));
    setRouterParams({ id: ORDER_ID });
    render(<OrderPage />);
    await settle();
    expect(text('order-no')).toBe('2026112200001');
    expect(document.body.textContent).not.toContain(ORDER_ID);
    fireEvent.click(document.getElementById('order-view-orders')!);
    expect(redirectTo).toHaveBeenCalledWith({ url: '/pages-order/orders/index' });
    fireEvent.click(document.getElementById('order-view-points')!);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages-member/points/index' });
    expect(document.getElementById('order-done')?.textContent).toBe('返回首页');
  });

  test('opened from 我的订单: titled 订单详情 (not 支付结果), and 查看订单 goes back to that list instead of stacking another', async () => {
    await signIn((req) => (pathOf(req) === `/api/orders/${ORDER_ID}` ? ok(order({ state: 'paid', paidAt: '2026-11-22T10:00:03.000Z' })) : null));
    getCurrentPages.mockImplementation(() => [{ route: 'pages/mine/index' }, { route: 'pages-order/orders/index' }, { route: 'pages-order/order/index' }]);
    setRouterParams({ id: ORDER_ID });
    render(<OrderPage />);
    await settle();
    expect(setNavigationBarTitle).not.toHaveBeenCalled(); // the page config's 订单详情
    fireEvent.click(document.getElementById('order-view-orders')!);
    expect(navigateBack).toHaveBeenCalledTimes(1);
    expect(redirectTo).not.toHaveBeenCalled();
  });

  test('right after 优惠买单 (paying=1) the page is titled 支付结果', async () => {
    await signIn((req) => (pathOf(req) === `/api/orders/${ORDER_ID}` ? ok(order({ state: 'paid', paidAt: '2026-11-22T10:00:03.000Z' })) : null));
    setRouterParams({ id: ORDER_ID, paying: '1' });
    render(<OrderPage />);
    await settle();
    expect(setNavigationBarTitle).toHaveBeenCalledWith({ title: '支付结果' });
  });

  test('an unpaid order offers no 查看积分', async () => {
    await signIn((req) => (pathOf(req) === `/api/orders/${ORDER_ID}` ? ok(order({ state: 'expired' })) : null));
    setRouterParams({ id: ORDER_ID });
    render(<OrderPage />);
    await settle();
    expect(document.getElementById('order-view-points')).toBeNull();
  });

  test('paid before the points landed: 支付成功 with 「到账中」, reading on until the server has applied them', async () => {
    let reads = 0;
    const sent = await signIn((req) =>
      pathOf(req) === `/api/orders/${ORDER_ID}`
        ? ok(order({ state: 'paid', paidAt: '2026-11-22T10:00:03.000Z', effectsApplied: ++reads >= 2 }))
        : null,
    );
    setRouterParams({ id: ORDER_ID, paying: '1' });
    render(<OrderPage />);
    await settle();
    expect(text('order-state')).toBe('支付成功');
    expect(text('order-points-earned')).toBe('本单获得 418 积分（到账中）');
    await advance(ORDER_POLL_MS);
    expect(text('order-points-earned')).toBe('本单获得 418 积分');
    await advance(ORDER_POLL_MS * 5);
    expect(orderReads(sent)).toBe(2);
  });

  test('still pending after ~30 s: polling stops, 暂未确认 with a refresh', async () => {
    const sent = await signIn((req) => (pathOf(req) === `/api/orders/${ORDER_ID}` ? ok(order()) : null));
    setRouterParams({ id: ORDER_ID, paying: '1' });
    render(<OrderPage />);
    await settle();
    for (let t = 0; t < ORDER_POLL_MAX_MS + 5 * ORDER_POLL_MS; t += ORDER_POLL_MS) await advance(ORDER_POLL_MS);
    const reads = orderReads(sent);
    expect(reads).toBeGreaterThanOrEqual(19);
    expect(reads).toBeLessThanOrEqual(21);
    expect(text('order-state')).toBe('暂未确认支付结果');
    expect(document.getElementById('order-points-earned')).toBeNull();
    fireEvent.click(document.getElementById('order-refresh')!);
    await settle();
    expect(orderReads(sent)).toBe(reads + 1);
  });

  test('an expired order says so, without polling', async () => {
    const sent = await signIn((req) => (pathOf(req) === `/api/orders/${ORDER_ID}` ? ok(order({ state: 'expired' })) : null));
    setRouterParams({ id: ORDER_ID });
    render(<OrderPage />);
    await settle();
    expect(text('order-state')).toBe('订单已过期');
    await advance(ORDER_POLL_MS * 3);
    expect(orderReads(sent)).toBe(1);
  });
});

describe('我的订单 and entry points', () => {
  test('lists my orders with state, amount and date; an order opens its detail', async () => {
    await signIn((req) =>
      pathOf(req) === '/api/orders'
        ? ok({
            items: [
              order({ state: 'paid' }),
              order({ id: '6a0000000000000000000002', state: 'expired', cashFen: 12300, createdAt: '2026-11-20T02:30:00.000Z' }),
            ],
          })
        : null,
    );
    render(<OrdersPage />);
    await settle();
    const first = document.getElementById(`order-item-${ORDER_ID}`)!;
    expect(first.textContent).toContain('¥418.00');
    expect(first.textContent).toContain('支付成功');
    expect(first.textContent).toContain('2026-11-22 18:00');
    expect(document.getElementById('order-item-6a0000000000000000000002')!.textContent).toContain('已过期');
    fireEvent.click(first);
    expect(navigateTo).toHaveBeenCalledWith({ url: `/pages-order/order/index?id=${ORDER_ID}` });
  });

  test('首页: 「优惠买单」 on the nearest store opens its checkout', async () => {
    render(<NearestStore store={store()} km={1.2} />);
    await settle();
    const button = document.getElementById('pay-at-650000000000000000000001')!;
    expect(button.textContent).toBe('优惠买单');
    fireEvent.click(button);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages-order/pay/index?storeId=650000000000000000000001' });
  });

  test('我的: 「我的订单」 opens the order list', async () => {
    await signIn((req) => (pathOf(req) === '/api/me' ? ok(member()) : ok({})));
    render(<MinePage />);
    await settle();
    fireEvent.click(document.getElementById('mine-orders')!);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages-order/orders/index' });
  });
});
