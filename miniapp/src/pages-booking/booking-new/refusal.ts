/** 预约服务: where a refusal of POST /api/bookings is shown (pure). */
import { isApiError } from '../../services/api';
import { fieldOfPath, type FormErrors } from '../../services/booking';

/** The form-level message, the messages under fields, and whether the chosen slot is gone (re-read the slots). */
export function refusalOf(err: unknown): { message: string; errors: FormErrors; slotGone: boolean } {
  const message = err instanceof Error && err.message ? err.message : '预约失败，请重试';
  if (!isApiError(err)) return { message, errors: {}, slotGone: false };
  const errors: FormErrors = {};
  for (const f of err.fields ?? []) {
    const field = fieldOfPath(f.path);
    if (field) errors[field] = f.message;
  }
  const slotGone = err.code === 'BOOKING_SLOT_FULL' || err.code === 'BOOKING_SLOT_NOT_AVAILABLE';
  if (slotGone || err.code === 'BOOKING_DUPLICATE') errors.slot = message;
  else if (err.code === 'BOOKING_OUTSIDE_AREA') errors.district = message;
  else if (err.code === 'BOOKING_ADDRESS_REQUIRED') errors.detail = message;
  return { message, errors, slotGone };
}
