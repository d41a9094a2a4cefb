/**
 * 领券 tab (weapp platform files): coupon cards from GET /api/coupons/center,
 * the claim button per server reason, claiming (immediate card update, toast,
 * expiry-reminder consent through wx.requestSubscribeMessage), points exchange
 * with a clientKey reused only when the same attempt is retried, and the
 * loading / empty / error states.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { TemplateView } from '@homeclub/shared';
import CouponsPage from '@/pages/coupons/index';
import { login, signOut } from '@/services/session';
import { resetExpiryReminder } from '@/platform/expiry-reminder';
import { navigateTo, requestSubscribeMessage, resetTaroMock, showModal, showToast } from './mocks/taro';
import {
  centerItem,
  coupon,
  fail,
  ok,
  pathOf,
  serve,
  session,
  template,
  type CenterItemFixture,
  type Reply,
  type SentRequest,
} from './support/http';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

type Extra = (req: SentRequest) => Reply | null;

async function renderCenter(items: CenterItemFixture[] | Reply, extra: Extra = () => null) {
  const sent = serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1));
    if (path === '/api/coupons/center') return Array.isArray(items) ? ok({ items }) : items;
    return extra(req) ?? fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  render(<CouponsPage />);
  await settle();
  return sent;
}

const el = (id: string) => document.getElementById(id);
const button = (t: TemplateView) => el(`claim-${t.id}`) as HTMLButtonElement;
const card = (t: TemplateView) => el(`center-${t.id}`)!;
const toastTitles = () => showToast.mock.calls.map(([o]) => o.title);
const posts = (sent: SentRequest[], path: string) => sent.filter((r) => r.method === 'POST' && pathOf(r) === path);
const couponPosts = (sent: SentRequest[]) => sent.filter((r) => r.method === 'POST' && pathOf(r).startsWith('/api/coupons/'));

/** ¥50 off above ¥300, 60 of 100 left, fixed dates. */
const FULL = template(1);
/** 15 % off (8.5折) capped at ¥100, unlimited stock, 30 days after claiming, two per member. */
const DISCOUNT = template(2, {
  name: '全场85折',
  type: 'discount',
  amountOffFen: null,
  percentOffBp: 1500,
  maxDiscountFen: 10000,
  thresholdFen: 0,
  totalStock: null,
  perMemberLimit: 2,
  validity: { mode: 'relative', days: 30 },
});
const POINTS = template(3, { name: '积分换50元券', channel: 'points_exchange', pointsCost: 1500, perMemberLimit: 3 });

beforeEach(async () => {
  jest.useRealTimers();
  resetTaroMock();
  resetExpiryReminder();
  await signOut();
});

describe('cards', () => {
  test('value, threshold, validity, remaining stock and the claim button, with stable ids', async () => {
    await renderCenter([centerItem(FULL), centerItem(DISCOUNT), centerItem(POINTS)]);
    expect(el('coupon-center')).not.toBeNull();

    const full = card(FULL);
    expect(full.querySelector('.coupon__amount')!.textContent).toBe('¥50');
    expect(full.querySelector('.coupon__threshold')!.textContent).toBe('满 ¥300 可用');
    expect(full.querySelector('.coupon__validity')!.textContent).toBe('2026.11.22–2026.12.31');
    expect(full.textContent).toContain('满300减50-1');
    const stock = el(`stock-${FULL.id}`)!;
    expect(stock.textContent).toBe('剩余 60%');
    expect((stock.querySelector('.stock__fill') as HTMLElement).style.width).toBe('60%');
    expect(button(FULL).textContent).toBe('立即领取');
    expect(button(FULL).disabled).toBe(false);

    const discount = card(DISCOUNT);
    expect(discount.querySelector('.coupon__amount')!.textContent).toBe('8.5折');
    expect(discount.querySelector('.coupon__threshold')!.textContent).toBe('最高减 ¥100');
    expect(discount.querySelector('.coupon__validity')!.textContent).toBe('领取后 30 天内有效');
    expect(el(`stock-${DISCOUNT.id}`)).toBeNull(); // unlimited: no bar

    expect(button(POINTS).textContent).toBe('1,500 积分兑换');
    expect(el('coupon-center-points')!.contains(card(POINTS))).toBe(true);
  });

  test('money from fen exactly: ¥123.45 off above ¥299.90', async () => {
    const odd = template(4, { amountOffFen: 12345, thresholdFen: 29990 });
    await renderCenter([centerItem(odd)]);
    expect(card(odd).querySelector('.coupon__amount')!.textContent).toBe('¥123.45');
    expect(card(odd).querySelector('.coupon__threshold')!.textContent).toBe('满 ¥299.90 可用');
  });

  test.each([
    ['COUPON_OUT_OF_STOCK', '已抢光', {}],
    ['COUPON_LIMIT_REACHED', '已领取', {}],
    ['COUPON_WINDOW_CLOSED', '未开始', { claimFrom: '2099-01-01T00:00:00.000Z' }],
    ['COUPON_WINDOW_CLOSED', '已结束', { claimTo: '2020-01-01T00:00:00.000Z' }],
    ['COUPON_TIER_NOT_ALLOWED', '等级不足', {}],
  ])('%s: a grey 「%s」 that sends nothing', async (reason, label, overrides) => {
    const t = template(5, overrides);
    const sent = await renderCenter([centerItem(t, { canClaim: false, reason })]);
    expect(button(t).textContent).toBe(label);
    expect(button(t).disabled).toBe(true);
    fireEvent.click(button(t));
    await settle();
    expect(couponPosts(sent)).toHaveLength(0);
  });

  test('already claimed one of two: 「再领一张」', async () => {
    await renderCenter([centerItem(DISCOUNT, { claimedByMe: 1 })]);
    expect(button(DISCOUNT).textContent).toBe('再领一张');
  });

  test('「我的券」 opens 我的优惠券', async () => {
    await renderCenter([centerItem(FULL)]);
    fireEvent.click(el('center-my-coupons')!);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages-member/my-coupons/index' });
  });
});

