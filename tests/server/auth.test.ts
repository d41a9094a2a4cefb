import { memberModel } from '../../server/src/members/model';
import { startTestApp, type TestApp } from '../support/app';
import { http, parallel } from '../support/http';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

async function mintCode(openid?: string): Promise<{ code: string; openid: string }> {
  return (await http(app.sim.url, 'POST', '/control/login-code', { body: openid ? { openid } : {} })).body;
}

describe('login', () => {
  test('first login creates the member, the next one finds it', async () => {
    const first = await app.login();
    expect(first.isNew).toBe(true);
    expect(first.member.roles).toEqual(['member']);
    expect(first.member.phoneMasked).toBeNull();
    expect(first.member.nickname).toMatch(/^会员\d{4}$/);
    const again = await app.login(first.openid);
    expect(again.isNew).toBe(false);
    expect(again.member.id).toBe(first.member.id);
    const me = await app.call('GET', '/api/me', { token: again.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(first.member.id);
  });

  test('a reused code is rejected with AUTH_CODE_INVALID and creates nothing', async () => {
    const { code, openid } = await mintCode();
    const ok = await app.call('POST', '/api/auth/login', { body: { code } });
    expect(ok.status).toBe(200);
    const before = await memberModel(app.conn).countDocuments();
    const reuse = await app.call('POST', '/api/auth/login', { body: { code } });
    expect(reuse.status).toBe(400);
    expect(reuse.body.code).toBe('AUTH_CODE_INVALID');
    expect(reuse.body.message).toMatch(/登录/);
    expect(reuse.body.requestId).toBeTruthy();
    expect(await memberModel(app.conn).countDocuments()).toBe(before);
    expect(await memberModel(app.conn).countDocuments({ openid })).toBe(1);
  });

  test('an unknown code is rejected and no member is created', async () => {
    const before = await memberModel(app.conn).countDocuments();
    const res = await app.call('POST', '/api/auth/login', { body: { code: 'not-a-real-code' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('AUTH_CODE_INVALID');
    expect(await memberModel(app.conn).countDocuments()).toBe(before);
  });

  test('20 concurrent first logins of one openid create exactly one member', async () => {
    const openid = `oRace${Date.now()}abcdefghijklmnop`;
    const codes = await parallel(20, () => mintCode(openid));
    const results = await parallel(20, (i) => app.call('POST', '/api/auth/login', { body: { code: codes[i].code } }));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await memberModel(app.conn).countDocuments({ openid })).toBe(1);
    expect(new Set(results.map((r) => r.body.member.id)).size).toBe(1);
    expect(results.filter((r) => r.body.isNew)).toHaveLength(1);
  });

  test('WeChat busy → WECHAT_UNAVAILABLE (502), rate limit → RATE_LIMITED, risky user → AUTH_WECHAT_BLOCKED', async () => {
    for (const [mode, status, code] of [
      ['busy', 502, 'WECHAT_UNAVAILABLE'],
      ['rate_limit', 429, 'RATE_LIMITED'],
      ['risky', 403, 'AUTH_WECHAT_BLOCKED'],
      ['http500', 502, 'WECHAT_UNAVAILABLE'],
    ] as const) {
      await http(app.sim.url, 'POST', '/control/faults', { body: { api: 'jscode2session', mode, times: 1 } });
      const { code: wxCode } = await mintCode();
      const res = await app.call('POST', '/api/auth/login', { body: { code: wxCode } });
      expect({ mode, status: res.status, code: res.body.code }).toEqual({ mode, status, code });
    }
  });
});

describe('phone binding', () => {
  test('binds the phone from a getPhoneNumber code and shows it masked', async () => {
    const s = await app.login();
    const { body } = await http(app.sim.url, 'POST', '/control/phone-code', { body: { phoneNumber: '13812345678' } });
    const res = await app.call('POST', '/api/auth/phone', { token: s.accessToken, body: { code: body.code } });
    expect(res.status).toBe(200);
    expect(res.body.phoneMasked).toBe('138****5678');
    expect(JSON.stringify(res.body)).not.toContain('13812345678');
    const stored = await memberModel(app.conn).findById(s.member.id).lean();
    expect(stored!.phone).toBe('13812345678');
    // The code is single use.
    const again = await app.call('POST', '/api/auth/phone', { token: s.accessToken, body: { code: body.code } });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('PHONE_CODE_INVALID');
  });

  test('GET /api/me/phone gives the member their own full number (booking form prefill), nobody else', async () => {
    const s = await app.login();
    expect((await app.call('GET', '/api/me/phone', { token: s.accessToken })).body).toEqual({ phone: null });
    const { body } = await http(app.sim.url, 'POST', '/control/phone-code', { body: { phoneNumber: '13900001111' } });
    await app.call('POST', '/api/auth/phone', { token: s.accessToken, body: { code: body.code } });
    expect((await app.call('GET', '/api/me/phone', { token: s.accessToken })).body).toEqual({ phone: '13900001111' });
    const other = await app.login();
    expect((await app.call('GET', '/api/me/phone', { token: other.accessToken })).body).toEqual({ phone: null });
    expect((await app.call('GET', '/api/me/phone')).status).toBe(401);
  });

  test('requires a signed-in member', async () => {
    const res = await app.call('POST', '/api/auth/phone', { body: { code: 'x' } });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH_REQUIRED');
  });
});

describe('tokens', () => {
  test('an expired access token gets AUTH_TOKEN_EXPIRED; refresh gives a working one', async () => {
    const s = await app.login();
    app.clock.travel((app.config.ACCESS_TOKEN_TTL_SECONDS + 5) * 1000);
    const expired = await app.call('GET', '/api/me', { token: s.accessToken });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('AUTH_TOKEN_EXPIRED');
    const refreshed = await app.call('POST', '/api/auth/refresh', { body: { refreshToken: s.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(s.refreshToken);
    const me = await app.call('GET', '/api/me', { token: refreshed.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(s.member.id);
  });

  test('a refresh token works once; reusing it revokes the whole session', async () => {
    const s = await app.login();
    const r1 = await app.call('POST', '/api/auth/refresh', { body: { refreshToken: s.refreshToken } });
    expect(r1.status).toBe(200);
    const reuse = await app.call('POST', '/api/auth/refresh', { body: { refreshToken: s.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('AUTH_REFRESH_INVALID');
    // The stolen-token signal revoked the family: the newer refresh token and its access token die too.
    const r2 = await app.call('POST', '/api/auth/refresh', { body: { refreshToken: r1.body.refreshToken } });
    expect(r2.status).toBe(401);
    const me = await app.call('GET', '/api/me', { token: r1.body.accessToken });
    expect(me.status).toBe(401);
  });

  test('concurrent refreshes with one token: exactly one wins', async () => {
    const s = await app.login();
    const results = await parallel(10, () => app.call('POST', '/api/auth/refresh', { body: { refreshToken: s.refreshToken } }));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(9);
  });

  test('bad refresh token → 401 AUTH_REFRESH_INVALID; malformed → 400', async () => {
    const bad = await app.call('POST', '/api/auth/refresh', { body: { refreshToken: 'x'.repeat(43) } });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('AUTH_REFRESH_INVALID');
    const malformed = await app.call('POST', '/api/auth/refresh', { body: { refreshToken: 1 } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
  });

  test('tampered or foreign access tokens are rejected', async () => {
    const s = await app.login();
    const [v, payload, sig] = s.accessToken.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: '0'.repeat(24) })).toString('base64url');
    for (const token of [`${v}.${forged}.${sig}`, 'garbage', `${s.accessToken}x`]) {
      const res = await app.call('GET', '/api/me', { token });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH_TOKEN_INVALID');
    }
  });

  test('logout revokes the refresh token', async () => {
    const s = await app.login();
    expect((await app.call('POST', '/api/auth/logout', { body: { refreshToken: s.refreshToken } })).status).toBe(200);
    const r = await app.call('POST', '/api/auth/refresh', { body: { refreshToken: s.refreshToken } });
    expect(r.status).toBe(401);
  });
});
