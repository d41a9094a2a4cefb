/**
 * Booking, rescheduling and cancelling. The place is a seat (seats.ts) taken
 * before anything else; the booking insert then holds the member's keys
 * (one per slot, at most N active) under unique indexes; any refusal gives
 * the seat back. Rescheduling takes the new seat first and moves the booking
 * with one guarded update; only then is the old seat released.
 */
import { randomInt } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { beforeCutoff, findBookableSlot, type CreateBookingRequest } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { SettingsStore } from '../membership/settings';
import type { Catalog } from './catalog';
import { hoursOf, type StoreDoc } from '../stores/service';
import type { Seats } from './seats';
import { ACTIVE_STATES, bookingModel, slotIdOf, type BookingDoc, type ServiceDoc } from './model';
import { remindersFor } from './reminders';

export const DEPOSIT_MINUTES = 15;

export type NewBooking = Omit<CreateBookingRequest, 'address' | 'note' | 'reminderConsent'> & {
  address: { city: string; district: string; detail: string } | null;
  note: string;
  reminderConsent: boolean;
};

const newCode = () => String(randomInt(0, 10_000_000_000)).padStart(10, '0');

export function createBooker(deps: { conn: Connection; clock: Clock; catalog: Catalog; seats: Seats; settings: SettingsStore }) {
  const Booking = bookingModel(deps.conn);

  function slotFor(service: ServiceDoc, store: StoreDoc, start: string) {
    const slot = findBookableSlot(start, deps.clock.now(), hoursOf(store), store.closedDates ?? [], service);
    if (!slot) throw new AppError('BOOKING_SLOT_NOT_AVAILABLE', `${start} is not a bookable slot of service ${service._id}`);
    const at = new Date(slot.start);
    return { slotId: slotIdOf(service._id, at), serviceId: service._id, start: at, end: new Date(slot.end) };
  }

  function checkAddress(service: ServiceDoc, store: StoreDoc, address: NewBooking['address']) {
    if (service.kind !== 'measure') return;
    if (!address) throw new AppError('BOOKING_ADDRESS_REQUIRED', 'home measuring needs an address', { fields: [{ path: 'body.address', message: '请填写上门地址' }] });
    const area = store.serviceArea ?? { cities: [], districts: [] };
    const inCity = area.cities.includes(address.city);
    const inDistrict = area.districts.length === 0 || area.districts.includes(address.district);
    if (!inCity || !inDistrict) throw new AppError('BOOKING_OUTSIDE_AREA', `${address.city}${address.district} outside the area of store ${store._id}`);
  }

  return {
    /**
     * No read before the attempt: a repeat of the same clientKey (or the same slot) is found by the unique
     * indexes at the insert (its seat is given back) and answered with the first booking.
     * `store`: the booking's store, when this call read it (the caller's view needs no second read).
     */
    async create(memberId: string, input: NewBooking): Promise<{ booking: BookingDoc; created: boolean; store?: StoreDoc }> {
      const byKey = () => Booking.findOne({ memberId: new Types.ObjectId(memberId), clientKey: input.clientKey }).lean<BookingDoc>();
      try {
        return await this.createNew(memberId, input, byKey);
      } catch (err) {
        // A double tap whose twin took the seat or the member's keys first: the twin's booking is the answer.
        const twin = err instanceof AppError ? await byKey() : null;
        if (twin) return { booking: twin, created: false };
        throw err;
      }
    },

    async createNew(memberId: string, input: NewBooking, byKey: () => Promise<BookingDoc | null>): Promise<{ booking: BookingDoc; created: boolean; store?: StoreDoc }> {
      const member = new Types.ObjectId(memberId);
      const { service, store } = await deps.catalog.requireService(input.serviceId);
      const slot = slotFor(service, store, input.start);
      checkAddress(service, store, input.address);
      // The chain's rules are read only when the member's first quota slot is taken (none before the insert).
      let maxActive: number | null = null;
      const maxActiveNow = async () => (maxActive ??= (await deps.settings.get()).booking.maxActive);

      // The unique indexes decide (a duplicate gives its seat back); this read only gives the clearer answer when full.
      const mine = () => Booking.exists({ memberSlot: `${memberId}|${slot.slotId}` });
      const bookingId = new Types.ObjectId();
      const seatId = await deps.seats.take(slot, service.capacity, bookingId, { seatRange: service.seatRange });
      if (!seatId) {
        const twin = await byKey();
        if (twin) return { booking: twin, created: false };
        if (await mine()) throw new AppError('BOOKING_DUPLICATE', `member ${memberId} already booked ${slot.slotId}`);
        throw new AppError('BOOKING_SLOT_FULL', `slot ${slot.slotId} full (${service.capacity})`);
      }
      const now = deps.clock.now();
      const deposit = service.depositFen > 0;
      const doc = {
        _id: bookingId,
        memberId: member,
        storeId: store._id,
        serviceId: service._id,
        kind: service.kind,
        serviceName: service.name,
        slotId: slot.slotId,
        seatId,
        start: slot.start,
        end: slot.end,
        state: (deposit ? 'pending_payment' : 'booked') as BookingDoc['state'],
        name: input.name,
        phone: input.phone,
        address: service.kind === 'measure' ? input.address : null,
        note: input.note,
        clientKey: input.clientKey,
        memberSlot: `${memberId}|${slot.slotId}`,
        cutoffMinutes: service.cutoffMinutes,
        attendPoints: service.attendPoints,
        keepDepositOnNoShow: service.keepDepositOnNoShow,
        noShowAt: new Date(slot.end.getTime() + service.noShowGraceMin * 60_000),
        depositFen: service.depositFen,
        depositState: (deposit ? 'unpaid' : 'none') as BookingDoc['depositState'],
        expireAt: deposit ? new Date(now.getTime() + DEPOSIT_MINUTES * 60_000) : null,
        reminderConsent: input.reminderConsent,
        reminders: remindersFor(slot.start, now, input.reminderConsent),
        steps: {},
        stepsDone: true,
        createdAt: now,
      };
      let quota = 0;
      let code = newCode();
      for (;;) {
        try {
          const created = (await Booking.create({ ...doc, code, quotaKey: `${memberId}|${quota}` })).toObject() as BookingDoc;
          return { booking: created, created: true, store };
        } catch (err) {
          if (isDuplicateKey(err, 'bookings_code_unique')) {
            code = newCode();
            continue;
          }
          if (isDuplicateKey(err, 'bookings_member_quota_unique') && quota + 1 < (await maxActiveNow())) {
            quota += 1;
            continue;
          }
          // Not a refusal (e.g. the answer was lost): the booking may exist, so the seat stays; the repair job frees it if not.
          if (!isDuplicateKey(err)) throw err;
          await deps.seats.release(seatId, bookingId);
          // A double tap: whichever key clashed, the twin request's booking is the answer.
          const twin = isDuplicateKey(err) ? await byKey() : null;
          if (twin) return { booking: twin, created: false };
          if (isDuplicateKey(err, 'bookings_member_slot_unique')) throw new AppError('BOOKING_DUPLICATE', `member ${memberId} already booked ${slot.slotId}`);
          if (isDuplicateKey(err, 'bookings_member_quota_unique')) throw new AppError('BOOKING_LIMIT', `member ${memberId} holds ${await maxActiveNow()} active bookings`);
          throw err;
        }
      }
    },

    async reschedule(b: BookingDoc, start: string): Promise<BookingDoc> {
      if (!ACTIVE_STATES.includes(b.state)) throw new AppError('BOOKING_NOT_ACTIVE', `booking ${b._id} is ${b.state}`);
      const now = deps.clock.now();
      if (!beforeCutoff(b.start, now, b.cutoffMinutes)) throw new AppError('BOOKING_CUTOFF', `booking ${b._id} starts ${b.start.toISOString()}, cut-off ${b.cutoffMinutes} min`);
      const { service, store } = await deps.catalog.requireService(String(b.serviceId));
      const slot = slotFor(service, store, start);
      if (slot.slotId === b.slotId) return b;
      const seatId = await deps.seats.take(slot, service.capacity, b._id, { mayHoldAlready: true, seatRange: service.seatRange });
      if (!seatId) throw new AppError('BOOKING_SLOT_FULL', `slot ${slot.slotId} full (${service.capacity})`);
      const confirm = b.reminders.find((r) => r.kind === 'confirm');
      let moved: BookingDoc | null;
      try {
        moved = (await Booking.findOneAndUpdate(
          { _id: b._id, state: { $in: ACTIVE_STATES }, seatId: b.seatId, start: b.start },
          {
            $set: {
              slotId: slot.slotId,
              seatId,
              start: slot.start,
              end: slot.end,
              memberSlot: `${b.memberId}|${slot.slotId}`,
              noShowAt: new Date(slot.end.getTime() + service.noShowGraceMin * 60_000),
              reminders: remindersFor(slot.start, now, b.reminderConsent, confirm),
            },
          },
          { returnDocument: 'after', lean: true },
        )) as BookingDoc | null;
      } catch (err) {
        await deps.seats.release(seatId, b._id);
        if (isDuplicateKey(err, 'bookings_member_slot_unique')) throw new AppError('BOOKING_DUPLICATE', `member ${b.memberId} already booked ${slot.slotId}`);
        throw err;
      }
      if (!moved) {
        // Changed meanwhile (e.g. the same move sent twice): give the seat back unless the booking now holds it.
        const current = (await Booking.findById(b._id).lean<BookingDoc>())!;
        if (current.seatId === seatId) return current;
        await deps.seats.release(seatId, b._id);
        throw new AppError('DUPLICATE', `booking ${b._id} changed meanwhile`);
      }
      await deps.seats.release(b.seatId, b._id);
      return moved;
    },

    /** Active → cancelled (guarded by the cut-off), keys removed, seat given back. */
    async cancel(b: BookingDoc, opts: { ignoreCutoff?: boolean } = {}): Promise<BookingDoc> {
      const now = deps.clock.now();
      const latest = new Date(now.getTime() + b.cutoffMinutes * 60_000);
      const cancelled = (await Booking.findOneAndUpdate(
        { _id: b._id, state: { $in: ACTIVE_STATES }, ...(opts.ignoreCutoff ? {} : { start: { $gte: latest } }) },
        // A deposit paid is refunded by the steps (attendance.ts).
        { $set: { state: 'cancelled', cancelledAt: now, stepsDone: !(b.depositFen > 0) }, $unset: { memberSlot: 1, quotaKey: 1 } },
        { returnDocument: 'after', lean: true },
      )) as BookingDoc | null;
      if (!cancelled) {
        const current = (await Booking.findById(b._id).lean<BookingDoc>())!;
        if (!ACTIVE_STATES.includes(current.state)) throw new AppError('BOOKING_NOT_ACTIVE', `booking ${b._id} is ${current.state}`);
        throw new AppError('BOOKING_CUTOFF', `booking ${b._id} starts ${b.start.toISOString()}, cut-off ${b.cutoffMinutes} min`);
      }
      await deps.seats.release(cancelled.seatId, cancelled._id);
      return cancelled;
    },
  };
}

export type Booker = ReturnType<typeof createBooker>;
