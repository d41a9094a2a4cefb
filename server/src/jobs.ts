/** Background jobs of every domain, registered on the MongoDB-backed scheduler. */
import type { Scheduler } from './platform/jobs/scheduler';
import type { AuthService } from './auth/service';
import type { PaymentsService } from './payments/service';
import type { Reconciliation } from './payments/reconcile';
import type { WechatPay } from './wechat/pay';
import type { PointsService } from './points/service';
import type { GrowthLedger } from './membership/growth';
import type { MembershipService } from './membership/service';
import type { CouponsService } from './coupons/service';
import type { OrdersService } from './orders/service';
import type { BookingService } from './booking/service';
import type { ReferralService } from './referrals/service';
import type { PosService } from './pos/service';
import type { InsightService } from './insight/service';
import type { RateLimiter } from './platform/ratelimit/limiter';
import { AUDIT_JOB, type LedgerAuditService } from './audit/service';
import { ROLLUP_JOB, TODAY_JOB, type AnalyticsService } from './analytics/service';
import type { ConsoleAuthService } from './console/service';
import type { GuidesService } from './guides/service';
import { armGuideJobs, registerGuideJobs } from './guides/jobs';

export interface JobServices {
  scheduler: Scheduler;
  auth: AuthService;
  payments: PaymentsService;
  reconciliation: Reconciliation;
  wechatPay: WechatPay;
  points: PointsService;
  growth: GrowthLedger;
  membership: MembershipService;
  coupons: CouponsService;
  orders: OrdersService;
  booking: BookingService;
  referrals: ReferralService;
  pos: PosService;
  insight: InsightService;
  rateLimiter: RateLimiter;
  ledgerAudit: LedgerAuditService;
  analytics: AnalyticsService;
  consoleAuth: ConsoleAuthService;
  guides: GuidesService;
}

export function registerJobs(s: JobServices): void {
  s.scheduler.define('auth.purge-expired-sessions', async ({ log }) => {
    const n = await s.auth.purgeExpired();
    if (n) log.info({ deleted: n }, 'expired sessions purged');
  });
  s.scheduler.define('payments.recover-intents', async ({ log }) => {
    const r = await s.payments.recoverPendingIntents();
    if (r.queried) log.info(r, 'pending payment intents queried');
  });
  s.scheduler.define('payments.recover-refunds', async () => {
    await s.payments.recoverRefunds();
  });
  s.scheduler.define('payments.run-hooks', async () => {
    await s.payments.runPendingHooks();
  });
  s.scheduler.define('payments.refresh-certificates', async ({ log }) => {
    try {
      const n = await s.wechatPay.keys.storeCertificates(await s.wechatPay.client.fetchCertificates());
      log.info({ certificates: n }, 'wechat pay platform certificates refreshed');
    } catch (err) {
      // Merchants on the public-key mode may have no platform certificates: not fatal.
      log.warn({ err: (err as Error).message }, 'could not refresh wechat pay platform certificates');
    }
  });
  s.scheduler.define('payments.reconcile', async ({ log }) => {
    const date = s.reconciliation.yesterday();
    const report = await s.reconciliation.run(date);
    (report.status === 'differences' ? log.warn.bind(log) : log.info.bind(log))({ date, status: report.status, differences: report.differences.length }, 'daily wechat pay reconciliation');
  }, { lockMs: 10 * 60_000 });
  s.scheduler.define('points.expire', async ({ log }) => {
    const r = await s.points.expireDue();
    if (r.lots) log.info(r, 'points expired');
  }, { lockMs: 10 * 60_000 });
  s.scheduler.define('points.repair', async () => {
    await s.points.ledger.repairPending();
    await s.membership.adjustments.finishApproved();
    await s.growth.repairPending();
  });
  s.scheduler.define('membership.birthday-perks', async ({ log }) => {
    const n = await s.membership.grantBirthdayPerks();
    if (n) log.info({ members: n }, 'birthday perks granted');
  });
  s.scheduler.define('coupons.expire', async ({ log }) => {
    const n = await s.coupons.lifecycle.expireDue();
    if (n) log.info({ coupons: n }, 'coupons expired');
  });
  s.scheduler.define('coupons.expiry-reminders', async ({ log }) => {
    const r = await s.coupons.sendExpiryReminders();
    if (r.sent || r.notSubscribed) log.info(r, 'coupon expiry reminders');
  });
  s.scheduler.define('coupons.finish-exchanges', async () => {
    await s.coupons.finishExchanges();
  });
  s.scheduler.define('orders.expire-unpaid', async ({ log }) => {
    const n = await s.orders.expireUnpaid();
    if (n) log.info({ orders: n }, 'unpaid orders expired');
  });
  s.scheduler.define('booking.expire-unpaid', async ({ log }) => {
    const n = await s.booking.expireUnpaid();
    if (n) log.info({ bookings: n }, 'unpaid deposits expired');
  });
  s.scheduler.define('booking.no-shows', async ({ log }) => {
    const n = await s.booking.markNoShows();
    if (n) log.info({ bookings: n }, 'no-shows recorded');
  });
  s.scheduler.define('booking.finish-steps', async () => {
    await s.booking.finishSteps();
  });
  s.scheduler.define('booking.reminders', async ({ log }) => {
    const r = await s.booking.sendReminders();
    if (r.sent || r.notSubscribed) log.info(r, 'booking reminders');
  });
  s.scheduler.define('booking.repair-seats', async ({ log }) => {
    const n = await s.booking.repairSeats();
    if (n) log.warn({ seats: n }, 'orphan booking seats released');
  });
  s.scheduler.define('referrals.settle', async ({ log }) => {
    const n = await s.referrals.settleDue();
    if (n) log.info({ rewards: n }, 'referral rewards settled');
  });
  s.scheduler.define('orders.finish-paid-steps', async () => {
    await s.orders.finishPaidSteps();
  });
  s.scheduler.define('console.purge-expired', async ({ log }) => {
    const n = await s.consoleAuth.purgeExpired();
    if (n) log.info({ deleted: n }, 'expired console tickets and sessions purged');
  });
  s.scheduler.define('pos.purge-nonces', async ({ log }) => {
    const n = await s.pos.purgeNonces();
    if (n) log.info({ deleted: n }, 'expired POS nonces purged');
  });
  s.scheduler.define(AUDIT_JOB, async () => {
    await s.ledgerAudit.run('job'); // logs and counts its findings itself
  }, { lockMs: 30 * 60_000 });
  s.scheduler.define('insight.scores', async ({ log }) => {
    await s.insight.scores.run(log);
  }, { lockMs: 15 * 60_000 });
  s.scheduler.define('insight.campaigns', async ({ log }) => {
    const n = await s.insight.runDueCampaigns(log);
    if (n) log.info({ runs: n }, 'campaign runs finished');
  }, { lockMs: 15 * 60_000 });
  s.scheduler.define('platform.purge-rate-limits', async ({ log }) => {
    const n = await s.rateLimiter.purge();
    if (n) log.info({ deleted: n }, 'ended rate-limit windows purged');
  });
  s.scheduler.define(ROLLUP_JOB, async ({ log }) => {
    const r = await s.analytics.runNightly();
    if (r) log.info(r, 'analytics rollups recomputed');
  }, { lockMs: 30 * 60_000 });
  s.scheduler.define(TODAY_JOB, async () => {
    await s.analytics.refreshToday();
  }, { lockMs: 5 * 60_000 });
  s.scheduler.define('membership.tier-review', async ({ log }) => {
    const n = await s.membership.reviewTiers();
    if (n) log.info({ members: n }, 'tiers reviewed');
  });
  registerGuideJobs(s.scheduler, s.guides);
}

