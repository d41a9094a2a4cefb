/**
 * <PageGate> (components/PageGate.tsx), the one guard every page shows before its content, in order: a missing
 * parameter, sign-in (pending, or failed with 重新加载 that logs in again; skipped for anonymous pages), a staff page
 * opened by an admin without a store, the page's own load (loading text, error with retry). Then the content.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { PageGate, type GateLoad } from '@/components/PageGate';
import { login, signOut } from '@/services/session';
import { resetTaroMock } from './mocks/taro';
import { fail, member, ok, pathOf, serve, session } from './support/http';
import type { MemberView } from '@homeclub/shared';

const NO_STORE = { id: 'x-no-store', description: '收银记在门店名下。' };
const content = () => <div id='content'>内容</div>;

async function signInAs(m: MemberView = member()) {
  serve((req) => (pathOf(req) === '/api/auth/login' ? ok(session(1, m)) : ok({})));
  await act(async () => {
    await login();
  });
}

const shown = () => ({
  content: document.getElementById('content') !== null,
  text: document.body.textContent ?? '',
});

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

test('a missing parameter is said first, even before sign-in, without a retry', () => {
  render(<PageGate missing='缺少订单信息' errorId='x-error' load={{ status: 'loading' }}>{content}</PageGate>);
  expect(document.getElementById('x-error')?.textContent).toBe('缺少订单信息');
  expect(document.querySelector('#x-error button')).toBeNull();
  expect(shown().content).toBe(false);
});

test('signing in: 「正在登录…」; a failed login offers 重新加载, which logs in again and shows the content', async () => {
  let attempts = 0;
  serve((req) => {
    if (pathOf(req) !== '/api/auth/login') return ok({});
    attempts += 1;
    return attempts === 1 ? fail(503, 'UNAVAILABLE', '服务繁忙，请稍后重试') : ok(session(1));
  });
  render(<PageGate load={{ status: 'ready' }}>{content}</PageGate>);
  expect(shown().text).toContain('正在登录…');
  await act(async () => {
    await login().catch(() => undefined);
  });
  expect(shown().text).toContain('服务繁忙，请稍后重试');
  await act(async () => {
    fireEvent.click(screen.getByText('重新加载'));
    for (let i = 0; i < 20; i++) await Promise.resolve();
  });
  expect(attempts).toBe(2);
  expect(shown().content).toBe(true);
});

test('an anonymous page needs no sign-in', () => {
  render(<PageGate anonymous load={{ status: 'ready' }}>{content}</PageGate>);
  expect(shown().content).toBe(true);
});

test.each<[string, Partial<MemberView>, boolean]>([
  ['an admin without a store gets the explanation', { roles: ['member', 'admin'], staffStoreId: null }, false],
  ['an admin who is staff of a store gets the page', { roles: ['member', 'admin'], staffStoreId: '650000000000000000000001' }, true],
  ['a clerk gets the page', { roles: ['member', 'staff'], staffStoreId: '650000000000000000000001' }, true],
])('needsStore: %s', async (_name, who, page) => {
  await signInAs(member(who));
  render(<PageGate needsStore={NO_STORE}>{content}</PageGate>);
  expect(shown().content).toBe(page);
  expect(document.getElementById('x-no-store') !== null).toBe(!page);
  if (!page) expect(shown().text).toContain('您是管理员，暂未归属门店');
});

test("the page's load: its loading text, then its error with a retry, then the content", async () => {
  await signInAs();
  const onRetry = jest.fn();
  const gate = (load: GateLoad) => (
    <PageGate load={load} loadingText='订单加载中…' errorId='x-error' onRetry={onRetry}>
      {content}
    </PageGate>
  );
  const { rerender } = render(gate({ status: 'loading' }));
  expect(shown().text).toContain('订单加载中…');
  rerender(gate({ status: 'error', message: '订单加载失败' }));
  expect(document.getElementById('x-error')?.textContent).toContain('订单加载失败');
  fireEvent.click(screen.getByText('重新加载'));
  expect(onRetry).toHaveBeenCalledTimes(1);
  rerender(gate({ status: 'ready' }));
  expect(shown().content).toBe(true);
});
