/**
 * Binds a route contract from `shared/api.ts` to a handler: checks access,
 * validates params/query/body with the contract's zod schemas (400 with the
 * failing fields), and checks the response against its schema.
 */
import type Router from '@koa/router';
import type { z } from 'zod';
import { adminPosKeys, api, IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN, type RouteContract } from '@homeclub/shared';
import { AppError, type FieldError } from '../errors';
import { requireAccess } from '../auth/guard';
import type { AppContext, AppState, Identity } from './context';

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface HandlerInput<C extends RouteContract> {
  params: Out<C['params']>;
  query: Out<C['query']>;
  body: Out<C['body']>;
  identity: C['access'] extends 'public' ? Identity | undefined : Identity;
  /** the Idempotency-Key header, checked when the contract requires it */
  idempotencyKey: C['idempotencyKey'] extends 'required' ? string : undefined;
  ctx: AppContext;
}

export type Handler<C extends RouteContract> = (input: HandlerInput<C>) => Promise<z.input<C['response']>>;

function parse(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  let r: ReturnType<z.ZodType['safeParse']>;
  try {
    r = schema.safeParse(value);
  } catch (err) {
    // A refinement that assumed what a failed check should have ensured: still the client's bad input, never a 500.
    throw new AppError('VALIDATION_FAILED', `schema check of ${where} threw: ${(err as Error).message}`, { fields: [{ path: where, message: 'invalid' }] });
  }
  if (r.success) return r.data;
  const fields: FieldError[] = r.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw new AppError('VALIDATION_FAILED', `invalid ${where}: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`, { fields });
}

/** Contract → its name in the contract (the rate-limit table is keyed by route name). */
const ROUTE_NAMES = new Map<unknown, string>(Object.entries({ ...api, ...adminPosKeys }).map(([name, c]) => [c, name]));

export function bind<C extends RouteContract>(router: Router<AppState>, contract: C, handler: Handler<C>): void {
  const method = contract.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  router[method](contract.path, async (ctx: AppContext) => {
    const identity = requireAccess(ctx.state.identity, contract.access);
    // Counted before validation: malformed guesses count too.
    await ctx.state.rateLimit?.(ROUTE_NAMES.get(contract) ?? `${contract.method} ${contract.path}`, identity);
    const params = parse(contract.params, ctx.params, 'params');
    const query = parse(contract.query, { ...ctx.query }, 'query');
    const body = parse(contract.body, contract.body ? (ctx.state.body ?? {}) : undefined, 'body');
    let idempotencyKey: string | undefined;
    if (contract.idempotencyKey === 'required') {
      idempotencyKey = ctx.get(IDEMPOTENCY_KEY_HEADER);
      if (!IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) throw new AppError('IDEMPOTENCY_KEY_REQUIRED', `${IDEMPOTENCY_KEY_HEADER} header (8–100 of [A-Za-z0-9_.:-]) is required`);
    }
    ctx.status = contract.status ?? 200; // a handler may still set another (e.g. 503 from /api/ready)
    const result = await handler({ params, query, body, identity, idempotencyKey, ctx } as HandlerInput<C>);
    const checked = contract.response.safeParse(result);
    if (!checked.success) {
      throw new Error(`response of ${contract.method} ${contract.path} breaks its schema: ${checked.error.message}`);
    }
    ctx.body = checked.data;
  });
}
