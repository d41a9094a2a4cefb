/** Wires domain services from explicit dependencies. Routes get services, never models. */
import type { Connection } from 'mongoose';
import { publicUrlOf, type Config } from './platform/config';
import type { Clock } from './platform/clock';
import type { Logger } from './platform/logger';
import { Scheduler } from './platform/jobs/scheduler';
import type { MiniProgramClient } from './wechat/miniprogram/client';
import { createMembersService } from './members/service';
import { createAuthService } from './auth/service';
import { createStoresService } from './stores/service';
import { createStaffService } from './staff/service';
import { createAuditService } from './system/audit';
import { registerJobs } from './jobs';
import { createRateLimiter } from './platform/ratelimit/limiter';
import type { Lifecycle } from './system/routes';
import { createMetrics } from './platform/metrics/metrics';
import { auditFindingKind } from '@homeclub/shared';
import { createLedgerAuditService } from './audit/service';
import type { WechatPay } from './wechat/pay';
import { createPaymentsService } from './payments/service';
import { createReconciliation } from './payments/reconcile';
import { createNotificationIntake } from './payments/notify';
import { createSettingsStore } from './membership/settings';
import { createGrowthLedger } from './membership/growth';
import { createMembershipService } from './membership/service';
import { createPointsService } from './points/service';
import { createCouponsService } from './coupons/service';
import { createQuoter } from './checkout/quote';
import { createOrdersService } from './orders/service';
import { createBookingService } from './booking/service';
import { createReferralService } from './referrals/service';
import { createOwedPoints } from './points/owed';
import { createMemberTokens } from './membership/member-token';
import { createPosService } from './pos/service';
import { createInsightService } from './insight/service';
import { createContentService } from './content/service';
import { createAnalyticsService } from './analytics/service';
import { createMembersConsole } from './members/console';
import { createConsoleAuthService } from './console/service';
import { createConsoleViews, type ConsoleViewDeps } from './console/views';
import { createConsoleExport } from './console/export';
import { createOrdersConsole } from './orders/console';
import { createPointsConsole } from './points/console';
import { createCouponsConsole } from './coupons/console';
import { createBookingConsole } from './booking/console';
import { createReferralsConsole } from './referrals/console';
import { DEMO_ADMIN_OPENID } from './seed/demo-data';
import { createGuidesService } from './guides/service';

export const CHAIN_ID = 'homeclub';

export interface CoreDeps {
  config: Config;
  conn: Connection;
  clock: Clock;
  logger: Logger;
  wechat: MiniProgramClient;
  wechatPay: WechatPay;
  sessionSecret: string;
  instanceId?: string;
}

