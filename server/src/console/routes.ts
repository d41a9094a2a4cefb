/** Console sign-in routes (thin): tickets, polling, demo login, session, logout, and the staff confirmation. */
import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { ConsoleAuthService } from './service';
import { clearSessionCookies, setSessionCookies } from './http';

export function consoleAuthRoutes(router: Router<AppState>, auth: ConsoleAuthService, opts: { secureCookies: boolean }): void {
  bind(router, api.consoleSession, async ({ identity }) => ({ user: await auth.me(identity) }));
  bind(router, api.consoleLoginTicket, () => auth.createTicket());
  bind(router, api.consoleLoginPoll, async ({ params, body, ctx }) => {
    const r = await auth.poll(params.ticketId, body.pollToken);
    if (r.session) setSessionCookies(ctx, r.session, opts.secureCookies);
    return { state: r.state, user: r.session?.user ?? null };
  });
  bind(router, api.consoleDemoLogin, async ({ ctx }) => {
    const s = await auth.demoLogin();
    setSessionCookies(ctx, s, opts.secureCookies);
    return { user: s.user };
  });
  bind(router, api.consoleLogout, async ({ identity, ctx }) => {
    await auth.logout(identity);
    clearSessionCookies(ctx, opts.secureCookies);
    return { ok: true as const };
  });
  bind(router, api.staffConsoleTicket, ({ identity, params }) => auth.viewForStaff(identity, params.ticketId));
  bind(router, api.staffConsoleConfirm, ({ identity, params }) => auth.confirm(identity, params.ticketId));
}
