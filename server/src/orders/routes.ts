import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { OrdersService } from './service';
import type { MemberDoc } from '../members/service';

export function orderRoutes(router: Router<AppState>, orders: OrdersService): void {
  bind(router, api.createOrder, ({ identity, body }) => orders.create(identity.memberId, body, identity.member as MemberDoc | undefined));
  bind(router, api.myOrders, async ({ identity, query }) => ({ items: await orders.mine(identity.memberId, query.state) }));
  bind(router, api.myOrder, ({ identity, params }) => orders.one(identity.memberId, params.orderId));
  bind(router, api.payMyOrder, ({ identity, params }) => orders.pay(identity.memberId, params.orderId));
  bind(router, api.cancelMyOrder, ({ identity, params }) => orders.cancelMine(identity.memberId, params.orderId));
  bind(router, api.staffTillQuote, ({ identity, body }) => orders.tillQuote(identity, body));
  bind(router, api.staffTillOrder, ({ identity, body }) => orders.tillCreate(identity, body));
  bind(router, api.staffOrders, ({ identity, query }) => orders.staffList(identity, query));
  bind(router, api.staffOrder, ({ identity, params }) => orders.staffOne(identity, params.orderId));
  bind(router, api.staffCancelOrder, ({ identity, params }) => orders.staffCancel(identity, params.orderId));
  bind(router, api.staffRefundOrder, ({ identity, params, body }) => orders.refund(identity, params.orderId, body));
}
