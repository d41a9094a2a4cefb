/**
 * What the console's order search box holds: one order by a unique number, or a member's orders. Pure, shared by
 * the console (to say so at the box) and the server (to look it up); table-tested in tests/shared/order-search.test.ts.
 */
export type OrderSearch =
  | { kind: 'order'; number: string } // 2026120600001
  | { kind: 'refund'; number: string } // R2026120600001
  | { kind: 'outTradeNo'; outTradeNo: string } // HC20261206… (24 characters)
  | { kind: 'phone'; phone: string }
  | { kind: 'card'; cardNo: string };

export const ORDER_SEARCH_HINT = '订单号 / 退款单号 / 商户订单号 / 会员手机号或卡号';

/** null: none of these (the box says what it takes). */
export function orderSearch(text: string): OrderSearch | null {
  const t = text.trim().replace(/\s+/g, '').toUpperCase();
  if (/^\d{13}$/.test(t)) return { kind: 'order', number: t };
  if (/^R\d{13}$/.test(t)) return { kind: 'refund', number: t };
  if (/^1\d{10}$/.test(t)) return { kind: 'phone', phone: t };
  if (/^\d{10}$/.test(t)) return { kind: 'card', cardNo: t };
  if (/^[A-Z]{2}\d{8}[0-9A-Z]{14}$/.test(t)) return { kind: 'outTradeNo', outTradeNo: t };
  return null;
}
