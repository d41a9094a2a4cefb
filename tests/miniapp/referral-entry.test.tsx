/**
 * The ways into 邀请有礼 and 报备: 首页 shows the invite banner when opened with
 * `?inviter=CODE` or a poster's `scene=i%3DCODE` (and nothing without), 首页 and
 * 我的 link to 邀请有礼, the staff home links to 合伙人报备.
 */
import { act, fireEvent, render } from '@testing-library/react';
import IndexPage from '@/pages/index/index';
import MinePage from '@/pages/mine/index';
import StaffHomePage from '@/pages-staff/home/index';
import { login, signOut } from '@/services/session';
import { navigateTo, resetTaroMock, setRouterParams } from './mocks/taro';
import { fail, member, ok, pathOf, serve, session, store, type SentRequest } from './support/http';
import { CODE, landing } from './support/referrals';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

function serveAll(): SentRequest[] {
  const staff = member({ roles: ['member', 'staff'], staffStoreId: store().id });
  return serve((req) => {
    const path = pathOf(req);
    if (path === '/api/auth/login') return ok(session(1, staff));
    if (path.startsWith('/api/invites/')) return ok(landing());
    if (path === '/api/staff/me') return ok({ member: staff, store: store() });
    if (path === '/api/stores') return ok({ items: [store()] });
    return fail(404, 'NOT_FOUND', '请求的内容不存在');
  });
}

const el = (id: string) => document.getElementById(id);
const landings = (sent: SentRequest[]) => sent.filter((r) => pathOf(r).startsWith('/api/invites/')).map(pathOf);

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

test('首页 opened from a shared card shows who invites and the welcome coupon', async () => {
  const sent = serveAll();
  setRouterParams({ inviter: CODE });
  render(<IndexPage />);
  await settle();
  expect(landings(sent)).toEqual([`/api/invites/${CODE}`]);
  expect(el('invite-banner-title')?.textContent).toBe('林** 邀请你加入 HomeClub 家居会员');
  expect(el('invite-banner-coupon')).not.toBeNull();
});

test('an already registered member opening an invite is not told 「注册会员即享」 nor promised the new-member gift', async () => {
  serveAll();
  await act(async () => {
    await login();
  });
  setRouterParams({ inviter: CODE });
  render(<IndexPage />);
  await settle();
  expect(el('invite-banner-desc')?.textContent).toBe('你已是会员，邀请好友也能得奖励，去「邀请有礼」看看');
  expect(el('invite-banner-coupon')).toBeNull();
});

test('首页 opened by scanning a poster (scene=i%3DCODE) shows the banner too', async () => {
  const sent = serveAll();
  setRouterParams({ scene: `i%3D${CODE}` });
  render(<IndexPage />);
  await settle();
  expect(landings(sent)).toEqual([`/api/invites/${CODE}`]);
  expect(el('invite-banner')).not.toBeNull();
});

test('首页 without an invite: no banner, no landing request; the 邀请有礼 entry opens the page', async () => {
  const sent = serveAll();
  render(<IndexPage />);
  await settle();
  expect(landings(sent)).toEqual([]);
  expect(el('invite-banner')).toBeNull();
  fireEvent.click(el('home-invite-entry')!);
  expect(navigateTo).toHaveBeenCalledWith({ url: '/pages-referral/invite/index' });
});

test('我的 links to 邀请有礼', async () => {
  serveAll();
  render(<MinePage />);
  await settle();
  fireEvent.click(el('mine-invite')!);
  expect(navigateTo).toHaveBeenCalledWith({ url: '/pages-referral/invite/index' });
});

test('the staff home links to 合伙人报备', async () => {
  serveAll();
  await act(async () => {
    await login();
  });
  render(<StaffHomePage />);
  await settle();
  const entry = el('staff-lead-entry')!;
  expect(entry.textContent).toContain('合伙人报备');
  fireEvent.click(entry);
  expect(navigateTo).toHaveBeenCalledWith({ url: '/pages-staff/lead/index' });
});
