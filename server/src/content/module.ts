/** Content: the mini-program home (banners, shortcuts, featured coupons, notices), by audience. */
import { defineModule } from '../platform/modules';
import type { AuditService } from '../system/audit';
import type { MembershipService } from '../membership/service';
import { createContentService } from './service';
import { contentRoutes } from './routes';

export const contentModule = defineModule({
  name: 'content',
  create: ({ conn, clock }, s: { audit: AuditService; membership: MembershipService }) => ({ content: createContentService({ conn, clock, audit: s.audit }) }),
  routes: (api, s) => contentRoutes(api, { content: s.content, tierOf: (memberId) => s.membership.tierOf(memberId) }),
});
