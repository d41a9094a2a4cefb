/**
 * Access tokens: `v1.<payload>.<hmac>` signed with SESSION_SECRET (HMAC-SHA256),
 * short-lived, carrying only member id, session id, session family and expiry.
 * Roles are read from the member on every request (one read by `_id`, which also
 * tells whether the family was revoked), so a removed role or a revoked session
 * takes effect at once.
 * Refresh tokens are random, stored hashed, single use (rotated on refresh).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';

export interface AccessPayload {
  sub: string;
  sid: string;
  /** session family (tokens issued before families were carried have none: their session is read) */
  fam?: string;
  iat: number;
  exp: number;
}

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

export function signAccessToken(secret: string, payload: AccessPayload): string {
  const body = b64(JSON.stringify(payload));
  const sig = createHmac('sha256', secret).update(`v1.${body}`).digest('base64url');
  return `v1.${body}.${sig}`;
}

export function verifyAccessToken(secret: string, token: string, nowMs: number): AccessPayload {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') throw new AppError('AUTH_TOKEN_INVALID', 'malformed access token');
  const expected = createHmac('sha256', secret).update(`v1.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('AUTH_TOKEN_INVALID', 'bad access token signature');
  }
  let payload: AccessPayload;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as AccessPayload;
  } catch {
    throw new AppError('AUTH_TOKEN_INVALID', 'unreadable access token payload');
  }
  if (typeof payload.exp !== 'number' || typeof payload.sub !== 'string') {
    throw new AppError('AUTH_TOKEN_INVALID', 'incomplete access token payload');
  }
  if (payload.exp * 1000 <= nowMs) throw new AppError('AUTH_TOKEN_EXPIRED', 'access token expired');
  return payload;
}

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
