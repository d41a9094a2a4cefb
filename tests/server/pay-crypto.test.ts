/** WeChat Pay cryptography and notification verification, without the network. */
import { generateKeyPairSync } from 'node:crypto';
import {
  PROBE_PREFIX,
  aesGcmDecrypt,
  aesGcmEncrypt,
  authorizationHeader,
  keyObject,
  parseAuthorization,
  requestMessage,
  responseMessage,
  signRsa,
  verifyRsa,
} from '../../server/src/wechat/pay/crypto';
import { NotificationRejected, verifyNotification } from '../../server/src/wechat/pay/notification';
import { newOutTradeNo, OUT_TRADE_NO_RE } from '../../server/src/payments/out-trade-no';
import { nextShanghaiHour } from '../../server/src/jobs';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const APIV3 = '0123456789abcdef0123456789abcdef';

test('request and response signing strings are exactly WeChat’s', () => {
  expect(requestMessage('post', '/v3/pay/transactions/jsapi', '1554208460', '593BEC0C930BF1AFEB40B4A08C8FB242', '{"a":1}')).toBe(
    'POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"a":1}\n',
  );
  expect(requestMessage('GET', '/v3/certificates', '1', 'n', '')).toBe('GET\n/v3/certificates\n1\nn\n\n');
  expect(responseMessage('1', 'n', '{}').toString()).toBe('1\nn\n{}\n');
});

test('RSA-SHA256 sign/verify; a changed byte or another key fails', () => {
  const msg = responseMessage('1700000000', 'abc', '{"x":1}');
  const sig = signRsa(privateKey, msg);
  expect(verifyRsa(publicKey, msg, sig)).toBe(true);
  expect(verifyRsa(publicKey, responseMessage('1700000000', 'abc', '{"x":2}'), sig)).toBe(false);
  expect(verifyRsa(other.publicKey, msg, sig)).toBe(false);
  expect(verifyRsa(publicKey, msg, 'not base64 !!')).toBe(false);
});

test('Authorization header round-trips', () => {
  const parts = { mchid: '1900000109', nonce_str: 'N', timestamp: '1', serial_no: 'ABC', signature: 'c2ln' };
  expect(parseAuthorization(authorizationHeader(parts))).toEqual(parts);
  expect(parseAuthorization('Bearer x')).toBeNull();
});

test('AES-256-GCM: decrypts what was encrypted, and a tampered ciphertext, tag, AAD or key throws', () => {
  const ct = aesGcmEncrypt(APIV3, '{"out_trade_no":"X"}', 'abcdefghijkl', 'transaction');
  expect(aesGcmDecrypt(APIV3, ct, 'abcdefghijkl', 'transaction')).toBe('{"out_trade_no":"X"}');
  const buf = Buffer.from(ct, 'base64');
  const flipped = Buffer.from(buf);
  flipped[0] ^= 1;
  expect(() => aesGcmDecrypt(APIV3, flipped.toString('base64'), 'abcdefghijkl', 'transaction')).toThrow();
  const badTag = Buffer.from(buf);
  badTag[badTag.length - 1] ^= 1;
  expect(() => aesGcmDecrypt(APIV3, badTag.toString('base64'), 'abcdefghijkl', 'transaction')).toThrow();
  expect(() => aesGcmDecrypt(APIV3, ct, 'abcdefghijkl', 'refund')).toThrow();
  expect(() => aesGcmDecrypt('f'.repeat(32), ct, 'abcdefghijkl', 'transaction')).toThrow();
});

