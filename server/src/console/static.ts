/**
 * Serves the operator console build at /console/: hashed files under assets/
 * (cached for a year), and index.html for every other GET under /console
 * (history routing; never cached, so a new build is picked up at once).
 */
import path from 'node:path';
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { AppContext, AppMiddleware } from '../platform/http/context';

export const CONSOLE_BASE = '/console';

function sendFile(ctx: AppContext, file: string, cache: string): void {
  ctx.type = path.extname(file);
  ctx.length = statSync(file).size;
  ctx.set('Cache-Control', cache);
  ctx.body = ctx.method === 'HEAD' ? null : createReadStream(file);
}

export function consoleStatic(dir: string): AppMiddleware {
  const root = path.resolve(dir);
  const index = path.join(root, 'index.html');
  return async (ctx, next) => {
    if (ctx.path !== CONSOLE_BASE && !ctx.path.startsWith(`${CONSOLE_BASE}/`)) return next();
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !existsSync(index)) return next();
    if (ctx.path === CONSOLE_BASE) return ctx.redirect(`${CONSOLE_BASE}/`);
    const rel = ctx.path.slice(CONSOLE_BASE.length + 1);
    if (rel.startsWith('assets/')) {
      const file = path.resolve(root, rel);
      // A missing asset (or a path escaping the build) is a 404, never index.html.
      if (!file.startsWith(`${root}${path.sep}`) || !existsSync(file) || !statSync(file).isFile()) return next();
      return sendFile(ctx, file, 'public, max-age=31536000, immutable');
    }
    sendFile(ctx, index, 'no-cache');
  };
}
