/**
 * Security headers on every response (helmet: nosniff, X-Frame-Options
 * SAMEORIGIN, Referrer-Policy, HSTS, COOP/CORP) plus a Content-Security-Policy
 * chosen by path, and `Cache-Control: no-store` on every API answer.
 *
 * - The app (H5 build at /, console at /console/, API docs): scripts only from
 *   our origin plus the sha256 of each inline <script> of the H5 index.html
 *   (Taro's rem snippet), read from the build and re-read when it changes.
 *   Styles allow 'unsafe-inline': Ant Design and Taro's components inject
 *   <style> elements at run time. Framing only by ourselves (the H5 payment
 *   overlay frames the simulator's cashier page, same origin).
 * - The simulator (server/simulator) is another app and sets its own policy
 *   (inline scripts allowed, same origin only) on its pages under /sim/.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import helmet from 'koa-helmet';
import type { AppMiddleware } from './context';

/** sha256 sources of the inline scripts of one HTML document. */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1] ?? '';
    if (/\ssrc\s*=/i.test(attrs) || !m[2]) continue;
    out.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
  }
  return out;
}

/** Hashes of the inline scripts of the HTML files, cached by modification time (a rebuild is picked up). */
function hashesOf(files: string[]): () => string[] {
  const cache = new Map<string, { mtimeMs: number; hashes: string[] }>();
  return () =>
    files.flatMap((file) => {
      let mtimeMs: number;
      try {
        mtimeMs = statSync(file).mtimeMs;
      } catch {
        return [];
      }
      const hit = cache.get(file);
      if (hit && hit.mtimeMs === mtimeMs) return hit.hashes;
      const hashes = inlineScriptHashes(readFileSync(file, 'utf8'));
      cache.set(file, { mtimeMs, hashes });
      return hashes;
    });
}

const base = {
  "default-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", 'data:', 'blob:', 'https:'],
  "font-src": ["'self'", 'data:'],
  "connect-src": ["'self'"],
  "frame-src": ["'self'"],
  "frame-ancestors": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
};

export function cspFor(_path: string, inlineHashes: string[]): string {
  const directives: Record<string, string[]> = { ...base, 'script-src': ["'self'", ...inlineHashes], 'script-src-attr': ["'none'"] };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

/** Paths whose answers depend on who asks: never stored by a browser or proxy. */
const PRIVATE_PREFIXES = ['/api/', '/pos/', '/metrics'];

export function securityHeaders(opts: { htmlFiles: string[] }): AppMiddleware {
  const standard = helmet({
    contentSecurityPolicy: false,
    frameguard: { action: 'sameorigin' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  }) as unknown as AppMiddleware;
  const hashes = hashesOf(opts.htmlFiles);
  return async (ctx, next) => {
    ctx.set('Content-Security-Policy', cspFor(ctx.path, hashes()));
    if (PRIVATE_PREFIXES.some((p) => ctx.path.startsWith(p))) ctx.set('Cache-Control', 'no-store');
    return standard(ctx, next);
  };
}
