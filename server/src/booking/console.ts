/** Console reads of bookings: one member's, and one store's (or every store's) within a time window (calendar). */
import { Types, type Connection } from 'mongoose';
import { bookingModel, type BookingDoc } from './model';

export function createBookingConsole(deps: { conn: Connection }) {
  const Booking = bookingModel(deps.conn);
  return {
    async forMember(memberId: string, limit = 100): Promise<BookingDoc[]> {
      return Booking.find({ memberId: new Types.ObjectId(memberId) })
        .sort({ start: -1 })
        .limit(limit)
        .lean<BookingDoc[]>();
    },
    /** At most 1,000 bookings of a window (a store's week fits easily). */
    async inWindow(storeId: string | null, from: Date, to: Date): Promise<BookingDoc[]> {
      const filter: Record<string, unknown> = { start: { $gte: from, $lt: to } };
      if (storeId) filter.storeId = new Types.ObjectId(storeId);
      return Booking.find(filter).sort({ start: 1 }).limit(1000).lean<BookingDoc[]>();
    },
  };
}

export type BookingConsole = ReturnType<typeof createBookingConsole>;
