import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import type { AppMiddleware } from './context';

/** Request id on every response and log line; one access log line per request. */
export function requestContext(logger: Logger): AppMiddleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (ctx.path.startsWith('/api') || ctx.status >= 400) {
        ctx.state.log.info(
          { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10, member: ctx.state.identity?.memberId },
          'request',
        );
      }
    }
  };
}
