/**
 * Proof that a member was present at the till: issued when a clerk (or a
 * store's POS) scans the member's rotating code, valid for a short time and
 * only for that clerk or POS. Stateless (HMAC with the server secret), so any
 * instance can verify it; without it a till cannot spend anyone's points.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';

const TTL_SECONDS = 15 * 60;

export interface MemberTokens {
  issue(memberId: string, holder: string): string;
  /** the member id, or TILL_MEMBER_TOKEN_INVALID */
  verify(token: string, holder: string): string;
}

export function createMemberTokens(deps: { secret: string; clock: Clock }): MemberTokens {
  const sign = (payload: string) => createHmac('sha256', `${deps.secret}:member-token`).update(payload).digest('base64url');
  return {
    issue(memberId, holder) {
      const exp = Math.floor(deps.clock.now().getTime() / 1000) + TTL_SECONDS;
      const payload = Buffer.from(JSON.stringify({ m: memberId, h: holder, e: exp })).toString('base64url');
      return `${payload}.${sign(payload)}`;
    },
    verify(token, holder) {
      const [payload, mac] = token.split('.');
      const expected = payload ? sign(payload) : '';
      if (!payload || !mac || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) {
        throw new AppError('TILL_MEMBER_TOKEN_INVALID', 'member token signature mismatch');
      }
      let body: { m?: unknown; h?: unknown; e?: unknown };
      try {
        body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof body;
      } catch {
        throw new AppError('TILL_MEMBER_TOKEN_INVALID', 'member token payload unreadable');
      }
      if (body.h !== holder) throw new AppError('TILL_MEMBER_TOKEN_INVALID', `member token issued to ${String(body.h)}, used by ${holder}`);
      if (typeof body.e !== 'number' || body.e * 1000 < deps.clock.now().getTime()) throw new AppError('TILL_MEMBER_TOKEN_INVALID', 'member token expired');
      if (typeof body.m !== 'string' || !/^[0-9a-f]{24}$/.test(body.m)) throw new AppError('TILL_MEMBER_TOKEN_INVALID', 'member token without a member');
      return body.m;
    },
  };
}

/** Who may use a token: the clerk who scanned, or the store's POS. */
export const tillHolder = (staffMemberId: string) => `staff:${staffMemberId}`;
export const posHolder = (storeId: string) => `pos:${storeId}`;
