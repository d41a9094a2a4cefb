/**
 * Store booking: catalog (services, hours, slots), booking / reschedule /
 * cancel (book.ts), deposits through WeChat Pay, attendance and no-shows
 * (attendance.ts), reminders (reminders.ts). Shoppers see only their own
 * bookings; staff only their store's.
 */
import { Types, type Connection } from 'mongoose';
import { shanghaiDay, shanghaiInstant, addDays, type BookingView, type RequestPaymentParams, type StaffBookingView } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Identity } from '../platform/http/context';
import { assertStoreScope } from '../platform/auth/guard';
import type { StoresService } from '../stores/service';
import type { PointsService } from '../points/service';
import type { PaymentsService } from '../payments/service';
import type { SettingsStore } from '../membership/settings';
import type { MiniProgramClient } from '../wechat/miniprogram/client';
import type { AuditService } from '../system/audit';
import type { MemberSlice } from '../members/service';
import { bookingModel, type BookingDoc } from './model';
import { createCatalog } from './catalog';
import { createSeats } from './seats';
import { createBooker, type NewBooking } from './book';
import { createAttendance } from './attendance';
import { createReminders } from './reminders';
import type { MessagesService } from '../messages/service';
import { toBookingView, toStaffBookingView } from './view';
import { createBookingMemberStats } from './member-stats';
import { createBookingRollup } from './rollup';
import { createSeatsAudit } from './audit';

export const BOOKING_PURPOSE = 'booking';

