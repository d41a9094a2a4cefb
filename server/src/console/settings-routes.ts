/** Console II routes for chain settings (thin, chain admins): versioned membership settings and the tier preview. */
import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { MembershipService } from '../membership/service';
import type { MembersConsole } from '../members/console';
import { requireConsoleAdmin } from './views';

export function consoleSettingsRoutes(router: Router<AppState>, deps: { membership: MembershipService; membersConsole: MembersConsole }): void {
  bind(router, api.consoleMembershipSettings, ({ identity }) => {
    requireConsoleAdmin(identity);
    return deps.membership.getSettingsVersioned();
  });
  bind(router, api.consoleSaveMembershipSettings, ({ identity, body }) => {
    requireConsoleAdmin(identity);
    const s = body.settings;
    return deps.membership.putSettingsVersioned(identity.memberId, { ...s, tiers: s.tiers.map((t) => ({ ...t, birthdayCouponTemplateId: t.birthdayCouponTemplateId ?? null })) }, body.baseRevision);
  });
  bind(router, api.consoleTierPreview, async ({ identity, body }) => {
    requireConsoleAdmin(identity);
    const tiers = [...body.tiers].sort((a, b) => a.threshold - b.threshold);
    const { bands, byTier, total } = await deps.membersConsole.growthBands(tiers.map((t) => t.threshold));
    const thresholds = [...new Set(tiers.map((t) => t.threshold))].sort((a, b) => a - b);
    // Two tiers with the same threshold: the band goes to the later one (as the tier rule picks the highest met).
    const rows = tiers.map((t, i) => {
      const sameNext = tiers[i + 1]?.threshold === t.threshold;
      return { code: t.code, name: t.name, threshold: t.threshold, current: byTier.get(t.code) ?? 0, projected: sameNext ? 0 : bands[thresholds.indexOf(t.threshold)] };
    });
    return { total, below: total - bands.reduce((n, b) => n + b, 0), rows };
  });
}
