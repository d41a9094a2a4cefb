/**
 * One notification HTTP request as WeChat Pay signs it: the stored body (or a
 * re-encrypted one for the wrong_mchid / wrong_appid / amount_mismatch
 * faults), Wechatpay-* headers signed over `timestamp\nnonce\nbody\n`, and the
 * tampering faults applied on top. Probes carry a WECHATPAY/SIGNTEST/ signature.
 */
import { randomBytes } from 'node:crypto';
import { nonceStr, PROBE_PREFIX, responseMessage, signRsa } from '../../src/wechat/pay/crypto';
import type { PayContext } from './context';
import { flipBase64 } from './format';
import { notificationBody } from './queue';
import type { NotifyFaultType, PayFault, SimNotification } from './types';

export interface PreparedRequest {
  body: string;
  headers: Record<string, string>;
  faults: string[];
}

const OTHER_MCHID = '1900009999';
const OTHER_APPID = 'wx9999999999999999';
const USER_AGENT = 'Mozilla/4.0 (HomeClub WeChat Pay simulator)';

function headers(serial: string, timestamp: string, nonce: string, signature: string): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Serial': serial,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

export function prepareRequest(ctx: PayContext, n: SimNotification, faults: Map<NotifyFaultType, PayFault>): PreparedRequest {
  let body = n.body;
  if (faults.has('wrong_mchid') || faults.has('wrong_appid') || faults.has('amount_mismatch')) {
    const plain = structuredClone(n.plaintext) as Record<string, unknown> & { amount?: Record<string, number> };
    if (faults.has('wrong_mchid')) plain.mchid = OTHER_MCHID;
    if (faults.has('wrong_appid') && 'appid' in plain) plain.appid = OTHER_APPID;
    if (faults.has('amount_mismatch') && plain.amount) plain.amount.total += 1;
    body = notificationBody(ctx, n, plain);
  }
  if (faults.has('tampered_ciphertext')) {
    const parsed = JSON.parse(body) as { resource: { ciphertext: string } };
    parsed.resource.ciphertext = flipBase64(parsed.resource.ciphertext, 0);
    body = JSON.stringify(parsed);
  }
  const { serial, key } = ctx.signer();
  const timestamp = String(Math.floor(ctx.now() / 1000) - (faults.has('stale_timestamp') ? 600 : 0));
  const nonce = nonceStr(16);
  let signature = signRsa(key, responseMessage(timestamp, nonce, body));
  if (faults.has('tampered_signature')) signature = flipBase64(signature, 10);
  return { body, faults: [...faults.keys()].filter((f) => f !== 'probe'), headers: headers(serial, timestamp, nonce, signature) };
}

export function probeRequest(ctx: PayContext, n: SimNotification): PreparedRequest {
  const { serial } = ctx.signer();
  const signature = `${PROBE_PREFIX}${randomBytes(160).toString('base64')}`;
  return { body: n.body, faults: ['probe'], headers: headers(serial, String(Math.floor(ctx.now() / 1000)), nonceStr(16), signature) };
}