/** The next time it is `hour`:00 in Asia/Shanghai after `now`. */
export function nextShanghaiHour(now: Date, hour: number): Date {
  const dayStartUtc = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 8 * 3600_000;
  let t = dayStartUtc + hour * 3600_000;
  while (t <= now.getTime()) t += 86400_000;
  while (t - 86400_000 > now.getTime()) t -= 86400_000;
  return new Date(t);
}

/** Recurring schedules, armed once per database (idempotent across instances). */
export async function armRecurringJobs(scheduler: Scheduler, opts: { now: Date; reconcileHour: number }): Promise<void> {
  await scheduler.every('auth.purge-expired-sessions', 6 * 3600_000);
  await scheduler.every('payments.recover-intents', 60_000);
  await scheduler.every('payments.recover-refunds', 60_000);
  await scheduler.every('payments.run-hooks', 30_000);
  await scheduler.every('payments.refresh-certificates', 12 * 3600_000);
  await scheduler.every('payments.reconcile', 24 * 3600_000, { firstRunAt: nextShanghaiHour(opts.now, opts.reconcileHour) });
  await scheduler.every('points.expire', 24 * 3600_000, { firstRunAt: nextShanghaiHour(opts.now, 0) });
  await scheduler.every('points.repair', 60_000);
  await scheduler.every('membership.birthday-perks', 24 * 3600_000, { firstRunAt: nextShanghaiHour(opts.now, 9) });
  await scheduler.every('coupons.expire', 24 * 3600_000, { firstRunAt: nextShanghaiHour(opts.now, 0) });
  await scheduler.every('coupons.expiry-reminders', 24 * 3600_000, { firstRunAt: nextShanghaiHour(opts.now, 10) });
  await scheduler.every('coupons.finish-exchanges', 5 * 60_000);
  await scheduler.every('orders.expire-unpaid', 60_000);
  await scheduler.every('orders.finish-paid-steps', 60_000);
  await scheduler.every('booking.expire-unpaid', 60_000);
  await scheduler.every('referrals.settle', 10 * 60_000);
  await scheduler.every('booking.no-shows', 5 * 60_000);
  await scheduler.every('booking.finish-steps', 60_000);
  await scheduler.every('booking.reminders', 60_000);
  await scheduler.every('booking.repair-seats', 10 * 60_000);
  await scheduler.every('pos.purge-nonces', 5 * 60_000);
  await scheduler.every('insight.scores', 24 * 3600_000, { firstRunAt: nextShanghaiHour(opts.now, 2) });
  await scheduler.every('insight.campaigns', 5 * 60_000);
  await scheduler.every('platform.purge-rate-limits', 10 * 60_000);
  await scheduler.every('console.purge-expired', 30 * 60_000);
  await scheduler.every(AUDIT_JOB, 24 * 3600_000, { firstRunAt: nextShanghaiHour(opts.now, 3) });
  await armGuideJobs(scheduler);
  await scheduler.every('membership.tier-review', 24 * 3600_000, { firstRunAt: nextShanghaiHour(opts.now, 1) });
  // After midnight's expiries (points, coupons) so yesterday's rollup sees them.
  await scheduler.every(ROLLUP_JOB, 24 * 3600_000, { firstRunAt: new Date(nextShanghaiHour(opts.now, 0).getTime() + 30 * 60_000) });
}
