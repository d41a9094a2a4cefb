import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import { toStoreView, type StoresService } from './service';

export function storeRoutes(router: Router<AppState>, stores: StoresService): void {
  bind(router, api.stores, async () => ({ items: (await stores.list()).map(toStoreView) }));
}
