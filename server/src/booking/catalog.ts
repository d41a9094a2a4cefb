/**
 * What can be booked: each store's services (admin-set), its hours, and the
 * slots of a day with the places left (capacity − seats taken).
 */
import { Types, type Connection } from 'mongoose';
import { BOOKING_KIND_NAMES, bookableDates, bookableSlots, weekdayOf, type BookingKind, type ServiceInput, type ServiceView, type SlotsResponse, type StoreDetail, type StoreProfileInput } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import { hoursOf, toStoreView, type StoreDoc, type StoresService } from '../stores/service';
import type { AuditService } from '../system/audit';
import { seatModel, serviceModel, type ServiceDoc } from './model';

export function toServiceView(s: ServiceDoc): ServiceView {
  return {
    id: String(s._id),
    storeId: String(s.storeId),
    kind: s.kind,
    name: s.name,
    description: s.description,
    durationMin: s.durationMin,
    intervalMin: s.intervalMin,
    capacity: s.capacity,
    horizonDays: s.horizonDays,
    leadMinutes: s.leadMinutes,
    cutoffMinutes: s.cutoffMinutes,
    depositFen: s.depositFen,
    keepDepositOnNoShow: s.keepDepositOnNoShow,
    attendPoints: s.attendPoints,
    noShowGraceMin: s.noShowGraceMin,
    active: s.active,
  };
}

export function createCatalog(deps: { conn: Connection; clock: Clock; stores: StoresService; audit?: AuditService }) {
  const Service = serviceModel(deps.conn);
  const Seat = seatModel(deps.conn);

  async function detail(store: StoreDoc): Promise<StoreDetail> {
    const services = await Service.find({ storeId: store._id, active: true }).sort({ kind: 1 }).lean<ServiceDoc[]>();
    return {
      store: toStoreView(store),
      hours: hoursOf(store),
      closedDates: store.closedDates ?? [],
      photos: store.photos ?? [],
      serviceArea: store.serviceArea ?? { cities: [], districts: [] },
      services: services.map(toServiceView),
    };
  }

  /** An active service with its store, or BOOKING_SERVICE_NOT_FOUND. */
  async function requireService(serviceId: string): Promise<{ service: ServiceDoc; store: StoreDoc }> {
    // One command: the service with its store joined (the stores module provides the stage).
    const rows = Types.ObjectId.isValid(serviceId)
      ? await Service.aggregate<ServiceDoc & { store?: StoreDoc[] }>([{ $match: { _id: new Types.ObjectId(serviceId), active: true } }, { $limit: 1 }, deps.stores.joinStage('storeId', 'store')])
      : [];
    const { store: joined, ...service } = rows[0] ?? {};
    const store = rows[0] ? deps.stores.joined(joined) : null;
    if (!rows[0] || !store?.active) throw new AppError('BOOKING_SERVICE_NOT_FOUND', `service ${serviceId} not found or inactive`);
    return { service: service as ServiceDoc, store };
  }

  /** The future slot of a service with the most seats taken (console capacity check; reads seats, not a hot path). */
  async function busiestFutureSlot(serviceId: Types.ObjectId): Promise<{ start: Date; seats: number } | null> {
    const rows = await Seat.aggregate<{ _id: Date; seats: number }>([
      { $match: { serviceId, start: { $gte: deps.clock.now() } } },
      { $group: { _id: '$start', seats: { $sum: 1 } } },
      { $sort: { seats: -1, _id: 1 } },
      { $limit: 1 },
    ]);
    return rows[0] ? { start: rows[0]._id, seats: rows[0].seats } : null;
  }

  return {
    requireService,
    detail: async (storeId: string) => detail(await deps.stores.require(storeId)),

    async setProfile(storeId: string, p: StoreProfileInput & { closedDates: string[]; photos: string[]; serviceArea: { cities: string[]; districts: string[] } }, actorId?: string, baseRevision?: number): Promise<StoreDetail> {
      return detail(await deps.stores.setProfile(storeId, { hours: p.hours, closedDates: [...new Set(p.closedDates)].sort(), photos: p.photos, serviceArea: p.serviceArea }, actorId, baseRevision));
    },

    async services(storeId: string): Promise<ServiceView[]> {
      await deps.stores.require(storeId);
      return (await Service.find({ storeId: new Types.ObjectId(storeId) }).sort({ kind: 1 }).lean<ServiceDoc[]>()).map(toServiceView);
    },

    /**
     * Create or change a service. Lowering the capacity below the places already taken in a future slot
     * is refused (BOOKING_CAPACITY_IN_USE, at the field): the capacity is set first, then the future seats
     * are counted, and if a slot holds more than the new capacity the old value is put back (guarded on the
     * new one), so a booking that raced the check is never left beyond a capacity nobody chose.
     */
    async putService(storeId: string, kind: BookingKind, input: Required<Omit<ServiceInput, 'name'>> & { name?: string }, actorId?: string): Promise<ServiceView> {
      await deps.stores.require(storeId);
      const key = { storeId: new Types.ObjectId(storeId), kind };
      const before = await Service.findOne(key).lean<ServiceDoc>();
      const s = (await Service.findOneAndUpdate(
        key,
        // seatRange only grows: seats numbered above a lowered capacity are counted at booking (seats.ts)
        { $set: { ...input, name: input.name ?? BOOKING_KIND_NAMES[kind], updatedAt: deps.clock.now() }, $max: { seatRange: Math.max(input.capacity, before?.seatRange ?? before?.capacity ?? 0) } },
        { upsert: true, returnDocument: 'after', lean: true },
      )) as ServiceDoc;
      if (before && input.capacity < before.capacity) {
        const busiest = await busiestFutureSlot(s._id);
        if (busiest && busiest.seats > input.capacity) {
          await Service.updateOne({ _id: s._id, capacity: input.capacity }, { $set: { capacity: before.capacity } });
          const when = new Date(busiest.start.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
          throw new AppError('BOOKING_CAPACITY_IN_USE', `service ${String(s._id)}: slot ${busiest.start.toISOString()} holds ${busiest.seats} > ${input.capacity}`, {
            fields: [{ path: 'body.capacity', message: `${when} 已有 ${busiest.seats} 个预约，名额不能低于 ${busiest.seats}` }],
          });
        }
      }
      if (actorId) await deps.audit?.record(actorId, 'booking.service', { storeId, serviceId: String(s._id), kind, before: before && toServiceView(before), after: toServiceView(s) });
      return toServiceView(s);
    },

    async slots(serviceId: string, date: string): Promise<SlotsResponse> {
      const { service, store } = await requireService(serviceId);
      const now = deps.clock.now();
      const slots = bookableSlots(date, now, hoursOf(store), store.closedDates ?? [], service);
      const taken = new Map<string, number>();
      if (slots.length) {
        const seats = await Seat.find({ serviceId: service._id, start: { $gte: new Date(slots[0].start), $lte: new Date(slots[slots.length - 1].start) } }, { start: 1 }).lean();
        for (const s of seats) taken.set(s.start.toISOString(), (taken.get(s.start.toISOString()) ?? 0) + 1);
      }
      return {
        date,
        dates: bookableDates(now, service.horizonDays).filter((d) => !(store.closedDates ?? []).includes(d) && (hoursOf(store)[weekdayOf(d)] ?? []).length > 0),
        slots: slots.map((s) => ({ ...s, capacity: service.capacity, remaining: Math.max(0, service.capacity - (taken.get(s.start) ?? 0)) })),
      };
    },
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
