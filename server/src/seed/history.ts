/**
 * Demo seed v7: six months of history so every chart of 概览 shows something on
 * first start, then the rollups of those days.
 *
 * Why bulk inserts: replaying ~800 members' registrations, orders, refunds,
 * coupons, bookings and ledger movements through the services would take
 * minutes on the embedded engine (each order alone is a dozen guarded writes
 * and steps) and could not date them in the past. So the plan (history-plan.ts,
 * history-money.ts) builds well-formed documents with the same invariants the
 * services keep (each balance = the sum of its applied entries = the open lots'
 * remaining; growth = the sum of applied growth entries; coupon states match
 * their orders), and they are inserted raw. The one movement into an existing
 * member, the partner's settled referral points, goes through the points
 * service (keyed, so exactly once). Idempotent: a fixed anchor and seeded
 * generator plan the same ids on a re-run, and duplicates are skipped.
 */
import type { Connection, Model } from 'mongoose';
import type { Logger } from '../platform/logger';
import type { Services } from '../services';
import { memberModel } from '../members/model';
import { orderModel } from '../orders/model';
import { entryModel } from '../points/model';
import { couponModel, templateModel } from '../coupons/model';
import { bookingModel } from '../booking/model';
import { referralModels } from '../referrals/model';
import { createSettingsStore } from '../membership/settings';
import { shanghaiDate } from '../platform/clock';
import { HISTORY_DAYS, planHistory, type HistoryContext } from './history-plan';
import { DEMO_PARTNER_OPENID } from './referral-demo';
import { formatNumber, reserveBlock } from '../orders/number';
import { seedUpcomingBookings } from './upcoming-bookings';

const isDuplicateOnly = (err: unknown) => {
  const e = err as { code?: number; writeErrors?: { code?: number; err?: { code?: number } }[] };
  if (e.code === 11000 && !e.writeErrors) return true;
  return Boolean(e.writeErrors?.length) && e.writeErrors!.every((w) => (w.code ?? w.err?.code) === 11000);
};

/** Readable numbers for the planned orders and refunds, per Shanghai day in time order, from blocks reserved on the day counters. */
async function numberOrders(conn: Connection, orders: Record<string, unknown>[]): Promise<void> {
  type Refund = { createdAt: Date; number?: string };
  const byDay = new Map<string, { at: number; set: (n: string) => void }[]>();
  const add = (kind: 'order' | 'refund', at: Date, set: (n: string) => void) => {
    const key = `${kind}|${shanghaiDate(at)}`;
    const list = byDay.get(key) ?? [];
    list.push({ at: at.getTime(), set });
    byDay.set(key, list);
  };
  for (const o of orders) {
    add('order', o.createdAt as Date, (n) => (o.number = n));
    for (const r of (o.refunds as Refund[]) ?? []) add('refund', r.createdAt, (n) => (r.number = n));
  }
  for (const [key, items] of byDay) {
    const [kind, day] = key.split('|') as ['order' | 'refund', string];
    const first = await reserveBlock(conn, kind, day, items.length);
    items.sort((a, b) => a.at - b.at).forEach((it, i) => it.set(formatNumber(kind, day, first + i)));
  }
}

async function insertAll(model: Model<never> | Model<unknown>, docs: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 250) {
    try {
      await model.collection.insertMany(docs.slice(i, i + 250), { ordered: false });
    } catch (err) {
      if (!isDuplicateOnly(err)) throw err; // a re-run after a crash: these were inserted the first time
    }
  }
}