describe('notification verification', () => {
  const SERIAL = 'PUB_KEY_ID_0114232';
  const now = Math.floor(Date.now() / 1000);
  const plaintext = { appid: 'wxAPP', mchid: '1900000109', out_trade_no: 'HC1', trade_state: 'SUCCESS', amount: { total: 1 } };
  function build(opts: { resource?: object; ts?: number; sig?: (s: string) => string; serial?: string; ciphertext?: (c: string) => string } = {}) {
    const nonce = 'n0nce0123456';
    let ciphertext = aesGcmEncrypt(APIV3, JSON.stringify(opts.resource ?? plaintext), nonce, 'transaction');
    if (opts.ciphertext) ciphertext = opts.ciphertext(ciphertext);
    const raw = Buffer.from(JSON.stringify({ id: 'EV-1', create_time: '2026-11-22T10:00:00+08:00', resource_type: 'encrypt-resource', event_type: 'TRANSACTION.SUCCESS', summary: '支付成功', resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'transaction', nonce } }));
    const ts = String(opts.ts ?? now);
    const sig = signRsa(privateKey, responseMessage(ts, 'hdrnonce', raw));
    return {
      headers: { 'wechatpay-timestamp': ts, 'wechatpay-nonce': 'hdrnonce', 'wechatpay-signature': opts.sig ? opts.sig(sig) : sig, 'wechatpay-serial': opts.serial ?? SERIAL },
      raw,
    };
  }
  const ctx = { getKey: async (s: string) => (s === SERIAL ? publicKey : undefined), apiV3Key: APIV3, appid: 'wxAPP', mchid: '1900000109', nowSeconds: now };
  const reason = async (p: Promise<unknown>) => p.then(() => 'accepted', (e: NotificationRejected) => e.reason);

  test('a genuine notification is accepted and decrypted', async () => {
    const { headers, raw } = build();
    const n = await verifyNotification(headers, raw, ctx);
    expect(n).toMatchObject({ id: 'EV-1', eventType: 'TRANSACTION.SUCCESS', resource: plaintext });
  });

  test.each([
    ['tampered signature', () => build({ sig: (s) => `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}` }), /does not verify/],
    ['probe', () => build({ sig: () => `${PROBE_PREFIX}abc` }), /probe/],
    ['stale timestamp', () => build({ ts: now - 301 }), /5 minute/],
    ['future timestamp', () => build({ ts: now + 400 }), /5 minute/],
    ['unknown serial', () => build({ serial: 'PUB_KEY_ID_OTHER' }), /unknown Wechatpay-Serial/],
    ['tampered ciphertext (re-signed)', () => build({ ciphertext: (c) => `A${c.slice(1)}` }), /decrypt/],
    ['wrong appid', () => build({ resource: { ...plaintext, appid: 'wxOTHER' } }), /appid/],
    ['wrong mchid', () => build({ resource: { ...plaintext, mchid: '1234567890' } }), /mchid/],
  ])('%s → rejected', async (_name, make, why) => {
    const { headers, raw } = make();
    expect(await reason(verifyNotification(headers, raw, ctx))).toMatch(why);
  });

  test('re-serialised JSON (not the raw bytes) fails verification', async () => {
    const { headers, raw } = build();
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString()), null, 1));
    expect(await reason(verifyNotification(headers, reserialised, ctx))).toMatch(/does not verify/);
  });

  test('missing headers → rejected', async () => {
    const { raw } = build();
    expect(await reason(verifyNotification({}, raw, ctx))).toMatch(/missing/);
  });
});

test('out_trade_no fits WeChat’s rule and is unique', () => {
  const now = new Date('2026-11-22T16:30:00Z'); // 2026-11-23 00:30 in Shanghai
  const nos = new Set(Array.from({ length: 2000 }, () => newOutTradeNo(now)));
  expect(nos.size).toBe(2000);
  for (const no of nos) {
    expect(no).toMatch(OUT_TRADE_NO_RE);
    expect(no.startsWith('HC20261123')).toBe(true);
  }
});

test('nextShanghaiHour', () => {
  expect(nextShanghaiHour(new Date('2026-11-22T01:00:00Z'), 10).toISOString()).toBe('2026-11-22T02:00:00.000Z'); // 09:00 → 10:00 same day
  expect(nextShanghaiHour(new Date('2026-11-22T02:00:00Z'), 10).toISOString()).toBe('2026-11-23T02:00:00.000Z');
  expect(nextShanghaiHour(new Date('2026-11-21T20:00:00Z'), 10).toISOString()).toBe('2026-11-22T02:00:00.000Z'); // 04:00 local
});

test('PEM keys are parsed once: a string, a Buffer and a KeyObject sign and verify alike', () => {
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const pub = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  expect(keyObject(pem, 'private')).toBe(keyObject(pem, 'private'));
  expect(keyObject(Buffer.from(pem), 'private')).toBe(keyObject(pem, 'private'));
  expect(keyObject(privateKey, 'private')).toBe(privateKey);
  expect(keyObject(pub, 'public')).not.toBe(keyObject(pem, 'private'));
  for (const key of [pem, Buffer.from(pem), privateKey]) {
    const sig = signRsa(key, 'message');
    expect(verifyRsa(pub, 'message', sig)).toBe(true);
    expect(verifyRsa(publicKey, 'message', sig)).toBe(true);
    expect(verifyRsa(pub, 'messagE', sig)).toBe(false);
  }
  // a public key that does not parse verifies nothing (and throws nothing)
  expect(verifyRsa('-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----', 'message', signRsa(pem, 'message'))).toBe(false);
});
