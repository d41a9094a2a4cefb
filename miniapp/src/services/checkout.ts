/**
 * 优惠买单 helpers: the amount typed by the payer (yuan text → integer fen with
 * parseYuan, never floats), texts for coupon reasons and order states, and
 * the timings of the live quote and of the order confirmation polling.
 */
import { DEFAULT_PRICING, parseYuan, type OrderView } from '@homeclub/shared';

/** The breakdown is re-quoted this long after the last change. */
export const QUOTE_DEBOUNCE_MS = 300;
/** The result page re-reads the order this often while it waits for the payment… */
export const ORDER_POLL_MS = 1500;
/** …for at most this long (then it offers a manual refresh). */
export const ORDER_POLL_MAX_MS = 30_000;
/** ¥1,000,000: larger bills are typos at a furniture store's till. */
export const MAX_BILL_FEN = 100_000_000;

/**
 * What the amount box keeps of a keystroke: digits and one dot, at most two
 * decimals and 8 integer digits, no leading zeros ("05" → "5", "." → "0.").
 */
export function sanitizeAmountText(raw: string): string {
  let text = raw.replace(/[^\d.]/g, '');
  const dot = text.indexOf('.');
  if (dot >= 0) text = text.slice(0, dot + 1) + text.slice(dot + 1).replace(/\./g, '');
  let [int, dec] = dot >= 0 ? [text.slice(0, dot), text.slice(dot + 1)] : [text, undefined];
  int = int.replace(/^0+(?=\d)/, '').slice(0, 8);
  if (dec !== undefined) {
    if (int === '') int = '0';
    dec = dec.slice(0, 2);
    return `${int}.${dec}`;
  }
  return int;
}

export interface ParsedAmount {
  /** whole fen ≥ 1, null while there is no valid amount */
  fen: number | null;
  /** why the text is not an amount (null while empty or valid) */
  error: string | null;
}

/** "12.3" → 1230 fen; "" → nothing yet; "0" / "1.234" / "abc" → an error to show. */
export function parseAmount(text: string): ParsedAmount {
  const t = text.trim().replace(/\.$/, '');
  if (t === '') return { fen: null, error: null };
  let fen: number;
  try {
    fen = parseYuan(t);
  } catch {
    return { fen: null, error: '请输入正确的金额（最多两位小数）' };
  }
  if (fen < 1) return { fen: null, error: '金额须大于 0' };
  if (fen > MAX_BILL_FEN) return { fen: null, error: '单笔金额不能超过 ¥1,000,000' };
  return { fen, error: null };
}

/** Fen the given points are worth (default rate: 100 points = ¥1), rounded down like the server. */
export function pointsValueFen(points: number): number {
  return Math.floor((points * 100) / DEFAULT_PRICING.pointsPerYuan);
}

/** Why a coupon is greyed out, from the quote's reason code. */
export function couponReasonText(reason: string | null): string {
  switch (reason) {
    case 'COUPON_THRESHOLD_NOT_MET':
      return '未达到使用门槛';
    case 'COUPON_NOT_APPLICABLE':
      return '该券不能用于买单';
    default:
      return '暂不可用';
  }
}

export const ORDER_STATE_TEXT: Record<OrderView['state'], string> = {
  pending_payment: '待支付',
  paid: '支付成功',
  refunded: '已退款',
  expired: '已过期',
  cancelled: '已取消',
};
