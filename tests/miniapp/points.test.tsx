/**
 * 积分明细: cursor pagination (「加载更多」 and reaching the bottom), filter chips
 * by kind, reasons in Chinese, signed amounts, and loading/empty/error states.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { PointsEntryView } from '@homeclub/shared';
import PointsHistoryPage from '@/pages-member/points/index';
import { storeSession } from '@/services/storage';
import { resetTaroMock, triggerReachBottom } from './mocks/taro';
import { deferred, fail, ok, pathOf, pointsEntry, serve, session, type Reply, type SentRequest } from './support/http';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

function queryOf(req: SentRequest): Record<string, string> {
  return Object.fromEntries(new URL(req.url, 'http://x').searchParams);
}

/** A fake history of `total` entries (newest first), paged like the server: cursor = id of the last item. */
function history(total: number, kindOf: (n: number) => PointsEntryView['kind'] = () => 'earn'): PointsEntryView[] {
  return Array.from({ length: total }, (_, i) => pointsEntry(total - i, { kind: kindOf(total - i), amount: total - i }));
}

function pagedServer(all: PointsEntryView[], override: (req: SentRequest) => Reply | null = () => null) {
  return serve((req) => {
    const special = override(req);
    if (special) return special;
    if (!pathOf(req).startsWith('/api/member/points/history')) return fail(404, 'NOT_FOUND', '请求的内容不存在');
    const q = queryOf(req);
    const filtered = q.kind ? all.filter((e) => e.kind === q.kind) : all;
    const start = q.cursor ? filtered.findIndex((e) => e.id === q.cursor) + 1 : 0;
    const limit = Number(q.limit);
    const items = filtered.slice(start, start + limit);
    const nextCursor = start + limit < filtered.length ? items[items.length - 1].id : null;
    return ok({ items, nextCursor });
  });
}

const rows = () => Array.from(document.querySelectorAll('[id^="points-entry-"]'));

beforeEach(() => {
  resetTaroMock();
  storeSession(session(1));
});

test('first page of 20, then 「加载更多」 and reaching the bottom follow the cursor to the end', async () => {
  const all = history(45);
  const sent = pagedServer(all);
  render(<PointsHistoryPage />);
  expect(screen.getByText('积分明细加载中…')).toBeTruthy();
  await settle();
  expect(rows()).toHaveLength(20);
  expect(queryOf(sent[0])).toEqual({ limit: '20' });

  fireEvent.click(document.getElementById('points-load-more')!);
  await settle();
  expect(rows()).toHaveLength(40);
  expect(queryOf(sent[1])).toEqual({ limit: '20', cursor: all[19].id });

  act(() => triggerReachBottom());
  await settle();
  expect(rows()).toHaveLength(45);
  expect(queryOf(sent[2])).toEqual({ limit: '20', cursor: all[39].id });
  expect(rows().map((r) => r.id)).toEqual(all.map((e) => `points-entry-${e.id}`));

  // the end: no button, reaching the bottom asks for nothing more
  expect(document.getElementById('points-load-more')).toBeNull();
  expect(document.getElementById('points-end')?.textContent).toBe('没有更多了');
  act(() => triggerReachBottom());
  await settle();
  expect(sent).toHaveLength(3);
});

test('reaching the bottom again while a page is loading asks once', async () => {
  const all = history(30);
  const gate = deferred<void>();
  const sent = serve(async (req) => {
    const q = queryOf(req);
    if (q.cursor) await gate.promise;
    const start = q.cursor ? all.findIndex((e) => e.id === q.cursor) + 1 : 0;
    const items = all.slice(start, start + 20);
    return ok({ items, nextCursor: start + 20 < all.length ? items[items.length - 1].id : null });
  });
  render(<PointsHistoryPage />);
  await settle();
  act(() => triggerReachBottom());
  act(() => triggerReachBottom());
  fireEvent.click(document.getElementById('points-load-more')!);
  await settle();
  gate.resolve();
  await settle();
  expect(sent.filter((r) => queryOf(r).cursor)).toHaveLength(1);
  expect(rows()).toHaveLength(30);
});

test('filter chips ask for one kind and start from the first page', async () => {
  const all = history(30, (n) => (n % 3 === 0 ? 'spend' : 'earn'));
  const sent = pagedServer(all);
  render(<PointsHistoryPage />);
  await settle();
  expect(document.getElementById('points-filter-all')?.className).toContain('chip--active');
  const labels = Array.from(document.querySelectorAll('.chip')).map((c) => c.textContent);
  expect(labels.slice(0, 4)).toEqual(['全部', '获得', '使用', '冻结']);
  expect(labels).toContain('过期');

  fireEvent.click(document.getElementById('points-filter-spend')!);
  await settle();
  expect(queryOf(sent[sent.length - 1])).toEqual({ limit: '20', kind: 'spend' });
  expect(rows()).toHaveLength(10);
  expect(document.getElementById('points-filter-spend')?.className).toContain('chip--active');
  expect(document.getElementById('points-filter-all')?.className).not.toContain('chip--active');

  fireEvent.click(document.getElementById('points-filter-expire')!);
  await settle();
  expect(document.getElementById('points-empty')?.textContent).toContain('暂无过期记录');
});

