/** Content: the mini-program home (banners, shortcuts, featured coupons, notices), by audience; 首页装修 in the console. */
import { defineModule } from '../platform/modules';
import type { AuditService } from '../system/audit';
import type { MembershipService } from '../membership/service';
import type { CouponsService } from '../coupons/service';
import type { StoresService } from '../stores/service';
import type { BookingService } from '../booking/service';
import type { InsightService } from '../insight/service';
import { createContentService } from './service';
import { contentRoutes } from './routes';
import { consoleContentRoutes, contentRefs } from './console-routes';

interface Needs {
  audit: AuditService;
  membership: MembershipService;
  coupons: CouponsService;
  stores: StoresService;
  booking: BookingService;
  insight: InsightService;
}

export const contentModule = defineModule({
  name: 'content',
  create: ({ conn, clock }, s: Needs) => ({ content: createContentService({ conn, clock, audit: s.audit }) }),
  routes: (api, s) => {
    // campaign banners (insight) go first on a targeted member's home
    contentRoutes(api, { content: s.content, tierOf: (memberId) => s.membership.tierOf(memberId), campaignBanners: (memberId) => s.insight.homeBanners(memberId) });
    consoleContentRoutes(api, { content: s.content, refs: contentRefs(s) });
  },
});
