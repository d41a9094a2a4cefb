/**
 * Console II routes for stores (thin): the stores, booking and POS services own the writes and their
 * audit; this file checks the console scope (admin: any store; manager: their own store's profile and
 * services) and shapes the answers.
 */
import type Router from '@koa/router';
import { api, type ConsoleStoreDetail } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import { assertConsoleStore, consoleStoreScope } from '../platform/auth/guard';
import type { AppState } from '../platform/http/context';
import type { StoresService } from '../stores/service';
import { toStoreView } from '../stores/service';
import type { StoreDoc } from '../stores/service';
import type { BookingService } from '../booking/service';
import type { PosService } from '../pos/service';
import { requireConsoleAdmin } from './views';
import type { createObjectAudit } from './object-audit';

export interface ConsoleStoreDeps {
  stores: StoresService;
  booking: BookingService;
  pos: PosService;
  objectAudit: ReturnType<typeof createObjectAudit>;
}

export function consoleStoreRoutes(router: Router<AppState>, deps: ConsoleStoreDeps): void {
  const { stores, booking, pos } = deps;
  async function detailOf(store: StoreDoc): Promise<ConsoleStoreDetail> {
    const d = await booking.catalog.detail(String(store._id));
    return { ...d, active: store.active, allServices: await booking.catalog.services(String(store._id)), revision: store.revision ?? 0 };
  }

  bind(router, api.consoleStores, async ({ identity }) => {
    const scope = consoleStoreScope(identity);
    const all = await stores.listAll();
    const mine = scope ? all.filter((s) => String(s._id) === scope) : all;
    const items = [];
    for (const s of mine) {
      items.push({ ...toStoreView(s), active: s.active, servicesCount: (await booking.catalog.services(String(s._id))).filter((x) => x.active).length });
    }
    return { items };
  });
  bind(router, api.consoleCreateStore, async ({ identity, body }) => {
    requireConsoleAdmin(identity);
    return detailOf(await stores.create(body, identity.memberId));
  });
  bind(router, api.consoleStore, async ({ identity, params }) => {
    assertConsoleStore(identity, params.storeId);
    return detailOf(await stores.require(params.storeId));
  });
  bind(router, api.consoleUpdateStore, async ({ identity, params, body }) => {
    requireConsoleAdmin(identity);
    const { baseRevision, ...input } = body;
    return detailOf(await stores.update(params.storeId, input, identity.memberId, baseRevision));
  });
  bind(router, api.consoleStoreProfile, ({ identity, params, body }) => {
    assertConsoleStore(identity, params.storeId);
    const { baseRevision, ...input } = body;
    return booking.catalog.setProfile(params.storeId, input, identity.memberId, baseRevision);
  });
  bind(router, api.consolePutStoreService, ({ identity, params, body }) => {
    assertConsoleStore(identity, params.storeId);
    return booking.catalog.putService(params.storeId, params.kind, body, identity.memberId);
  });
  bind(router, api.consolePosKeys, async ({ identity, params }) => {
    requireConsoleAdmin(identity);
    await stores.require(params.storeId);
    return { items: await pos.keys.list(params.storeId) };
  });
  bind(router, api.consoleCreatePosKey, ({ identity, params, body }) => {
    requireConsoleAdmin(identity);
    return pos.keys.create(params.storeId, body.label, identity.memberId);
  });
  bind(router, api.consoleRevokePosKey, ({ identity, params }) => {
    requireConsoleAdmin(identity);
    return pos.keys.revoke(params.storeId, params.keyId, identity.memberId);
  });
  bind(router, api.consoleObjectAudit, ({ identity, query }) => deps.objectAudit(identity, query.subject));
}
