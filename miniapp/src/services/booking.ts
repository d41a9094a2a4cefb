/**
 * Booking helpers shared by 预约 (store list), 门店, 预约服务, 预约详情, 我的预约
 * and the staff 今日预约 page: state / deposit texts, store distances and city
 * groups, date-strip labels, hours, the client-side form checks (the server
 * checks again), the cut-off and deposit-payment deadlines, and which staff
 * actions a booking allows. All times are China time (Asia/Shanghai).
 */
import {
  addDays,
  shanghaiDay,
  weekdayOf,
  type BookingKind,
  type BookingState,
  type BookingView,
  type StoreDetail,
  type StoreView,
} from '@homeclub/shared';
import { formatDateTime } from './membership';

// ---------------------------------------------------------------- texts

/** The state tag of a booking (我的预约, 预约详情, staff list). */
export const BOOKING_STATE_TEXT: Record<BookingState, string> = {
  pending_payment: '待支付定金',
  booked: '已预约',
  attended: '已到店',
  no_show: '未到店',
  cancelled: '已取消',
  expired: '已失效',
};

export const DEPOSIT_STATE_TEXT: Record<BookingView['depositState'], string> = {
  none: '无需定金',
  unpaid: '待支付',
  paid: '已支付',
  refunding: '退还中',
  refunded: '已退还',
  kept: '未到店，定金不退',
};

/** The icon letter of a service card, by kind. */
export const KIND_ICON: Record<BookingKind, string> = { design: '设', visit: '店', measure: '量' };

export const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** How long a deposit booking waits for its payment (the server's DEPOSIT_MINUTES). */
export const DEPOSIT_PAY_MINUTES = 15;

export const BOOKING_CODE = /^\d{10}$/;
export const MOBILE = /^1\d{10}$/;

// ---------------------------------------------------------------- distance

export interface LatLng {
  lat: number;
  lng: number;
}

/** Great-circle distance in km (haversine; good enough for sorting stores). */
export function distanceKm(a: LatLng, b: LatLng): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** 「850 m」 below 1 km, 「3.2 km」 below 100 km, 「168 km」 beyond. */
export function formatDistance(km: number): string {
  if (km < 1) return `${Math.max(10, Math.round((km * 1000) / 10) * 10)} m`;
  if (km < 100) return `${(Math.round(km * 10) / 10).toFixed(1)} km`;
  return `${Math.round(km)} km`;
}

export interface StoreWithDistance {
  store: StoreView;
  km: number;
}

/** Nearest first (ties by name, so the order is stable). */
export function sortByDistance(stores: StoreView[], here: LatLng): StoreWithDistance[] {
  return stores
    .map((store) => ({ store, km: distanceKm(here, store.location) }))
    .sort((a, b) => a.km - b.km || a.store.name.localeCompare(b.store.name));
}

export interface CityGroup {
  city: string;
  stores: StoreView[];
}

/** Stores by city, cities in the order they first appear (the chain's order), stores in theirs. */
export function groupByCity(stores: StoreView[]): CityGroup[] {
  const groups: CityGroup[] = [];
  for (const store of stores) {
    const city = store.city || '其他';
    let group = groups.find((g) => g.city === city);
    if (!group) {
      group = { city, stores: [] };
      groups.push(group);
    }
    group.stores.push(store);
  }
  return groups;
}

// ---------------------------------------------------------------- dates and hours

/** 「今天」 / 「明天」 / 「后天」 / the weekday, for the date strip. */
export function dayLabel(date: string, today: string): string {
  if (date === today) return '今天';
  if (date === addDays(today, 1)) return '明天';
  if (date === addDays(today, 2)) return '后天';
  return WEEKDAY_NAMES[weekdayOf(date)];
}

/** 「11/23」 */
export function shortDate(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(m)}/${Number(d)}`;
}

/** China time 「HH:MM」 of an instant. */
export function clockOf(iso: string): string {
  return formatDateTime(iso).slice(11, 16);
}

/** 「2026-11-23 周一 14:00–15:00」 */
export function timeRangeText(start: string, end: string): string {
  const day = shanghaiDay(Date.parse(start));
  return `${day} ${WEEKDAY_NAMES[weekdayOf(day)]} ${clockOf(start)}–${clockOf(end)}`;
}

/** 「10:00–21:00」, 「09:30–12:00、13:00–21:30」 or 「休息」. */
export function hoursText(intervals: StoreDetail['hours'][number] | undefined): string {
  if (!intervals || intervals.length === 0) return '休息';
  return [...intervals]
    .sort((a, b) => a.open.localeCompare(b.open))
    .map((i) => `${i.open}–${i.close}`)
    .join('、');
}

/** Today's hours of a store (closed dates included). */
export function todayHoursText(detail: Pick<StoreDetail, 'hours' | 'closedDates'>, now = Date.now()): string {
  const today = shanghaiDay(now);
  if (detail.closedDates.includes(today)) return '休息';
  return hoursText(detail.hours[weekdayOf(today)]);
}

/** 「60 分钟」, 「2 小时」, 「1 小时 30 分钟」. */
export function durationText(minutes: number): string {
  if (minutes < 60) return `${minutes} 分钟`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} 小时 ${m} 分钟` : `${h} 小时`;
}

