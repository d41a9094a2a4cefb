/** The build bakes the contract's route table in as API_ROUTES (miniapp/config/routes.ts); components under test get the same table. */
import { api } from '@homeclub/shared';

(globalThis as unknown as { API_ROUTES: unknown }).API_ROUTES = Object.fromEntries(
  Object.entries(api).map(([name, r]) => [name, { method: r.method, path: r.path, access: r.access }]),
);
