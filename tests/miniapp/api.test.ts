/**
 * The API client: URLs from the contract, bearer token, error toasts with the
 * server's Chinese message, and single-flight token refresh.
 */
import { ApiError, buildUrl, call, configureAuth, NETWORK_ERROR } from '@/services/api';
import { getAccessToken, getRefreshToken, storeSession } from '@/services/storage';
import { resetTaroMock, showToast, storageSnapshot } from './mocks/taro';
import { bearer, deferred, fail, member, ok, pathOf, serve, session, store } from './support/http';

const MEMBER_ID = '64b7f0c2a1b2c3d4e5f60718';
const loginHook = jest.fn(() => Promise.resolve());
const onSession = jest.fn();
const onCleared = jest.fn();

beforeEach(() => {
  resetTaroMock();
  loginHook.mockReset().mockImplementation(() => Promise.resolve());
  onSession.mockReset();
  onCleared.mockReset();
  configureAuth({ login: loginHook, onSession, onCleared });
});

describe('URLs from the contract', () => {
  test('substitutes and encodes path params, appends defined query values', () => {
    expect(buildUrl('adminRemoveStaff', { memberId: MEMBER_ID })).toBe(`/api/admin/staff/${MEMBER_ID}`);
    expect(buildUrl('adminRemoveStaff', { memberId: 'a/b c' })).toBe('/api/admin/staff/a%2Fb%20c');
    expect(buildUrl('adminFindMembers', {}, { phone: '13812345678', memberId: undefined })).toBe(
      '/api/admin/members?phone=13812345678',
    );
    expect(buildUrl('adminFindMembers', {}, { phone: '', memberId: MEMBER_ID })).toBe(
      `/api/admin/members?memberId=${MEMBER_ID}`,
    );
    expect(buildUrl('stores')).toBe('/api/stores');
  });

  test('a missing path param is a programming error', () => {
    expect(() => buildUrl('adminRemoveStaff', {})).toThrow(/memberId/);
  });

  test('sends method, path and the bearer token for member routes', async () => {
    storeSession(session(1));
    const sent = serve(() => ok({ ok: true }));
    await expect(call('adminRemoveStaff', { params: { memberId: MEMBER_ID } })).resolves.toEqual({ ok: true });
    expect(sent).toHaveLength(1);
    expect(sent[0].method).toBe('DELETE');
    expect(pathOf(sent[0])).toBe(`/api/admin/staff/${MEMBER_ID}`);
    expect(sent[0].header.Authorization).toBe('Bearer access-1');
  });

  test('GET with query keeps the query in the URL and sends no body', async () => {
    storeSession(session(1));
    const sent = serve(() => ok({ items: [] }));
    await call('adminFindMembers', { query: { phone: '13812345678' } });
    expect(sent[0].method).toBe('GET');
    expect(pathOf(sent[0])).toBe('/api/admin/members?phone=13812345678');
    expect(sent[0].data).toBeUndefined();
  });

  test('public routes send no token; bodies are JSON', async () => {
    storeSession(session(1));
    const sent = serve((req) => (pathOf(req) === '/api/stores' ? ok({ items: [store()] }) : ok(session(2))));
    const stores = await call('stores');
    expect(stores.items[0].name).toBe('HomeClub 上海徐汇店');
    await call('login', { body: { code: 'abc' } });
    expect(sent.map((r) => r.header.Authorization)).toEqual([undefined, undefined]);
    expect(sent[1]).toMatchObject({ method: 'POST', data: { code: 'abc' } });
    expect(sent[1].header['Content-Type']).toBe('application/json');
  });
});

describe('errors', () => {
  test('throws ApiError with the server code and shows its Chinese message', async () => {
    storeSession(session(1));
    serve(() => fail(403, 'ROLE_REQUIRED', '该功能仅限门店员工或管理员使用'));
    const err = await call('staffMe').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'ROLE_REQUIRED', status: 403, requestId: 'req-test-1' });
    expect(showToast).toHaveBeenCalledTimes(1);
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该功能仅限门店员工或管理员使用', icon: 'none' }));
  });

  test('keeps validation field errors', async () => {
    serve(() => ({
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: '提交的信息有误，请检查后重试', requestId: 'r', fields: [{ path: 'code', message: 'code is required' }] },
    }));
    const err = (await call('login', { body: { code: ' ' } }).catch((e: unknown) => e)) as ApiError;
    expect(err.fields).toEqual([{ path: 'code', message: 'code is required' }]);
  });

  test('toast: false leaves the message to the caller', async () => {
    serve(() => fail(400, 'AUTH_CODE_INVALID', '登录凭证无效或已使用，请重新登录'));
    await expect(call('login', { body: { code: 'used' }, toast: false })).rejects.toMatchObject({ code: 'AUTH_CODE_INVALID' });
    expect(showToast).not.toHaveBeenCalled();
  });

  test('a network failure becomes NETWORK_ERROR with a Chinese message', async () => {
    serve(() => Promise.reject(new Error('request:fail')));
    await expect(call('stores')).rejects.toMatchObject({ code: NETWORK_ERROR, status: 0 });
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络连接失败，请检查网络后重试' }));
  });

  test('a non-JSON error answer still gives a Chinese message', async () => {
    serve(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    await expect(call('stores')).rejects.toMatchObject({ status: 502, message: '系统繁忙，请稍后再试' });
  });
});