describe('claiming', () => {
  test('POST /api/coupons/claim; the card updates at once: 「再领一张」 under the limit, then 「已领取」', async () => {
    const sent = await renderCenter([centerItem(DISCOUNT), centerItem(FULL)], (req) =>
      pathOf(req) === '/api/coupons/claim' ? { status: 201, body: coupon(2) } : null,
    );
    fireEvent.click(button(DISCOUNT));
    await settle();
    const claims = posts(sent, '/api/coupons/claim');
    expect(claims).toHaveLength(1);
    expect(claims[0].data).toEqual({ templateId: DISCOUNT.id, claimedByMe: 0 }); // the count shown: the server's seq hint
    expect(claims[0].header.Authorization).toBe('Bearer access-1');
    expect(toastTitles()).toEqual(['领取成功']);
    expect(button(DISCOUNT).textContent).toBe('再领一张');
    expect(button(DISCOUNT).disabled).toBe(false);

    fireEvent.click(button(DISCOUNT));
    await settle();
    expect(posts(sent, '/api/coupons/claim')).toHaveLength(2);
    expect(posts(sent, '/api/coupons/claim')[1].data).toEqual({ templateId: DISCOUNT.id, claimedByMe: 1 });
    expect(button(DISCOUNT).textContent).toBe('已领取');
    expect(button(DISCOUNT).disabled).toBe(true);
    // the other card is untouched, and nothing was reloaded
    expect(button(FULL).textContent).toBe('立即领取');
    expect(sent.filter((r) => pathOf(r) === '/api/coupons/center')).toHaveLength(1);
  });

  test('the stock bar goes down with my claim', async () => {
    const t = template(6, { totalStock: 10, claimed: 5, perMemberLimit: 5 });
    await renderCenter([centerItem(t)], () => ({ status: 201, body: coupon(6) }));
    expect(el(`stock-${t.id}`)!.textContent).toBe('剩余 50%');
    fireEvent.click(button(t));
    await settle();
    expect(el(`stock-${t.id}`)!.textContent).toBe('剩余 40%');
  });

  test('after a claim the expiry reminder is offered; its confirm tap calls wx.requestSubscribeMessage', async () => {
    await renderCenter([centerItem(FULL)], () => ({ status: 201, body: coupon(1) }));
    fireEvent.click(button(FULL));
    await settle();
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '到期提醒' }));
    expect(requestSubscribeMessage).toHaveBeenCalledTimes(1);
    expect(requestSubscribeMessage.mock.calls[0][0]).toEqual({ tmplIds: ['TPL_COUPON_EXPIRY'] });
  });

  test('a failing subscription is ignored; 「不用了」 is not asked again', async () => {
    requestSubscribeMessage.mockImplementation(() => Promise.reject({ errMsg: 'requestSubscribeMessage:fail', errCode: 20004 }));
    const t = template(7, { perMemberLimit: 5, totalStock: null });
    await renderCenter([centerItem(t)], () => ({ status: 201, body: coupon(7) }));
    fireEvent.click(button(t));
    await settle();
    expect(requestSubscribeMessage).toHaveBeenCalledTimes(1);
    expect(toastTitles()).toEqual(['领取成功']); // no error shown
    expect(button(t).textContent).toBe('再领一张');

    showModal.mockImplementation(() => Promise.resolve({ confirm: false, cancel: true }));
    fireEvent.click(button(t));
    await settle();
    expect(requestSubscribeMessage).toHaveBeenCalledTimes(1);
    const modals = showModal.mock.calls.length;
    fireEvent.click(button(t));
    await settle();
    expect(showModal.mock.calls.length).toBe(modals); // declined: not asked again
    expect(toastTitles()).toEqual(['领取成功', '领取成功', '领取成功']);
  });

  test.each([
    ['COUPON_OUT_OF_STOCK', '优惠券已被抢光', '已抢光'],
    ['COUPON_LIMIT_REACHED', '已达到领取上限', '已领取'],
    ['COUPON_TIER_NOT_ALLOWED', '您的会员等级暂不能领取该券', '等级不足'],
  ])('refused with %s: the server message, and the button turns grey', async (code, message, label) => {
    await renderCenter([centerItem(FULL)], () => fail(409, code, message));
    fireEvent.click(button(FULL));
    await settle();
    expect(toastTitles()).toEqual([message]);
    expect(button(FULL).textContent).toBe(label);
    expect(button(FULL).disabled).toBe(true);
    expect(requestSubscribeMessage).not.toHaveBeenCalled();
  });

  test('a network failure leaves the button as it was', async () => {
    await renderCenter([centerItem(FULL)], () => {
      throw new Error('offline');
    });
    fireEvent.click(button(FULL));
    await settle();
    expect(toastTitles()).toEqual(['网络连接失败，请检查网络后重试']);
    expect(button(FULL).textContent).toBe('立即领取');
    expect(button(FULL).disabled).toBe(false);
  });
});

