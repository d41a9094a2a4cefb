/**
 * Member insight for the operator console: the admin routes' handlers under
 * /api/console/insight, with the console's cookie session, chain admins only
 * (a store manager's console session is refused with CONSOLE_ADMIN_ONLY).
 */
import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState, Identity } from '../platform/http/context';
import { requireConsoleAdmin } from '../console/views';
import type { InsightService } from './service';
import { toRunView } from './campaign-model';
import type { CouponsService } from '../coupons/service';

export function consoleInsightRoutes(router: Router<AppState>, insight: InsightService, coupons: CouponsService): void {
  const admin = async <T>(identity: Identity, run: () => Promise<T> | T): Promise<T> => {
    requireConsoleAdmin(identity);
    return run();
  };
  bind(router, api.consoleInsightSettings, ({ identity }) => admin(identity, () => insight.settings.getVersioned()));
  bind(router, api.consolePutInsightSettings, ({ identity, body }) => admin(identity, () => insight.putSettingsVersioned(identity.memberId, body.settings, body.baseRevision)));
  bind(router, api.consoleInsightStages, ({ identity, query }) => admin(identity, () => insight.stages(query.months)));
  bind(router, api.consoleInsightRfm, ({ identity }) => admin(identity, () => insight.rfm()));
  bind(router, api.consoleInsightRunScores, ({ identity }) =>
    admin(identity, async () => {
      const r = await insight.scores.run();
      return { date: r.date, phase: r.phase, members: r.members };
    }),
  );
  bind(router, api.consoleSegmentPreview, ({ identity, body }) => admin(identity, () => insight.segments.preview(body)));
  bind(router, api.consoleSegments, ({ identity }) => admin(identity, async () => ({ items: await insight.segments.list() })));
  bind(router, api.consoleCreateSegment, ({ identity, body }) => admin(identity, () => insight.segments.create(identity.memberId, body)));
  bind(router, api.consoleSnapshotSegment, ({ identity, params }) => admin(identity, () => insight.segments.snapshot(identity.memberId, params.id)));
  bind(router, api.consoleTagMembers, ({ identity, body }) =>
    admin(identity, async () => ({ ...(await insight.segments.addTags(body.memberIds, body.tags, body.remove)), badLines: [] })),
  );
  bind(router, api.consoleImportTags, ({ identity, body }) => admin(identity, () => insight.segments.importTags(body.csv)));
  bind(router, api.consoleCampaigns, ({ identity }) => admin(identity, async () => ({ items: await insight.listCampaigns() })));
  bind(router, api.consoleCreateCampaign, ({ identity, body }) => admin(identity, () => insight.createCampaign(identity.memberId, body)));
  bind(router, api.consoleCampaign, ({ identity, params }) => admin(identity, () => insight.campaign(params.id)));
  bind(router, api.consoleCampaignStatus, ({ identity, params, body }) => admin(identity, () => insight.setStatus(identity.memberId, params.id, body.status)));
  bind(router, api.consoleRunCampaign, ({ identity, params }) => admin(identity, async () => toRunView(await insight.runCampaign(params.id))));
  bind(router, api.consoleInsightGiftTemplates, ({ identity }) =>
    admin(identity, async () => ({ items: (await coupons.listTemplates()).filter((t) => t.channel === 'campaign' && t.status === 'active') })),
  );
  bind(router, api.consoleCampaignReport, ({ identity, params, query }) => admin(identity, () => insight.report(params.id, query.fresh === '1')));
}
