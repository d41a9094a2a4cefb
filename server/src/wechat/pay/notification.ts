/**
 * Verifies and decrypts a WeChat Pay notification from its raw bytes:
 * known serial, RSA-SHA256 over `timestamp\nnonce\nbody\n`, timestamp within
 * 5 minutes (wall clock), probes refused, AES-256-GCM with the tag checked,
 * the body and the decrypted resource of the expected shape (zod, before any
 * lookup), appid/mchid ours. Throws NotificationRejected (→ 4xx, WeChat retries).
 */
import type { KeyObject } from 'node:crypto';
import { MAX_CLOCK_SKEW_SECONDS, PROBE_PREFIX, aesGcmDecrypt, responseMessage, verifyRsa } from './crypto';
import { firstIssue, notificationBody, resourceSchemaFor } from './notification-schema';

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

  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new NotificationRejected(400, 'body is not JSON');
  }
  const parsedBody = notificationBody.safeParse(json);
  if (!parsedBody.success) throw new NotificationRejected(400, `not an encrypt-resource notification (${firstIssue(parsedBody.error)})`);
  const body = parsedBody.data;
  const r = body.resource;
  let plaintext: string;
  try {
    plaintext = aesGcmDecrypt(c.apiV3Key, r.ciphertext, r.nonce, r.associated_data ?? '');
  } catch {
    throw new NotificationRejected(400, 'resource does not decrypt (tag check failed)');
  }
  let decrypted: unknown;
  try {
    decrypted = JSON.parse(plaintext);
  } catch {
    throw new NotificationRejected(400, 'decrypted resource is not JSON');
  }
  const parsedResource = resourceSchemaFor(body.event_type).safeParse(decrypted);
  if (!parsedResource.success) throw new NotificationRejected(400, `decrypted ${body.event_type} resource has a bad shape (${firstIssue(parsedResource.error)})`);
  const resource: Record<string, unknown> = parsedResource.data;
  if (resource.mchid !== undefined && resource.mchid !== c.mchid) throw new NotificationRejected(400, `mchid ${String(resource.mchid)} is not ours`);
  if (body.event_type.startsWith('TRANSACTION.')) {
    if (resource.appid !== c.appid) throw new NotificationRejected(400, `appid ${String(resource.appid)} is not ours`);
    if (resource.mchid !== c.mchid) throw new NotificationRejected(400, 'payment notification without our mchid');
  }
  return { id: body.id, eventType: body.event_type, createTime: body.create_time ?? '', resource };
}
