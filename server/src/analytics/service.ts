/**
 * Daily rollups and the 概览 dashboard. The only writer of analytics_daily and
 * analytics_days. `rollupDays` recomputes whole days from the source
 * collections through each owning module's rollup and overwrites them (any
 * day, any number of times: the result depends only on the sources). Today
 * is computed live from today's records on top of yesterday's stocks, at most
 * once a minute (kept in the database, so every instance shares it).
 * Dashboard reads go by _id only.
 */
import type { Connection } from 'mongoose';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Scheduler } from '../platform/jobs/scheduler';
import { AppError } from '../platform/errors';
import type { ConsoleDashboardQuery, ConsoleDashboard, MembershipSettings } from '@homeclub/shared';
import { dayStoreKey, NO_STORE, type HomeOf, type HomeResolver, type MemberBase, type MembersRollup } from '../members/rollup';
import type { OrdersRollup } from '../orders/rollup';
import type { CouponsRollup } from '../coupons/rollup';
import type { PointsRollup } from '../points/rollup';
import type { BookingRollup } from '../booking/rollup';
import type { ReferralsRollup } from '../referrals/rollup';
import { addDays, dayEnd, dayOf, daysOf, dayStart, resolveRange } from './range.calc';
import { composeDay, type DayParts } from './compose.calc';
import { buildDashboard } from './dashboard.calc';
import { dayMarkerModel, rollupModel, type RollupDoc } from './model';

export const ROLLUP_JOB = 'analytics.rollup';
/** Days the nightly run recomputes (the 30-day purchase windows of bookings and referrals close within them). */
export const RECOMPUTE_DAYS = 31;
/** How far back the catch-up looks for missing days. */
export const CATCH_UP_DAYS = 400;
const LIVE_MAX_AGE_MS = 60_000;

export interface AnalyticsDeps {
  conn: Connection;
  clock: Clock;
  logger: Logger;
  scheduler: Scheduler;
  stores: { list(): Promise<{ _id: unknown; name: string }[]> };
  settings: { get(): Promise<MembershipSettings> };
  rollups: { members: MembersRollup; orders: OrdersRollup; coupons: CouponsRollup; points: PointsRollup; booking: BookingRollup; referrals: ReferralsRollup };
}

