/**
 * 预约服务's prefill: the member's bound phone (GET /api/me/phone, their own number only), else the phone of the
 * latest booking; the name and the 上门 address of the latest bookings. Only fields still untouched and empty are
 * filled, so a late answer never overwrites what the shopper typed. Runs again when a phone gets bound.
 */
import { useEffect, type MutableRefObject } from 'react';
import type { BookingView } from '@homeclub/shared';
import { call } from '../services/api';
import type { BookingForm } from '../services/booking';

export type BookingFields = Omit<BookingForm, 'slotStart'>;

function latestBooking(items: BookingView[]): BookingView | null {
  return [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
}

/** Fill `values` into the untouched, empty fields of `prev`. */
export function fillUntouched(prev: BookingFields, values: Partial<BookingFields>, touched: Set<keyof BookingFields>): BookingFields {
  const next = { ...prev };
  for (const [key, value] of Object.entries(values) as [keyof BookingFields, string | undefined][]) {
    if (value && !touched.has(key) && !prev[key]) next[key] = value;
  }
  return next;
}

export function useBookingPrefill(
  memberId: string | undefined,
  phoneMasked: string | null | undefined,
  touched: MutableRefObject<Set<keyof BookingFields>>,
  setFields: (update: (prev: BookingFields) => BookingFields) => void,
): void {
  useEffect(() => {
    if (!memberId) return undefined;
    let current = true;
    const bound = phoneMasked ? call('myPhone', { toast: false }).then((r) => r.phone, () => null) : Promise.resolve(null);
    const bookings = call('myBookings', { toast: false }).then((r) => (Array.isArray(r?.items) ? r.items : []), () => [] as BookingView[]);
    void Promise.all([bound, bookings]).then(([phone, items]) => {
      if (!current) return;
      const last = latestBooking(items);
      const withAddress = latestBooking(items.filter((b) => b.address));
      setFields((prev) =>
        fillUntouched(
          prev,
          { name: last?.name, phone: phone ?? last?.phone, district: withAddress?.address?.district, detail: withAddress?.address?.detail },
          touched.current,
        ),
      );
    });
    return () => {
      current = false;
    };
  }, [memberId, phoneMasked, touched, setFields]);
}
