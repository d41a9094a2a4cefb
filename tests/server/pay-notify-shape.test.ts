/**
 * Validly signed WeChat Pay notifications whose body or decrypted resource has
 * the wrong shape (issue #13 defects 1 and 2): refused with 400 before any
 * lookup, logged, nothing written; WeChat delivers again.
 */
import { randomUUID } from 'node:crypto';
import { aesGcmEncrypt, nonceStr, responseMessage, signRsa } from '../../server/src/wechat/pay/crypto';
import { anomalyModel, intentModel, notificationModel } from '../../server/src/payments/model';
import { startTestApp, TEST_APPID, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  app.services.payments.registerPurpose('shape', { onPaid: async () => undefined });
});
afterAll(async () => {
  await app.close();
});

/** A notification signed with the simulator's WeChat Pay key, exactly as WeChat would send it. */
function signed(body: string) {
  const keys = app.sim.payKeys;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = nonceStr(16);
  return {
    raw: body,
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-serial': keys.wechatPayPublicKeyId,
      'wechatpay-signature': signRsa(keys.wechatPayPrivateKey, responseMessage(timestamp, nonce, body)),
    },
  };
}

function encrypted(eventType: string, resource: unknown): string {
  const nonce = nonceStr(6);
  const ciphertext = aesGcmEncrypt(app.sim.payKeys.apiV3Key, JSON.stringify(resource), nonce, 'transaction');
  return JSON.stringify({
    id: randomUUID(),
    create_time: new Date().toISOString(),
    event_type: eventType,
    resource_type: 'encrypt-resource',
    summary: '支付成功',
    resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce, associated_data: 'transaction', original_type: 'transaction' },
  });
}

async function existingIntent() {
  const { intent } = await app.services.payments.createIntent({
    purpose: 'shape',
    reference: randomUUID(),
    openid: 'oShape00000000000000000001',
    amountFen: 500,
    description: '形状检查',
    expireAt: new Date(app.clock.now().getTime() + 900_000),
  });
  return intent;
}

const notify = (req: ReturnType<typeof signed>) => app.call('POST', '/api/wechat/pay/notify', req);

test('a signed body that is JSON null is 400 FAIL, not 500', async () => {
  const res = await notify(signed('null'));
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: 'FAIL' });
});

test.each([['[]'], ['"x"'], ['{"id":"a","event_type":"TRANSACTION.SUCCESS","resource":null}']])('signed body %s is 400 FAIL', async (body) => {
  const res = await notify(signed(body));
  expect(res.status).toBe(400);
});

test('out_trade_no as an operator object never reaches a query: 400, the existing intent untouched, no anomaly, nothing stored', async () => {
  const intent = await existingIntent();
  const before = { anomalies: await anomalyModel(app.conn).countDocuments(), notifications: await notificationModel(app.conn).countDocuments() };
  const resource = {
    appid: TEST_APPID,
    mchid: app.sim.payKeys.mchid,
    out_trade_no: { $gt: '' },
    transaction_id: '4200000000000000000000000001',
    trade_state: 'SUCCESS',
    success_time: new Date().toISOString(),
    payer: { openid: 'oShape00000000000000000001' },
    amount: { total: 500, payer_total: 500, currency: 'CNY' },
  };
  const res = await notify(signed(encrypted('TRANSACTION.SUCCESS', resource)));
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: 'FAIL', message: expect.stringMatching(/out_trade_no/) });
  expect((await intentModel(app.conn).findById(intent._id).lean())!.state).toBe('NOTPAY');
  expect(await anomalyModel(app.conn).countDocuments()).toBe(before.anomalies);
  expect(await notificationModel(app.conn).countDocuments()).toBe(before.notifications);
});

test.each([
  ['amount as a string', { amount: { total: '500' } }],
  ['unknown trade_state', { trade_state: 'PAID' }],
  ['transaction_id as an object', { transaction_id: { $ne: null } }],
])('%s → 400', async (_name, patch) => {
  const intent = await existingIntent();
  const resource = { appid: TEST_APPID, mchid: app.sim.payKeys.mchid, out_trade_no: intent.outTradeNo, trade_state: 'SUCCESS', amount: { total: 500 }, ...patch };
  const res = await notify(signed(encrypted('TRANSACTION.SUCCESS', resource)));
  expect(res.status).toBe(400);
  expect((await intentModel(app.conn).findById(intent._id).lean())!.state).toBe('NOTPAY');
});

test('a refund notification with out_refund_no as an object is 400', async () => {
  const resource = { mchid: app.sim.payKeys.mchid, out_refund_no: { $gt: '' }, out_trade_no: 'x', refund_status: 'SUCCESS' };
  const res = await notify(signed(encrypted('REFUND.SUCCESS', resource)));
  expect(res.status).toBe(400);
});

test('the same signed notification with a well-formed resource is accepted (the helper signs correctly)', async () => {
  const intent = await existingIntent();
  const resource = { appid: TEST_APPID, mchid: app.sim.payKeys.mchid, out_trade_no: intent.outTradeNo, transaction_id: '4200000000000000000000000002', trade_state: 'SUCCESS', success_time: new Date().toISOString(), amount: { total: 500, payer_total: 500, currency: 'CNY' } };
  const res = await notify(signed(encrypted('TRANSACTION.SUCCESS', resource)));
  expect(res.status).toBe(204);
  expect((await intentModel(app.conn).findById(intent._id).lean())!.state).toBe('SUCCESS');
});
