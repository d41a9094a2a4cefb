/**
 * The booking flash's invariants (booking-flash.ts), read from the database after the run: per slot seats ≤
 * capacity and == booked bookings, every booking's seat exists and points back to it, no member twice in a slot,
 * the HTTP answers agree with the database, the total is min(shoppers, places), and the baseline did the same.
 */
import { Types, type Connection } from 'mongoose';
import { bookingModel, seatModel, slotIdOf, ACTIVE_STATES, type BookingDoc, type SeatDoc } from '../src/booking/model';
import { bump, type BenchSlot } from './booking-flash-run';

export async function bookingChecks(opts: {
  conn: Connection;
  serviceId: string;
  slots: BenchSlot[];
  capacity: number;
  /** min(shoppers, places) */
  expected: number;
  /** bookings answered 201 in our run */
  oursBooked: number;
  /** places the slot list shows left over the bench slots */
  listed: number;
  raw: { booked: number; seats: number; bookings: number };
}): Promise<[string, boolean, string][]> {
  const { serviceId, slots, capacity, expected, listed } = opts;
  const Booking = bookingModel(opts.conn);
  const Seat = seatModel(opts.conn);
  const sid = new Types.ObjectId(serviceId);
  const seats = await Seat.find({ serviceId: sid }).lean<SeatDoc[]>();
  const bookings = await Booking.find({ serviceId: sid }).lean<BookingDoc[]>();
  const booked = bookings.filter((b) => b.state === 'booked');
  const bySlot = new Map<string, { seats: number; booked: number }>();
  for (const s of slots) bySlot.set(slotIdOf(sid, new Date(s.start)), { seats: 0, booked: 0 });
  const offGrid: string[] = [];
  for (const s of seats) {
    const e = bySlot.get(s.slotId);
    if (e) e.seats += 1;
    else offGrid.push(s._id);
  }
  for (const b of booked) {
    const e = bySlot.get(b.slotId);
    if (e) e.booked += 1;
    else offGrid.push(String(b._id));
  }
  const overCapacity = [...bySlot.entries()].filter(([, v]) => v.seats > capacity);
  const seatsNeBooked = [...bySlot.entries()].filter(([, v]) => v.seats !== v.booked);
  const badSeatNumber = seats.filter((s) => {
    const [slotId, n] = s._id.split('#');
    return slotId !== s.slotId || !(Number(n) >= 0 && Number(n) < capacity) || !Number.isInteger(Number(n));
  });
  const seatById = new Map(seats.map((s) => [s._id, s]));
  const bookingById = new Map(bookings.map((b) => [String(b._id), b]));
  const seatMissing = booked.filter((b) => {
    const s = seatById.get(b.seatId);
    return !s || String(s.bookingId) !== String(b._id) || s.slotId !== b.slotId;
  });
  const orphanSeats = seats.filter((s) => {
    const b = bookingById.get(String(s.bookingId));
    return !b || b.state !== 'booked' || b.seatId !== s._id;
  });
  const twice = await Booking.aggregate<{ _id: { memberId: Types.ObjectId; slotId: string }; n: number }>([
    { $match: { serviceId: sid, state: { $in: ACTIVE_STATES } } },
    { $group: { _id: { memberId: '$memberId', slotId: '$slotId' }, n: { $sum: 1 } } },
    { $match: { n: { $gt: 1 } } },
  ]);
  const perMember = new Map<string, number>();
  for (const b of bookings) bump(perMember, String(b.memberId));
  const memberTwice = [...perMember.values()].filter((n) => n > 1).length;
  const notBooked = bookings.filter((b) => b.state !== 'booked');
  return [
    [
      'per slot: seats ≤ capacity',
      overCapacity.length === 0 && badSeatNumber.length === 0 && offGrid.length === 0,
      `${slots.length} slots, ${overCapacity.length} over capacity${overCapacity.length ? ` (${overCapacity.map(([k, v]) => `${k}: ${v.seats}`).join(', ')})` : ''}, ${badSeatNumber.length} seats numbered outside 0…${capacity - 1}, ${offGrid.length} seats/bookings outside the bench slots`,
    ],
    [
      'per slot: seats == booked bookings',
      seatsNeBooked.length === 0,
      `${seats.length} seats, ${booked.length} booked${seatsNeBooked.length ? `; off in ${seatsNeBooked.map(([k, v]) => `${k.split('@')[1]}: ${v.seats} seats / ${v.booked} booked`).join(', ')}` : ''}`,
    ],
    [
      'every booking holds its seat, every seat its booking',
      seatMissing.length === 0 && orphanSeats.length === 0,
      `${seatMissing.length} booked bookings whose seat is missing or held by another, ${orphanSeats.length} seats without their booked booking`,
    ],
    [
      'no member twice in a slot',
      twice.length === 0 && memberTwice === 0,
      `${twice.length} (member, slot) pairs with >1 active booking, ${memberTwice} members with >1 booking of the service (each shopper books at most once)`,
    ],
    [
      'HTTP answers == database',
      bookings.length === opts.oursBooked && notBooked.length === 0,
      `${opts.oursBooked} answered 201, ${bookings.length} bookings stored (${notBooked.length} not booked)`,
    ],
    [
      `total booked == min(shoppers, slots × capacity) = ${expected}`,
      booked.length === expected && listed === slots.length * capacity - booked.length,
      `${booked.length} booked; the slot list shows ${listed} places left (want ${slots.length * capacity - expected})`,
    ],
    [
      'baseline did the same',
      opts.raw.booked === expected && opts.raw.seats === expected && opts.raw.bookings === expected,
      `raw: ${opts.raw.booked} booked, ${opts.raw.seats} seats, ${opts.raw.bookings} bookings in its twins`,
    ],
  ];
}
