/**
 * HTTP pieces both simulators share: loopback-only access (the simulator holds
 * demo secrets and control endpoints) and the Content-Security-Policy of its
 * pages (inline scripts allowed, same origin only).
 */
import type Koa from 'koa';

export function isLoopback(addr: string | undefined): boolean {
  if (!addr) return false;
  const v4 = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** 403 for anyone but this machine; `body` is the answer in the simulated API's error style. */
export function loopbackOnly(body: Record<string, unknown>): Koa.Middleware {
  return async (ctx, next) => {
    if (!isLoopback(ctx.req.socket.remoteAddress)) {
      ctx.status = 403;
      ctx.body = body;
      return;
    }
    await next();
  };
}

export const SIM_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "script-src-attr 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-ancestors 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Security headers of every simulator answer (its pages carry inline scripts and handlers). */
export function simHeaders(): Koa.Middleware {
  return async (ctx, next) => {
    ctx.set('Content-Security-Policy', SIM_PAGE_CSP);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'SAMEORIGIN');
    ctx.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    ctx.set('Cache-Control', 'no-store');
    await next();
  };
}
