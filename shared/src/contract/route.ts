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
  /** the route requires an `Idempotency-Key` header (IDEMPOTENCY_KEY_REQUIRED without one); bind checks it, OpenAPI declares it */
  idempotencyKey?: 'required';
  /** HTTP status of a success (200 unless stated). */
  status?: number;
}

export function route<const C extends RouteContract>(c: C): C {
  return c;
}

/** The header a client sends to make a retried write safe: 8–100 of [A-Za-z0-9_.:-]. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,100}$/;
