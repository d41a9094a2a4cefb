/** Console routes for points adjustments and their approval (thin, chain admins): the rules are in membership/adjustments.ts. */
import type Router from '@koa/router';
import { api, type AdjustRequestView } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { MembershipService } from '../membership/service';
import type { AdjustRequestDoc } from '../membership/adjustments';
import type { MembersService } from '../members/service';
import { requireConsoleAdmin } from './views';

export function consolePointsRoutes(router: Router<AppState>, deps: { membership: MembershipService; members: Pick<MembersService, 'byIds'> }): void {
  const adj = deps.membership.adjustments;

  async function views(docs: AdjustRequestDoc[]): Promise<AdjustRequestView[]> {
    const people = await deps.members.byIds(docs.flatMap((d) => [String(d.memberId), d.requestedBy, ...(d.decidedBy ? [d.decidedBy] : [])]));
    const name = (id: string) => people.get(id)?.nickname ?? id;
    return docs.map((d) => ({
      id: d._id, memberId: String(d.memberId), memberName: name(String(d.memberId)), amount: d.amount, reason: d.reason, state: d.state, threshold: d.threshold,
      requestedById: d.requestedBy, requestedByName: name(d.requestedBy), requestedAt: d.requestedAt.toISOString(),
      decidedByName: d.decidedBy ? name(d.decidedBy) : null, decidedAt: d.decidedAt?.toISOString() ?? null, rejectReason: d.rejectReason,
      entryId: d.entryId ? String(d.entryId) : null, failure: d.failure,
    }));
  }
  const one = async (d: AdjustRequestDoc) => (await views([d]))[0];

  bind(router, api.consoleAdjustPoints, async ({ identity, params, body, idempotencyKey }) => {
    requireConsoleAdmin(identity);
    return one(await adj.request(identity, params.memberId, body, idempotencyKey));
  });
  bind(router, api.consoleAdjustments, async ({ identity, query }) => {
    requireConsoleAdmin(identity);
    return { items: await views(await adj.list(query)) };
  });
  bind(router, api.consoleApproveAdjustment, async ({ identity, params }) => {
    requireConsoleAdmin(identity);
    return one(await adj.approve(identity, params.requestId));
  });
  bind(router, api.consoleRejectAdjustment, async ({ identity, params, body }) => {
    requireConsoleAdmin(identity);
    return one(await adj.reject(identity, params.requestId, body.reason));
  });
  bind(router, api.consoleAdjustSettings, ({ identity }) => {
    requireConsoleAdmin(identity);
    return adj.settings();
  });
  bind(router, api.consolePutAdjustSettings, ({ identity, body }) => {
    requireConsoleAdmin(identity);
    return adj.putSettings(identity.memberId, body.approvalAbove, body.baseRevision);
  });
}
