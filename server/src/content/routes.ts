import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { ContentService } from './service';

export function contentRoutes(router: Router<AppState>, deps: { content: ContentService; tierOf: (memberId: string) => Promise<string> }): void {
  const { content } = deps;
  bind(router, api.home, async ({ identity, query }) => {
    const tier = identity ? await deps.tierOf(identity.memberId) : undefined;
    return content.home({ tier, storeId: query.storeId });
  });
  bind(router, api.adminHomeDraft, () => content.draft());
  bind(router, api.adminSaveHomeDraft, ({ identity, body }) => content.saveDraft(identity.memberId, body.baseRevision, body.config));
  bind(router, api.adminPublishHome, ({ identity, body }) => content.publish(identity.memberId, body.revision));
  bind(router, api.adminHomeVersions, () => content.versions());
  bind(router, api.adminPreviewHome, ({ body }) =>
    content.preview({ tier: body.tier, storeId: body.storeId, at: body.at ? new Date(body.at) : undefined }),
  );
}
