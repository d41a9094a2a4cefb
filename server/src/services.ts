/** Wires domain services from explicit dependencies, module by module (modules.ts). Routes get services, never models. */
import type { Connection } from 'mongoose';
import { createModules, type CoreDeps, type ProvidedBy } from './platform/modules';
import { modules } from './modules';
import { registerJobs } from './jobs';

export type { CoreDeps } from './platform/modules';
export { CHAIN_ID } from './stores/module';

export type Services = ProvidedBy<typeof modules>;

export function createServices(deps: CoreDeps): Services {
  const { services, view } = createModules(modules, deps);
  registerJobs(view);
  return services;
}

/** Create every collection's indexes before serving (unique indexes are correctness, not speed). */
export async function ensureIndexes(conn: Connection): Promise<void> {
  for (const model of Object.values(conn.models)) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
}
