/** 优惠买单's live quote: which coupon (best, a preferred one, or the payer's pick) and the call that prices the bill. */
import type { QuoteResponse } from '@homeclub/shared';
import { call } from '../../services/api';

/**
 * auto: the best coupon for the amount; prefer: this coupon when it applies to the amount (opened from the coupon's
 * 去使用), else the best; picked: the payer's choice (null = 不使用优惠券).
 */
export type CouponChoice = { mode: 'auto' } | { mode: 'prefer'; id: string } | { mode: 'picked'; id: string | null };

export const choiceKey = (c: CouponChoice) => (c.mode === 'auto' ? 'auto' : c.mode === 'prefer' ? `prefer:${c.id}` : (c.id ?? 'none'));

export type QuoteState =
  | { status: 'idle' }
  | { status: 'loading'; key: string }
  | { status: 'error'; key: string; message: string }
  | { status: 'ready'; key: string; quote: QuoteResponse };

export async function fetchQuote(storeId: string, billFen: number, choice: CouponChoice, usePoints: boolean): Promise<QuoteResponse> {
  const points = usePoints ? ('max' as const) : 0;
  if (choice.mode === 'picked') {
    return call('checkoutQuote', { body: { storeId, billFen, couponId: choice.id, points }, toast: false });
  }
  // ask which coupons apply (and which is best), then price the bill with the one to use
  const first = await call('checkoutQuote', { body: { storeId, billFen, points }, toast: false });
  const preferred = choice.mode === 'prefer' ? first.usableCoupons.find((c) => c.id === choice.id && c.applicable) : undefined;
  const couponId = preferred?.id ?? first.bestCouponId;
  if (!couponId) return first;
  return call('checkoutQuote', { body: { storeId, billFen, couponId, points }, toast: false });
}
