/**
 * Per-day points figures for the analytics rollups (points family), from the
 * applied ledger entries, attributed to the member's home store: issued (earns
 * and positive adjustments), redeemed (spends and captures), expired, and the
 * outstanding balance at the end of each day (the liability: the running sum
 * of every applied entry, which equals the sum of the members' balances).
 */
import type { Connection } from 'mongoose';
import { shanghaiDate } from '../platform/clock';
import { dayStoreKey, type HomeResolver, NO_STORE } from '../members/rollup';
import { entryModel } from './model';

export interface PointsDay {
  issued: number;
  redeemed: number;
  expired: number;
  /** reversals and negative adjustments (refunds taking back earned points, corrections) */
  reversed: number;
  outstanding: number;
}

/** Which figure an applied entry moves (by kind and sign of its balance change). */
export function pointsFigure(kind: string, delta: number): keyof Omit<PointsDay, 'outstanding'> | null {
  if (delta === 0) return null;
  if (kind === 'expire') return 'expired';
  if (kind === 'spend' || kind === 'capture') return 'redeemed';
  if (delta > 0) return 'issued';
  return 'reversed';
}

export function createPointsRollup(deps: { conn: Connection }) {
  const Entry = entryModel(deps.conn);

  return {
    /**
     * Flows per day and store for `days`, and the outstanding balance at each
     * day's end: from `base` (outstanding per store at the end of the day
     * before) plus the days' entries, or, without a base, from every entry.
     */
    async daily(days: string[], bounds: { start: Date; end: Date }, homes: HomeResolver, base?: Map<string, number>): Promise<Map<string, PointsDay>> {
      const createdAt = base ? { $gte: bounds.start, $lt: bounds.end } : { $lt: bounds.end };
      const entries = await Entry.find({ state: 'applied', createdAt, delta: { $ne: 0 } }, { memberId: 1, kind: 1, delta: 1, createdAt: 1 }).lean();
      const home = await homes(entries.map((e) => String(e.memberId)));
      const running = new Map<string, number>(base ?? []);
      const perDay = new Map<string, Map<string, PointsDay>>();
      for (const e of entries) {
        const store = home.get(String(e.memberId))?.storeId ?? NO_STORE;
        const day = shanghaiDate(e.createdAt);
        if (day < days[0]) {
          running.set(store, (running.get(store) ?? 0) + e.delta);
          continue;
        }
        const stores = perDay.get(day) ?? new Map<string, PointsDay>();
        const r = stores.get(store) ?? { issued: 0, redeemed: 0, expired: 0, reversed: 0, outstanding: 0 };
        const f = pointsFigure(e.kind, e.delta);
        if (f) r[f] += Math.abs(e.delta);
        r.outstanding += e.delta; // the day's net change, turned into the running total below
        stores.set(store, r);
        perDay.set(day, stores);
      }
      const rows = new Map<string, PointsDay>();
      for (const day of days) {
        const stores = perDay.get(day) ?? new Map<string, PointsDay>();
        for (const [store, r] of stores) running.set(store, (running.get(store) ?? 0) + r.outstanding);
        for (const [store, total] of running) {
          const r = stores.get(store) ?? { issued: 0, redeemed: 0, expired: 0, reversed: 0, outstanding: 0 };
          rows.set(dayStoreKey(day, store), { ...r, outstanding: total });
        }
      }
      return rows;
    },
  };
}

export type PointsRollup = ReturnType<typeof createPointsRollup>;