test('a reply for the previous filter is dropped', async () => {
  const slowAll = deferred<Reply>();
  const sent = serve((req) => {
    const q = queryOf(req);
    if (!q.kind) return slowAll.promise;
    return ok({ items: [pointsEntry(1, { kind: 'spend', reason: 'checkout', amount: -500 })], nextCursor: null });
  });
  render(<PointsHistoryPage />);
  fireEvent.click(document.getElementById('points-filter-spend')!);
  await settle();
  slowAll.resolve(ok({ items: [pointsEntry(2, { reason: 'signup' })], nextCursor: null }));
  await settle();
  expect(sent).toHaveLength(2);
  expect(rows()).toHaveLength(1);
  expect(rows()[0].textContent).toContain('积分抵现');
});

test('rows: Chinese reason, signed amount coloured by sign, China-time date, note', async () => {
  const entries = [
    pointsEntry(1, { reason: 'signup', amount: 1200, createdAt: '2026-11-20T16:30:00.000Z' }),
    pointsEntry(2, { kind: 'spend', reason: 'checkout', amount: -300 }),
    pointsEntry(3, { kind: 'hold', reason: 'checkout', amount: 0, heldDelta: 200 }),
    pointsEntry(4, { kind: 'adjust', reason: 'admin', amount: 50, note: '客诉补偿' }),
    pointsEntry(5, { reason: 'mystery_bonus', amount: 8 }),
  ];
  serve(() => ok({ items: entries, nextCursor: null }));
  render(<PointsHistoryPage />);
  await settle();
  const [signup, spend, hold, adjust, unknown] = rows();
  expect(signup.textContent).toContain('注册奖励');
  expect(signup.textContent).toContain('+1,200');
  expect(signup.textContent).toContain('2026-11-21 00:30'); // UTC+8
  expect(signup.querySelector('.points-entry__amount')?.className).toContain('--plus');
  expect(spend.textContent).toContain('积分抵现');
  expect(spend.textContent).toContain('-300');
  expect(spend.querySelector('.points-entry__amount')?.className).toContain('--minus');
  expect(hold.textContent).toContain('-200'); // frozen: available points go down
  expect(adjust.textContent).toContain('人工调整');
  expect(adjust.textContent).toContain('客诉补偿');
  expect(unknown.textContent).toContain('mystery_bonus');
});

test('every documented reason has its Chinese text', async () => {
  const reasons: Record<string, string> = {
    signup: '注册奖励',
    purchase: '消费积分',
    birthday: '生日礼',
    booking: '到店奖励',
    referral: '推荐奖励',
    admin: '人工调整',
    checkout: '积分抵现',
    coupon_exchange: '兑换优惠券',
    expire: '积分过期',
    refund: '退款退回',
  };
  serve(() => ok({ items: Object.keys(reasons).map((reason, i) => pointsEntry(i + 1, { reason })), nextCursor: null }));
  render(<PointsHistoryPage />);
  await settle();
  expect(rows().map((r) => r.querySelector('.points-entry__reason')?.textContent)).toEqual(Object.values(reasons));
});

test('empty history', async () => {
  serve(() => ok({ items: [], nextCursor: null }));
  render(<PointsHistoryPage />);
  await settle();
  expect(document.getElementById('points-empty')?.textContent).toContain('暂无积分记录');
  expect(document.getElementById('points-load-more')).toBeNull();
});

test('first page error: message and retry; later page error keeps the rows', async () => {
  const all = history(25);
  let failFirst = true;
  let failMore = true;
  pagedServer(all, (req) => {
    const q = queryOf(req);
    if (!q.cursor && failFirst) {
      failFirst = false;
      return fail(500, 'INTERNAL', '服务器开小差了，请稍后重试');
    }
    if (q.cursor && failMore) {
      failMore = false;
      return fail(503, 'UNAVAILABLE', '服务暂不可用');
    }
    return null;
  });
  render(<PointsHistoryPage />);
  await settle();
  expect(document.getElementById('points-error')?.textContent).toContain('服务器开小差了，请稍后重试');
  fireEvent.click(screen.getByText('重新加载'));
  await settle();
  expect(rows()).toHaveLength(20);

  fireEvent.click(document.getElementById('points-load-more')!);
  await settle();
  expect(screen.getByText('服务暂不可用')).toBeTruthy();
  expect(rows()).toHaveLength(20);
  expect(document.getElementById('points-load-more')?.textContent).toBe('重试');
  fireEvent.click(document.getElementById('points-load-more')!);
  await settle();
  expect(rows()).toHaveLength(25);
});
