import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { isLoopback } from '../../server/simulator/http';
import { createWechatClient } from '../../server/src/wechat/miniprogram';
import { createLogger } from '../../server/src/platform/logger';
import { startTestApp, TEST_APPID, TEST_SECRET, type TestApp } from '../support/app';
import { http, parallel } from '../support/http';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

const stats = async () => (await http(app.sim.url, 'GET', '/control/stats')).body.calls as Record<string, number>;

async function phoneCode(phone = '13800000000') {
  return (await http(app.sim.url, 'POST', '/control/phone-code', { body: { phoneNumber: phone } })).body.code as string;
}

test('the access token is fetched once and cached in the database for concurrent callers', async () => {
  const sessions = await parallel(12, () => app.login());
  const before = (await stats()).stable_token ?? 0;
  const codes = await parallel(12, (i) => phoneCode(`1380000${String(i).padStart(4, '0')}`));
  const results = await parallel(12, (i) => app.call('POST', '/api/auth/phone', { token: sessions[i].accessToken, body: { code: codes[i] } }));
  expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
  const after = (await stats()).stable_token ?? 0;
  expect(after - before).toBeLessThanOrEqual(1);
  const doc = await app.conn.collection('wechat_access_tokens').findOne({});
  expect(doc?.accessToken).toMatch(/^sim_/);
});

test('a 40001 (token invalidated at WeChat) triggers exactly one refresh, then succeeds', async () => {
  const s = await app.login();
  await phoneBind(s.accessToken); // warm the token
  await http(app.sim.url, 'POST', '/control/invalidate-token');
  const before = (await stats()).stable_token ?? 0;
  const res = await phoneBind(s.accessToken);
  expect(res.status).toBe(200);
  expect(((await stats()).stable_token ?? 0) - before).toBe(1);
});

async function phoneBind(token: string) {
  return app.call('POST', '/api/auth/phone', { token, body: { code: await phoneCode() } });
}

test('stable_token failing → WECHAT_UNAVAILABLE, then recovers', async () => {
  const s = await app.login();
  await http(app.sim.url, 'POST', '/control/invalidate-token');
  await http(app.sim.url, 'POST', '/control/faults', { body: { api: 'stable_token', mode: 'busy', times: 2 } });
  const failed = await phoneBind(s.accessToken);
  expect(failed.status).toBe(502);
  expect(failed.body.code).toBe('WECHAT_UNAVAILABLE');
  await http(app.sim.url, 'DELETE', '/control/faults');
  expect((await phoneBind(s.accessToken)).status).toBe(200);
});

test('a hanging WeChat API times out into WECHAT_UNAVAILABLE instead of hanging the request', async () => {
  await http(app.sim.url, 'POST', '/control/faults', { body: { api: 'jscode2session', mode: 'hang', times: 1 } });
  const { code } = (await http(app.sim.url, 'POST', '/control/login-code', { body: {} })).body;
  const started = Date.now();
  const res = await app.call('POST', '/api/auth/login', { body: { code } });
  expect(res.status).toBe(502);
  expect(res.body.code).toBe('WECHAT_UNAVAILABLE');
  expect(Date.now() - started).toBeLessThan(8000);
}, 20000);

describe('mini-program code (getwxacodeunlimit)', () => {
  test('returns a real PNG whose QR encodes the page and scene', async () => {
    const wechat = await makeClient();
    const png = await wechat.getUnlimitedQrCode({ scene: 'i=AB12CD', page: 'pages/index/index', width: 300 });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const img = PNG.sync.read(png);
    const decoded = jsQR(new Uint8ClampedArray(img.data), img.width, img.height);
    expect(decoded?.data).toContain('page=pages%2Findex%2Findex');
    expect(decoded?.data).toContain('scene=i%3DAB12CD');
  });

  test('scene over 32 characters or with bad characters is refused; unknown page → 41030', async () => {
    const wechat = await makeClient();
    await expect(wechat.getUnlimitedQrCode({ scene: 'x'.repeat(33), page: 'pages/index/index' })).rejects.toMatchObject({ errcode: 40169 });
    await expect(wechat.getUnlimitedQrCode({ scene: '中文', page: 'pages/index/index' })).rejects.toMatchObject({ errcode: 40169 });
    await expect(wechat.getUnlimitedQrCode({ scene: 'a=1', page: 'pages/nope/index' })).rejects.toMatchObject({ errcode: 41030 });
    await expect(wechat.getUnlimitedQrCode({ scene: 'x'.repeat(32), page: 'pages/index/index' })).resolves.toBeInstanceOf(Buffer);
  });
});

describe('subscribe messages', () => {
  test('43101 without consent; with one consent exactly one message is delivered', async () => {
    const wechat = await makeClient();
    const s = await app.login();
    const msg = { toUser: s.openid, templateId: 'TPL_BOOKING', page: 'pages/booking/index', data: { thing1: { value: '设计咨询' } } };
    expect(await wechat.sendSubscribeMessage(msg)).toEqual({ sent: false, reason: 'not_subscribed' });
    await http(app.sim.url, 'POST', '/control/subscribe', { body: { openid: s.openid, templateIds: ['TPL_BOOKING'] } });
    expect(await wechat.sendSubscribeMessage(msg)).toEqual({ sent: true });
    expect(await wechat.sendSubscribeMessage(msg)).toEqual({ sent: false, reason: 'not_subscribed' });
    const sent = (await http(app.sim.url, 'GET', `/control/messages?openid=${s.openid}`)).body.items;
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ templateId: 'TPL_BOOKING', data: { thing1: { value: '设计咨询' } } });
  });
});

test('the simulator checks appid and secret like WeChat', async () => {
  const badAppid = await fetch(`${app.sim.url}/sns/jscode2session?appid=wx0000000000000000&secret=x&js_code=y&grant_type=authorization_code`);
  expect((await badAppid.json()).errcode).toBe(40013);
  const badSecret = await fetch(`${app.sim.url}/sns/jscode2session?appid=wx0123456789abcdef&secret=wrong&js_code=y&grant_type=authorization_code`);
  expect((await badSecret.json()).errcode).toBe(40125);
});

test('the simulator serves loopback clients only', () => {
  expect(isLoopback('127.0.0.1')).toBe(true);
  expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
  expect(isLoopback('::1')).toBe(true);
  expect(isLoopback('127.8.9.10')).toBe(true);
  expect(isLoopback('192.168.1.20')).toBe(false);
  expect(isLoopback('::ffff:10.0.0.5')).toBe(false);
  expect(isLoopback('1270.0.0.1')).toBe(false);
  expect(isLoopback(undefined)).toBe(false);
});

async function makeClient() {
  return createWechatClient({ conn: app.conn, clock: app.clock, logger: createLogger('silent'), baseUrl: app.sim.url, appid: TEST_APPID, secret: TEST_SECRET }).client;
}
