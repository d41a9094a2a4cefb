/** Per-member booking facts for member insight, streamed in member-id order. */
import { Types, type Connection } from 'mongoose';
import { bookingModel } from './model';

export interface MemberBookingFacts {
  memberId: string;
  /** the last booking made (any state but expired unpaid) */
  lastBookedAt: Date | null;
  /** the start of the last attended booking */
  lastAttendedAt: Date | null;
}

export function createBookingMemberStats(conn: Connection) {
  const Booking = bookingModel(conn);
  return {
    /** Booking facts of every member after `afterId`, in member-id order, as one streamed aggregation. */
    async *bookingsStream(afterId: string | null): AsyncGenerator<MemberBookingFacts> {
      const match: Record<string, unknown> = { state: { $in: ['booked', 'attended', 'no_show', 'cancelled'] } };
      if (afterId) match.memberId = { $gt: new Types.ObjectId(afterId) };
      const cursor = Booking.aggregate<{ _id: Types.ObjectId; booked: Date | null; attended: Date | null }>([
        { $match: match },
        { $group: { _id: '$memberId', booked: { $max: '$createdAt' }, attended: { $max: { $cond: [{ $eq: ['$state', 'attended'] }, '$start', null] } } } },
        { $sort: { _id: 1 } },
      ]).cursor({ batchSize: 1000 });
      for await (const r of cursor) yield { memberId: String(r._id), lastBookedAt: r.booked ?? null, lastAttendedAt: r.attended ?? null };
    },
  };
}

export type BookingMemberStats = ReturnType<typeof createBookingMemberStats>;
