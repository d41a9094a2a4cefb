/**
 * Login with an invite: the launch that came through a shared card or a
 * poster code remembers the inviter (weapp: wx.getLaunchOptionsSync(); H5:
 * the URL's hash query); every login sends it — with the entry scene number
 * on WeChat — until one succeeds, then it is dropped (sent once). A malformed
 * invite is never sent, and one the server refuses never blocks the login.
 */
import { bootstrapSession, captureLaunchInvite, login, signOut } from '@/services/session';
import { getPendingInvite, PENDING_INVITE_KEY, storePendingInvite } from '@/services/invite';
import { readLaunchInvite as readH5LaunchInvite } from '@/platform/launch-invite.h5';
import { resetTaroMock, setStorageSync, storageSnapshot } from './mocks/taro';
import { fail, ok, pathOf, serve, session, type SentRequest } from './support/http';
import { CODE, installTaroExtras, type TaroExtras } from './support/referrals';

let extras: TaroExtras;

const loginBodies = (sent: SentRequest[]) => sent.filter((r) => pathOf(r) === '/api/auth/login').map((r) => r.data);

function launchWith(query: Record<string, unknown>, scene = 1007) {
  extras.getLaunchOptionsSync.mockReturnValue({ path: 'pages/index/index', query, scene, referrerInfo: {} });
}

beforeEach(async () => {
  resetTaroMock();
  extras = installTaroExtras();
  await signOut();
});

afterEach(() => {
  window.history.replaceState(null, '', '/');
});

test('opened from a shared card: the first login sends inviter and scene, later logins do not', async () => {
  launchWith({ inviter: CODE }, 1007);
  const sent = serve(() => ok({ ...session(1), isNew: true }));
  await bootstrapSession();
  expect(loginBodies(sent)).toEqual([{ code: 'wx-login-code', inviter: CODE, scene: 1007 }]);
  expect(getPendingInvite()).toBeNull();
  expect(storageSnapshot()[PENDING_INVITE_KEY]).toBeUndefined();

  await signOut();
  await login();
  expect(loginBodies(sent)[1]).toEqual({ code: 'wx-login-code' });
});

test('opened by scanning a poster code: the scene query gives the inviter, the scene number goes along', async () => {
  launchWith({ scene: `i%3D${CODE}` }, 1047);
  const sent = serve(() => ok(session(1)));
  await bootstrapSession();
  expect(loginBodies(sent)).toEqual([{ code: 'wx-login-code', inviter: CODE, scene: 1047 }]);
});

test('an ordinary launch sends no inviter', async () => {
  launchWith({}, 1001);
  const sent = serve(() => ok(session(1)));
  await bootstrapSession();
  expect(loginBodies(sent)).toEqual([{ code: 'wx-login-code' }]);
});

test('a failed login keeps the invite; the next (successful) login sends it, then it is gone', async () => {
  launchWith({ inviter: CODE }, 1007);
  let answer = fail(503, 'SERVICE_UNAVAILABLE', '服务繁忙，请稍后重试');
  const sent = serve(() => answer);
  await bootstrapSession();
  expect(getPendingInvite()).toEqual({ inviter: CODE, scene: 1007 });

  answer = ok(session(1));
  await login();
  expect(loginBodies(sent)).toEqual([
    { code: 'wx-login-code', inviter: CODE, scene: 1007 },
    { code: 'wx-login-code', inviter: CODE, scene: 1007 },
  ]);
  expect(getPendingInvite()).toBeNull();
});

test('the invite survives an app restart (storage) until a login succeeds', async () => {
  storePendingInvite({ inviter: CODE.toLowerCase(), scene: 1047 });
  launchWith({}, 1001); // reopened from the recent list: no invite this time
  const sent = serve(() => ok(session(1)));
  await bootstrapSession();
  expect(loginBodies(sent)).toEqual([{ code: 'wx-login-code', inviter: CODE, scene: 1047 }]);
});

test('a newer invite replaces an older one', async () => {
  storePendingInvite({ inviter: 'ABCD' });
  launchWith({ inviter: CODE }, 1007);
  captureLaunchInvite();
  expect(getPendingInvite()).toEqual({ inviter: CODE, scene: 1007 });
});

test('malformed invites are never sent (the login would refuse them)', async () => {
  launchWith({ inviter: 'not-a-code!' }, 1007);
  const sent = serve(() => ok(session(1)));
  await bootstrapSession();
  expect(loginBodies(sent)).toEqual([{ code: 'wx-login-code' }]);
  // a corrupted stored value is ignored too
  await signOut();
  setStorageSync(PENDING_INVITE_KEY, '{"inviter":"0O1I"');
  await login();
  expect(loginBodies(sent)[1]).toEqual({ code: 'wx-login-code' });
});

test('an invite the server refuses as invalid is dropped and the login retried without it', async () => {
  storePendingInvite({ inviter: CODE, scene: 1007 });
  const sent = serve((req) =>
    (req.data as { inviter?: string }).inviter
      ? { status: 400, body: { code: 'VALIDATION_FAILED', message: '提交的信息有误，请检查后重试', requestId: 'r1', fields: [{ path: 'body.inviter', message: 'Invalid' }] } }
      : ok(session(1)),
  );
  const m = await login();
  expect(m.nickname).toBe('林小雨');
  expect(loginBodies(sent)).toEqual([{ code: 'wx-login-code', inviter: CODE, scene: 1007 }, { code: 'wx-login-code' }]);
  expect(getPendingInvite()).toBeNull();
});

test('other validation failures are not retried and keep the invite', async () => {
  storePendingInvite({ inviter: CODE });
  const sent = serve(() => ({
    status: 400,
    body: { code: 'VALIDATION_FAILED', message: '提交的信息有误，请检查后重试', requestId: 'r1', fields: [{ path: 'body.code', message: 'Invalid' }] },
  }));
  await expect(login()).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  expect(loginBodies(sent)).toHaveLength(1);
  expect(getPendingInvite()).toEqual({ inviter: CODE });
});

test('without the launch-options API (older base library) the login still works', async () => {
  extras.getLaunchOptionsSync.mockImplementation(() => {
    throw new Error('getLaunchOptionsSync is not a function');
  });
  const sent = serve(() => ok(session(1)));
  await bootstrapSession();
  expect(loginBodies(sent)).toEqual([{ code: 'wx-login-code' }]);
});

test('H5: the invite comes from the URL hash query (no scene number in a browser)', () => {
  window.history.replaceState(null, '', `/#/pages/index/index?inviter=${CODE.toLowerCase()}`);
  expect(readH5LaunchInvite()).toEqual({ inviter: CODE });
  window.history.replaceState(null, '', `/#/pages/index/index?scene=i%3D${CODE}`);
  expect(readH5LaunchInvite()).toEqual({ inviter: CODE });
  window.history.replaceState(null, '', `/?inviter=${CODE}#/pages/index/index`);
  expect(readH5LaunchInvite()).toEqual({ inviter: CODE });
  window.history.replaceState(null, '', '/#/pages/index/index?x=1');
  expect(readH5LaunchInvite()).toBeNull();
});
