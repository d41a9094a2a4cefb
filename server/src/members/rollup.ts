/**
 * Per-day member figures for the analytics rollups (members family), and the
 * member → home store / tier attribution the other families use. A member
 * belongs to the store they chose (preferredStoreId); without one, to NO_STORE,
 * which only the chain-wide view sums. Read by the nightly job, never per page view.
 */
import { Types, type Connection } from 'mongoose';
import { shanghaiDate } from '../platform/clock';
import { memberModel } from './model';

/** The store bucket of members who chose no store. */
export const NO_STORE = '-';

export interface HomeOf {
  storeId: string;
  /** tier code; null = the lowest tier (not yet reviewed) */
  tier: string | null;
}

/** Home store and tier of members; ids not found are absent. */
export type HomeResolver = (memberIds: string[]) => Promise<Map<string, HomeOf>>;

export interface MemberDay {
  new: number;
  total: number;
  byTier: Record<string, number>;
}

export interface MemberBase {
  total: number;
  byTier: Record<string, number>;
}

/** `${day}|${storeId}` */
export const dayStoreKey = (day: string, storeId: string) => `${day}|${storeId}`;

const tierKey = (t: string | null) => t ?? '';

export function createMembersRollup(deps: { conn: Connection }) {
  const Member = memberModel(deps.conn);
  const homeOf = (m: { preferredStoreId?: Types.ObjectId | null; tierCode?: string | null }): HomeOf => ({
    storeId: m.preferredStoreId ? String(m.preferredStoreId) : NO_STORE,
    tier: m.tierCode ?? null,
  });

  return {
    /** The business day the first member registered (null: no members yet). */
    async firstDay(): Promise<string | null> {
      const first = await Member.findOne({}, { createdAt: 1 }).sort({ createdAt: 1 }).lean();
      return first ? shanghaiDate(first.createdAt) : null;
    },
    /** Home store and tier of a few members (one read by _id). */
    resolveHomes: (async (ids) => {
      const unique = [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id));
      if (!unique.length) return new Map();
      const docs = await Member.find({ _id: { $in: unique.map((id) => new Types.ObjectId(id)) } }, { preferredStoreId: 1, tierCode: 1 }).lean();
      return new Map(docs.map((m) => [String(m._id), homeOf(m)]));
    }) as HomeResolver,

    /**
     * New members per day and store for `days` (ascending, consecutive), and the
     * running total and tier split at the end of each day. With `base` (the
     * totals at the end of the day before, per store), only members created in
     * the days are read; without, every member created before the last day's end
     * (tiers are the members' current tiers: tiers are not historised).
     * Also returns the attribution of every member read.
     */
    async daily(days: string[], bounds: { start: Date; end: Date }, base?: Map<string, MemberBase>) {
      const filter = base ? { createdAt: { $gte: bounds.start, $lt: bounds.end } } : { createdAt: { $lt: bounds.end } };
      const firstDay = days[0];
      const startTotals = new Map<string, MemberBase>(base ? [...base].map(([s, b]) => [s, { total: b.total, byTier: { ...b.byTier } }]) : []);
      const fresh = new Map<string, Map<string, Record<string, number>>>(); // day → store → tier → n
      const index = new Map<string, HomeOf>();
      const cursor = Member.find(filter, { preferredStoreId: 1, tierCode: 1, createdAt: 1 }).lean().cursor();
      for await (const m of cursor) {
        const home = homeOf(m);
        index.set(String(m._id), home);
        const day = shanghaiDate(m.createdAt);
        const tier = tierKey(home.tier);
        if (day < firstDay) {
          const b = startTotals.get(home.storeId) ?? { total: 0, byTier: {} };
          b.total += 1;
          b.byTier[tier] = (b.byTier[tier] ?? 0) + 1;
          startTotals.set(home.storeId, b);
          continue;
        }
        const perStore = fresh.get(day) ?? new Map<string, Record<string, number>>();
        const t = perStore.get(home.storeId) ?? {};
        t[tier] = (t[tier] ?? 0) + 1;
        perStore.set(home.storeId, t);
        fresh.set(day, perStore);
      }
      const rows = new Map<string, MemberDay>();
      const running = startTotals;
      for (const day of days) {
        const today = fresh.get(day) ?? new Map<string, Record<string, number>>();
        for (const [store, tiers] of today) {
          const r = running.get(store) ?? { total: 0, byTier: {} };
          for (const [tier, n] of Object.entries(tiers)) {
            r.total += n;
            r.byTier[tier] = (r.byTier[tier] ?? 0) + n;
          }
          running.set(store, r);
        }
        for (const [store, r] of running) {
          const added = Object.values(today.get(store) ?? {}).reduce((a, b) => a + b, 0);
          rows.set(dayStoreKey(day, store), { new: added, total: r.total, byTier: { ...r.byTier } });
        }
      }
      return { rows, index };
    },
  };
}

export type MembersRollup = ReturnType<typeof createMembersRollup>;
