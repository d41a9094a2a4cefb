import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { MembersService } from './service';
import { toMemberView } from './view';

export function memberRoutes(router: Router<AppState>, members: MembersService): void {
  bind(router, api.me, async ({ identity }) => toMemberView(await members.require(identity.memberId)));
  bind(router, api.myPhone, async ({ identity }) => ({ phone: (await members.require(identity.memberId)).phone ?? null }));

  bind(router, api.adminFindMembers, async ({ query }) => {
    if (query.memberId) {
      const m = await members.get(query.memberId);
      return { items: m ? [toMemberView(m)] : [] };
    }
    if (query.phone) return { items: (await members.findByPhone(query.phone)).map(toMemberView) };
    return { items: [] };
  });
}
