/**
 * Two app instances on one database and one WeChat simulator, as behind a
 * load balancer: login race, token refresh and the job scheduler must hold
 * across instances (nothing in process memory decides correctness).
 */
import { memberModel } from '../../server/src/members/model';
import { jobModel } from '../../server/src/platform/jobs/model';
import { startSimulator, startTestApp, type RunningSim, type TestApp } from '../support/app';
import { testDbUri, dropTestDb } from '../support/db';
import { http, parallel } from '../support/http';
import { aesGcmEncrypt, responseMessage, signRsa } from '../../server/src/wechat/pay/crypto';
import { intentModel } from '../../server/src/payments/model';

let sim: RunningSim;
let a: TestApp;
let b: TestApp;
const dbUri = testDbUri('multi');

beforeAll(async () => {
  sim = await startSimulator();
  a = await startTestApp({ sim, dbUri, instanceId: 'instance-a' });
  b = await startTestApp({ sim, dbUri, instanceId: 'instance-b' });
});
afterAll(async () => {
  await a.close();
  await dropTestDb(b.conn);
  await b.close();
  await sim.close();
});

const mint = async (openid?: string) => (await http(sim.url, 'POST', '/control/login-code', { body: openid ? { openid } : {} })).body;

test('concurrent first logins of one openid spread over both instances create one member', async () => {
  const openid = `oMulti${Date.now()}abcdefghijklmn`;
  const codes = await parallel(20, () => mint(openid));
  const results = await parallel(20, (i) => (i % 2 ? a : b).call('POST', '/api/auth/login', { body: { code: codes[i].code } }));
  expect(results.every((r) => r.status === 200)).toBe(true);
  expect(await memberModel(a.conn).countDocuments({ openid })).toBe(1);
  expect(results.filter((r) => r.body.isNew)).toHaveLength(1);
});

test('a session from instance A refreshes on B; the used refresh token then fails on A', async () => {
  const s = await a.login();
  const onB = await b.call('POST', '/api/auth/refresh', { body: { refreshToken: s.refreshToken } });
  expect(onB.status).toBe(200);
  expect((await a.call('GET', '/api/me', { token: onB.body.accessToken })).status).toBe(200);
  const reuseOnA = await a.call('POST', '/api/auth/refresh', { body: { refreshToken: s.refreshToken } });
  expect(reuseOnA.status).toBe(401);
});

test('concurrent refreshes of one token across instances: exactly one wins', async () => {
  const s = await a.login();
  const results = await parallel(10, (i) => (i % 2 ? a : b).call('POST', '/api/auth/refresh', { body: { refreshToken: s.refreshToken } }));
  expect(results.filter((r) => r.status === 200)).toHaveLength(1);
});

test('the WeChat access token is refreshed once for both instances (no stampede)', async () => {
  await http(sim.url, 'POST', '/control/invalidate-token');
  await a.conn.collection('wechat_access_tokens').deleteMany({});
  const before = (await http(sim.url, 'GET', '/control/stats')).body.calls.stable_token ?? 0;
  const sessions = await parallel(10, (i) => (i % 2 ? a : b).login());
  const codes = await parallel(10, (i) => http(sim.url, 'POST', '/control/phone-code', { body: { phoneNumber: `1390000${String(i).padStart(4, '0')}` } }));
  const results = await parallel(10, (i) =>
    (i % 2 ? a : b).call('POST', '/api/auth/phone', { token: sessions[i].accessToken, body: { code: codes[i].body.code } }),
  );
  expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
  const after = (await http(sim.url, 'GET', '/control/stats')).body.calls.stable_token;
  expect(after - before).toBe(1);
});

test('a one-off job runs once although both schedulers poll', async () => {
  const runs: string[] = [];
  for (const app of [a, b]) {
    app.services.scheduler.define('test.once', async () => {
      runs.push(app.services.scheduler.instanceId);
      await new Promise((r) => setTimeout(r, 30));
    });
  }
  for (let i = 0; i < 5; i++) await a.services.scheduler.schedule('test.once', new Date(), { i });
  // Scheduling the same unique key twice (e.g. from both instances) creates one job.
  expect(await a.services.scheduler.schedule('test.once', new Date(), {}, { uniqueKey: 'dedupe-1' })).toBe(true);
  expect(await b.services.scheduler.schedule('test.once', new Date(), {}, { uniqueKey: 'dedupe-1' })).toBe(false);
  await Promise.all([a.services.scheduler.runDue(), b.services.scheduler.runDue(), a.services.scheduler.runDue(), b.services.scheduler.runDue()]);
  expect(runs).toHaveLength(6);
  expect(await jobModel(a.conn).countDocuments({ name: 'test.once', status: 'done' })).toBe(6);
});

