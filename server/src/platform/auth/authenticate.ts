import { AppError } from '../errors';
import type { AppMiddleware, Identity } from '../http/context';
import { verifyAccessToken } from './tokens';
import type { Clock } from '../clock';

export type IdentityLoader = (memberId: string, sessionId: string, familyId?: string) => Promise<Identity | null>;

/**
 * Reads `Authorization: Bearer <token>` when present. An invalid or expired
 * token is an error even on public routes (the client must refresh), a
 * missing one just leaves the request anonymous.
 */
export function authenticate(opts: { secret: string; clock: Clock; load: IdentityLoader }): AppMiddleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new AppError('AUTH_TOKEN_INVALID', 'authorization header is not a bearer token');
      const payload = verifyAccessToken(opts.secret, m[1], opts.clock.now().getTime());
      const identity = await opts.load(payload.sub, payload.sid, payload.fam);
      if (!identity) throw new AppError('AUTH_TOKEN_INVALID', `member ${payload.sub} or session ${payload.sid} no longer valid`);
      ctx.state.identity = identity;
    }
    return next();
  };
}
