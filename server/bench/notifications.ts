/**
 * Benchmark (not a test): verify and decrypt 10,000 signed WeChat Pay
 * notifications with our intake's verifier, against a baseline that does only
 * the raw node:crypto work (RSA verify + AES-GCM decrypt) on the same inputs.
 * Machines here are shared and noisy: read the ratio, not the absolute rate.
 *   npx tsx server/bench/notifications.ts [count]
 */
import { createDecipheriv, createVerify, generateKeyPairSync } from 'node:crypto';
import { aesGcmEncrypt, responseMessage, signRsa } from '../src/wechat/pay/crypto';
import { verifyNotification } from '../src/wechat/pay/notification';

const COUNT = Number(process.argv[2] ?? 10_000);
const APIV3 = 'benchmarkbenchmarkbenchmark01234';
const SERIAL = 'PUB_KEY_ID_BENCH';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

console.log(`preparing ${COUNT} signed notifications…`);
const now = Math.floor(Date.now() / 1000);
const items = Array.from({ length: COUNT }, (_, i) => {
  const resource = { appid: 'wxbench', mchid: '1900000109', out_trade_no: `HCBENCH${i}`, transaction_id: `4200${i}`, trade_state: 'SUCCESS', amount: { total: i + 1, currency: 'CNY' } };
  const nonce = String(i).padStart(12, '0');
  const raw = Buffer.from(
    JSON.stringify({ id: `EV${i}`, create_time: '2026-11-22T10:00:00+08:00', resource_type: 'encrypt-resource', event_type: 'TRANSACTION.SUCCESS', summary: '支付成功', resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext: aesGcmEncrypt(APIV3, JSON.stringify(resource), nonce, 'transaction'), associated_data: 'transaction', nonce } }),
  );
  const headers = { 'wechatpay-timestamp': String(now), 'wechatpay-nonce': `n${i}`, 'wechatpay-signature': signRsa(privateKey, responseMessage(String(now), `n${i}`, raw)), 'wechatpay-serial': SERIAL };
  return { raw, headers };
});

async function ours(): Promise<number> {
  const ctx = { getKey: async (s: string) => (s === SERIAL ? publicKey : undefined), apiV3Key: APIV3, appid: 'wxbench', mchid: '1900000109', nowSeconds: now };
  const t = process.hrtime.bigint();
  for (const it of items) await verifyNotification(it.headers, it.raw, ctx);
  return Number(process.hrtime.bigint() - t) / 1e9;
}

function baseline(): number {
  const t = process.hrtime.bigint();
  for (const it of items) {
    const ok = createVerify('RSA-SHA256').update(responseMessage(it.headers['wechatpay-timestamp'], it.headers['wechatpay-nonce'], it.raw)).verify(publicKey, it.headers['wechatpay-signature'], 'base64');
    if (!ok) throw new Error('baseline verify failed');
    const r = JSON.parse(it.raw.toString()).resource;
    const buf = Buffer.from(r.ciphertext, 'base64');
    const d = createDecipheriv('aes-256-gcm', Buffer.from(APIV3), Buffer.from(r.nonce));
    d.setAuthTag(buf.subarray(buf.length - 16));
    d.setAAD(Buffer.from(r.associated_data));
    JSON.parse(Buffer.concat([d.update(buf.subarray(0, buf.length - 16)), d.final()]).toString());
  }
  return Number(process.hrtime.bigint() - t) / 1e9;
}

(async () => {
  await ours(); // warm-up
  baseline();
  const rounds = 3;
  const oursTimes: number[] = [];
  const baseTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    baseTimes.push(baseline());
    oursTimes.push(await ours());
  }
  const best = (xs: number[]) => Math.min(...xs);
  const oursRate = COUNT / best(oursTimes);
  const baseRate = COUNT / best(baseTimes);
  console.log(`verify + decrypt, ${COUNT} notifications, best of ${rounds}:`);
  console.log(`  intake verifier     ${oursRate.toFixed(0)} notifications/s`);
  console.log(`  raw node:crypto     ${baseRate.toFixed(0)} notifications/s (baseline)`);
  console.log(`  ratio ours/baseline ${(oursRate / baseRate).toFixed(2)}`);
})();
