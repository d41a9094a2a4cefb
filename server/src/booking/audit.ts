/**
 * Seat audit, one batch by `_id` range (seat ids are strings): every seat must
 * belong to a booking that holds it and is not cancelled or expired. Seats
 * younger than `staleMs` are left alone (a booking may be being written).
 * The same rule as the `booking.repair-seats` job, which only looks at 2 days.
 */
import type { Connection } from 'mongoose';
import type { AuditFinding } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import type { AuditBatch } from '../points/audit';
import { bookingModel, seatModel, type BookingDoc, type SeatDoc } from './model';

export function createSeatsAudit(deps: { conn: Connection; clock: Clock }) {
  const Seat = seatModel(deps.conn);
  const Booking = bookingModel(deps.conn);
  return async function auditSeatsBatch(opts: { after: string | null; size: number; staleMs: number }): Promise<AuditBatch> {
    const seats = await Seat.find(opts.after ? { _id: { $gt: opts.after } } : {}).sort({ _id: 1 }).limit(opts.size).lean<SeatDoc[]>();
    const bookings = new Map(
      (await Booking.find({ _id: { $in: seats.map((s) => s.bookingId) } }, { seatId: 1, state: 1 }).lean<BookingDoc[]>()).map((b) => [String(b._id), b]),
    );
    const staleBefore = deps.clock.now().getTime() - opts.staleMs;
    const findings: AuditFinding[] = [];
    for (const s of seats) {
      if (s.createdAt.getTime() >= staleBefore) continue;
      const b = bookings.get(String(s.bookingId));
      const why = !b ? 'booking missing' : b.seatId !== s._id ? `booking holds ${b.seatId}` : b.state === 'cancelled' || b.state === 'expired' ? `booking ${b.state}` : null;
      if (why) findings.push({ kind: 'seat_without_booking', subject: s._id, detail: `seat of booking ${s.bookingId}: ${why}`, expected: null, actual: null });
    }
    return { checked: seats.length, findings, next: seats.length < opts.size ? null : seats[seats.length - 1]._id };
  };
}