export function createBookingService(deps: {
  conn: Connection;
  clock: Clock;
  logger: Logger;
  stores: StoresService;
  points: PointsService;
  payments: PaymentsService;
  settings: SettingsStore;
  wechat: MiniProgramClient;
  /** the chain's subscribe-message mapping (messages module) */
  messages: Pick<MessagesService, 'compose'>;
  audit: AuditService;
  /** the member document: reads, and the no-show record booking owns */
  memberSlice: MemberSlice;
  /** members who bound a phone, by its unique key (the members module's index) */
  membersByPhone: (phone: string) => Promise<{ _id: Types.ObjectId }[]>;
}) {
  const Booking = bookingModel(deps.conn);
  const Member = deps.memberSlice;
  const catalog = createCatalog(deps);
  const seats = createSeats(deps);
  const booker = createBooker({ ...deps, catalog, seats });
  const attendance = createAttendance(deps);
  const reminders = createReminders(deps);

  deps.payments.registerPurpose(BOOKING_PURPOSE, {
    onPaid: async (intent) => {
      const paid = await Booking.findOneAndUpdate(
        { _id: new Types.ObjectId(intent.reference), state: 'pending_payment' },
        { $set: { state: 'booked', depositState: 'paid', expireAt: null } },
        { returnDocument: 'after', lean: true },
      );
      if (paid) {
        await reminders.sendFor(paid._id).catch(() => undefined);
        return;
      }
      // Paid for a booking cancelled meanwhile: the deposit goes back.
      const b = await Booking.findById(intent.reference).lean<BookingDoc>();
      if (b && (b.state === 'cancelled' || b.state === 'expired')) {
        await Booking.updateOne({ _id: b._id, depositState: 'unpaid' }, { $set: { depositState: 'paid', outTradeNo: intent.outTradeNo } });
        await attendance.refundDeposit({ ...b, depositState: 'paid', outTradeNo: intent.outTradeNo }, '预约已取消，退还定金');
      }
    },
    onRefunded: async (intent) => {
      await Booking.updateOne({ _id: new Types.ObjectId(intent.reference), depositState: 'refunding' }, { $set: { depositState: 'refunded' } });
    },
  });

  const now = () => deps.clock.now();
  const view = async (b: BookingDoc) => toBookingView(b, await deps.stores.get(String(b.storeId)), now());
  const staffView = async (b: BookingDoc) => toStaffBookingView(b, await deps.stores.get(String(b.storeId)), await Member.findById(b.memberId), now());

  async function own(memberId: string, bookingId: string): Promise<BookingDoc> {
    const b = Types.ObjectId.isValid(bookingId) ? await Booking.findOne({ _id: bookingId, memberId: new Types.ObjectId(memberId) }).lean<BookingDoc>() : null;
    if (!b) throw new AppError('BOOKING_NOT_FOUND', `booking ${bookingId} not found for member ${memberId}`);
    return b;
  }
  async function ofStore(actor: Identity, bookingId: string): Promise<BookingDoc> {
    const b = Types.ObjectId.isValid(bookingId) ? await Booking.findById(bookingId).lean<BookingDoc>() : null;
    if (!b) throw new AppError('BOOKING_NOT_FOUND', `booking ${bookingId} not found`);
    assertStoreScope(actor, b.storeId);
    return b;
  }

  /** WeChat Pay parameters for an unpaid deposit (one intent per booking). */
  async function depositParams(b: BookingDoc): Promise<RequestPaymentParams | null> {
    if (b.state !== 'pending_payment' || b.depositFen <= 0) return null;
    const m = await Member.findById(b.memberId, { openid: 1 });
    const { intent, requestPayment } = await deps.payments.createIntent({
      purpose: BOOKING_PURPOSE,
      reference: String(b._id),
      memberId: String(b.memberId),
      openid: m!.openid,
      amountFen: b.depositFen,
      description: `HomeClub 家居 ${b.serviceName}预约定金`,
      expireAt: b.expireAt!,
    });
    if (!b.outTradeNo) await Booking.updateOne({ _id: b._id }, { $set: { outTradeNo: intent.outTradeNo } });
    return requestPayment;
  }

  /** Pending deposit → close the payment first, so a late payment cannot slip in unnoticed. */
  async function closeDeposit(b: BookingDoc): Promise<boolean> {
    if (b.state !== 'pending_payment' || !b.outTradeNo) return true;
    const intent = await deps.payments.close(b.outTradeNo).catch(() => null);
    return intent?.state === 'CLOSED';
  }

  return {
    /** per-day figures for the analytics rollups */
    rollup: createBookingRollup(deps),
    /** ledger audit of one batch of seats (audit/ runs it) */
    audit: createSeatsAudit(deps),
    catalog,
    /** per-member booking facts for member insight */
    memberStats: createBookingMemberStats(deps.conn),
    /** Which of these members ever booked (ids as strings). */
    async bookersAmong(memberIds: Types.ObjectId[]): Promise<Set<string>> {
      return new Set((await Booking.distinct('memberId', { memberId: { $in: memberIds } })).map(String));
    },
    detail: catalog.detail,
    slots: catalog.slots,
    /** another module's step of an attended booking (guides: bind the member to the guide who checked them in) */
    onAttended: attendance.onAttended,

    async create(memberId: string, input: NewBooking): Promise<{ booking: BookingView; requestPayment: RequestPaymentParams | null }> {
      const { booking, created, store } = await booker.create(memberId, input);
      if (created && booking.state === 'booked') await reminders.sendFor(booking._id, booking).catch(() => undefined);
      return { booking: store ? toBookingView(booking, store, now()) : await view(booking), requestPayment: await depositParams(booking) };
    },
    async mine(memberId: string): Promise<BookingView[]> {
      const list = await Booking.find({ memberId: new Types.ObjectId(memberId) }).sort({ start: -1 }).limit(100).lean<BookingDoc[]>();
      const stores = await deps.stores.byIds([...new Set(list.map((b) => String(b.storeId)))]);
      const t = now();
      const views = list.map((b) => toBookingView(b, stores.get(String(b.storeId)), t));
      // Upcoming active ones first (soonest first), then the rest (newest first).
      const upcoming = views.filter((v) => (v.state === 'booked' || v.state === 'pending_payment') && Date.parse(v.end) >= t.getTime()).reverse();
      return [...upcoming, ...views.filter((v) => !upcoming.includes(v))];
    },
    one: async (memberId: string, bookingId: string) => view(await own(memberId, bookingId)),
    async pay(memberId: string, bookingId: string) {
      const b = await own(memberId, bookingId);
      if (b.state !== 'pending_payment') throw new AppError('BOOKING_NOT_ACTIVE', `booking ${bookingId} is ${b.state}`);
      return { booking: await view(b), requestPayment: await depositParams(b) };
    },
    async reschedule(memberId: string, bookingId: string, start: string): Promise<BookingView> {
      return view(await booker.reschedule(await own(memberId, bookingId), start));
    },
    async cancel(memberId: string, bookingId: string): Promise<BookingView> {
      const b = await own(memberId, bookingId);
      if (!(await closeDeposit(b))) throw new AppError('PAY_UNAVAILABLE', `deposit of booking ${bookingId} could not be closed`);
      const cancelled = await booker.cancel(b);
      return view(cancelled.stepsDone ? cancelled : await attendance.applySteps(cancelled._id));
    },

    // ---- staff ----------------------------------------------------------------------------
    async staffList(actor: Identity, q: { date?: string; storeId?: string; phone?: string }): Promise<StaffBookingView[]> {
      const storeId = q.storeId ?? actor.staffStoreId;
      if (!storeId) throw new AppError('VALIDATION_FAILED', 'storeId is required for admins without a store', { fields: [{ path: 'query.storeId', message: '请选择门店' }] });
      assertStoreScope(actor, storeId);
      const filter: Record<string, unknown> = { storeId: new Types.ObjectId(storeId) };
      if (q.phone) {
        const members = await deps.membersByPhone(q.phone);
        filter.$or = [{ phone: q.phone }, { memberId: { $in: members.map((m) => m._id) } }];
        filter.start = { $gte: shanghaiInstant(shanghaiDay(now()), 0) };
      } else {
        const day = q.date ?? shanghaiDay(now());
        filter.start = { $gte: shanghaiInstant(day, 0), $lt: shanghaiInstant(addDays(day, 1), 0) };
      }
      const list = await Booking.find(filter).sort({ start: 1 }).limit(300).lean<BookingDoc[]>();
      const [store, members] = await Promise.all([deps.stores.get(storeId), Member.find({ _id: { $in: [...new Set(list.map((b) => String(b.memberId)))].map((id) => new Types.ObjectId(id)) } })]);
      const byId = new Map(members.map((m) => [String(m._id), m]));
      const t = now();
      return list.map((b) => toStaffBookingView(b, store, byId.get(String(b.memberId)), t));
    },
    async checkInByCode(actor: Identity, code: string): Promise<StaffBookingView> {
      const b = await Booking.findOne({ code }).lean<BookingDoc>();
      if (!b) throw new AppError('BOOKING_NOT_FOUND', `no booking with code ${code}`);
      assertStoreScope(actor, b.storeId);
      const done = await attendance.checkIn(b, actor.memberId);
      await deps.audit.record(actor.memberId, 'booking.check_in', { bookingId: String(b._id) });
      return staffView(done);
    },
    async checkIn(actor: Identity, bookingId: string): Promise<StaffBookingView> {
      const done = await attendance.checkIn(await ofStore(actor, bookingId), actor.memberId);
      await deps.audit.record(actor.memberId, 'booking.check_in', { bookingId });
      return staffView(done);
    },
    async noShow(actor: Identity, bookingId: string): Promise<StaffBookingView> {
      const done = await attendance.noShow(await ofStore(actor, bookingId));
      await deps.audit.record(actor.memberId, 'booking.no_show', { bookingId });
      return staffView(done);
    },

    // ---- jobs ------------------------------------------------------------------------------
    /** Deposit not paid in time → payment closed, booking expired, seat released. */
    async expireUnpaid(limit = 200): Promise<number> {
      const due = await Booking.find({ state: 'pending_payment', expireAt: { $lte: now() } }).limit(limit).lean<BookingDoc[]>();
      let n = 0;
      for (const b of due) {
        if (!(await closeDeposit(b))) continue; // paid meanwhile (its hook books it) or WeChat unreachable: next run
        const expired = await Booking.findOneAndUpdate({ _id: b._id, state: 'pending_payment' }, { $set: { state: 'expired', cancelledAt: now() }, $unset: { memberSlot: 1, quotaKey: 1 } }, { returnDocument: 'after', lean: true });
        if (expired) {
          await seats.release(b.seatId, b._id);
          n += 1;
        }
      }
      return n;
    },
    markNoShows: attendance.markNoShows,
    finishSteps: attendance.finishSteps,
    sendReminders: reminders.sendDue,
    repairSeats: seats.repair,
  };
}

export type BookingService = ReturnType<typeof createBookingService>;
