/**
 * Places in a slot: seat documents `slot#0 … slot#(capacity−1)` inserted
 * under their unique _id. Taking one is an insert (never oversold); giving it
 * back deletes it only if this booking holds it. A job removes seats a crash
 * left without their booking (or a booking that moved elsewhere).
 */
import { randomInt } from 'node:crypto';
import type { Connection, Types } from 'mongoose';
import { isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import { bookingModel, seatModel, type BookingDoc, type SeatDoc } from './model';

export function createSeats(deps: { conn: Connection; clock: Clock }) {
  const Seat = seatModel(deps.conn);
  const Booking = bookingModel(deps.conn);
  return {
    /** The seat id taken for this booking, or null when all `capacity` seats are taken. */
    async take(
      slot: { slotId: string; serviceId: Types.ObjectId; start: Date },
      capacity: number,
      bookingId: Types.ObjectId,
      opts: { mayHoldAlready?: boolean; seatRange?: number } = {},
    ): Promise<string | null> {
      // After an admin lowered the capacity, seats numbered above it still count: never go past it
      // (the unique seat numbers are what stop concurrent bookings; this read only covers that case,
      // so it is skipped when the service's capacity was never higher than now).
      const lowered = opts.seatRange === undefined || opts.seatRange > capacity;
      if (lowered && (await Seat.countDocuments({ slotId: slot.slotId, bookingId: { $ne: bookingId } })) >= capacity) return null;
      // Start at a random seat: concurrent shoppers spread over the seats instead of all fighting for #0.
      const first = randomInt(0, capacity);
      for (let i = 0; i < capacity; i++) {
        const _id = `${slot.slotId}#${(first + i) % capacity}`;
        try {
          await Seat.create({ _id, slotId: slot.slotId, serviceId: slot.serviceId, start: slot.start, bookingId, createdAt: deps.clock.now() });
          return _id;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          if (!opts.mayHoldAlready) continue;
          const holder = await Seat.findById(_id, { bookingId: 1 }).lean<SeatDoc>();
          if (holder && String(holder.bookingId) === String(bookingId)) return _id; // a retry of ours
        }
      }
      return null;
    },
    async release(seatId: string, bookingId: Types.ObjectId): Promise<void> {
      await Seat.deleteOne({ _id: seatId, bookingId });
    },
    /**
     * Job: seats taken in the last two days (a crash is found within that)
     * whose booking does not exist after a grace minute, ended without giving
     * the seat back, or moved to another seat.
     */
    async repair(limit = 2000): Promise<number> {
      const now = deps.clock.now().getTime();
      const seats = await Seat.find({ createdAt: { $gte: new Date(now - 2 * 86400_000), $lte: new Date(now - 60_000) } })
        .sort({ createdAt: -1 })
        .limit(limit)
        .lean<SeatDoc[]>();
      const bookings = new Map(
        (await Booking.find({ _id: { $in: seats.map((s) => s.bookingId) } }, { seatId: 1, state: 1 }).lean<BookingDoc[]>()).map((b) => [String(b._id), b]),
      );
      let removed = 0;
      for (const s of seats) {
        const b = bookings.get(String(s.bookingId));
        const orphan = !b || b.seatId !== s._id || b.state === 'cancelled' || b.state === 'expired';
        if (orphan) removed += (await Seat.deleteOne({ _id: s._id, bookingId: s.bookingId })).deletedCount ?? 0;
      }
      return removed;
    },
  };
}

export type Seats = ReturnType<typeof createSeats>;
