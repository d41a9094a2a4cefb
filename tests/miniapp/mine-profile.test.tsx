/**
 * 我的 → 会员资料: 生日 is set once (date picker, then a confirmation), after
 * which it is only shown; 常去门店 and 所在城市 pick from the chain's stores.
 */
import { act, fireEvent, render } from '@testing-library/react';
import type { MemberCard } from '@homeclub/shared';
import MinePage from '@/pages/mine/index';
import { login, signOut } from '@/services/session';
import { resetTaroMock, showModal, showToast } from './mocks/taro';
import { fail, member, memberCard, ok, pathOf, serve, session, store, type Reply, type SentRequest } from './support/http';

const STORES = [
  store(),
  store({ id: '650000000000000000000002', code: 'SH02', name: 'HomeClub 上海浦东店', city: '上海' }),
  store({ id: '650000000000000000000003', code: 'HZ01', name: 'HomeClub 杭州西湖店', city: '杭州' }),
];

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

/** A server holding one card; birthday and profile writes change it like the real one would. */
async function renderWith(initial: MemberCard, override: (req: SentRequest) => Reply | null = () => null) {
  let card = initial;
  const sent = serve((req) => {
    const special = override(req);
    if (special) return special;
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1));
    if (path === '/api/me') return ok(member());
    if (path === '/api/member/card') return ok(card);
    if (path === '/api/stores') return ok({ items: STORES });
    if (path === '/api/member/birthday') {
      if (card.birthday) return fail(409, 'BIRTHDAY_ALREADY_SET', '生日已设置，不可修改');
      card = { ...card, birthday: (req.data as { birthday: string }).birthday };
      return ok(card);
    }
    if (path === '/api/member/profile') {
      card = { ...card, ...(req.data as Partial<MemberCard>) };
      return ok(card);
    }
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
  await act(async () => {
    await login();
  });
  render(<MinePage />);
  await settle();
  return sent;
}

/** What choosing in a picker does (see mocks/components.tsx). */
function pick(pickerId: string, value: string | number) {
  const input = document.querySelector(`#${pickerId} input[data-picker]`);
  if (!input) throw new Error(`no picker #${pickerId}`);
  fireEvent.change(input, { target: { value: String(value) } });
}

const text = (id: string) => document.getElementById(id)?.textContent ?? null;

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

/** A month that is not the current one in China (the 1st of it, 1990), and one in the current month. */
const chinaMonth = new Date(Date.now() + 8 * 3600_000).getUTCMonth() + 1;
const OTHER_MONTH_BIRTHDAY = `1990-${String((chinaMonth % 12) + 1).padStart(2, '0')}-20`;
const THIS_MONTH_BIRTHDAY = `1990-${String(chinaMonth).padStart(2, '0')}-01`;