/** The attendance points, said for the service's kind: 上门量尺 is done at the shopper's home, not in the store. */
export function attendPointsText(service: { kind: BookingKind; attendPoints: number }): string | null {
  if (service.attendPoints <= 0) return null;
  const points = service.attendPoints.toLocaleString('en-US');
  return service.kind === 'measure' ? `上门量尺完成后得 ${points} 积分` : `到店完成服务得 ${points} 积分`;
}

/** 「到店后退还，未到店不退」 / 上门量尺: 「上门服务完成后退还，爽约不退」. */
export function depositRuleText(service: { kind: BookingKind; keepDepositOnNoShow: boolean }): string {
  const back = service.kind === 'measure' ? '上门服务完成后退还' : '到店后退还';
  if (!service.keepDepositOnNoShow) return back;
  return `${back}，${service.kind === 'measure' ? '爽约不退' : '未到店不退'}`;
}

// ---------------------------------------------------------------- change rules

/** The cut-off as the shopper reads it: 「2 小时」, 「24 小时」, 「90 分钟」. */
export function cutoffText(booking: Pick<BookingView, 'start' | 'changeDeadline'>): string {
  const minutes = Math.max(0, Math.round((Date.parse(booking.start) - Date.parse(booking.changeDeadline)) / 60_000));
  return minutes % 60 === 0 ? `${minutes / 60} 小时` : `${minutes} 分钟`;
}

/** The server's canChange, and only until the deadline passes on this page. */
export function canChangeNow(booking: Pick<BookingView, 'canChange' | 'changeDeadline'>, now = Date.now()): boolean {
  const deadline = Date.parse(booking.changeDeadline);
  return booking.canChange && !Number.isNaN(deadline) && now <= deadline;
}

/** An unpaid deposit booking: payable until the server's expireAt (createdAt + 15 minutes if absent). */
export function depositDeadline(booking: Pick<BookingView, 'createdAt' | 'expireAt'>): string {
  return booking.expireAt ?? new Date(Date.parse(booking.createdAt) + DEPOSIT_PAY_MINUTES * 60_000).toISOString();
}

export function isActive(booking: Pick<BookingView, 'state'>): boolean {
  return booking.state === 'booked' || booking.state === 'pending_payment';
}

/** Staff: check-in is for a booked booking on its own day. */
export function canCheckIn(booking: Pick<BookingView, 'state' | 'start'>, now = Date.now()): boolean {
  return booking.state === 'booked' && shanghaiDay(Date.parse(booking.start)) === shanghaiDay(now);
}

/** Staff: a no-show may be marked once the start time has come. */
export function canMarkNoShow(booking: Pick<BookingView, 'state' | 'start'>, now = Date.now()): boolean {
  return booking.state === 'booked' && Date.parse(booking.start) <= now;
}

// ---------------------------------------------------------------- the booking form

export interface BookingForm {
  slotStart: string | null;
  name: string;
  phone: string;
  city: string;
  district: string;
  detail: string;
  note: string;
}

export type FormField = 'slot' | 'name' | 'phone' | 'city' | 'district' | 'detail' | 'note';
export type FormErrors = Partial<Record<FormField, string>>;

/** What the server would refuse, checked before sending (measure needs the address). */
export function validateBookingForm(form: BookingForm, kind: BookingKind): FormErrors {
  const errors: FormErrors = {};
  if (!form.slotStart) errors.slot = '请选择预约时间';
  const name = form.name.trim();
  if (!name) errors.name = '请填写联系人姓名';
  else if (name.length > 20) errors.name = '姓名最多 20 个字';
  if (!MOBILE.test(form.phone.trim())) errors.phone = '请填写 11 位手机号';
  if (kind === 'measure') {
    if (!form.city.trim()) errors.city = '请填写城市';
    if (!form.district.trim()) errors.district = '请选择或填写区';
    if (form.detail.trim().length < 4) errors.detail = '请填写详细地址（至少 4 个字）';
    else if (form.detail.trim().length > 100) errors.detail = '详细地址最多 100 个字';
  }
  if (form.note.trim().length > 200) errors.note = '备注最多 200 个字';
  return errors;
}

/** Server field paths (`body.phone`, `body.address.detail`) → form fields. */
export function fieldOfPath(path: string): FormField | null {
  const p = path.replace(/^body\./, '');
  if (p === 'name' || p === 'phone' || p === 'note') return p;
  if (p === 'start') return 'slot';
  if (p === 'address.city') return 'city';
  if (p === 'address.district') return 'district';
  if (p === 'address.detail' || p === 'address') return 'detail';
  return null;
}

/** The attempt's scope: the same form is the same attempt (its key is reused on a retry). */
export function formScope(serviceId: string, form: BookingForm, kind: BookingKind): string {
  const address = kind === 'measure' ? [form.city.trim(), form.district.trim(), form.detail.trim()] : [];
  return JSON.stringify([serviceId, form.slotStart, form.name.trim(), form.phone.trim(), ...address, form.note.trim()]);
}
