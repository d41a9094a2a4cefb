/**
 * Verifies and decrypts a WeChat Pay notification from its raw bytes:
 * known serial, RSA-SHA256 over `timestamp\nnonce\nbody\n`, timestamp within
 * 5 minutes (wall clock), probes refused, AES-256-GCM with the tag checked,
 * appid/mchid ours. Throws NotificationRejected (→ 4xx, WeChat retries).
 */
import type { KeyObject } from 'node:crypto';
import { MAX_CLOCK_SKEW_SECONDS, PROBE_PREFIX, aesGcmDecrypt, responseMessage, verifyRsa } from './crypto';

export class NotificationRejected extends Error {
  constructor(readonly status: number, readonly reason: string) {
    super(reason);
  }
}

export interface VerifiedNotification {
  id: string;
  eventType: string;
  createTime: string;
  resource: Record<string, unknown>;
}

export interface NotificationContext {
  getKey(serial: string): Promise<KeyObject | undefined>;
  apiV3Key: string;
  appid: string;
  mchid: string;
  nowSeconds: number;
}

export async function verifyNotification(headers: Record<string, string | undefined>, raw: Buffer, c: NotificationContext): Promise<VerifiedNotification> {
  const ts = headers['wechatpay-timestamp'];
  const nonce = headers['wechatpay-nonce'];
  const signature = headers['wechatpay-signature'];
  const serial = headers['wechatpay-serial'];
  if (!ts || !nonce || !signature || !serial) throw new NotificationRejected(401, 'missing Wechatpay-* signature headers');
  if (signature.startsWith(PROBE_PREFIX)) throw new NotificationRejected(401, 'signature probe');
  if (!/^\d{1,12}$/.test(ts) || Math.abs(c.nowSeconds - Number(ts)) >= MAX_CLOCK_SKEW_SECONDS) {
    throw new NotificationRejected(401, `timestamp ${ts} outside the 5 minute window`);
  }
  const key = await c.getKey(serial);
  if (!key) throw new NotificationRejected(401, `unknown Wechatpay-Serial ${serial}`);
  if (!verifyRsa(key, responseMessage(ts, nonce, raw), signature)) throw new NotificationRejected(401, 'signature does not verify');

  let body: { id?: string; create_time?: string; event_type?: string; resource_type?: string; resource?: { algorithm?: string; ciphertext?: string; associated_data?: string; nonce?: string } };
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new NotificationRejected(400, 'body is not JSON');
  }
  const r = body.resource;
  if (!body.id || !body.event_type || !r || r.algorithm !== 'AEAD_AES_256_GCM' || !r.ciphertext || !r.nonce) {
    throw new NotificationRejected(400, 'not an encrypt-resource notification');
  }
  let plaintext: string;
  try {
    plaintext = aesGcmDecrypt(c.apiV3Key, r.ciphertext, r.nonce, r.associated_data ?? '');
  } catch {
    throw new NotificationRejected(400, 'resource does not decrypt (tag check failed)');
  }
  let resource: Record<string, unknown>;
  try {
    resource = JSON.parse(plaintext);
  } catch {
    throw new NotificationRejected(400, 'decrypted resource is not JSON');
  }
  if (resource.mchid !== undefined && resource.mchid !== c.mchid) throw new NotificationRejected(400, `mchid ${String(resource.mchid)} is not ours`);
  if (body.event_type.startsWith('TRANSACTION.')) {
    if (resource.appid !== c.appid) throw new NotificationRejected(400, `appid ${String(resource.appid)} is not ours`);
    if (resource.mchid !== c.mchid) throw new NotificationRejected(400, 'payment notification without our mchid');
  }
  return { id: body.id, eventType: body.event_type, createTime: body.create_time ?? '', resource };
}
