/** Auth: WeChat login, sessions and refresh tokens; a new member is welcomed by membership, coupons, referrals. */
import { defineModule } from '../platform/modules';
import type { MembersService } from '../members/service';
import type { MembershipService } from '../membership/service';
import type { CouponsService } from '../coupons/service';
import type { ReferralService } from '../referrals/service';
import { createAuthService } from './service';
import { authRoutes } from './routes';

interface Needs {
  members: MembersService;
  // created later: read only inside the hooks
  membership: MembershipService;
  coupons: CouponsService;
  referrals: ReferralService;
}

export const authModule = defineModule({
  name: 'auth',
  create: (deps, s: Needs) => ({
    auth: createAuthService({
      conn: deps.conn,
      clock: deps.clock,
      members: s.members,
      wechat: deps.wechat,
      onNewMember: async (memberId) => {
        await s.membership.onNewMember(memberId);
        await s.coupons.issueNewMemberGifts(memberId);
        await s.referrals.onNewMember(memberId);
      },
      onPhoneBound: (memberId) => s.referrals.onPhoneBound(memberId),
      settings: {
        secret: deps.sessionSecret,
        accessTtlSeconds: deps.config.ACCESS_TOKEN_TTL_SECONDS,
        refreshTtlDays: deps.config.REFRESH_TOKEN_TTL_DAYS,
      },
    }),
  }),
  routes: (api, s) => authRoutes(api, s.auth),
  jobs: [
    {
      name: 'auth.purge-expired-sessions',
      every: 6 * 3600_000,
      run: async (s, { log }) => {
        const n = await s.auth.purgeExpired();
        if (n) log.info({ deleted: n }, 'expired sessions purged');
      },
    },
  ],
});
