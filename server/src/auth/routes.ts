import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { AuthService } from './service';

export function authRoutes(router: Router<AppState>, auth: AuthService): void {
  bind(router, api.login, ({ body }) => auth.login(body.code, { inviter: body.inviter, scene: body.scene }));
  bind(router, api.refresh, ({ body }) => auth.refresh(body.refreshToken));
  bind(router, api.logout, async ({ body }) => {
    await auth.logout(body.refreshToken);
    return { ok: true as const };
  });
  bind(router, api.bindPhone, ({ body, identity }) => auth.bindPhone(identity, body.code));
}
