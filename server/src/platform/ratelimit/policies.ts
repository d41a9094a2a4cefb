/**
 * The table of rate limits by contract route name, applied where the route is
 * bound (platform/http/bind.ts). Routes that share a counter share its name.
 * Numbers come from the RATE_LIMIT_* settings (config.ts).
 */
import type { Config } from '../config';
import type { Identity } from '../http/context';
import type { Hit, Limit } from './limiter';

type Subject = 'ip' | 'staff' | 'store';
type Rule = { limit: Limit; by: Subject };
type Rate = { max: number; windowSeconds: number };

export function ratePolicies(config: Config): Record<string, Rule[]> {
  const l = (name: string, v: Rate): Limit => ({ name, ...v });
  const login = [{ limit: l('login:ip', config.RATE_LIMIT_LOGIN_PER_IP), by: 'ip' as const }];
  const refresh = [{ limit: l('refresh:ip', config.RATE_LIMIT_REFRESH_PER_IP), by: 'ip' as const }];
  const invite = [{ limit: l('invite:ip', config.RATE_LIMIT_INVITE_PER_IP), by: 'ip' as const }];
  const staffAndStore = (name: string, perStaff: Rate, perStore: Rate): Rule[] => [
    { limit: l(`${name}:staff`, perStaff), by: 'staff' },
    { limit: l(`${name}:store`, perStore), by: 'store' },
  ];
  const memberCode = staffAndStore('member-code', config.RATE_LIMIT_MEMBER_CODE_PER_STAFF, config.RATE_LIMIT_MEMBER_CODE_PER_STORE);
  const verify = staffAndStore('coupon-verify', config.RATE_LIMIT_COUPON_VERIFY_PER_STAFF, config.RATE_LIMIT_COUPON_VERIFY_PER_STORE);
  const checkIn = staffAndStore('check-in', config.RATE_LIMIT_CHECK_IN_PER_STAFF, config.RATE_LIMIT_CHECK_IN_PER_STORE);
  return {
    login,
    // Console sign-in tickets and the demo login create sessions/documents: the same per-IP budget as a login.
    consoleLoginTicket: login,
    consoleDemoLogin: login,
    refresh,
    inviteLanding: invite,
    staffResolveMemberCode: memberCode,
    staffVerifyCoupon: verify,
    staffCheckIn: checkIn,
    staffCheckInBooking: checkIn,
  };
}

/** The hits one request makes. A staff limit needs a signed-in member, a store limit a staff store (admins have none). */
export function hitsFor(rules: Rule[] | undefined, who: { ip: string; identity?: Identity }): Hit[] {
  const hits: Hit[] = [];
  for (const r of rules ?? []) {
    const subject = r.by === 'ip' ? who.ip : r.by === 'staff' ? who.identity?.memberId : (who.identity?.staffStoreId ?? undefined);
    if (subject) hits.push({ limit: r.limit, subject });
  }
  return hits;
}
