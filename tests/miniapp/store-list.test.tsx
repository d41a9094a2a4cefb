/** 首页 store list: loading → empty / items / error with retry. */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { StoreList } from '@/components/StoreList';
import IndexPage from '@/pages/index/index';
import { resetTaroMock, showToast } from './mocks/taro';
import { deferred, fail, ok, pathOf, serve, store, type Reply } from './support/http';

beforeEach(() => resetTaroMock());

test('shows loading, then the empty state when the chain has no stores', async () => {
  const reply = deferred<Reply>();
  const sent = serve(() => reply.promise);
  render(<StoreList />);
  const list = document.getElementById('store-list')!;
  expect(list.textContent).toContain('门店加载中');
  await act(async () => reply.resolve(ok({ items: [] })));
  expect(list.textContent).not.toContain('门店加载中');
  expect(screen.getByText('暂无门店')).toBeTruthy();
  expect(sent.map(pathOf)).toEqual(['/api/stores']);
  expect(sent[0].header.Authorization).toBeUndefined();
});

test('renders each store', async () => {
  const reply = deferred<Reply>();
  serve(() => reply.promise);
  render(<StoreList />);
  expect(screen.getByText('门店加载中…')).toBeTruthy();
  await act(async () =>
    reply.resolve(ok({ items: [store(), store({ id: '650000000000000000000002', code: 'BJ01', name: 'HomeClub 北京望京店', city: '北京' })] })),
  );
  const items = document.querySelectorAll('#store-list .store-item');
  expect(items).toHaveLength(2);
  expect(items[0].textContent).toContain('HomeClub 上海徐汇店');
  expect(items[1].id).toBe('store-BJ01');
  expect(screen.queryByText('暂无门店')).toBeNull();
});

test('a failure shows the server message and retry reloads', async () => {
  let calls = 0;
  serve(() => (++calls === 1 ? fail(503, 'SERVICE_UNAVAILABLE', '服务暂时不可用，请稍后再试') : ok({ items: [store()] })));
  render(<StoreList />);
  expect(await screen.findByText('服务暂时不可用，请稍后再试')).toBeTruthy();
  expect(showToast).not.toHaveBeenCalled(); // shown inline instead
  fireEvent.click(screen.getByText('重新加载'));
  expect(await screen.findByText('HomeClub 上海徐汇店')).toBeTruthy();
});

test('首页 shows the chain name, a welcome card and the store list', async () => {
  serve((req) => (pathOf(req) === '/api/stores' ? ok({ items: [store()] }) : ok({})));
  render(<IndexPage />);
  expect(screen.getByText('HomeClub 家居')).toBeTruthy();
  expect(screen.getByText('欢迎来到 HomeClub 家居')).toBeTruthy();
  expect(await screen.findByText('HomeClub 上海徐汇店')).toBeTruthy();
});
