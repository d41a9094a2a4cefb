import type Koa from 'koa';
import type { Role } from '@homeclub/shared';
import type { Logger } from '../logger';

export interface Identity {
  memberId: string;
  sessionId: string;
  roles: Role[];
  staffStoreId: string | null;
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