describe('points exchange', () => {
  test('too few available points: the exchange is disabled and says how many are missing; enough: enabled', async () => {
    const points = (available: number) => (req: SentRequest) =>
      pathOf(req) === '/api/member/points' ? ok({ balance: available + 200, held: 200, available, expiring: [] }) : null;
    const sent = await renderCenter([centerItem(POINTS)], points(1000));
    expect(button(POINTS).textContent).toBe('积分不足，还差 500');
    expect(button(POINTS).disabled).toBe(true);
    fireEvent.click(button(POINTS));
    await settle();
    expect(couponPosts(sent)).toHaveLength(0);
    cleanup();
    await signOut();
    await renderCenter([centerItem(POINTS)], points(1500));
    expect(button(POINTS).textContent).toBe('1,500 积分兑换');
    expect(button(POINTS).disabled).toBe(false);
  });

  test('asks first; cancelling sends nothing', async () => {
    showModal.mockImplementation(() => Promise.resolve({ confirm: false, cancel: true }));
    const sent = await renderCenter([centerItem(POINTS)]);
    fireEvent.click(button(POINTS));
    await settle();
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '使用 1,500 积分兑换「积分换50元券」？' }));
    expect(couponPosts(sent)).toHaveLength(0);
  });

  test('the clientKey is reused when the same attempt is retried after a network error, and new for the next one', async () => {
    let down = true;
    const sent = await renderCenter([centerItem(POINTS)], (req) => {
      if (pathOf(req) !== '/api/coupons/exchange') return null;
      if (down) throw new Error('offline');
      return { status: 201, body: coupon(3, { channel: 'points_exchange' }) };
    });
    const keys = () => posts(sent, '/api/coupons/exchange').map((r) => (r.data as { clientKey: string }).clientKey);

    fireEvent.click(button(POINTS));
    await settle();
    expect(toastTitles()).toEqual(['网络连接失败，请检查网络后重试']);
    expect(button(POINTS).textContent).toBe('1,500 积分兑换');

    // the retry: same attempt, same key
    down = false;
    fireEvent.click(button(POINTS));
    await settle();
    expect(keys()).toHaveLength(2);
    expect(keys()[0]).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(keys()[1]).toBe(keys()[0]);
    expect(posts(sent, '/api/coupons/exchange')[1].data).toEqual({ templateId: POINTS.id, clientKey: keys()[0] });
    expect(toastTitles()).toEqual(['网络连接失败，请检查网络后重试', '兑换成功']);

    // a new exchange is a new attempt
    fireEvent.click(button(POINTS));
    await settle();
    expect(keys()).toHaveLength(3);
    expect(keys()[2]).not.toBe(keys()[0]);
  });

  test('a definite refusal ends the attempt: the next tap has a new key', async () => {
    let reply: Reply = fail(409, 'POINTS_INSUFFICIENT', '可用积分不足');
    const sent = await renderCenter([centerItem(POINTS)], (req) => (pathOf(req) === '/api/coupons/exchange' ? reply : null));
    fireEvent.click(button(POINTS));
    await settle();
    expect(toastTitles()).toEqual(['可用积分不足']);
    expect(button(POINTS).disabled).toBe(false); // points can change

    reply = { status: 201, body: coupon(3) };
    fireEvent.click(button(POINTS));
    await settle();
    const keys = posts(sent, '/api/coupons/exchange').map((r) => (r.data as { clientKey: string }).clientKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
  });
});

describe('states', () => {
  test('loading, then an error with retry', async () => {
    let calls = 0;
    serve((req) => {
      if (pathOf(req) === '/api/auth/login') return ok(session(1));
      calls++;
      return calls === 1 ? fail(500, 'INTERNAL', '系统繁忙，请稍后再试') : ok({ items: [centerItem(FULL)] });
    });
    await act(async () => {
      await login();
    });
    render(<CouponsPage />);
    expect(screen.getByText('优惠券加载中…')).toBeTruthy();
    await settle();
    expect(el('coupon-center-error')!.textContent).toContain('系统繁忙，请稍后再试');
    expect(showToast).not.toHaveBeenCalled(); // shown on the page
    fireEvent.click(screen.getByText('重新加载'));
    await settle();
    expect(button(FULL).textContent).toBe('立即领取');
  });

  test('nothing to claim: an empty state', async () => {
    await renderCenter([]);
    expect(el('coupon-center-empty')!.textContent).toContain('暂时没有可领的优惠券');
  });
});