describe('生日', () => {
  test('the rule is said; set during the birthday month the toast says the gift came', async () => {
    await renderWith(memberCard());
    expect(text('mine-birthday-rule')).toBe('生日礼每年一次：生日当月设置，当年礼遇立即发放；其他月份设置的，在生日月自动发放。');
    pick('mine-birthday', THIS_MONTH_BIRTHDAY);
    await settle();
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '生日礼已发放' }));
  });

  test('not set: a date picker; choosing asks for confirmation, saves once, then only shows the date', async () => {
    const sent = await renderWith(memberCard());
    const picker = document.getElementById('mine-birthday')!;
    expect(picker.getAttribute('data-picker-mode')).toBe('date');
    expect(picker.getAttribute('data-picker-end')).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    pick('mine-birthday', OTHER_MONTH_BIRTHDAY);
    await settle();
    expect(showModal).toHaveBeenCalledTimes(1);
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '生日设置后不可修改，确定吗？' }));
    const writes = sent.filter((r) => pathOf(r) === '/api/member/birthday');
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ method: 'POST', data: { birthday: OTHER_MONTH_BIRTHDAY } });
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '生日已设置' }));

    // set: shown, no picker any more
    expect(text('mine-birthday-value')).toBe(OTHER_MONTH_BIRTHDAY);
    expect(document.getElementById('mine-birthday')?.getAttribute('data-picker-mode')).toBeNull();
    expect(document.querySelector('#mine-birthday input[data-picker]')).toBeNull();
  });

  test('cancelling the confirmation sends nothing and keeps the picker', async () => {
    const sent = await renderWith(memberCard());
    showModal.mockImplementationOnce(() => Promise.resolve({ confirm: false, cancel: true }));
    pick('mine-birthday', '1990-05-20');
    await settle();
    expect(showModal).toHaveBeenCalledTimes(1);
    expect(sent.some((r) => pathOf(r) === '/api/member/birthday')).toBe(false);
    expect(document.getElementById('mine-birthday')?.getAttribute('data-picker-mode')).toBe('date');
  });

  test('already set on the server: shown without a picker', async () => {
    await renderWith(memberCard({ birthday: '1988-02-29' }));
    expect(text('mine-birthday')).toContain('1988-02-29');
    expect(document.querySelector('#mine-birthday input[data-picker]')).toBeNull();
  });

  test('a refusal from the server is toasted and the page shows what the server has', async () => {
    let cardLoads = 0;
    await renderWith(memberCard(), (req) => {
      const path = pathOf(req);
      if (path === '/api/member/birthday') return fail(409, 'BIRTHDAY_ALREADY_SET', '生日已设置，不可修改');
      if (path !== '/api/member/card') return null;
      cardLoads++;
      // meanwhile the birthday was set elsewhere
      return ok(cardLoads === 1 ? memberCard() : memberCard({ birthday: '1991-01-01' }));
    });
    pick('mine-birthday', '1990-05-20');
    await settle();
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '生日已设置，不可修改' }));
    expect(text('mine-birthday-value')).toBe('1991-01-01');
  });
});

describe('常去门店 and 所在城市', () => {
  test('pick a store and a city from the chain’s stores', async () => {
    const sent = await renderWith(memberCard());
    expect(text('mine-store-value')).toBe('未设置');
    expect(document.getElementById('mine-store')?.getAttribute('data-picker-range')).toBe(STORES.map((s) => s.name).join('|'));

    pick('mine-store', 2);
    await settle();
    const patch = sent.filter((r) => pathOf(r) === '/api/member/profile');
    expect(patch).toHaveLength(1);
    expect(patch[0]).toMatchObject({ method: 'PATCH', data: { preferredStoreId: STORES[2].id } });
    expect(text('mine-store-value')).toBe('HomeClub 杭州西湖店');

    expect(text('mine-city-value')).toBe('未设置');
    expect(document.getElementById('mine-city')?.getAttribute('data-picker-range')).toBe('上海|杭州');
    pick('mine-city', 1);
    await settle();
    expect(sent.filter((r) => pathOf(r) === '/api/member/profile')[1].data).toEqual({ homeCity: '杭州' });
    expect(text('mine-city-value')).toBe('杭州');
  });

  test('choosing the current store again sends nothing', async () => {
    const sent = await renderWith(memberCard({ preferredStoreId: STORES[0].id, homeCity: '上海' }));
    expect(text('mine-store-value')).toBe('HomeClub 上海徐汇店');
    expect(text('mine-city-value')).toBe('上海');
    pick('mine-store', 0);
    pick('mine-city', 0);
    await settle();
    expect(sent.some((r) => pathOf(r) === '/api/member/profile')).toBe(false);
  });

  test('stores failing to load: the birthday still works and the store cell offers a retry', async () => {
    let storesDown = true;
    await renderWith(memberCard(), (req) =>
      pathOf(req) === '/api/stores' && storesDown ? fail(503, 'UNAVAILABLE', '服务暂不可用') : null,
    );
    expect(document.getElementById('mine-store')).toBeNull();
    expect(document.getElementById('mine-birthday')?.getAttribute('data-picker-mode')).toBe('date');
    storesDown = false;
    fireEvent.click(Array.from(document.querySelectorAll('#mine-profile .cell')).find((c) => c.textContent?.includes('点击重试'))!);
    await settle();
    expect(text('mine-store-value')).toBe('未设置');
  });
});
