import type Router from '@koa/router';
import type { Connection } from 'mongoose';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import { buildOpenApi, renderDocs } from '../platform/openapi';

export function systemRoutes(router: Router<AppState>, deps: { conn: Connection; engine: { kind: string; persistent: boolean } }): void {
  const started = Date.now();
  bind(router, api.health, async () => ({ status: 'ok' as const, uptimeSeconds: Math.round((Date.now() - started) / 1000) }));
  bind(router, api.ready, async ({ ctx }) => {
    let reachable = false;
    try {
      await deps.conn.db!.admin().command({ ping: 1 });
      reachable = true;
    } catch {
      reachable = false;
    }
    if (!reachable) ctx.status = 503;
    return { status: reachable ? ('ready' as const) : ('not_ready' as const), database: { engine: deps.engine.kind, persistent: deps.engine.persistent, reachable } };
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