export async function seedDemoHistory(conn: Connection, services: Services, logger: Logger, anchor: Date, storeIds: Map<string, string>): Promise<void> {
  const t0 = Date.now();
  const membership = await createSettingsStore({ conn, clock: { now: () => anchor } }).get();
  const referral = await services.referrals.settings.get();
  const templates = await templateModel(conn).find({ status: 'active' }).lean();
  const termsOf = (t: (typeof templates)[number]) => ({
    name: t.name, type: t.type, amountOffFen: t.amountOffFen, percentOffBp: t.percentOffBp, maxDiscountFen: t.maxDiscountFen, thresholdFen: t.thresholdFen,
    exchangeItem: t.exchangeItem, storeIds: t.storeIds, allowPoints: t.allowPoints, refundReturn: t.refundReturn, description: t.description,
  });
  const gift = templates.find((t) => t.channel === 'new_member');
  const claim = templates.find((t) => t.type === 'discount' && t.channel === 'claim_center');
  const partnerMember = await memberModel(conn).findOne({ openid: DEMO_PARTNER_OPENID }).lean();
  const partner = partnerMember ? await referralModels(conn).Partner.findOne({ memberId: partnerMember._id, status: 'active' }).lean() : null;
  const weights = [0.45, 0.35, 0.2];
  const stores: HistoryContext['stores'] = [];
  for (const [i, id] of [...storeIds.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v).entries()) {
    const svcs = await services.booking.catalog.services(id);
    stores.push({ id, weight: weights[i] ?? 0.2, services: svcs.map((s) => ({ id: s.id, kind: s.kind, name: s.name, attendPoints: s.attendPoints })) });
  }
  const plan = planHistory({
    anchor,
    stores,
    newMemberTemplate: gift ? { id: String(gift._id), terms: termsOf(gift) } : null,
    claimTemplate: claim ? { id: String(claim._id), terms: termsOf(claim), percentOffBp: claim.percentOffBp ?? 1000, maxDiscountFen: claim.maxDiscountFen ?? 50_000, thresholdFen: claim.thresholdFen } : null,
    tiers: membership.tiers,
    growthPerYuan: membership.growthPerYuan,
    pointsPerYuan: membership.checkout.pointsPerYuan,
    partner: partner ? { memberId: String(partner.memberId), code: partner.code } : null,
    reward: { kind: referral.rewardKind, fixed: referral.level1.fixed, bp: referral.level1.bp, refundWindowDays: referral.refundWindowDays },
  });
  logger.info({ members: plan.members.length, orders: plan.orders.length, entries: plan.entries.length, bookings: plan.bookings.length, ms: Date.now() - t0 }, `demo history: ${HISTORY_DAYS} days planned`);

  await numberOrders(conn, plan.orders);
  const m = referralModels(conn);
  const growthModel = conn.models.GrowthEntry as Model<unknown>;
  const steps: [string, Model<never> | Model<unknown>, Record<string, unknown>[]][] = [
    ['members', memberModel(conn) as Model<unknown>, plan.members],
    ['points entries', entryModel(conn) as Model<unknown>, plan.entries],
    ['growth entries', growthModel, plan.growth],
    ['coupons', couponModel(conn) as Model<unknown>, plan.coupons],
    ['orders', orderModel(conn) as Model<unknown>, plan.orders],
    ['bookings', bookingModel(conn) as Model<unknown>, plan.bookings],
    ['referral bindings', m.Binding as Model<unknown>, plan.bindings],
    ['referral rewards', m.Reward as Model<unknown>, plan.rewards.map((r) => ({ ...r, credited: r.state === 'settled' }))],
  ];
  // One collection after the other, in batches of 250: the embedded engine serialises writes, and a long
  // batch starves the driver's heartbeat ("server monitor timeout") on a loaded machine.
  for (const [name, model, docs] of steps) {
    await insertAll(model, docs);
    logger.info({ documents: docs.length, ms: Date.now() - t0 }, `demo history: ${name} inserted`);
  }
  // The partner's settled points rewards: through the ledger, keyed by the reward (exactly once on a re-run).
  let credited = 0;
  for (const r of plan.rewards) {
    if (r.state !== 'settled' || r.kind !== 'points' || !partner) continue;
    await services.points.earn({ memberId: String(partner.memberId), amount: r.amount as number, reason: 'referral', source: 'referral', reference: String(r._id), leg: 'settle', note: '合伙人奖励（演示历史）' });
    credited += 1;
  }
  if (credited) logger.info({ rewards: credited }, 'demo history: partner rewards credited');

  // …and the days ahead: a few of these members have booked for today and the next two days
  const bookers = plan.members
    .filter((mb) => typeof mb.phone === 'string')
    .slice(-24)
    .map((mb) => ({ id: String(mb._id), nickname: mb.nickname as string, phone: mb.phone as string }));
  const upcoming = await seedUpcomingBookings(services, logger, shanghaiDate(anchor), [...storeIds.values()], bookers);
  logger.info({ bookings: upcoming }, 'demo history: upcoming bookings made');

  const first = shanghaiDate(new Date(anchor.getTime() - HISTORY_DAYS * 86_400_000));
  const yesterday = shanghaiDate(new Date(anchor.getTime() - 86_400_000));
  const rolled = await services.analytics.rollupDays(first, yesterday);
  logger.info({ ...rolled, ms: Date.now() - t0 }, 'demo history: daily rollups computed');
}
