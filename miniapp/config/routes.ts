/**
 * The API route table the mini-program needs at run time (name → method, path, access),
 * read from the shared contract at build time and baked in as the API_ROUTES constant
 * (without the operator console's routes, which only the console calls).
 * The contract's zod schemas stay out of the bundle (weapp main-package budget): the
 * client is typed by the contract, but only this table ships.
 */
import { require as tsxRequire } from 'tsx/cjs/api';
import type { Access, HttpMethod } from '@homeclub/shared';

export type RouteTable = Record<string, { method: HttpMethod; path: string; access: Access }>;

export function contractRouteTable(): RouteTable {
  const { api } = tsxRequire('@homeclub/shared/src/api.ts', __filename) as {
    api: Record<string, { method: HttpMethod; path: string; access: Access }>;
  };
  // The operator console's routes (cookie session, desktop browser) are never called from the mini-program.
  return Object.fromEntries(
    Object.entries(api)
      .filter(([, r]) => r.access !== 'console')
      .map(([name, r]) => [name, { method: r.method, path: r.path, access: r.access }]),
  );
}
