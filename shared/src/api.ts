/**
 * The API contract: every route's method, path, required role and zod schemas.
 * The server validates with these and generates OpenAPI from them; the
 * mini-program's client is typed by them. Add a route to its domain's file in contract/ first; each domain owns one file.
 */
import type { z } from 'zod';
import { systemRoutes } from './contract/system';
import { authRoutes } from './contract/auth';
import { membersRoutes } from './contract/members';
import { storesRoutes } from './contract/stores';
import { staffRoutes } from './contract/staff';
import { paymentsRoutes } from './contract/payments';
import { membershipRoutes } from './contract/membership';
import { couponsRoutes } from './contract/coupons';
import { ordersRoutes } from './contract/orders';
import { bookingRoutes } from './contract/booking';
import { referralsRoutes } from './contract/referrals';
import { insightRoutes } from './contract/insight';
import { contentRoutes } from './contract/content';
import { analyticsRoutes } from './contract/analytics';
import { consoleRoutes } from './contract/console';
import { auditRoutes } from './contract/audit';
import { consoleViewRoutes } from './contract/console-views';
import { consoleStoresRoutes } from './contract/console-stores';
import { consoleCouponsRoutes } from './contract/console-coupons';
import { consoleSettingsRoutes } from './contract/console-settings';
import { guidesRoutes } from './contract/guides';
import { consoleInsightRoutes } from './contract/console-insight';
import { consoleStaffRoutes } from './contract/console-staff';
import { consolePointsRoutes } from './contract/console-points';
import { consoleLedgerRoutes } from './contract/console-ledger';
import { consoleContentRoutes } from './contract/console-content';
import { consoleReferralsRoutes } from './contract/console-referrals';
import { messagesRoutes } from './contract/messages';

export type { HttpMethod, Access, RouteContract } from './contract/route';
export { route, IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN } from './contract/route';

export const api = {
  ...systemRoutes,
  ...authRoutes,
  ...membersRoutes,
  ...storesRoutes,
  ...staffRoutes,
  ...paymentsRoutes,
  ...membershipRoutes,
  ...couponsRoutes,
  ...ordersRoutes,
  ...bookingRoutes,
  ...referralsRoutes,
  ...insightRoutes,
  ...contentRoutes,
  ...analyticsRoutes,
  ...consoleRoutes,
  ...auditRoutes,
  ...consoleViewRoutes,
  ...consoleStoresRoutes,
  ...consoleCouponsRoutes,
  ...consoleSettingsRoutes,
  ...guidesRoutes,
  ...consoleInsightRoutes,
  ...consoleStaffRoutes,
  ...consolePointsRoutes,
  ...consoleLedgerRoutes,
  ...consoleContentRoutes,
  ...consoleReferralsRoutes,
  ...messagesRoutes,
} as const;

export type Api = typeof api;
export type RouteName = keyof Api;
export type BodyOf<K extends RouteName> = Api[K] extends { body: infer B extends z.ZodType } ? z.input<B> : undefined;
export type QueryOf<K extends RouteName> = Api[K] extends { query: infer Q extends z.ZodType } ? z.input<Q> : undefined;
export type ParamsOf<K extends RouteName> = Api[K] extends { params: infer P extends z.ZodType } ? z.input<P> : undefined;
export type ResponseOf<K extends RouteName> = z.output<Api[K]['response']>;