export function createServices(deps: CoreDeps) {
  const { conn, clock } = deps;
  const audit = createAuditService({ conn, clock });
  const members = createMembersService({ conn, clock });
  const stores = createStoresService({ conn, clock, chainId: CHAIN_ID, audit });
  const staff = createStaffService({ conn, clock, members, stores, audit });
  const membershipSettings = createSettingsStore({ conn, clock });
  const points = createPointsService({ conn, clock, logger: deps.logger, memberSlice: members.slice('points'), expiryYears: async () => (await membershipSettings.get()).pointsExpiryYears });
  const growth = createGrowthLedger({ conn, clock, logger: deps.logger, memberSlice: members.slice('membership') });
  // Coupons depend on membership (tier) and membership shows coupons: late-bound hooks break the cycle.
  const couponHooks = {
    usableCoupons: (memberId: string) => coupons.usableCount(memberId),
    birthdayCoupon: (memberId: string, year: number, templateId: string) => coupons.issueBirthdayGift(memberId, year, templateId),
    newMemberCoupons: (memberId: string) => coupons.newMemberCoupons(memberId),
  };
  const memberTokens = createMemberTokens({ secret: deps.sessionSecret, clock });
  const membership = createMembershipService({ conn, memberSlice: members.slice('membership'), clock, logger: deps.logger, settings: membershipSettings, points, growth, audit, stores, memberTokens, hooks: couponHooks });
  const coupons = createCouponsService({
    conn,
    clock,
    logger: deps.logger,
    points,
    members,
    audit,
    wechat: deps.wechat,
    tierOf: (memberId, loaded) => membership.tierOf(memberId, loaded),
  });
  const quoter = createQuoter({ coupons, membership, stores });
  const auth = createAuthService({
    conn,
    clock,
    members,
    wechat: deps.wechat,
    onNewMember: async (memberId) => {
      await membership.onNewMember(memberId);
      await coupons.issueNewMemberGifts(memberId);
      await referrals.onNewMember(memberId);
    },
    onPhoneBound: (memberId) => referrals.onPhoneBound(memberId),
    settings: {
      secret: deps.sessionSecret,
      accessTtlSeconds: deps.config.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlDays: deps.config.REFRESH_TOKEN_TTL_DAYS,
    },
  });
  const metrics = createMetrics();
  const scheduler = new Scheduler({ conn, clock, logger: deps.logger, pollMs: deps.config.JOB_POLL_MS, instanceId: deps.instanceId, onRun: (r) => metrics.observeJob(r.name, r.ok, r.seconds) });
  const pay = deps.wechatPay;
  const payments = createPaymentsService({
    conn,
    clock,
    logger: deps.logger,
    pay: pay.client,
    settings: {
      appid: pay.settings.appid,
      mchid: pay.settings.mchid,
      queryAfterMinutes: deps.config.PAY_QUERY_AFTER_MINUTES,
      autoRefundLatePayments: deps.config.PAY_AUTO_REFUND_LATE_PAYMENTS,
    },
  });
  const owed = createOwedPoints({ conn, clock, points });
  const orders = createOrdersService({ conn, clock, logger: deps.logger, coupons, points, members, membership, payments, stores, quoter, audit, owed, memberTokens });
  const booking = createBookingService({ conn, clock, logger: deps.logger, stores, points, payments, settings: membershipSettings, wechat: deps.wechat, audit, memberSlice: members.slice('booking') });
  const referrals = createReferralService({ conn, clock, logger: deps.logger, members, membership, coupons, points, owed, orders, booking, wechat: deps.wechat, audit });
  const reconciliation = createReconciliation({ conn, clock, pay: pay.client });
  const payNotifications = createNotificationIntake({
    conn,
    clock,
    logger: deps.logger,
    keys: pay.keys,
    payments,
    apiV3Key: pay.settings.apiV3Key,
    appid: pay.settings.appid,
    mchid: pay.settings.mchid,
  });
  const pos = createPosService({ conn, clock, logger: deps.logger, config: deps.config, sessionSecret: deps.sessionSecret, orders, membership, memberTokens, stores, audit });
  const insight = createInsightService({ conn, clock, logger: deps.logger, members, orders, booking, referrals, coupons, points, audit, wechat: deps.wechat });
  const guides = createGuidesService({ conn, clock, logger: deps.logger, members, stores, booking, orders, coupons, insight, audit, wechat: deps.wechat, scheduler });
  const rateLimiter = createRateLimiter({ conn, clock });
  const lifecycle: Lifecycle = { draining: false };
  const content = createContentService({ conn, clock, audit });
  const analytics = createAnalyticsService({
    conn,
    clock,
    logger: deps.logger,
    scheduler,
    stores,
    settings: membershipSettings,
    rollups: { members: members.rollup, orders: orders.rollup, coupons: coupons.rollup, points: points.rollup, booking: booking.rollup, referrals: referrals.rollup },
  });
  const membersConsole = createMembersConsole({ conn });
  const consoleAuth = createConsoleAuthService({
    conn,
    clock,
    members,
    membersConsole,
    stores,
    wechat: deps.wechat,
    audit,
    settings: { mode: deps.config.WECHAT_MODE, publicUrl: publicUrlOf(deps.config), demoAdminOpenid: DEMO_ADMIN_OPENID },
  });
  const viewDeps: ConsoleViewDeps = {
    clock,
    members,
    membersConsole,
    orders: createOrdersConsole({ conn }),
    points: createPointsConsole({ conn }),
    coupons: createCouponsConsole({ conn }),
    bookings: createBookingConsole({ conn }),
    referrals: createReferralsConsole({ conn }),
    audit,
    stores,
    membership,
  };
  const consoleViews = createConsoleViews(viewDeps);
  const consoleExport = createConsoleExport({ ...viewDeps, views: consoleViews, logger: deps.logger });
  const ledgerAudit = createLedgerAuditService({
    conn,
    clock,
    logger: deps.logger,
    auditors: { members: points.audit, coupons: coupons.auditWith(orders.liveOrders), seats: booking.audit },
    onFinished: (outcome, counts) => metrics.observeAudit(outcome, Object.fromEntries(auditFindingKind.options.map((k) => [k, counts[k] ?? 0]))),
  });
  const services = { insight, content, lifecycle, metrics, rateLimiter, ledgerAudit, membersConsole, consoleAuth, consoleViews, consoleExport, audit, members, stores, staff, auth, scheduler, payments, reconciliation, payNotifications, wechatPay: pay, points, growth, membership, coupons, quoter, orders, memberTokens, pos, booking, referrals, analytics, guides };
  registerJobs(services);
  return services;
}

export type Services = ReturnType<typeof createServices>;

/** Create every collection's indexes before serving (unique indexes are correctness, not speed). */
export async function ensureIndexes(conn: Connection): Promise<void> {
  for (const model of Object.values(conn.models)) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
}
