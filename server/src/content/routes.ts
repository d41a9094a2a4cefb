import type Router from '@koa/router';
import { api, type HomeView } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { ContentService } from './service';

type CampaignBanner = HomeView['banners'][number];

export function contentRoutes(
  router: Router<AppState>,
  deps: { content: ContentService; tierOf: (memberId: string) => Promise<string>; campaignBanners?: (memberId: string) => Promise<CampaignBanner[]> },
): void {
  const { content } = deps;
  bind(router, api.home, async ({ identity, query }) => {
    if (!identity) return content.home({ storeId: query.storeId });
    // A signed-in member also sees the banners of campaigns that target them (treated, never the holdout), first.
    const [tier, mine] = await Promise.all([deps.tierOf(identity.memberId), deps.campaignBanners?.(identity.memberId) ?? []]);
    const home = await content.home({ tier, storeId: query.storeId });
    return mine.length ? { ...home, banners: [...mine, ...home.banners] } : home;
  });
  bind(router, api.adminHomeDraft, () => content.draft());
  bind(router, api.adminSaveHomeDraft, ({ identity, body }) => content.saveDraft(identity.memberId, body.baseRevision, body.config));
  bind(router, api.adminPublishHome, ({ identity, body }) => content.publish(identity.memberId, body.revision));
  bind(router, api.adminHomeVersions, () => content.versions());
  bind(router, api.adminPreviewHome, ({ body }) =>
    content.preview({ tier: body.tier, storeId: body.storeId, at: body.at ? new Date(body.at) : undefined }),
  );
}
