/** POS: per-store signed API keys for store tills (the /pos/v1 gateway is middleware in app.ts). */
import { defineModule } from '../platform/modules';
import type { AuditService } from '../system/audit';
import type { StoresService } from '../stores/service';
import type { MembershipService } from '../membership/service';
import type { MemberTokens } from '../membership/member-token';
import type { OrdersService } from '../orders/service';
import { createPosService } from './service';
import { posAdminRoutes } from './routes';

interface Needs {
  audit: AuditService;
  stores: StoresService;
  membership: MembershipService;
  memberTokens: MemberTokens;
  orders: OrdersService;
}

export const posModule = defineModule({
  name: 'pos',
  create: ({ conn, clock, logger, config, sessionSecret }, s: Needs) => ({
    pos: createPosService({ conn, clock, logger, config, sessionSecret, orders: s.orders, membership: s.membership, memberTokens: s.memberTokens, stores: s.stores, audit: s.audit }),
  }),
  routes: (api, s) => posAdminRoutes(api, s.pos),
  jobs: [
    {
      name: 'pos.purge-nonces',
      every: 5 * 60_000,
      run: async (s, { log }) => {
        const n = await s.pos.purgeNonces();
        if (n) log.info({ deleted: n }, 'expired POS nonces purged');
      },
    },
  ],
});
