/**
 * The POS request signature (pure): lowercase hex HMAC-SHA256 with the key's
 * secret over `METHOD\npath-with-query\ntimestamp\nnonce\nsha256hex(body)`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedParts {
  method: string;
  /** path with the query string, exactly as sent (e.g. `/pos/v1/redemptions/T1?x=1`) */
  target: string;
  timestamp: string;
  nonce: string;
  body: Buffer | string;
}

export const sha256Hex = (body: Buffer | string) => createHash('sha256').update(body).digest('hex');

export function stringToSign(p: SignedParts): string {
  return `${p.method.toUpperCase()}\n${p.target}\n${p.timestamp}\n${p.nonce}\n${sha256Hex(p.body)}`;
}

export function signPosRequest(secret: string, p: SignedParts): string {
  return createHmac('sha256', secret).update(stringToSign(p)).digest('hex');
}

/** Constant-time comparison of the given signature with the expected one. */
export function signatureMatches(secret: string, p: SignedParts, given: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = Buffer.from(signPosRequest(secret, p), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
