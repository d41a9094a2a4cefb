/** The shape of one route in the API contract. */
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/**
 * public: no token; member: any signed-in member; staff/admin: that role;
 * console: the operator console's cookie session (chain admin or store manager).
 */
export type Access = 'public' | 'member' | 'staff' | 'admin' | 'console';

export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** HTTP status of a success (200 unless stated). */
  status?: number;
}

export function route<const C extends RouteContract>(c: C): C {
  return c;
}
