/**
 * Login with an invite, H5 demo build: the app opened at
 * `#/pages/index/index?inviter=CODE` sends the inviter with its first login
 * (no scene number in a browser), once.
 */
// What Taro's platform-suffix resolution does in the H5 build:
jest.mock('@/platform/launch-invite', () => jest.requireActual('@/platform/launch-invite.h5'));
import { bootstrapSession, login, signOut } from '@/services/session';
import { getPendingInvite } from '@/services/invite';
import { resetTaroMock } from './mocks/taro';
import { ok, pathOf, serve, session, type SentRequest } from './support/http';
import { CODE } from './support/referrals';

const loginBodies = (sent: SentRequest[]) => sent.filter((r) => pathOf(r) === '/api/auth/login').map((r) => r.data);

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

afterEach(() => {
  window.history.replaceState(null, '', '/');
});

test('the link of a shared invite: the first login sends the inviter, the next does not', async () => {
  window.history.replaceState(null, '', `/#/pages/index/index?inviter=${CODE}`);
  const sent = serve(() => ok(session(1)));
  await bootstrapSession();
  expect(loginBodies(sent)).toEqual([{ code: 'wx-login-code', inviter: CODE }]);
  expect(getPendingInvite()).toBeNull();
  await signOut();
  await login();
  expect(loginBodies(sent)[1]).toEqual({ code: 'wx-login-code' });
});

test('an ordinary link sends no inviter', async () => {
  window.history.replaceState(null, '', '/#/pages/mine/index');
  const sent = serve(() => ok(session(1)));
  await bootstrapSession();
  expect(loginBodies(sent)).toEqual([{ code: 'wx-login-code' }]);
});