describe('token refresh', () => {
  const expired = fail(401, 'AUTH_TOKEN_EXPIRED', '登录已过期，请重新登录');

  test('two concurrent 401 AUTH_TOKEN_EXPIRED share exactly one refresh, then both retries succeed', async () => {
    storeSession(session(1));
    const refreshReply = deferred<void>();
    const sent = serve(async (req) => {
      if (pathOf(req) === '/api/auth/refresh') {
        await refreshReply.promise; // hold the refresh so both 401s arrive while it is pending
        return req.data && (req.data as { refreshToken: string }).refreshToken === session(1).refreshToken
          ? ok(session(2))
          : fail(401, 'AUTH_REFRESH_INVALID', '登录状态已失效，请重新登录');
      }
      if (bearer(req) === 'access-2') return pathOf(req) === '/api/me' ? ok(member()) : ok({ member: member(), store: store() });
      return expired;
    });

    const both = Promise.all([call('me'), call('staffMe')]);
    await new Promise((r) => setTimeout(r, 10));
    refreshReply.resolve();
    const [me, staff] = await both;

    expect(me.nickname).toBe('林小雨');
    expect(staff.store.code).toBe('SH01');
    const refreshes = sent.filter((r) => pathOf(r) === '/api/auth/refresh');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0].data).toEqual({ refreshToken: session(1).refreshToken });
    expect(sent.filter((r) => bearer(r) === 'access-2').map(pathOf).sort()).toEqual(['/api/me', '/api/staff/me']);
    expect(getAccessToken()).toBe('access-2');
    expect(getRefreshToken()).toBe(session(2).refreshToken);
    expect(onSession).toHaveBeenCalledTimes(1);
    expect(showToast).not.toHaveBeenCalled();
  });

  test('a 401 that arrives after the refresh finished retries with the new token, without a second refresh', async () => {
    storeSession(session(1));
    const lateReply = deferred<void>();
    const sent = serve(async (req) => {
      if (pathOf(req) === '/api/auth/refresh') return ok(session(2));
      if (bearer(req) === 'access-2') return ok(member());
      if (pathOf(req) === '/api/stores') return ok({ items: [] });
      if (req === sent[1]) await lateReply.promise; // the second call's 401 is slow
      return expired;
    });

    const first = call('me');
    const second = call('me');
    await first; // refresh done, token rotated
    lateReply.resolve();
    await second;

    expect(sent.filter((r) => pathOf(r) === '/api/auth/refresh')).toHaveLength(1);
    expect(sent.map(bearer)).toEqual(['access-1', 'access-1', undefined, 'access-2', 'access-2']);
  });

  test('a failed refresh clears the session and logs in again silently, then retries', async () => {
    storeSession(session(1));
    loginHook.mockImplementation(async () => {
      expect(storageSnapshot()).toEqual({}); // cleared before the new login
      storeSession(session(3));
    });
    const sent = serve((req) => {
      if (pathOf(req) === '/api/auth/refresh') return fail(401, 'AUTH_REFRESH_INVALID', '登录状态已失效，请重新登录');
      return bearer(req) === 'access-3' ? ok(member({ nickname: '新会话' })) : expired;
    });

    await expect(call('me')).resolves.toMatchObject({ nickname: '新会话' });
    expect(onCleared).toHaveBeenCalledTimes(1);
    expect(loginHook).toHaveBeenCalledTimes(1);
    expect(sent.map(pathOf)).toEqual(['/api/me', '/api/auth/refresh', '/api/me']);
    expect(getAccessToken()).toBe('access-3');
  });

  test('when refresh and re-login both fail, the session stays cleared and the error is shown', async () => {
    storeSession(session(1));
    loginHook.mockImplementation(() =>
      Promise.reject(new ApiError('WECHAT_UNAVAILABLE', '微信服务暂时不可用，请稍后再试', 502)),
    );
    serve((req) =>
      pathOf(req) === '/api/auth/refresh' ? fail(401, 'AUTH_REFRESH_INVALID', '登录状态已失效，请重新登录') : expired,
    );

    await expect(call('me')).rejects.toMatchObject({ code: 'WECHAT_UNAVAILABLE' });
    expect(getAccessToken()).toBeNull();
    expect(getRefreshToken()).toBeNull();
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '微信服务暂时不可用，请稍后再试' }));
  });

  test('a refresh that cannot reach the server keeps the session', async () => {
    storeSession(session(1));
    serve((req) => (pathOf(req) === '/api/auth/refresh' ? Promise.reject(new Error('offline')) : expired));
    await expect(call('me')).rejects.toMatchObject({ code: NETWORK_ERROR });
    expect(getRefreshToken()).toBe(session(1).refreshToken);
    expect(loginHook).not.toHaveBeenCalled();
  });

  test('only one retry: a second 401 after refreshing is reported', async () => {
    storeSession(session(1));
    const sent = serve((req) => (pathOf(req) === '/api/auth/refresh' ? ok(session(2)) : expired));
    await expect(call('me')).rejects.toMatchObject({ code: 'AUTH_TOKEN_EXPIRED' });
    expect(sent.map(pathOf)).toEqual(['/api/me', '/api/auth/refresh', '/api/me']);
  });

  test('without a session, member routes log in first', async () => {
    loginHook.mockImplementation(async () => storeSession(session(5)));
    const sent = serve((req) => (bearer(req) === 'access-5' ? ok(member()) : fail(401, 'AUTH_REQUIRED', '请先登录')));
    await call('me');
    expect(loginHook).toHaveBeenCalledTimes(1);
    expect(sent).toHaveLength(1);
  });
});
