/**
 * createApp(deps): the Koa app from explicit dependencies, so tests build it
 * in-process and main.ts wires the real ones.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import Koa from 'koa';
import Router from '@koa/router';
import serve from 'koa-static';
import type { AppState } from './platform/http/context';
import { requestContext } from './platform/http/request-context';
import { errorHandler } from './platform/http/error-handler';
import { jsonBody } from './platform/http/json-body';
import { admission } from './platform/http/admission';
import { securityHeaders } from './platform/http/security';
import { metricsEndpoint, metricsMiddleware } from './platform/metrics/metrics';
import { RateLimitedError } from './platform/ratelimit/limiter';
import { hitsFor, ratePolicies } from './platform/ratelimit/policies';
import { authenticate } from './platform/auth/authenticate';
import { createServices, type CoreDeps } from './services';
import { bindRoutes } from './platform/modules';
import { modules } from './modules';
import { NOTIFY_PATH } from './payments/notify';
import { posGateway } from './pos/routes';
import { consoleStatic } from './console/static';
import { CONSOLE_API, consoleAuthenticate } from './console/http';
import { createFileImageStore, type ImageStore } from './platform/images/store';
import { IMAGE_UPLOAD_PATH, mediaServe } from './platform/images/routes';
import { publicUrlOf } from './platform/config';
import { api as contract, IMAGE_MAX_BYTES } from '@homeclub/shared';

export interface AppDeps extends CoreDeps {
  engine: { kind: string; persistent: boolean };
  /** where uploaded images live (default: files under DATA_DIR/images); an object store plugs in here */
  images?: ImageStore;
}

export function createApp(deps: AppDeps) {
  const services = createServices(deps);
  const app = new Koa<AppState>();
  // Behind a load balancer (TRUST_PROXY=1) the client IP comes from X-Forwarded-For.
  app.proxy = deps.config.TRUST_PROXY;
  app.silent = true;

  const api = new Router<AppState>();
  // Images uploaded from the console live in files under DATA_DIR/images by default; an object store plugs in here.
  const images = deps.images ?? createFileImageStore({ dir: path.join(deps.config.DATA_DIR, 'images'), publicBase: publicUrlOf(deps.config) });
  bindRoutes(modules, api, services, { ...deps, images });

  const h5 = path.resolve(deps.config.MINIAPP_H5_DIR);
  app.use(requestContext(deps.logger));
  app.use(metricsMiddleware(services.metrics, NOTIFY_PATH));
  // CSP hashes of the inline scripts of both builds served here (a Vite build normally has none).
  app.use(securityHeaders({ htmlFiles: [path.join(h5, 'index.html'), path.join(path.resolve(deps.config.CONSOLE_DIR), 'index.html')] }));
  app.use(errorHandler());
  // The API and the POS gateway take turns (at most HTTP_MAX_ACTIVE at once). WeChat Pay's notification, the probes,
  // the metrics and the static files (the H5 build, the console, images) never wait.
  const PRIORITY = new Set([NOTIFY_PATH, contract.health.path, contract.ready.path]);
  const takesTurns = (p: string) => (p.startsWith('/api/') || p.startsWith('/pos/')) && !PRIORITY.has(p);
  const gate = admission({ limit: deps.config.HTTP_MAX_ACTIVE, queueLimit: deps.config.HTTP_MAX_WAITING, priority: (p) => !takesTurns(p) });
  services.metrics.watchAdmission(gate);
  app.use(gate.middleware);
  app.use(metricsEndpoint(services.metrics, deps.config.METRICS_TOKEN));
  // Store POS API (/pos/v1): signed per-store keys, raw body, outside the /api session auth.
  app.use(posGateway(services.pos, { bodyLimit: deps.config.BODY_LIMIT_BYTES }));
  app.use(async (ctx, next) =>
    ctx.path.startsWith('/api')
      ? jsonBody({ limit: deps.config.BODY_LIMIT_BYTES, rawOnly: [NOTIFY_PATH], large: { paths: [IMAGE_UPLOAD_PATH], limit: IMAGE_MAX_BYTES, code: 'IMAGE_TOO_LARGE' } })(ctx, next)
      : next(),
  );
  // The operator console signs in with its own cookie session; the rest of /api with bearer tokens.
  const consoleAuth = consoleAuthenticate(services.consoleAuth);
  app.use(async (ctx, next) =>
    ctx.path === CONSOLE_API || ctx.path.startsWith(`${CONSOLE_API}/`)
      ? consoleAuth(ctx, next)
      : ctx.path.startsWith('/api')
        ? authenticate({ secret: deps.sessionSecret, clock: deps.clock, load: services.auth.loadIdentity })(ctx, next)
        : next(),
  );
  const policies = ratePolicies(deps.config);
  app.use(async (ctx, next) => {
    if (deps.config.RATE_LIMITS_ENABLED) {
      ctx.state.rateLimit = async (route, identity) => {
        try {
          await services.rateLimiter.hit(hitsFor(policies[route], { ip: ctx.ip, identity }));
        } catch (err) {
          if (err instanceof RateLimitedError) ctx.set('Retry-After', String(err.retryAfterSeconds));
          throw err;
        }
      };
    }
    return next();
  });
  app.use(api.routes());

  app.use(mediaServe(images));
  // The operator console (Vite build), history routing under /console/.
  app.use(consoleStatic(deps.config.CONSOLE_DIR));

  // The H5 build of the mini-program, on the same port (hash routing: static files only).
  if (existsSync(h5)) app.use(serve(h5, { index: 'index.html', maxage: 0 }) as unknown as Koa.Middleware<AppState>);

  return { app, services };
}
