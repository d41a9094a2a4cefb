/**
 * Booking data. Capacity needs no counter: a place is a seat document with a
 * unique id `slot#n` (n < capacity), so no more than `capacity` bookings can
 * hold one, whatever the concurrency. One active booking per member per slot
 * and at most N active bookings per member are unique keys on the booking
 * (`memberSlot`, `quotaKey`: sparse, removed when the booking ends).
 */
import { Schema, type Connection, type Types } from 'mongoose';
import type { BookingKind, BookingState } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';

export interface ServiceDoc {
  _id: Types.ObjectId;
  storeId: Types.ObjectId;
  kind: BookingKind;
  name: string;
  description: string;
  durationMin: number;
  intervalMin: number;
  capacity: number;
  horizonDays: number;
  leadMinutes: number;
  cutoffMinutes: number;
  depositFen: number;
  keepDepositOnNoShow: boolean;
  attendPoints: number;
  noShowGraceMin: number;
  active: boolean;
  /** the highest capacity ever set: seats may be numbered up to it (absent on services written before it: unknown) */
  seatRange?: number;
  updatedAt: Date;
}

const serviceSchema = new Schema<ServiceDoc>(
  {
    storeId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    durationMin: { type: Number, required: true },
    intervalMin: { type: Number, required: true },
    capacity: { type: Number, required: true },
    horizonDays: { type: Number, required: true },
    leadMinutes: { type: Number, required: true },
    cutoffMinutes: { type: Number, required: true },
    depositFen: { type: Number, default: 0 },
    keepDepositOnNoShow: { type: Boolean, default: true },
    attendPoints: { type: Number, default: 0 },
    noShowGraceMin: { type: Number, default: 30 },
    active: { type: Boolean, default: true },
    seatRange: { type: Number },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'booking_services', versionKey: false },
);
serviceSchema.index({ storeId: 1, kind: 1 }, { unique: true, name: 'booking_services_store_kind_unique' });

export interface SeatDoc {
  /** `${slotId}#${n}` */
  _id: string;
  slotId: string;
  serviceId: Types.ObjectId;
  start: Date;
  bookingId: Types.ObjectId;
  createdAt: Date;
}

const seatSchema = new Schema<SeatDoc>(
  {
    _id: { type: String, required: true },
    slotId: { type: String, required: true },
    serviceId: { type: Schema.Types.ObjectId, required: true },
    start: { type: Date, required: true },
    bookingId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'booking_seats', versionKey: false },
);
seatSchema.index({ serviceId: 1, start: 1 }, { name: 'booking_seats_service_start' });
seatSchema.index({ bookingId: 1 }, { name: 'booking_seats_booking' });

export type ReminderKind = 'confirm' | 'dayBefore' | 'twoHours';
export interface Reminder {
  kind: ReminderKind;
  dueAt: Date;
  state: 'due' | 'sending' | 'sent' | 'not_subscribed' | 'skipped';
}

export type DepositState = 'none' | 'unpaid' | 'paid' | 'refunding' | 'refunded' | 'kept';

export interface BookingDoc {
  _id: Types.ObjectId;
  code: string;
  memberId: Types.ObjectId;
  storeId: Types.ObjectId;
  serviceId: Types.ObjectId;
  kind: BookingKind;
  serviceName: string;
  slotId: string;
  seatId: string;
  start: Date;
  end: Date;
  state: BookingState;
  name: string;
  phone: string;
  address: { city: string; district: string; detail: string } | null;
  note: string;
  clientKey: string;
  /** `${memberId}|${slotId}` while active (unique, sparse) */
  memberSlot?: string;
  /** `${memberId}|${n}` while active, n < the chain's limit (unique, sparse) */
  quotaKey?: string;
  cutoffMinutes: number;
  /** from the service at booking time */
  attendPoints: number;
  keepDepositOnNoShow: boolean;
  /** when the no-show job may mark it (end + grace) */
  noShowAt: Date;
  depositFen: number;
  depositState: DepositState;
  outTradeNo: string | null;
  expireAt: Date | null;
  reminderConsent: boolean;
  reminders: Reminder[];
  /** effects after attendance / no-show, applied idempotently (a job finishes them) */
  steps: Record<string, boolean>;
  stepsDone: boolean;
  pointsAwarded: number;
  attendedAt: Date | null;
  checkedInBy: string | null;
  cancelledAt: Date | null;
  createdAt: Date;
}

const bookingSchema = new Schema<BookingDoc>(
  {
    code: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    storeId: { type: Schema.Types.ObjectId, required: true },
    serviceId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    serviceName: { type: String, required: true },
    slotId: { type: String, required: true },
    seatId: { type: String, required: true },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    state: { type: String, required: true },
    name: { type: String, required: true },
    phone: { type: String, required: true },
    address: { type: Schema.Types.Mixed, default: null },
    note: { type: String, default: '' },
    clientKey: { type: String, required: true },
    memberSlot: { type: String },
    quotaKey: { type: String },
    cutoffMinutes: { type: Number, required: true },
    attendPoints: { type: Number, default: 0 },
    keepDepositOnNoShow: { type: Boolean, default: true },
    noShowAt: { type: Date, required: true },
    depositFen: { type: Number, default: 0 },
    depositState: { type: String, default: 'none' },
    outTradeNo: { type: String, default: null },
    expireAt: { type: Date, default: null },
    reminderConsent: { type: Boolean, default: false },
    reminders: { type: [{ kind: String, dueAt: Date, state: String, _id: false }], default: [] },
    steps: { type: Schema.Types.Mixed, default: {} },
    stepsDone: { type: Boolean, default: true },
    pointsAwarded: { type: Number, default: 0 },
    attendedAt: { type: Date, default: null },
    checkedInBy: { type: String, default: null },
    cancelledAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'bookings', versionKey: false, minimize: false },
);
bookingSchema.index({ code: 1 }, { unique: true, name: 'bookings_code_unique' });
bookingSchema.index({ memberId: 1, clientKey: 1 }, { unique: true, name: 'bookings_member_client_key_unique' });
bookingSchema.index({ memberSlot: 1 }, { unique: true, sparse: true, name: 'bookings_member_slot_unique' });
bookingSchema.index({ quotaKey: 1 }, { unique: true, sparse: true, name: 'bookings_member_quota_unique' });
bookingSchema.index({ storeId: 1, start: 1 }, { name: 'bookings_store_start' });
bookingSchema.index({ memberId: 1, start: -1 }, { name: 'bookings_member_start' });
bookingSchema.index({ state: 1, noShowAt: 1 }, { name: 'bookings_state_no_show' });
bookingSchema.index({ state: 1, expireAt: 1 }, { name: 'bookings_state_expiry' });
bookingSchema.index({ phone: 1 }, { name: 'bookings_phone' });

export const serviceModel = (conn: Connection) => modelOn(conn, 'BookingService', serviceSchema);
export const seatModel = (conn: Connection) => modelOn(conn, 'BookingSeat', seatSchema);
export const bookingModel = (conn: Connection) => modelOn(conn, 'Booking', bookingSchema);

export const slotIdOf = (serviceId: Types.ObjectId | string, start: Date) => `${serviceId}@${start.toISOString()}`;
/** the fields that hold a member's place while a booking is active */
export const ACTIVE_KEYS = { memberSlot: 1, quotaKey: 1 } as const;
export const ACTIVE_STATES: BookingState[] = ['pending_payment', 'booked'];