export function createAnalyticsService(deps: AnalyticsDeps) {
  const Rollup = rollupModel(deps.conn);
  const Marker = dayMarkerModel(deps.conn);
  const r = deps.rollups;

  /** Stocks at the end of `day` per store (members, points), from its rollups; null when the day has none. */
  async function stocksAt(day: string) {
    const marker = await Marker.findById(day).lean();
    if (!marker) return null;
    const docs = await Rollup.find({ _id: { $in: marker.stores.map((s) => dayStoreKey(day, s)) } }).lean<RollupDoc[]>();
    const members = new Map<string, MemberBase>();
    const points = new Map<string, number>();
    for (const d of docs) {
      members.set(d.storeId, { total: d.members.total, byTier: Object.fromEntries(d.members.byTier.map((t) => [t.tier ?? '', t.count])) });
      points.set(d.storeId, d.points.outstanding);
    }
    return { members, points };
  }

  /** Recompute and overwrite the days from..to (inclusive). `live` marks today's figures. */
  async function rollupDays(from: string, to: string, opts: { live?: boolean } = {}): Promise<{ days: number; documents: number; timings: Record<string, number> }> {
    const t0 = Date.now();
    const timings: Record<string, number> = {};
    const lap = (name: string) => (timings[name] = Date.now() - t0);
    const days = daysOf({ from, to });
    const bounds = { start: dayStart(from), end: dayEnd(to) };
    const base = await stocksAt(addDays(from, -1));
    const m = await r.members.daily(days, bounds, base?.members);
    lap('members');
    // Without a base every member was read: attribute from that index; else read the few involved.
    const known: Map<string, HomeOf> = m.index;
    const homes: HomeResolver = async (ids) => {
      const missing = [...new Set(ids)].filter((id) => !known.has(id));
      if (missing.length) for (const [id, h] of await r.members.resolveHomes(missing)) known.set(id, h);
      return known;
    };
    const sales = await r.orders.daily(bounds, homes);
    lap('sales');
    const coupons = await r.coupons.daily(bounds, homes);
    lap('coupons');
    const points = await r.points.daily(days, bounds, homes, base?.points);
    lap('points');
    const bookings = await r.booking.daily(bounds, (w) => r.orders.boughtWithin(w));
    lap('bookings');
    const referrals = await r.referrals.daily(bounds, homes, { booked: (w) => r.booking.bookedWithin(w), bought: (w) => r.orders.boughtWithin(w) });
    lap('referrals');

    const parts = new Map<string, DayParts>();
    const put = <K extends keyof DayParts>(family: K, rows: Map<string, NonNullable<DayParts[K]>>) => {
      for (const [k, v] of rows) parts.set(k, { ...(parts.get(k) ?? {}), [family]: v });
    };
    put('members', m.rows);
    put('sales', sales);
    put('coupons', coupons);
    put('points', points);
    put('bookings', bookings);
    put('referrals', referrals);

    const now = deps.clock.now();
    const storesByDay = new Map<string, string[]>(days.map((d) => [d, []]));
    const writes = [...parts].map(([id, p]) => {
      const [day, storeId] = id.split('|');
      storesByDay.get(day)?.push(storeId);
      const doc: RollupDoc = { _id: id, day, storeId, ...composeDay(p), computedAt: now };
      return { replaceOne: { filter: { _id: id }, replacement: doc, upsert: true } };
    });
    for (let i = 0; i < writes.length; i += 200) await Rollup.bulkWrite(writes.slice(i, i + 200), { ordered: false });
    // A store that no longer has figures on a day (its data moved) loses its old document.
    await Rollup.deleteMany({ day: { $gte: from, $lte: to }, _id: { $nin: writes.map((w) => w.replaceOne.filter._id) } });
    const marks = [...storesByDay].map(([day, stores]) => ({ replaceOne: { filter: { _id: day }, replacement: { _id: day, computedAt: now, live: Boolean(opts.live), stores }, upsert: true } }));
    for (let i = 0; i < marks.length; i += 200) await Marker.bulkWrite(marks.slice(i, i + 200), { ordered: false });
    timings.write = Date.now() - t0;
    deps.logger.debug({ from, to, timings }, 'analytics rollup');
    return { days: days.length, documents: writes.length, timings };
  }

  /** Days without a rollup among the last CATCH_UP_DAYS before today (from the first member on). */
  async function missingDays(today: string): Promise<string[]> {
    const first = await r.members.firstDay();
    if (!first) return [];
    const from = [first, addDays(today, -CATCH_UP_DAYS)].sort()[1];
    const wanted = daysOf({ from, to: addDays(today, -1) });
    if (!wanted.length) return [];
    const have = new Set((await Marker.find({ _id: { $in: wanted } }, { live: 1 }).lean()).filter((x) => !x.live).map((x) => x._id));
    return wanted.filter((d) => !have.has(d));
  }

  /** Today's documents, recomputed when older than a minute. */
  async function ensureToday(today: string): Promise<void> {
    const marker = await Marker.findById(today).lean();
    if (marker && deps.clock.now().getTime() - marker.computedAt.getTime() < LIVE_MAX_AGE_MS) return;
    await rollupDays(today, today, { live: true });
  }

  return {
    rollupDays,
    missingDays,

    /** The nightly run: yesterday and the RECOMPUTE_DAYS before it, plus any missing day, in one pass. */
    async runNightly(): Promise<{ from: string; to: string; days: number; documents: number; timings: Record<string, number> } | null> {
      const today = dayOf(deps.clock.now());
      const yesterday = addDays(today, -1);
      const missing = await missingDays(today);
      const recent = addDays(yesterday, 1 - RECOMPUTE_DAYS);
      const first = await r.members.firstDay();
      if (!first) return null;
      const wanted = missing.length && missing[0] < recent ? missing[0] : recent;
      const start = wanted < first ? first : wanted;
      if (start > yesterday) return null;
      const res = await rollupDays(start, yesterday);
      return { from: start, to: yesterday, ...res };
    },

    /** `onlyScoped`: a store manager's answer lists only their store. */
    async dashboard(q: ConsoleDashboardQuery, opts: { onlyScoped?: boolean } = {}): Promise<ConsoleDashboard> {
      const now = deps.clock.now();
      const today = dayOf(now);
      const resolved = resolveRange(q, today);
      if (!resolved.ok) throw new AppError('DASHBOARD_RANGE_INVALID', `dashboard range refused: ${resolved.problem}`);
      const range = resolved.range;
      const storeList = (await deps.stores.list()).map((s) => ({ id: String(s._id), name: s.name }));
      if (q.storeId && !storeList.some((s) => s.id === q.storeId)) throw new AppError('STORE_NOT_FOUND', `store ${q.storeId} not found`);
      if (range.to === today) await ensureToday(today);

      const all = daysOf({ from: range.previous.from, to: range.to });
      const markers = await Marker.find({ _id: { $in: all } }).lean();
      const byDay = new Map(markers.map((mk) => [mk._id, mk]));
      const ids = all.flatMap((d) => (q.storeId ? [dayStoreKey(d, q.storeId)] : (byDay.get(d)?.stores ?? []).map((s) => dayStoreKey(d, s))));
      const docs = ids.length ? await Rollup.find({ _id: { $in: ids } }).lean<RollupDoc[]>() : [];
      // Days before the first rolled-up day are before the history; without any final day, ask for a catch-up.
      const earliest = await Marker.findOne({}, { live: 1 }).sort({ _id: 1 }).lean();
      const pendingDays = daysOf(range).filter((d) => !byDay.has(d) && earliest !== null && d > earliest._id);
      if (pendingDays.length || earliest?.live) {
        const hour = now.toISOString().slice(0, 13);
        await deps.scheduler.schedule(ROLLUP_JOB, now, {}, { uniqueKey: `${ROLLUP_JOB}:catch-up:${hour}` });
      }
      const settings = await deps.settings.get();
      return buildDashboard({
        range,
        storeId: q.storeId ?? null,
        stores: opts.onlyScoped ? storeList.filter((s) => s.id === q.storeId) : storeList,
        current: docs.filter((d) => d.day >= range.from),
        previous: docs.filter((d) => d.day < range.from),
        pendingDays,
        meta: { tiers: [...settings.tiers].sort((a, b) => a.threshold - b.threshold).map((t) => ({ code: t.code, name: t.name })), pointsPerYuan: settings.checkout.pointsPerYuan },
        generatedAt: now,
      });
    },
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
export { NO_STORE };
