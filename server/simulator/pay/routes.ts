/**
 * HTTP face of the WeChat Pay simulator: WeChat Pay API v3 paths under the
 * prefix (api-routes.ts, with WeChat's request authentication and signed
 * responses from api-kit.ts), plus the payer's cashier page, a console and
 * /control/* (control-routes.ts). Loopback only.
 */
import Router from '@koa/router';
import { loopbackOnly } from '../http';
import { payApiRoutes } from './api-routes';
import { payControlRoutes } from './control-routes';
import type { PaySimState } from './state';

export function createPayRouter(sim: PaySimState, prefix: string): Router {
  const r = new Router({ prefix });
  r.use(loopbackOnly({ code: 'NO_AUTH', message: 'simulator accepts loopback clients only' }));
  payApiRoutes(r, sim, prefix);
  payControlRoutes(r, sim, prefix);
  return r;
}
