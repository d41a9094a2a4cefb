/** Console routes for the partner programme (thin, chain admins) over referrals/console-admin.ts. */
import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { ReferralService } from '../referrals/service';
import { requireConsoleAdmin } from './views';

export function consoleReferralRoutes(router: Router<AppState>, deps: { referrals: ReferralService }): void {
  const admin = deps.referrals.admin;
  bind(router, api.consoleReferralSettings, ({ identity }) => {
    requireConsoleAdmin(identity);
    return admin.settings();
  });
  bind(router, api.consolePutReferralSettings, ({ identity, body }) => {
    requireConsoleAdmin(identity);
    return admin.putSettings(identity.memberId, body.settings, body.baseRevision);
  });
  bind(router, api.consolePartners, async ({ identity, query }) => {
    requireConsoleAdmin(identity);
    return { items: await admin.partners(query.status) };
  });
  bind(router, api.consoleDecidePartner, ({ identity, params, body }) => {
    requireConsoleAdmin(identity);
    return admin.decide(identity.memberId, params.memberId, body.approve, body.reason);
  });
  bind(router, api.consoleReferralRewards, async ({ identity, query }) => {
    requireConsoleAdmin(identity);
    return { items: await admin.rewards(query) };
  });
}
