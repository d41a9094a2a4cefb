import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { ReferralService } from './service';

export function referralRoutes(router: Router<AppState>, referrals: ReferralService): void {
  bind(router, api.referralMe, ({ identity }) => referrals.me(identity.memberId));
  bind(router, api.referralJoin, ({ identity, body }) => referrals.join(identity.memberId, body.termsVersion));
  bind(router, api.referralDashboard, ({ identity }) => referrals.dashboard(identity.memberId));
  bind(router, api.referralLeaderboard, ({ identity, query }) => referrals.leaderboard(identity.memberId, query.month));
  bind(router, api.referralPosterCode, ({ identity }) => referrals.posterCode(identity.memberId));
  bind(router, api.inviteLanding, ({ params }) => referrals.landing(params.code));
  bind(router, api.staffReferralLead, ({ identity, body }) => referrals.addLead(identity, body));
  bind(router, api.adminReferralSettings, () => referrals.settings.get());
  bind(router, api.adminPutReferralSettings, ({ identity, body }) => referrals.putSettings(identity.memberId, body));
  bind(router, api.adminPartners, async ({ query }) => ({ items: await referrals.partners(query.status) }));
  bind(router, api.adminDecidePartner, ({ params, body }) => referrals.decide(params.memberId, body.approve));
}
