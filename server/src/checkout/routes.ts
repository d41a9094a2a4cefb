import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { Quoter } from './quote';
import type { MemberDoc } from '../members/service';

export function checkoutRoutes(router: Router<AppState>, quoter: Quoter): void {
  bind(router, api.checkoutQuote, ({ identity, body }) => quoter.quote(identity.memberId, body, identity.member as MemberDoc | undefined));
}
