import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import { consoleStoreScope } from '../platform/auth/guard';
import type { AppState } from '../platform/http/context';
import type { AnalyticsService } from './service';

export function analyticsRoutes(router: Router<AppState>, analytics: AnalyticsService): void {
  // A store manager is forced to their store (another store asked for is STORE_SCOPE); an admin picks any or all.
  bind(router, api.consoleDashboard, ({ query, identity }) => {
    const storeId = consoleStoreScope(identity, query.storeId);
    return analytics.dashboard({ ...query, storeId: storeId ?? undefined }, { onlyScoped: !identity.roles.includes('admin') });
  });
}
