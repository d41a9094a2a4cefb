/**
 * Silent login and the shared member state (weapp platform: Taro.login).
 */
import { bootstrapSession, bindPhone, getSessionState, login, signOut } from '@/services/session';
import { getAccessToken, getStoredMember, storeSession } from '@/services/storage';
import { login as wxLogin, resetTaroMock, showToast } from './mocks/taro';
import { fail, member, ok, pathOf, serve, session } from './support/http';

beforeEach(async () => {
  resetTaroMock();
  await signOut();
});

test('login: wx code → POST /api/auth/login, tokens and member stored, state ready', async () => {
  const sent = serve(() => ok({ ...session(1), isNew: true }));
  const m = await login();
  expect(wxLogin).toHaveBeenCalledTimes(1);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ method: 'POST', data: { code: 'wx-login-code' } });
  expect(pathOf(sent[0])).toBe('/api/auth/login');
  expect(m.nickname).toBe('林小雨');
  expect(getAccessToken()).toBe('access-1');
  expect(getStoredMember()).toEqual(member());
  expect(getSessionState()).toMatchObject({ status: 'ready', member: member() });
});

test('concurrent logins share one wx code and one request', async () => {
  const sent = serve(() => ok(session(1)));
  await Promise.all([login(), login(), login()]);
  expect(wxLogin).toHaveBeenCalledTimes(1);
  expect(sent).toHaveLength(1);
});

test('a failed login leaves an error state with the server message', async () => {
  serve(() => fail(403, 'AUTH_WECHAT_BLOCKED', '当前微信账号存在风险，暂时无法登录'));
  await expect(login()).rejects.toMatchObject({ code: 'AUTH_WECHAT_BLOCKED' });
  expect(getSessionState()).toMatchObject({ status: 'error', member: null, error: '当前微信账号存在风险，暂时无法登录' });
});

test('launch with a stored session refreshes the member via GET /api/me instead of logging in', async () => {
  storeSession(session(1));
  const sent = serve(() => ok(member({ nickname: '改过的昵称' })));
  await bootstrapSession();
  expect(wxLogin).not.toHaveBeenCalled();
  expect(sent.map(pathOf)).toEqual(['/api/me']);
  expect(getSessionState().member?.nickname).toBe('改过的昵称');
});

test('launch without a session logs in silently', async () => {
  const sent = serve(() => ok(session(1)));
  await bootstrapSession();
  expect(sent.map(pathOf)).toEqual(['/api/auth/login']);
  expect(getSessionState().status).toBe('ready');
});

test('bindPhone posts the code, updates the member and toasts 绑定成功', async () => {
  storeSession(session(1));
  const sent = serve(() => ok(member({ phoneMasked: '138****5678' })));
  await bindPhone('phone-code-1');
  expect(sent[0]).toMatchObject({ method: 'POST', data: { code: 'phone-code-1' } });
  expect(pathOf(sent[0])).toBe('/api/auth/phone');
  expect(getSessionState().member?.phoneMasked).toBe('138****5678');
  expect(getStoredMember()?.phoneMasked).toBe('138****5678');
  expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '绑定成功' }));
});

test('signOut revokes the refresh token and forgets the member', async () => {
  storeSession(session(1));
  const sent = serve(() => ok({ ok: true }));
  await signOut();
  expect(pathOf(sent[0])).toBe('/api/auth/logout');
  expect(sent[0].data).toEqual({ refreshToken: session(1).refreshToken });
  expect(getAccessToken()).toBeNull();
  expect(getSessionState().member).toBeNull();
});
