import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { StaffService } from './service';

export function staffRoutes(router: Router<AppState>, staff: StaffService): void {
  bind(router, api.staffMe, ({ identity }) => staff.me(identity.memberId));
  bind(router, api.adminListStaff, async () => ({ items: await staff.list() }));
  bind(router, api.adminCreateStaff, ({ body, identity }) => staff.create(identity.memberId, body));
  bind(router, api.adminRemoveStaff, async ({ params, identity }) => {
    await staff.remove(identity.memberId, params.memberId);
    return { ok: true as const };
  });
}
