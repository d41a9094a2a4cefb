/** Console routes for staff and roles (thin): every rule lives in staff/roster.ts. */
import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { StaffService } from '../staff/service';

export function consoleStaffRoutes(router: Router<AppState>, deps: { staff: StaffService }): void {
  const roster = deps.staff.roster;
  bind(router, api.consoleStaff, async ({ identity, query }) => ({ items: await roster.list(identity, query.storeId) }));
  bind(router, api.consoleAddStaff, ({ identity, body }) => roster.add(identity, body));
  bind(router, api.consoleAssignStaff, ({ identity, params, body }) => roster.assign(identity, params.memberId, body));
  bind(router, api.consoleRemoveStaff, async ({ identity, params }) => {
    await roster.remove(identity, params.memberId);
    return { ok: true as const };
  });
}
