/**
 * Order helpers shared by the shopper's 订单详情 / 我的订单 / pending notice and
 * the staff 收银 / 门店订单 / 订单详情 pages: state, channel, settlement and
 * refund texts; what is still refundable (integer fen, from the order's own
 * refund records, like the server measures it); whether an order is itemised;
 * and which unpaid order the shopper should be reminded of.
 */
import type { OrderRefundView, OrderView } from '@homeclub/shared';

type State = OrderView['state'];

/** The staff list re-reads a pending till order this often while the shopper pays on their phone. */
export const TILL_POLL_MS = 2000;
/** …and keeps doing so until this long after the order's expiry (then it offers 刷新). */
export const TILL_POLL_GRACE_MS = 60_000;
/** Staff order list page size. */
export const STAFF_ORDERS_PAGE = 20;

/** Where an order was made and how it was paid (one table for both UIs, in shared). */
export { ORDER_CHANNEL_TEXT as CHANNEL_TEXT, ORDER_SETTLEMENT_TEXT as SETTLEMENT_TEXT } from '@homeclub/shared';

/** Staff-side state names (filter chips and tags). */
export const STAFF_STATE_TEXT: Record<State, string> = {
  pending_payment: '待支付',
  paid: '已支付',
  refunded: '已退款',
  expired: '已过期',
  cancelled: '已取消',
};

/** Filter chips of 门店订单 (undefined = 全部). */
export const STAFF_ORDER_FILTERS: ReadonlyArray<{ state: State | undefined; label: string }> = [
  { state: undefined, label: '全部' },
  { state: 'pending_payment', label: '待支付' },
  { state: 'paid', label: '已支付' },
  { state: 'refunded', label: '已退款' },
  { state: 'expired', label: '已过期' },
  { state: 'cancelled', label: '已取消' },
];

export { REFUND_STATE_TEXT } from '@homeclub/shared';

/** Where the refunded cash goes, for the refund rows. */
export const REFUND_VIA_TEXT: Record<OrderRefundView['via'], string> = {
  wechat: '原路退回微信',
  other: '门店现金/刷卡退还',
  none: '无现金退款',
};

export const REFUND_REASONS: ReadonlyArray<{ id: string; label: string }> = [
  { id: 'return', label: '顾客退货' },
  { id: 'quality', label: '商品质量' },
  { id: 'price', label: '价格调整' },
  { id: 'other', label: '其他' },
];

export function isRefundInFlight(r: Pick<OrderRefundView, 'state'>): boolean {
  return r.state === 'CREATED' || r.state === 'PROCESSING';
}

/** A refund that took (or still takes) money: everything but refused ones. */
function refundCounts(r: Pick<OrderRefundView, 'state'>): boolean {
  return r.state !== 'CLOSED' && r.state !== 'FAILED';
}

type RefundFacts = Pick<OrderView, 'state' | 'refunds'>;

/**
 * The state as a short tag: 待支付 / 已支付 (支付成功 for the shopper) /
 * 退款中 / 部分退款 / 已退款 / 已过期 / 已取消.
 */
export function orderTagText(order: RefundFacts, audience: 'shopper' | 'staff'): string {
  if (order.state === 'paid') {
    if (order.refunds.some(isRefundInFlight)) return '退款中';
    if (order.refunds.some((r) => r.state === 'SUCCESS')) return '部分退款';
    return audience === 'shopper' ? '支付成功' : '已支付';
  }
  return STAFF_STATE_TEXT[order.state];
}

/** CSS modifier of the tag: the state, or `partial` / `refunding`. */
export function orderTagKind(order: RefundFacts): string {
  if (order.state === 'paid') {
    if (order.refunds.some(isRefundInFlight)) return 'refunding';
    if (order.refunds.some((r) => r.state === 'SUCCESS')) return 'partial';
  }
  return order.state;
}

/** Cash (fen) not yet refunded or being refunded: cash paid minus every refund that was not refused. */
export function refundableFen(order: Pick<OrderView, 'cashFen' | 'refunds'>): number {
  const taken = order.refunds.filter(refundCounts).reduce((sum, r) => sum + r.amountFen, 0);
  return Math.max(0, order.cashFen - taken);
}

type Line = OrderView['lines'][number];

/** The order's own lines, or [] when it was rung up as one amount (the server's single 'bill' line). */
export function itemizedLines(order: Pick<OrderView, 'lines'>): Line[] {
  const { lines } = order;
  if (lines.length === 0) return [];
  if (lines.length === 1 && lines[0].id === 'bill' && !lines[0].name.trim()) return [];
  return lines;
}

/** A line's name, or 「商品 2」 for an unnamed one. */
export function lineName(line: Pick<Line, 'name'>, index: number): string {
  return line.name.trim() || `商品 ${index + 1}`;
}

/**
 * What the staff may still refund on an order: by amount (cash orders only,
 * up to what is left), by the lines not yet refunded, or whatever is left.
 */
export interface RefundOptions {
  /** false when the order cannot be refunded (not paid, fully refunded, nothing left) */
  open: boolean;
  /** max cash for 按金额 (0 → that mode is not offered: no cash part, or all taken) */
  maxAmountFen: number;
  /** lines for 按商品 (empty → that mode is not offered) */
  lines: Line[];
}

export function refundOptions(order: Pick<OrderView, 'state' | 'cashFen' | 'refunds' | 'lines'>): RefundOptions {
  if (order.state !== 'paid') return { open: false, maxAmountFen: 0, lines: [] };
  const left = refundableFen(order);
  const hasCash = order.cashFen > 0;
  if (hasCash && left <= 0) return { open: false, maxAmountFen: 0, lines: [] };
  const lines = itemizedLines(order).filter((l) => !l.refunded);
  return { open: true, maxAmountFen: hasCash ? left : 0, lines };
}

/** An unpaid order the shopper can still pay (WeChat settlement, not past its expiry). */
export function isPayable(order: Pick<OrderView, 'state' | 'settlement' | 'expireAt'>, now = Date.now()): boolean {
  if (order.state !== 'pending_payment' || order.settlement !== 'wechat') return false;
  const end = Date.parse(order.expireAt);
  return Number.isNaN(end) || end > now;
}

/** The oldest payable order (the list comes newest first), or null. */
export function oldestPayable<T extends Pick<OrderView, 'state' | 'settlement' | 'expireAt' | 'createdAt'>>(
  orders: T[],
  now = Date.now(),
): T | null {
  const payable = orders.filter((o) => isPayable(o, now));
  if (payable.length === 0) return null;
  return payable.reduce((oldest, o) => (Date.parse(o.createdAt) < Date.parse(oldest.createdAt) ? o : oldest));
}

/** 「14:59」 left until `iso`, or null once it has passed. */
export function timeLeft(iso: string, now: number): string | null {
  const end = Date.parse(iso);
  if (Number.isNaN(end) || end <= now) return null;
  const seconds = Math.ceil((end - now) / 1000);
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}
