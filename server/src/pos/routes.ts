/**
 * `/pos/v1/*`: outside the session middleware (no bearer token). The raw body
 * is read first (as for WeChat Pay notifications), the signature is verified
 * over those exact bytes, and only then is the JSON parsed and the contract
 * bound. The admin key routes live under `/api` with normal session auth.
 */
import Router from '@koa/router';
import { adminPosKeys, posApi, POS_HEADERS, POS_PREFIX } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import { bind } from '../platform/http/bind';
import { jsonBody } from '../platform/http/json-body';
import type { AppContext, AppMiddleware, AppState } from '../platform/http/context';
import type { PosCaller, PosService } from './service';

type PosState = AppState & { posCaller?: PosCaller };

function callerOf(ctx: AppContext): PosCaller {
  const caller = (ctx.state as PosState).posCaller;
  if (!caller) throw new AppError('POS_AUTH_INVALID', 'request reached a POS route without a verified signature');
  return caller;
}

/** The signed POS API as one middleware: handles every path under /pos/v1/, passes everything else on. */
export function posGateway(pos: PosService, opts: { bodyLimit: number }): AppMiddleware {
  const router = new Router<AppState>();
  bind(router, posApi.posResolveMemberCode, ({ ctx, body }) => pos.resolveMemberCode(callerOf(ctx), body.code));
  bind(router, posApi.posQuote, ({ ctx, body }) => pos.quote(callerOf(ctx), body));
  bind(router, posApi.posCommitRedemption, ({ ctx, body }) => pos.commit(callerOf(ctx), body));
  bind(router, posApi.posRedemption, ({ ctx, params }) => pos.redemption(callerOf(ctx), params.posTxnId));
  bind(router, posApi.posReverseRedemption, ({ ctx, params, body }) => pos.reverse(callerOf(ctx), params.posTxnId, body));
  const routes = router.routes() as unknown as AppMiddleware;
  const prefix = `${POS_PREFIX}/`;

  return async (ctx, next) => {
    if (!ctx.path.startsWith(prefix)) return next();
    // Raw bytes only (no parsing yet): the signature covers exactly what was sent.
    await jsonBody({ limit: opts.bodyLimit, rawOnly: [ctx.path] })(ctx, async () => undefined);
    const rawBody = ctx.state.rawBody ?? Buffer.alloc(0);
    const caller = await pos.authenticate({
      method: ctx.method,
      target: ctx.originalUrl,
      headers: {
        key: ctx.get(POS_HEADERS.key) || undefined,
        timestamp: ctx.get(POS_HEADERS.timestamp) || undefined,
        nonce: ctx.get(POS_HEADERS.nonce) || undefined,
        signature: ctx.get(POS_HEADERS.signature) || undefined,
      },
      rawBody,
    });
    (ctx.state as PosState).posCaller = caller;
    ctx.state.log = ctx.state.log.child({ posKey: caller.keyId, storeId: caller.storeId });
    if (rawBody.length > 0) {
      if (!ctx.is('application/json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `content-type ${ctx.get('content-type') || '(none)'} is not JSON`);
      try {
        ctx.state.body = JSON.parse(rawBody.toString('utf8'));
      } catch (err) {
        throw new AppError('INVALID_JSON', `body is not valid JSON: ${(err as Error).message}`);
      }
    }
    await routes(ctx, async () => undefined);
    if (ctx.status === 404 && ctx.body === undefined) throw new AppError('NOT_FOUND', `no POS route ${ctx.method} ${ctx.path}`);
  };
}

/** Admins manage the stores' POS keys (session auth). */
export function posAdminRoutes(router: Router<AppState>, pos: PosService): void {
  bind(router, adminPosKeys.adminCreatePosKey, ({ identity, params, body }) => pos.keys.create(params.storeId, body.label, identity.memberId));
  bind(router, adminPosKeys.adminListPosKeys, async ({ params }) => ({ items: await pos.keys.list(params.storeId) }));
  bind(router, adminPosKeys.adminRevokePosKey, ({ identity, params }) => pos.keys.revoke(params.storeId, params.keyId, identity.memberId));
}
