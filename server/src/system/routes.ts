import type Router from '@koa/router';
import type { Connection } from 'mongoose';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import { buildOpenApi, renderDocs } from '../platform/openapi';

/** How long readiness waits for the database ping before calling it unreachable. */
const PING_TIMEOUT_MS = 2000;

export interface Lifecycle {
  /** set when shutdown begins: readiness fails so the load balancer stops sending requests */
  draining: boolean;
}

async function ping(conn: Connection): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    if (conn.readyState !== 1 || !conn.db) return false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('ping timeout')), PING_TIMEOUT_MS);
    });
    await Promise.race([conn.db.admin().command({ ping: 1 }), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export function systemRoutes(router: Router<AppState>, deps: { conn: Connection; engine: { kind: string; persistent: boolean }; lifecycle: Lifecycle }): void {
  const started = Date.now();
  bind(router, api.health, async () => ({ status: 'ok' as const, uptimeSeconds: Math.round((Date.now() - started) / 1000) }));
  bind(router, api.ready, async ({ ctx }) => {
    const reachable = await ping(deps.conn);
    const ready = reachable && !deps.lifecycle.draining;
    if (!ready) ctx.status = 503;
    return {
      status: ready ? ('ready' as const) : ('not_ready' as const),
      database: { engine: deps.engine.kind, persistent: deps.engine.persistent, reachable },
      draining: deps.lifecycle.draining,
    };
  });
  const doc = buildOpenApi();
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = doc;
  });
  const html = renderDocs(doc);
  router.get('/api/docs', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = html;
  });
}
