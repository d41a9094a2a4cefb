import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { InsightService } from './service';
import { toRunView } from './campaign-model';

export function insightRoutes(router: Router<AppState>, insight: InsightService): void {
  bind(router, api.adminInsightSettings, () => insight.settings.get());
  bind(router, api.adminPutInsightSettings, ({ identity, body }) => insight.putSettings(identity.memberId, body));
  bind(router, api.adminInsightStages, ({ query }) => insight.stages(query.months));
  bind(router, api.adminInsightRfm, () => insight.rfm());
  bind(router, api.adminInsightRunScores, async () => {
    const r = await insight.scores.run();
    return { date: r.date, phase: r.phase, members: r.members };
  });
  bind(router, api.adminSegmentPreview, ({ body }) => insight.segments.preview(body));
  bind(router, api.adminSegments, async () => ({ items: await insight.segments.list() }));
  bind(router, api.adminCreateSegment, ({ identity, body }) => insight.segments.create(identity.memberId, body));
  bind(router, api.adminSnapshotSegment, ({ identity, params }) => insight.segments.snapshot(identity.memberId, params.id));
  bind(router, api.adminTagMembers, async ({ body }) => ({ ...(await insight.segments.addTags(body.memberIds, body.tags, body.remove)), badLines: [] }));
  bind(router, api.adminImportTags, ({ body }) => insight.segments.importTags(body.csv));
  bind(router, api.adminCampaigns, async () => ({ items: await insight.listCampaigns() }));
  bind(router, api.adminCreateCampaign, ({ identity, body }) => insight.createCampaign(identity.memberId, body));
  bind(router, api.adminCampaign, ({ params }) => insight.campaign(params.id));
  bind(router, api.adminCampaignStatus, ({ identity, params, body }) => insight.setStatus(identity.memberId, params.id, body.status));
  bind(router, api.adminRunCampaign, async ({ params }) => toRunView(await insight.runCampaign(params.id)));
  bind(router, api.adminCampaignReport, ({ params, query }) => insight.report(params.id, query.fresh === '1'));
  bind(router, api.myGifts, ({ identity }) => insight.gifts(identity.memberId));
  bind(router, api.myGiftsSeen, ({ identity, body }) => insight.giftsSeen(identity.memberId, body.ids));
}
