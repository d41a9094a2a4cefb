/**
 * The booking flash's baseline (booking-flash.ts): the raw driver doing the same writes.
 * Twins `raw_booking_seats` / `raw_bookings` with the real collections' indexes, reset
 * before each run to what the real ones held when our measured run began. One attempt is
 *   seat insert `${slotId}#0`, `#1`, … until one succeeds (a duplicate key → the next one);
 *   then the booking insert: a clone of a real booking (fresh _id, code, clientKey, the
 *   shopper's memberId, the slot, seat, memberSlot and quotaKey), so the five unique /
 *   sparse indexes and the others cost the same.
 * A full slot answers 409 BOOKING_SLOT_FULL and the shopper re-reads the seats of that date
 * (the query the slot list makes). Not done by the baseline: the HTTP, auth, validation, our
 * reads before the insert (clientKey lookup, service, store, settings, member-slot check),
 * the seat-holder read after each duplicate key, the reminder job the create route runs.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { Db, Document, IndexSpecification } from 'mongodb';
import { slotIdOf, type BookingDoc, type SeatDoc } from '../src/booking/model';
import { bump, type BenchSlot, type Shopper } from './booking-flash-run';

const COLLECTIONS = ['booking_seats', 'bookings'];

export async function createRawBookings(opts: {
  db: Db;
  /** a real booking of the service, cloned for each raw booking */
  template: BookingDoc;
  serviceId: string;
  slots: BenchSlot[];
  capacity: number;
  slotMinutes: number;
  /** what the real collections held when our measured run began */
  snapshot: Map<string, Document[]>;
}) {
  const { db, template, slots, capacity } = opts;
  const twin = (coll: string) => db.collection(`raw_${coll}`);
  for (const coll of COLLECTIONS) {
    await twin(coll)
      .drop()
      .catch(() => undefined);
    await db.createCollection(`raw_${coll}`);
    for (const ix of await db.collection(coll).indexes()) {
      if (ix.name === '_id_') continue;
      await twin(coll).createIndex(ix.key as IndexSpecification, {
        name: ix.name,
        ...(ix.unique ? { unique: true } : {}),
        ...(ix.sparse ? { sparse: true } : {}),
        ...(ix.partialFilterExpression ? { partialFilterExpression: ix.partialFilterExpression } : {}),
      });
    }
  }
  const service = { _id: new Types.ObjectId(opts.serviceId) };
  const dayRange = (date: string) => {
    const ofDay = slots.filter((s) => s.date === date).map((s) => new Date(s.start));
    return { $gte: ofDay[0], $lte: ofDay[ofDay.length - 1] };
  };
  const seatTwin = db.collection<SeatDoc>('raw_booking_seats');
  let rawSeq = 0;
  return {
    /** the twins back to the snapshot */
    async reset(): Promise<void> {
      for (const coll of COLLECTIONS) {
        await twin(coll).deleteMany({});
        const docs = opts.snapshot.get(coll) ?? [];
        if (docs.length) await twin(coll).insertMany(docs.map((d) => ({ ...d })));
      }
    },
    async book(s: Shopper, slot: BenchSlot): Promise<{ status: number; code: string }> {
      const start = new Date(slot.start);
      const slotId = slotIdOf(service._id, start);
      const bookingId = new Types.ObjectId();
      let seatId: string | null = null;
      for (let n = 0; n < capacity && !seatId; n++) {
        try {
          await seatTwin.insertOne({ _id: `${slotId}#${n}`, slotId, serviceId: service._id, start, bookingId, createdAt: new Date() });
          seatId = `${slotId}#${n}`;
        } catch (err) {
          if ((err as { code?: number }).code !== 11000) throw err;
        }
      }
      if (!seatId) return { status: 409, code: 'BOOKING_SLOT_FULL' };
      rawSeq += 1;
      await twin('bookings').insertOne({
        ...template,
        _id: bookingId,
        code: String(9_000_000_000 + rawSeq),
        memberId: new Types.ObjectId(s.memberId),
        clientKey: randomUUID(),
        slotId,
        seatId,
        start,
        end: new Date(start.getTime() + opts.slotMinutes * 60_000),
        memberSlot: `${s.memberId}|${slotId}`,
        quotaKey: `${s.memberId}|0`,
        createdAt: new Date(),
      });
      return { status: 201, code: '' };
    },
    async listing(date: string): Promise<BenchSlot[]> {
      const seats = await twin('booking_seats')
        .find({ serviceId: service._id, start: dayRange(date) }, { projection: { start: 1 } })
        .toArray();
      const taken = new Map<string, number>();
      for (const x of seats) bump(taken, (x.start as Date).toISOString());
      return slots.filter((s) => s.date === date && (taken.get(s.start) ?? 0) < capacity);
    },
    /** what the twins hold for the service: seats and bookings */
    async stored(): Promise<{ seats: number; bookings: number }> {
      return {
        seats: await twin('booking_seats').countDocuments({ serviceId: service._id }),
        bookings: await twin('bookings').countDocuments({ serviceId: service._id }),
      };
    },
  };
}
