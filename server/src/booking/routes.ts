import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { BookingService } from './service';

export function bookingRoutes(router: Router<AppState>, booking: BookingService): void {
  bind(router, api.storeDetail, ({ params }) => booking.detail(params.storeId));
  bind(router, api.serviceSlots, ({ params, query }) => booking.slots(params.serviceId, query.date));
  bind(router, api.createBooking, ({ identity, body }) => booking.create(identity.memberId, body));
  bind(router, api.myBookings, async ({ identity }) => ({ items: await booking.mine(identity.memberId) }));
  bind(router, api.myBooking, ({ identity, params }) => booking.one(identity.memberId, params.bookingId));
  bind(router, api.payBooking, ({ identity, params }) => booking.pay(identity.memberId, params.bookingId));
  bind(router, api.rescheduleBooking, ({ identity, params, body }) => booking.reschedule(identity.memberId, params.bookingId, body.start));
  bind(router, api.cancelBooking, ({ identity, params }) => booking.cancel(identity.memberId, params.bookingId));
  bind(router, api.staffBookings, async ({ identity, query }) => ({ items: await booking.staffList(identity, query) }));
  bind(router, api.staffCheckIn, ({ identity, body }) => booking.checkInByCode(identity, body.code));
  bind(router, api.staffCheckInBooking, ({ identity, params }) => booking.checkIn(identity, params.bookingId));
  bind(router, api.staffNoShow, ({ identity, params }) => booking.noShow(identity, params.bookingId));
  bind(router, api.adminStoreProfile, ({ params, body }) => booking.catalog.setProfile(params.storeId, body));
  bind(router, api.adminStoreServices, async ({ params }) => ({ items: await booking.catalog.services(params.storeId) }));
  bind(router, api.adminPutStoreService, ({ params, body }) => booking.catalog.putService(params.storeId, params.kind, body));
}
