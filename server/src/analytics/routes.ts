import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { AnalyticsService } from './service';

export function analyticsRoutes(router: Router<AppState>, analytics: AnalyticsService): void {
  bind(router, api.consoleDashboard, ({ query }) => analytics.dashboard(query));
}
