import { z } from 'zod';
import { objectId } from './common';
import { storeView } from './stores';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar date');

export const openingInterval = z
  .object({ open: clockTime, close: clockTime })
  .refine((i) => i.open < i.close, { message: 'open must be before close', path: ['close'] });
/** 7 entries, Sunday first; [] = closed that weekday; two intervals = a lunch break */
export const weeklyHours = z.array(z.array(openingInterval).max(4)).length(7);

export const serviceArea = z.object({
  /** cities served for 上门量尺 (e.g. 上海) */
  cities: z.array(z.string().trim().min(1).max(20)).max(50),
  /** districts served (e.g. 徐汇区); empty = the whole city */
  districts: z.array(z.string().trim().min(1).max(20)).max(200),
});

export const storeProfileInput = z.object({
  hours: weeklyHours,
  closedDates: z.array(isoDate).max(366).default([]),
  photos: z.array(z.url().max(500)).max(10).default([]),
  serviceArea: serviceArea.default({ cities: [], districts: [] }),
});
export type StoreProfileInput = z.input<typeof storeProfileInput>;

export const bookingKind = z.enum(['design', 'visit', 'measure']);
export type BookingKind = z.infer<typeof bookingKind>;
export const BOOKING_KIND_NAMES: Record<BookingKind, string> = { design: '设计咨询', visit: '到店体验', measure: '上门量尺' };

export const serviceInput = z.object({
  name: z.string().trim().min(2).max(20).optional(),
  description: z.string().trim().max(200).default(''),
  durationMin: z.number().int().min(10).max(480),
  intervalMin: z.number().int().min(10).max(480),
  /** designers / guides per slot */
  capacity: z.number().int().min(1).max(100),
  horizonDays: z.number().int().min(1).max(90),
  leadMinutes: z.number().int().min(0).max(7 * 24 * 60),
  /** no cancel / reschedule later than this before the start */
  cutoffMinutes: z.number().int().min(0).max(7 * 24 * 60),
  /** 0 = no deposit */
  depositFen: z.number().int().min(0).max(10_000_00),
  /** on a no-show the deposit is kept (true) or refunded (false) */
  keepDepositOnNoShow: z.boolean().default(true),
  /** points awarded on attendance */
  attendPoints: z.number().int().min(0).max(100_000).default(0),
  /** minutes after the end before a booking counts as a no-show */
  noShowGraceMin: z.number().int().min(0).max(24 * 60).default(30),
  active: z.boolean().default(true),
});
export type ServiceInput = z.input<typeof serviceInput>;

export const serviceView = z.object({
  id: z.string(),
  storeId: z.string(),
  kind: bookingKind,
  name: z.string(),
  description: z.string(),
  durationMin: z.number().int(),
  intervalMin: z.number().int(),
  capacity: z.number().int(),
  horizonDays: z.number().int(),
  leadMinutes: z.number().int(),
  cutoffMinutes: z.number().int(),
  depositFen: z.number().int(),
  keepDepositOnNoShow: z.boolean(),
  attendPoints: z.number().int(),
  noShowGraceMin: z.number().int(),
  active: z.boolean(),
});
export type ServiceView = z.infer<typeof serviceView>;

export const storeDetail = z.object({
  store: storeView,
  hours: weeklyHours,
  closedDates: z.array(z.string()),
  photos: z.array(z.string()),
  serviceArea,
  services: z.array(serviceView),
});
export type StoreDetail = z.infer<typeof storeDetail>;

export const storeRouteParams = z.object({ storeId: objectId });
export const storeServiceParams = z.object({ storeId: objectId, kind: bookingKind });
export const serviceIdParams = z.object({ serviceId: objectId });
export const slotsQuery = z.object({ date: isoDate });
export const slotView = z.object({
  start: z.string(),
  end: z.string(),
  label: z.string(),
  capacity: z.number().int(),
  remaining: z.number().int(),
});
export const slotsResponse = z.object({ date: z.string(), dates: z.array(z.string()), slots: z.array(slotView) });
export type SlotsResponse = z.infer<typeof slotsResponse>;

export const bookingAddress = z.object({
  city: z.string().trim().min(1).max(20),
  district: z.string().trim().min(1).max(20),
  detail: z.string().trim().min(4).max(100),
});

export const createBookingRequest = z.object({
  serviceId: objectId,
  /** the slot's start (ISO instant from the slot list) */
  start: z.iso.datetime(),
  name: z.string().trim().min(1).max(20),
  phone: z.string().regex(/^1\d{10}$/, 'must be an 11-digit mainland mobile'),
  /** required for 上门量尺 */
  address: bookingAddress.nullable().default(null),
  note: z.string().trim().max(200).default(''),
  /** the shopper accepted the reminder subscription messages */
  reminderConsent: z.boolean().default(false),
  clientKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});
export type CreateBookingRequest = z.input<typeof createBookingRequest>;

export const bookingState = z.enum(['pending_payment', 'booked', 'attended', 'no_show', 'cancelled', 'expired']);
export type BookingState = z.infer<typeof bookingState>;

export const bookingView = z.object({
  id: z.string(),
  code: z.string(),
  state: bookingState,
  kind: bookingKind,
  serviceId: z.string(),
  serviceName: z.string(),
  storeId: z.string(),
  storeName: z.string(),
  storeAddress: z.string(),
  storePhone: z.string(),
  start: z.string(),
  end: z.string(),
  name: z.string(),
  phone: z.string(),
  address: bookingAddress.nullable(),
  note: z.string(),
  depositFen: z.number().int(),
  depositState: z.enum(['none', 'unpaid', 'paid', 'refunding', 'refunded', 'kept']),
  /** an unpaid deposit can be paid until then (ISO); null otherwise */
  expireAt: z.string().nullable(),
  pointsAwarded: z.number().int(),
  /** cancel / reschedule allowed until then (ISO) */
  changeDeadline: z.string(),
  canChange: z.boolean(),
  attendedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  createdAt: z.string(),
});
export type BookingView = z.infer<typeof bookingView>;

export const createBookingResponse = z.object({
  booking: bookingView,
  /** a deposit to pay (null when the service takes none) */
  requestPayment: z.object({ timeStamp: z.string(), nonceStr: z.string(), package: z.string(), signType: z.literal('RSA'), paySign: z.string() }).nullable(),
});
export const bookingIdParams = z.object({ bookingId: objectId });
export const bookingListResponse = z.object({ items: z.array(bookingView) });
export const rescheduleRequest = z.object({ start: z.iso.datetime() });

export const staffBookingView = bookingView.extend({ memberId: z.string(), memberNickname: z.string(), noShowCount: z.number().int() });
export type StaffBookingView = z.infer<typeof staffBookingView>;
export const staffBookingsQuery = z.object({
  date: isoDate.optional(),
  storeId: objectId.optional(),
  phone: z.string().regex(/^1\d{10}$/).optional(),
});
export const staffBookingListResponse = z.object({ items: z.array(staffBookingView) });
export const checkInRequest = z.object({ code: z.string().regex(/^\d{10}$/, '10-digit booking code') });
export const adminServiceListResponse = z.object({ items: z.array(serviceView) });
