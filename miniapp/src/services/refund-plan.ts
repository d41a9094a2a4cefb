/**
 * What a staff refund form asks for, as a pure rule: the request body (without its refundKey), the cash it gives
 * back and the sentence the confirmation shows — or why the form cannot be sent yet. 按金额: yuan, at most what is
 * left; 按商品: lines not yet refunded, their cash within what is left (a WeChat order needs some cash back); 全额:
 * whatever is left. The reason must be 2–80 characters.
 */
import { formatFen, type OrderRefundRequest, type StaffOrderView } from '@homeclub/shared';
import { parseAmount } from './checkout';
import { lineName, refundOptions } from './orders';

export type RefundMode = 'amount' | 'lines' | 'full';

export type PlannedRefund =
  | { ok: true; body: Omit<OrderRefundRequest, 'refundKey'>; cashFen: number; summary: string }
  | { ok: false; message: string };

export interface RefundAsk {
  mode: RefundMode;
  amountText: string;
  picked: readonly string[];
  reason: string;
}

export function planRefund(o: StaffOrderView, ask: RefundAsk): PlannedRefund {
  const opts = refundOptions(o);
  const why = ask.reason;
  if (why.length < 2 || why.length > 80) return { ok: false, message: '退款原因请填写 2–80 个字' };
  if (ask.mode === 'amount') {
    const a = parseAmount(ask.amountText);
    if (a.error) return { ok: false, message: a.error };
    if (a.fen === null) return { ok: false, message: '请输入退款金额' };
    if (a.fen > opts.maxAmountFen) return { ok: false, message: `退款金额不能超过可退金额 ${formatFen(opts.maxAmountFen)}` };
    return { ok: true, body: { amountFen: a.fen, reason: why }, cashFen: a.fen, summary: `退款 ${formatFen(a.fen)}` };
  }
  if (ask.mode === 'lines') {
    const lines = opts.lines.filter((l) => ask.picked.includes(l.id));
    if (lines.length === 0) return { ok: false, message: '请选择要退款的商品' };
    const cash = lines.reduce((s, l) => s + l.cashFen, 0);
    if (o.cashFen > 0 && cash > opts.maxAmountFen) {
      return { ok: false, message: `所选商品的金额 ${formatFen(cash)} 超过可退金额 ${formatFen(opts.maxAmountFen)}` };
    }
    if (o.settlement === 'wechat' && cash <= 0) return { ok: false, message: '所选商品已由优惠全额抵扣，没有可退的现金' };
    const names = lines.map((l) => lineName(l, o.lines.indexOf(l))).join('、');
    return {
      ok: true,
      body: { lineIds: lines.map((l) => l.id), reason: why },
      cashFen: cash,
      summary: `退 ${lines.length} 件商品（${names}），退款 ${formatFen(cash)}`,
    };
  }
  const cash = opts.maxAmountFen;
  return { ok: true, body: { full: true, reason: why }, cashFen: cash, summary: `全额退款 ${formatFen(cash)}` };
}
