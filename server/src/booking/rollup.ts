/**
 * Per-day booking figures for the analytics rollups (bookings family): by the
 * day of the appointment and its store, per service kind: booked (every booking
 * that got its seat), attended, no-show, cancelled, and attended bookings whose
 * member paid an order within 30 days of the visit (the store-visit funnel).
 * Read by the nightly job, which recomputes the last 31 days so the 30-day
 * purchase window has closed when a day stops changing.
 */
import { Types, type Connection } from 'mongoose';
import type { BookingKind, BookingState } from '@homeclub/shared';
import { shanghaiDate } from '../platform/clock';
import { dayStoreKey } from '../members/rollup';
import { IN_LIMIT, type PurchaseWindow } from '../orders/rollup';
import { bookingModel } from './model';

export const PURCHASE_WINDOW_DAYS = 30;
const WINDOW_MS = PURCHASE_WINDOW_DAYS * 86_400_000;

export interface KindFigures {
  booked: number;
  attended: number;
  noShow: number;
  cancelled: number;
  purchased: number;
}

export interface BookingDay extends KindFigures {
  byKind: Partial<Record<BookingKind, KindFigures>>;
  /** who booked or visited that day (for the active-members figure) */
  visitors: string[];
}

const empty = (): KindFigures => ({ booked: 0, attended: 0, noShow: 0, cancelled: 0, purchased: 0 });
const COUNTED: BookingState[] = ['booked', 'attended', 'no_show', 'cancelled'];

export function createBookingRollup(deps: { conn: Connection }) {
  const Booking = bookingModel(deps.conn);

  return {
    async daily(bounds: { start: Date; end: Date }, boughtWithin: (w: PurchaseWindow[]) => Promise<Set<number>>): Promise<Map<string, BookingDay>> {
      const list = await Booking.find(
        { start: { $gte: bounds.start, $lt: bounds.end }, state: { $in: COUNTED } },
        { memberId: 1, storeId: 1, kind: 1, state: 1, start: 1, attendedAt: 1 },
      ).lean();
      const attended = list.filter((b) => b.state === 'attended');
      const windows = attended.map((b) => {
        const from = b.attendedAt ?? b.start;
        return { memberId: String(b.memberId), from, to: new Date(from.getTime() + WINDOW_MS) };
      });
      const bought = await boughtWithin(windows);
      const purchased = new Set(attended.filter((_, i) => bought.has(i)).map((b) => String(b._id)));
      const rows = new Map<string, BookingDay>();
      const visitors = new Map<string, Set<string>>();
      for (const b of list) {
        const k = dayStoreKey(shanghaiDate(b.start), String(b.storeId));
        const r = rows.get(k) ?? { ...empty(), byKind: {}, visitors: [] };
        const kind = (r.byKind[b.kind] ??= empty());
        const bump = (f: keyof KindFigures) => {
          r[f] += 1;
          kind[f] += 1;
        };
        bump('booked');
        if (b.state === 'attended') bump('attended');
        if (b.state === 'no_show') bump('noShow');
        if (b.state === 'cancelled') bump('cancelled');
        if (purchased.has(String(b._id))) bump('purchased');
        rows.set(k, r);
        const set = visitors.get(k) ?? new Set<string>();
        set.add(String(b.memberId));
        visitors.set(k, set);
      }
      for (const [k, set] of visitors) rows.get(k)!.visitors = [...set];
      return rows;
    },

    /** Which of the windows saw a booking made by that member (indices into `windows`). */
    async bookedWithin(windows: PurchaseWindow[]): Promise<Set<number>> {
      const hit = new Set<number>();
      if (!windows.length) return hit;
      const ids = [...new Set(windows.map((w) => w.memberId))].filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
      const min = new Date(Math.min(...windows.map((w) => w.from.getTime())));
      const max = new Date(Math.max(...windows.map((w) => w.to.getTime())));
      const span = { createdAt: { $gte: min, $lt: max }, state: { $in: COUNTED } };
      const found = await Booking.find(ids.length > IN_LIMIT ? span : { memberId: { $in: ids }, ...span }, { memberId: 1, createdAt: 1 }).lean();
      const byMember = new Map<string, number[]>();
      for (const b of found) byMember.set(String(b.memberId), [...(byMember.get(String(b.memberId)) ?? []), b.createdAt.getTime()]);
      windows.forEach((w, i) => {
        if ((byMember.get(w.memberId) ?? []).some((t) => t >= w.from.getTime() && t < w.to.getTime())) hit.add(i);
      });
      return hit;
    },
  };
}

export type BookingRollup = ReturnType<typeof createBookingRollup>;
