/** Stores: the chain's stores, hours and booking services. */
import { defineModule } from '../platform/modules';
import type { AuditService } from '../system/audit';
import { createStoresService } from './service';
import { storeRoutes } from './routes';

export const CHAIN_ID = 'homeclub';

export const storesModule = defineModule({
  name: 'stores',
  create: ({ conn, clock }, s: { audit: AuditService }) => ({ stores: createStoresService({ conn, clock, chainId: CHAIN_ID, audit: s.audit }) }),
  routes: (api, s) => storeRoutes(api, s.stores),
});
