/**
 * The API contract: every route's method, path, required role and zod schemas.
 * The server validates with these and generates OpenAPI from them; the
 * mini-program's client is typed by them. Add a route here first.
 */
import { z } from 'zod';
import { okResponse } from './schemas/common';
import {
  loginRequest,
  memberView,
  phoneBindRequest,
  refreshRequest,
  sessionResponse,
} from './schemas/auth';
import { storeListResponse } from './schemas/stores';
import {
  createStaffRequest,
  memberLookupQuery,
  memberLookupResponse,
  staffListResponse,
  staffParams,
  staffView,
} from './schemas/staff';
import { healthResponse, readyResponse } from './schemas/system';
import {
  anomalyListResponse,
  reconciliationListResponse,
  reconciliationQuery,
  reconciliationReport,
  reconciliationRunRequest,
} from './schemas/payments';
import {
  birthdayRequest,
  memberCard,
  memberCodeResolveRequest,
  memberCodeResolveResponse,
  memberCodeSecretResponse,
  memberIdParams,
  membershipSettings,
  pointsAdjustRequest,
  pointsEntryView,
  pointsHistoryQuery,
  pointsHistoryResponse,
  pointsSummary,
  profileUpdateRequest,
  updateMembershipSettings,
} from './schemas/membership';
import {
  centerResponse,
  claimRequest,
  couponCodeSecretResponse,
  couponIdParams,
  couponView,
  exchangeRequest,
  issueRequest,
  issueResponse,
  myCouponsQuery,
  myCouponsResponse,
  templateIdParams,
  templateInput,
  templateUpdate,
  templateView,
  verificationIdParams,
  verificationListResponse,
  verificationView,
  verifyRequest,
} from './schemas/coupons';
import {
  createOrderRequest,
  createOrderResponse,
  orderIdParams,
  orderListResponse,
  myOrdersQuery,
  orderRefundRequest,
  orderRefundResponse,
  orderView,
  quoteRequest,
  quoteResponse,
  staffOrderListQuery,
  staffOrderListResponse,
  staffOrderView,
  tillOrderRequest,
  tillOrderResponse,
  tillQuoteRequest,
} from './schemas/checkout';

import {
  adminServiceListResponse,
  bookingIdParams,
  bookingListResponse,
  bookingView,
  checkInRequest,
  createBookingRequest,
  createBookingResponse,
  rescheduleRequest,
  serviceInput,
  serviceView,
  slotsQuery,
  slotsResponse,
  staffBookingListResponse,
  staffBookingsQuery,
  staffBookingView,
  storeDetail,
  storeRouteParams,
  storeProfileInput,
  storeServiceParams,
  serviceIdParams,
} from './schemas/booking';

import {
  dashboardResponse,
  inviteLanding,
  inviteParams,
  joinRequest,
  leaderboardQuery,
  leaderboardResponse,
  leadRequest,
  leadView,
  partnerDecision,
  partnerListQuery,
  partnerListResponse,
  partnerMemberParams,
  partnerView,
  posterCodeResponse,
  referralMeResponse,
  referralSettings,
} from './schemas/referrals';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** public: no token; member: any signed-in member; staff/admin: that role. */
export type Access = 'public' | 'member' | 'staff' | 'admin';

export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** HTTP status of a success (200 unless stated). */
  status?: number;
}

function route<const C extends RouteContract>(c: C): C {
  return c;
}

