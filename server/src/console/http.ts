/**
 * The console's cookie session on /api/console: `hc_console` (httpOnly,
 * SameSite=Strict, path /api/console) carries the session token; every write
 * must send the CSRF token (readable cookie `hc_console_csrf`, double-submitted
 * in the `X-CSRF-Token` header, checked against the session's stored hash).
 */
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../platform/errors';
import { hashToken } from '../platform/auth/tokens';
import type { AppContext, AppMiddleware } from '../platform/http/context';
import type { ConsoleAuthService, NewConsoleSession } from './service';

export const CONSOLE_API = '/api/console';
export const SESSION_COOKIE = 'hc_console';
export const CSRF_COOKIE = 'hc_console_csrf';
export const CSRF_HEADER = 'x-csrf-token';

function readCookie(ctx: AppContext, name: string): string | null {
  for (const part of (ctx.get('cookie') || '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

function cookie(name: string, value: string, attrs: { path: string; httpOnly: boolean; secure: boolean; expires: Date }): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${attrs.path}`,
    `Expires=${attrs.expires.toUTCString()}`,
    'SameSite=Strict',
    ...(attrs.httpOnly ? ['HttpOnly'] : []),
    ...(attrs.secure ? ['Secure'] : []),
  ].join('; ');
}

function appendCookies(ctx: AppContext, cookies: string[]): void {
  const prev = ctx.response.get('Set-Cookie');
  const list = Array.isArray(prev) ? prev : prev ? [String(prev)] : [];
  ctx.set('Set-Cookie', [...list, ...cookies]);
}

export function setSessionCookies(ctx: AppContext, s: NewConsoleSession, secure: boolean): void {
  appendCookies(ctx, [
    cookie(SESSION_COOKIE, s.token, { path: CONSOLE_API, httpOnly: true, secure, expires: s.expiresAt }),
    cookie(CSRF_COOKIE, s.csrf, { path: '/', httpOnly: false, secure, expires: s.expiresAt }),
  ]);
}

export function clearSessionCookies(ctx: AppContext, secure: boolean): void {
  const past = new Date(0);
  appendCookies(ctx, [
    cookie(SESSION_COOKIE, '', { path: CONSOLE_API, httpOnly: true, secure, expires: past }),
    cookie(CSRF_COOKIE, '', { path: '/', httpOnly: false, secure, expires: past }),
  ]);
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Sets ctx.state.identity from the console cookie (never from a bearer token) and checks CSRF on writes. */
export function consoleAuthenticate(auth: ConsoleAuthService): AppMiddleware {
  return async (ctx, next) => {
    const token = readCookie(ctx, SESSION_COOKIE);
    if (token) {
      const loaded = await auth.load(token);
      if (loaded) {
        const { csrfHash, ...identity } = loaded;
        if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
          const header = ctx.get(CSRF_HEADER);
          const cookieValue = readCookie(ctx, CSRF_COOKIE) ?? '';
          if (!header || !same(header, cookieValue) || !same(hashToken(header), csrfHash)) {
            throw new AppError('CONSOLE_CSRF_INVALID', 'missing or wrong CSRF token on a console write');
          }
        }
        ctx.state.identity = identity;
      }
    }
    return next();
  };
}
