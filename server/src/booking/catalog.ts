/**
 * What can be booked: each store's services (admin-set), its hours, and the
 * slots of a day with the places left (capacity − seats taken).
 */
import { Types, type Connection } from 'mongoose';
import { BOOKING_KIND_NAMES, bookableDates, bookableSlots, weekdayOf, type BookingKind, type ServiceInput, type ServiceView, type SlotsResponse, type StoreDetail, type StoreProfileInput } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import { hoursOf, toStoreView, type StoreDoc, type StoresService } from '../stores/service';
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

export function createCatalog(deps: { conn: Connection; clock: Clock; stores: StoresService }) {
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
    const service = Types.ObjectId.isValid(serviceId) ? await Service.findOne({ _id: serviceId, active: true }).lean<ServiceDoc>() : null;
    const store = service ? await deps.stores.get(String(service.storeId)) : null;
    if (!service || !store?.active) throw new AppError('BOOKING_SERVICE_NOT_FOUND', `service ${serviceId} not found or inactive`);
    return { service, store };
  }

  return {
    requireService,
    detail: async (storeId: string) => detail(await deps.stores.require(storeId)),

    async setProfile(storeId: string, p: StoreProfileInput & { closedDates: string[]; photos: string[]; serviceArea: { cities: string[]; districts: string[] } }): Promise<StoreDetail> {
      return detail(await deps.stores.setProfile(storeId, { hours: p.hours, closedDates: [...new Set(p.closedDates)].sort(), photos: p.photos, serviceArea: p.serviceArea }));
    },

    async services(storeId: string): Promise<ServiceView[]> {
      await deps.stores.require(storeId);
      return (await Service.find({ storeId: new Types.ObjectId(storeId) }).sort({ kind: 1 }).lean<ServiceDoc[]>()).map(toServiceView);
    },

    async putService(storeId: string, kind: BookingKind, input: Required<Omit<ServiceInput, 'name'>> & { name?: string }): Promise<ServiceView> {
      await deps.stores.require(storeId);
      const s = await Service.findOneAndUpdate(
        { storeId: new Types.ObjectId(storeId), kind },
        { $set: { ...input, name: input.name ?? BOOKING_KIND_NAMES[kind], updatedAt: deps.clock.now() } },
        { upsert: true, returnDocument: 'after', lean: true },
      );
      return toServiceView(s as ServiceDoc);
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