test('a recurring job runs once per interval across instances', async () => {
  const runs: string[] = [];
  for (const app of [a, b]) {
    app.services.scheduler.define('test.every', async () => {
      runs.push(app.services.scheduler.instanceId);
    });
    await app.services.scheduler.every('test.every', 60_000);
  }
  expect(await jobModel(a.conn).countDocuments({ name: 'test.every' })).toBe(1);
  await Promise.all([a.services.scheduler.runDue(), b.services.scheduler.runDue()]);
  await Promise.all([a.services.scheduler.runDue(), b.services.scheduler.runDue()]);
  expect(runs).toHaveLength(1);
  // One interval later (shared clock travel on both instances) it runs once more.
  a.clock.travel(61_000);
  b.clock.travel(61_000);
  await Promise.all([a.services.scheduler.runDue(), b.services.scheduler.runDue()]);
  expect(runs).toHaveLength(2);
});

test('started schedulers (real polling) on both instances run a due job exactly once', async () => {
  const runs: string[] = [];
  for (const app of [a, b]) {
    app.services.scheduler.define('test.polled', async () => {
      runs.push(app.services.scheduler.instanceId);
    });
  }
  for (let i = 0; i < 10; i++) await b.services.scheduler.schedule('test.polled', new Date(), { i });
  a.services.scheduler.start();
  b.services.scheduler.start();
  const deadline = Date.now() + 10_000;
  while (runs.length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  await a.services.scheduler.stop();
  await b.services.scheduler.stop();
  expect(runs).toHaveLength(10);
  expect(await jobModel(a.conn).countDocuments({ name: 'test.polled', status: 'done' })).toBe(10);
});

test('one payment notification delivered 10× to each instance at once: paid once, hook once', async () => {
  const hook: string[] = [];
  for (const app of [a, b]) app.services.payments.registerPurpose('multi', { onPaid: async (i) => void hook.push(i.outTradeNo) });
  const { intent } = await a.services.payments.createIntent({
    purpose: 'multi',
    reference: `ref-${Date.now()}`,
    openid: 'oMultiPayer0000000000000001',
    amountFen: 4200,
    description: '跨实例通知',
    expireAt: new Date(Date.now() + 900_000),
  });
  const keys = sim.payKeys;
  const resource = {
    appid: 'wx0123456789abcdef',
    mchid: keys.mchid,
    out_trade_no: intent.outTradeNo,
    transaction_id: '4200000000202611220000000001',
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    success_time: '2026-11-22T10:00:00+08:00',
    payer: { openid: 'oMultiPayer0000000000000001' },
    amount: { total: 4200, payer_total: 4200, currency: 'CNY', payer_currency: 'CNY' },
  };
  const nonce = 'abcdefabcdef';
  const raw = JSON.stringify({
    id: 'EV-MULTI-1',
    create_time: '2026-11-22T10:00:01+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext: aesGcmEncrypt(keys.apiV3Key, JSON.stringify(resource), nonce, 'transaction'), associated_data: 'transaction', nonce },
  });
  const ts = String(Math.floor(Date.now() / 1000));
  const headers = {
    'content-type': 'application/json',
    'wechatpay-timestamp': ts,
    'wechatpay-nonce': 'hdr-nonce',
    'wechatpay-signature': signRsa(keys.wechatPayPrivateKey, responseMessage(ts, 'hdr-nonce', raw)),
    'wechatpay-serial': keys.wechatPayPublicKeyId,
  };
  const results = await parallel(20, (i) => (i % 2 ? a : b).call('POST', '/api/wechat/pay/notify', { raw, headers }));
  expect(results.map((r) => r.status)).toEqual(Array(20).fill(204));
  expect(hook).toEqual([intent.outTradeNo]);
  const stored = await intentModel(a.conn).findOne({ outTradeNo: intent.outTradeNo }).lean();
  expect(stored).toMatchObject({ state: 'SUCCESS', paidHook: { state: 'done' } });
});
