import type Koa from 'koa';
import type { Role } from '@homeclub/shared';
import type { Logger } from '../logger';

export interface Identity {
  memberId: string;
  sessionId: string;
  roles: Role[];
  staffStoreId: string | null;
  /** how the caller signed in: the mini-program's bearer token (default) or the console's cookie session */
  channel?: 'token' | 'console';
  /** admin permission flags (e.g. 'export': console exports with unmasked phones) */
  permissions?: string[];
  /** the member document authentication read for this request (a route may pass it down instead of reading it again) */
  member?: unknown;
}

export interface AppState {
  requestId: string;
  log: Logger;
  identity?: Identity;
  /** raw request bytes, kept for signature checks (WeChat Pay notifications) */
  rawBody?: Buffer;
  body?: unknown;
  /** counts this request against the route's rate limits (set by app.ts; RATE_LIMITED when over) */
  rateLimit?: (route: string, identity: Identity | undefined) => Promise<void>;
}

export type AppContext = Koa.ParameterizedContext<AppState>;
export type AppMiddleware = Koa.Middleware<AppState>;