export const api = {
  health: route({
    method: 'GET', path: '/api/health', summary: 'Process is up', tag: 'system', access: 'public',
    response: healthResponse,
  }),
  ready: route({
    method: 'GET', path: '/api/ready', summary: 'Database reachable', tag: 'system', access: 'public',
    response: readyResponse,
  }),
  login: route({
    method: 'POST', path: '/api/auth/login', tag: 'auth', access: 'public',
    summary: 'Exchange a wx.login code for a session (creates the member on first login)',
    body: loginRequest, response: sessionResponse,
  }),
  refresh: route({
    method: 'POST', path: '/api/auth/refresh', tag: 'auth', access: 'public',
    summary: 'Rotate a refresh token into a new session (each refresh token works once)',
    body: refreshRequest, response: sessionResponse,
  }),
  logout: route({
    method: 'POST', path: '/api/auth/logout', tag: 'auth', access: 'public',
    summary: 'Revoke a refresh token', body: refreshRequest, response: okResponse,
  }),
  bindPhone: route({
    method: 'POST', path: '/api/auth/phone', tag: 'auth', access: 'member',
    summary: 'Bind the phone number from a getPhoneNumber code', body: phoneBindRequest, response: memberView,
  }),
  me: route({
    method: 'GET', path: '/api/me', tag: 'members', access: 'member',
    summary: 'The signed-in member', response: memberView,
  }),
  stores: route({
    method: 'GET', path: '/api/stores', tag: 'stores', access: 'public',
    summary: "The chain's stores", response: storeListResponse,
  }),
  staffMe: route({
    method: 'GET', path: '/api/staff/me', tag: 'staff', access: 'staff',
    summary: 'The signed-in staff member and their store', response: staffView,
  }),
  adminListStaff: route({
    method: 'GET', path: '/api/admin/staff', tag: 'admin', access: 'admin',
    summary: 'All staff with their stores', response: staffListResponse,
  }),
  adminCreateStaff: route({
    method: 'POST', path: '/api/admin/staff', tag: 'admin', access: 'admin', status: 201,
    summary: 'Make an existing member staff of a store', body: createStaffRequest, response: staffView,
  }),
  adminRemoveStaff: route({
    method: 'DELETE', path: '/api/admin/staff/:memberId', tag: 'admin', access: 'admin',
    summary: 'Remove the staff role from a member', params: staffParams, response: okResponse,
  }),
  adminFindMembers: route({
    method: 'GET', path: '/api/admin/members', tag: 'admin', access: 'admin',
    summary: 'Find members by phone or id', query: memberLookupQuery, response: memberLookupResponse,
  }),
  adminReconciliations: route({
    method: 'GET', path: '/api/admin/payments/reconciliations', tag: 'payments', access: 'admin',
    summary: 'Daily WeChat Pay reconciliation reports (latest first)', response: reconciliationListResponse,
  }),
  adminReconciliation: route({
    method: 'GET', path: '/api/admin/payments/reconciliation', tag: 'payments', access: 'admin',
    summary: 'The reconciliation report of one day', query: reconciliationQuery, response: reconciliationReport,
  }),
  adminRunReconciliation: route({
    method: 'POST', path: '/api/admin/payments/reconciliation', tag: 'payments', access: 'admin',
    summary: 'Reconcile one day against the WeChat Pay trade bill now', body: reconciliationRunRequest, response: reconciliationReport,
  }),
  adminPaymentAnomalies: route({
    method: 'GET', path: '/api/admin/payments/anomalies', tag: 'payments', access: 'admin',
    summary: 'Payment anomalies: amount mismatches, payments after close, unknown trades', response: anomalyListResponse,
  }),
  memberCard: route({
    method: 'GET', path: '/api/member/card', tag: 'membership', access: 'member',
    summary: 'My membership card: tier, growth to the next tier, points, perks', response: memberCard,
  }),
  memberPoints: route({
    method: 'GET', path: '/api/member/points', tag: 'membership', access: 'member',
    summary: 'My points: balance, held, available, expiring soon', response: pointsSummary,
  }),
  memberPointsHistory: route({
    method: 'GET', path: '/api/member/points/history', tag: 'membership', access: 'member',
    summary: 'My points history (newest first, cursor pagination)', query: pointsHistoryQuery, response: pointsHistoryResponse,
  }),
  memberBirthday: route({
    method: 'POST', path: '/api/member/birthday', tag: 'membership', access: 'member',
    summary: 'Set my birthday (once)', body: birthdayRequest, response: memberCard,
  }),
  memberProfile: route({
    method: 'PATCH', path: '/api/member/profile', tag: 'membership', access: 'member',
    summary: 'Update nickname, avatar, home city, preferred store', body: profileUpdateRequest, response: memberCard,
  }),
  memberCodeSecret: route({
    method: 'GET', path: '/api/member/code-secret', tag: 'membership', access: 'member',
    summary: 'The secret my mini-program uses to show the rotating member code offline', response: memberCodeSecretResponse,
  }),
  staffResolveMemberCode: route({
    method: 'POST', path: '/api/staff/member-code/resolve', tag: 'staff', access: 'staff',
    summary: "Resolve a scanned member code to the member's card summary", body: memberCodeResolveRequest, response: memberCodeResolveResponse,
  }),
  adminMembershipSettings: route({
    method: 'GET', path: '/api/admin/membership/settings', tag: 'admin', access: 'admin',
    summary: 'Tiers, growth rate, review date, points expiry', response: membershipSettings,
  }),
  adminUpdateMembershipSettings: route({
    method: 'PUT', path: '/api/admin/membership/settings', tag: 'admin', access: 'admin',
    summary: 'Replace tiers and membership settings', body: updateMembershipSettings, response: membershipSettings,
  }),
  adminAdjustPoints: route({
    method: 'POST', path: '/api/admin/members/:memberId/points/adjust', tag: 'admin', access: 'admin',
    summary: 'Adjust a member’s points with a reason (Idempotency-Key header required; audit logged)',
    params: memberIdParams, body: pointsAdjustRequest, response: pointsEntryView,
  }),
  couponCenter: route({
    method: 'GET', path: '/api/coupons/center', tag: 'coupons', access: 'member',
    summary: 'Claim centre: coupons I can claim now, with remaining stock', response: centerResponse,
  }),
  couponClaim: route({
    method: 'POST', path: '/api/coupons/claim', tag: 'coupons', access: 'member', status: 201,
    summary: 'Claim a coupon from the claim centre', body: claimRequest, response: couponView,
  }),
  couponExchange: route({
    method: 'POST', path: '/api/coupons/exchange', tag: 'coupons', access: 'member', status: 201,
    summary: 'Exchange points for a coupon (clientKey makes retries safe)', body: exchangeRequest, response: couponView,
  }),
  myCoupons: route({
    method: 'GET', path: '/api/coupons/mine', tag: 'coupons', access: 'member',
    summary: 'My coupons by state', query: myCouponsQuery, response: myCouponsResponse,
  }),
  myCoupon: route({
    method: 'GET', path: '/api/coupons/:couponId', tag: 'coupons', access: 'member',
    summary: 'One of my coupons', params: couponIdParams, response: couponView,
  }),
  myCouponCodeSecret: route({
    method: 'GET', path: '/api/coupons/:couponId/code-secret', tag: 'coupons', access: 'member',
    summary: 'Secret for the rotating in-store code of one of my coupons', params: couponIdParams, response: couponCodeSecretResponse,
  }),
  staffVerifyCoupon: route({
    method: 'POST', path: '/api/staff/coupons/verify', tag: 'staff', access: 'staff', status: 201,
    summary: 'Verify (核销) a coupon by its rotating code; the idempotency key makes retries safe', body: verifyRequest, response: verificationView,
  }),
  staffUndoVerification: route({
    method: 'POST', path: '/api/staff/coupons/verifications/:verificationId/undo', tag: 'staff', access: 'staff',
    summary: 'Undo a verification within 10 minutes, same store', params: verificationIdParams, response: verificationView,
  }),
  staffVerifications: route({
    method: 'GET', path: '/api/staff/coupons/verifications', tag: 'staff', access: 'staff',
    summary: "Today's verifications at my store", response: verificationListResponse,
  }),
  adminCreateTemplate: route({
    method: 'POST', path: '/api/admin/coupons/templates', tag: 'admin', access: 'admin', status: 201,
    summary: 'Create a coupon template', body: templateInput, response: templateView,
  }),
  adminUpdateTemplate: route({
    method: 'PATCH', path: '/api/admin/coupons/templates/:templateId', tag: 'admin', access: 'admin',
    summary: 'Edit a template (claimed coupons keep their terms; stock is never reset)', params: templateIdParams, body: templateUpdate, response: templateView,
  }),
  adminListTemplates: route({
    method: 'GET', path: '/api/admin/coupons/templates', tag: 'admin', access: 'admin',
    summary: 'All coupon templates', response: z.object({ items: z.array(templateView) }),
  }),
  adminIssueCoupons: route({
    method: 'POST', path: '/api/admin/coupons/templates/:templateId/issue', tag: 'admin', access: 'admin',
    summary: 'Issue a template to a list of members (batchKey makes it safe to retry)', params: templateIdParams, body: issueRequest, response: issueResponse,
  }),
  checkoutQuote: route({
    method: 'POST', path: '/api/checkout/quote', tag: 'checkout', access: 'member',
    summary: 'Price a bill at a store with a coupon and points (advisory: the order recomputes)', body: quoteRequest, response: quoteResponse,
  }),
  createOrder: route({
    method: 'POST', path: '/api/orders', tag: 'checkout', access: 'member', status: 201,
    summary: '优惠买单: create an order (locks the coupon, holds the points, returns wx.requestPayment params)', body: createOrderRequest, response: createOrderResponse,
  }),
  myOrders: route({
    method: 'GET', path: '/api/orders', tag: 'checkout', access: 'member', summary: 'My orders, newest first (optionally one state)', query: myOrdersQuery, response: orderListResponse,
  }),
  myOrder: route({
    method: 'GET', path: '/api/orders/:orderId', tag: 'checkout', access: 'member', summary: 'One of my orders', params: orderIdParams, response: orderView,
  }),
  payMyOrder: route({
    method: 'POST', path: '/api/orders/:orderId/pay', tag: 'checkout', access: 'member',
    summary: 'Pay one of my unpaid orders (e.g. one a clerk rang up at the till): wx.requestPayment params', params: orderIdParams, response: createOrderResponse,
  }),
  cancelMyOrder: route({
    method: 'POST', path: '/api/orders/:orderId/cancel', tag: 'checkout', access: 'member',
    summary: 'Cancel one of my unpaid orders: the coupon and points come back', params: orderIdParams, response: orderView,
  }),
  staffTillQuote: route({
    method: 'POST', path: '/api/staff/till/quote', tag: 'staff', access: 'staff',
    summary: '收银: price a bill for a scanned member (coupon, points, lines)', body: tillQuoteRequest, response: quoteResponse,
  }),
  staffTillOrder: route({
    method: 'POST', path: '/api/staff/till/orders', tag: 'staff', access: 'staff', status: 201,
    summary: '收银: ring up a bill for a scanned member; paid in their mini-program (wechat) or at the till (other)', body: tillOrderRequest, response: tillOrderResponse,
  }),
  staffOrders: route({
    method: 'GET', path: '/api/staff/orders', tag: 'staff', access: 'staff',
    summary: 'Orders of my store (admins: any or all stores), newest first', query: staffOrderListQuery, response: staffOrderListResponse,
  }),
  staffOrder: route({
    method: 'GET', path: '/api/staff/orders/:orderId', tag: 'staff', access: 'staff',
    summary: 'One order of my store with its lines and refunds (the receipt)', params: orderIdParams, response: staffOrderView,
  }),
  staffCancelOrder: route({
    method: 'POST', path: '/api/staff/orders/:orderId/cancel', tag: 'staff', access: 'staff',
    summary: 'Cancel an unpaid order of my store: the coupon and points go back to the member', params: orderIdParams, response: staffOrderView,
  }),
  storeDetail: route({
    method: 'GET', path: '/api/stores/:storeId', tag: 'booking', access: 'public',
    summary: 'A store with its hours, photos, service area and bookable services', params: storeRouteParams, response: storeDetail,
  }),
  serviceSlots: route({
    method: 'GET', path: '/api/booking/services/:serviceId/slots', tag: 'booking', access: 'public',
    summary: 'Slots of a day with the places left (and the bookable dates)', params: serviceIdParams, query: slotsQuery, response: slotsResponse,
  }),
  createBooking: route({
    method: 'POST', path: '/api/bookings', tag: 'booking', access: 'member', status: 201,
    summary: 'Book a slot (a deposit, when the service asks one, is paid with WeChat Pay)', body: createBookingRequest, response: createBookingResponse,
  }),
  myBookings: route({
    method: 'GET', path: '/api/bookings', tag: 'booking', access: 'member', summary: 'My bookings, upcoming first', response: bookingListResponse,
  }),
  myBooking: route({
    method: 'GET', path: '/api/bookings/:bookingId', tag: 'booking', access: 'member', summary: 'One of my bookings', params: bookingIdParams, response: bookingView,
  }),
  rescheduleBooking: route({
    method: 'POST', path: '/api/bookings/:bookingId/reschedule', tag: 'booking', access: 'member',
    summary: 'Move my booking to another slot (the new place is taken before the old one is released)', params: bookingIdParams, body: rescheduleRequest, response: bookingView,
  }),
  cancelBooking: route({
    method: 'POST', path: '/api/bookings/:bookingId/cancel', tag: 'booking', access: 'member',
    summary: 'Cancel my booking before the cut-off (a paid deposit is refunded)', params: bookingIdParams, response: bookingView,
  }),
  payBooking: route({
    method: 'POST', path: '/api/bookings/:bookingId/pay', tag: 'booking', access: 'member',
    summary: 'Pay the deposit of my booking awaiting payment', params: bookingIdParams, response: createBookingResponse,
  }),
  staffBookings: route({
    method: 'GET', path: '/api/staff/bookings', tag: 'staff', access: 'staff',
    summary: 'Bookings of my store for a day (default today) or by the shopper’s phone', query: staffBookingsQuery, response: staffBookingListResponse,
  }),
  staffCheckIn: route({
    method: 'POST', path: '/api/staff/bookings/check-in', tag: 'staff', access: 'staff',
    summary: 'Check a shopper in by their booking code (scan)', body: checkInRequest, response: staffBookingView,
  }),
  staffCheckInBooking: route({
    method: 'POST', path: '/api/staff/bookings/:bookingId/check-in', tag: 'staff', access: 'staff',
    summary: 'Check a booking in (found by phone)', params: bookingIdParams, response: staffBookingView,
  }),
  staffNoShow: route({
    method: 'POST', path: '/api/staff/bookings/:bookingId/no-show', tag: 'staff', access: 'staff',
    summary: 'Mark a booking whose time has passed as a no-show', params: bookingIdParams, response: staffBookingView,
  }),
  adminStoreProfile: route({
    method: 'PUT', path: '/api/admin/stores/:storeId/profile', tag: 'admin', access: 'admin',
    summary: 'Opening hours, closed dates, photos and the 上门量尺 service area of a store', params: storeRouteParams, body: storeProfileInput, response: storeDetail,
  }),
  adminStoreServices: route({
    method: 'GET', path: '/api/admin/stores/:storeId/services', tag: 'admin', access: 'admin',
    summary: 'Booking services of a store', params: storeRouteParams, response: adminServiceListResponse,
  }),
  adminPutStoreService: route({
    method: 'PUT', path: '/api/admin/stores/:storeId/services/:kind', tag: 'admin', access: 'admin',
    summary: 'Create or change a booking service of a store (design / visit / measure)', params: storeServiceParams, body: serviceInput, response: serviceView,
  }),
  referralMe: route({
    method: 'GET', path: '/api/referrals/me', tag: 'referrals', access: 'member',
    summary: '邀请有礼: the programme terms, my eligibility and my partner status', response: referralMeResponse,
  }),
  referralJoin: route({
    method: 'POST', path: '/api/referrals/join', tag: 'referrals', access: 'member',
    summary: 'Accept the terms and become a partner (or apply, when the chain approves partners)', body: joinRequest, response: partnerView,
  }),
  referralDashboard: route({
    method: 'GET', path: '/api/referrals/dashboard', tag: 'referrals', access: 'member',
    summary: 'My invited friends (masked), their progress, my rewards and totals', response: dashboardResponse,
  }),
  referralLeaderboard: route({
    method: 'GET', path: '/api/referrals/leaderboard', tag: 'referrals', access: 'member',
    summary: 'The chain’s top partners of a month (masked names)', query: leaderboardQuery, response: leaderboardResponse,
  }),
  referralPosterCode: route({
    method: 'GET', path: '/api/referrals/poster-code', tag: 'referrals', access: 'member',
    summary: 'My mini-program code for the invite poster (scene i=CODE), made once and kept', response: posterCodeResponse,
  }),
  inviteLanding: route({
    method: 'GET', path: '/api/invites/:code', tag: 'referrals', access: 'public',
    summary: 'Landing of an invite link: who invites and the welcome coupon (before login)', params: inviteParams, response: inviteLanding,
  }),
  staffReferralLead: route({
    method: 'POST', path: '/api/staff/referrals/leads', tag: 'staff', access: 'staff', status: 201,
    summary: '报备: register a friend’s phone for a partner (protects the attribution for N days)', body: leadRequest, response: leadView,
  }),
  adminReferralSettings: route({
    method: 'GET', path: '/api/admin/referrals/settings', tag: 'admin', access: 'admin', summary: 'The partner programme settings', response: referralSettings,
  }),
  adminPutReferralSettings: route({
    method: 'PUT', path: '/api/admin/referrals/settings', tag: 'admin', access: 'admin', summary: 'Change the partner programme settings', body: referralSettings, response: referralSettings,
  }),
  adminPartners: route({
    method: 'GET', path: '/api/admin/referrals/partners', tag: 'admin', access: 'admin', summary: 'Partners (e.g. applications pending)', query: partnerListQuery, response: partnerListResponse,
  }),
  adminDecidePartner: route({
    method: 'POST', path: '/api/admin/referrals/partners/:memberId/decision', tag: 'admin', access: 'admin',
    summary: 'Approve or reject a partner application', params: partnerMemberParams, body: partnerDecision, response: partnerView,
  }),
  staffRefundOrder: route({
    method: 'POST', path: '/api/staff/orders/:orderId/refunds', tag: 'staff', access: 'staff', status: 201,
    summary: 'Refund part or all of a paid order (staff of its store or admin); points and growth are reversed in proportion',
    params: orderIdParams, body: orderRefundRequest, response: orderRefundResponse,
  }),
} as const;

export type Api = typeof api;
export type RouteName = keyof Api;
export type BodyOf<K extends RouteName> = Api[K] extends { body: infer B extends z.ZodType } ? z.input<B> : undefined;
export type QueryOf<K extends RouteName> = Api[K] extends { query: infer Q extends z.ZodType } ? z.input<Q> : undefined;
export type ParamsOf<K extends RouteName> = Api[K] extends { params: infer P extends z.ZodType } ? z.input<P> : undefined;
export type ResponseOf<K extends RouteName> = z.output<Api[K]['response']>;
