import type Router from '@koa/router';
import type { MemberDoc } from '../members/service';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { CouponsService } from './service';

export function couponRoutes(router: Router<AppState>, coupons: CouponsService): void {
  // Member
  bind(router, api.couponCenter, async ({ identity }) => ({ items: await coupons.center(identity.memberId) }));
  bind(router, api.couponClaim, ({ identity, body }) => coupons.claimFromCenter(identity.memberId, body.templateId, identity.member as MemberDoc | undefined, body.claimedByMe));
  bind(router, api.couponExchange, ({ identity, body }) => coupons.exchange(identity.memberId, body.templateId, body.clientKey));
  bind(router, api.myCoupons, async ({ identity, query }) => ({ items: await coupons.mine(identity.memberId, query.state) }));
  bind(router, api.myCoupon, ({ identity, params }) => coupons.one(identity.memberId, params.couponId));
  bind(router, api.myCouponCodeSecret, ({ identity, params }) => coupons.codeSecret(identity.memberId, params.couponId));
  // Staff (store-scoped inside the verifier)
  bind(router, api.staffVerifyCoupon, ({ identity, body }) => coupons.verifier.verify(identity, body.code, body.idempotencyKey));
  bind(router, api.staffUndoVerification, ({ identity, params }) => coupons.verifier.undo(identity, params.verificationId));
  bind(router, api.staffVerifications, async ({ identity }) => ({ items: await coupons.verifier.listToday(identity) }));
  // Admin
  bind(router, api.adminCreateTemplate, ({ identity, body }) => coupons.createTemplate(identity.memberId, body));
  bind(router, api.adminUpdateTemplate, ({ identity, params, body }) => coupons.updateTemplate(identity.memberId, params.templateId, body));
  bind(router, api.adminListTemplates, async () => ({ items: await coupons.listTemplates() }));
  bind(router, api.adminIssueCoupons, ({ identity, params, body }) => coupons.issueToMembers(identity.memberId, params.templateId, body.memberIds, body.batchKey));
}
