import type Router from '@koa/router';
import type { MemberDoc } from '../members/service';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { PointsService } from '../points/service';
import { toEntryView } from '../points/service';
import type { MembershipService } from './service';

export function membershipRoutes(router: Router<AppState>, deps: { membership: MembershipService; points: PointsService }): void {
  const { membership, points } = deps;
  bind(router, api.memberCard, ({ identity }) => membership.card(identity.memberId, identity.member as MemberDoc | undefined));
  bind(router, api.memberPoints, ({ identity }) => points.summary(identity.memberId));
  bind(router, api.memberPointsHistory, ({ identity, query }) => points.history(identity.memberId, query));
  bind(router, api.memberBirthday, ({ identity, body }) => membership.setBirthday(identity.memberId, body.birthday));
  bind(router, api.memberProfile, ({ identity, body }) => membership.updateProfile(identity.memberId, body));
  bind(router, api.memberGreetings, ({ identity }) => membership.greetings.list(identity.memberId));
  bind(router, api.memberGreetingsSeen, ({ identity, body }) => membership.greetings.seen(identity.memberId, body.keys));
  bind(router, api.memberCodeSecret, ({ identity }) => membership.codeSecret(identity.memberId));
  bind(router, api.staffResolveMemberCode, ({ identity, body }) => membership.resolveCode(identity, body.code));
  bind(router, api.adminMembershipSettings, () => membership.getSettings());
  bind(router, api.adminUpdateMembershipSettings, ({ identity, body }) =>
    membership.putSettings(identity, { ...body, tiers: body.tiers.map((t) => ({ ...t, birthdayCouponTemplateId: t.birthdayCouponTemplateId ?? null })) }),
  );
  bind(router, api.adminAdjustPoints, async ({ identity, params, body, idempotencyKey }) =>
    toEntryView(await membership.adjustPoints(identity, params.memberId, body.amount, body.reason, idempotencyKey)),
  );
}
