/** System: the audit trail every module writes to, health/readiness and the API docs. */
import { defineModule } from '../platform/modules';
import { createAuditService } from './audit';
import { systemRoutes, type Lifecycle } from './routes';

export const systemModule = defineModule({
  name: 'system',
  create: ({ conn, clock }) => {
    const lifecycle: Lifecycle = { draining: false };
    return { audit: createAuditService({ conn, clock }), lifecycle };
  },
  routes: (api, s, app) => systemRoutes(api, { conn: app.conn, engine: app.engine, lifecycle: s.lifecycle }),
});
