/** Per-member booking facts for member insight, one aggregation per range of member ids. */
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
    async bookingsInRange(fromId: string, toId: string): Promise<MemberBookingFacts[]> {
      const rows = await Booking.aggregate<{ _id: Types.ObjectId; booked: Date | null; attended: Date | null }>([
        { $match: { memberId: { $gte: new Types.ObjectId(fromId), $lte: new Types.ObjectId(toId) }, state: { $in: ['booked', 'attended', 'no_show', 'cancelled'] } } },
        {
          $group: {
            _id: '$memberId',
            booked: { $max: '$createdAt' },
            attended: { $max: { $cond: [{ $eq: ['$state', 'attended'] }, '$start', null] } },
          },
        },
      ]);
      return rows.map((r) => ({ memberId: String(r._id), lastBookedAt: r.booked ?? null, lastAttendedAt: r.attended ?? null }));
    },
  };
}

export type BookingMemberStats = ReturnType<typeof createBookingMemberStats>;
