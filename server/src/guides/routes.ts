import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { GuidesService } from './service';

export function guidesRoutes(router: Router<AppState>, guides: GuidesService): void {
  bind(router, api.guideBind, ({ identity, body }) => guides.bindByCode(identity.memberId, body.code));
  bind(router, api.guideMine, ({ identity }) => guides.mine(identity.memberId));
  bind(router, api.guideMe, ({ identity }) => guides.me(identity));
  bind(router, api.guidePoster, ({ identity }) => guides.posterCode(identity));
  bind(router, api.guidePerformance, ({ identity, query }) => guides.performance(identity, query));
  bind(router, api.guideCommission, ({ identity }) => guides.myCommission(identity));
  bind(router, api.guideCustomers, async ({ identity }) => ({
    items: await guides.workspace.customers(await guides.requireGuide(identity)),
  }));
  bind(router, api.guideCustomer, async ({ identity, params }) =>
    guides.workspace.customer(await guides.requireGuide(identity), params.memberId),
  );
  bind(router, api.guideAddNote, async ({ identity, params, body }) =>
    guides.workspace.addNote(await guides.requireGuide(identity), params.memberId, body.text),
  );
  bind(router, api.guideTasks, async ({ identity }) => ({
    items: await guides.workspace.tasks(await guides.requireGuide(identity)),
  }));
  bind(router, api.guideTaskDone, async ({ identity, params }) =>
    guides.workspace.done(await guides.requireGuide(identity), params.taskId),
  );
  bind(router, api.guideTaskSnooze, async ({ identity, params, body }) =>
    guides.workspace.snooze(await guides.requireGuide(identity), params.taskId, body.days),
  );

  bind(router, api.consoleGuides, async ({ identity, query }) => ({ items: await guides.list(identity, query) }));
  bind(router, api.consoleCreateGuide, ({ identity, body }) => guides.createGuide(identity, body.memberId));
  bind(router, api.consoleGuideCustomers, async ({ identity, params }) => ({
    items: await guides.guideCustomers(identity, params.guideId),
  }));
  bind(router, api.consoleGuideLeave, async ({ identity, params }) => {
    await guides.leave(identity, params.guideId);
    return { ok: true as const };
  });
  bind(router, api.consoleGuideSettings, () => guides.settings.get());
  bind(router, api.consolePutGuideSettings, ({ identity, body }) => guides.putSettings(identity, body));
  bind(router, api.consoleGuideCommission, () => guides.commissionSettings.versioned());
  bind(router, api.consolePutGuideCommission, ({ identity, body }) =>
    guides.putCommission(identity, body.settings, body.baseRevision),
  );
  bind(router, api.consoleGuideSettlements, async ({ identity, query }) => ({
    items: await guides.settlements(identity, query.period),
  }));
  bind(router, api.consoleGuideTransfers, async ({ identity }) => ({ items: await guides.listTransfers(identity) }));
  bind(router, api.consoleCreateGuideTransfer, ({ identity, body }) => guides.createTransfer(identity, body));
  bind(router, api.consoleGuideTransfer, ({ identity, params }) => guides.oneTransfer(identity, params.transferId));
}
