/**
 * WeChat Pay trade bill (交易账单, bill_type=ALL) parsing and comparison with
 * our records: pure functions. Fields are prefixed with a backtick; money is
 * in yuan with two decimals and is converted to fen without floats.
 */
import { parseYuan } from '@homeclub/shared';

export interface BillPayment {
  outTradeNo: string;
  transactionId: string;
  totalFen: number;
}

export interface BillRefund {
  outTradeNo: string;
  outRefundNo: string;
  refundFen: number;
}

export interface ParsedBill {
  payments: BillPayment[];
  refunds: BillRefund[];
}

const clean = (v: string | undefined) => (v ?? '').trim().replace(/^`/, '').trim();

export function parseTradeBill(csv: string): ParsedBill {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (!lines.length) return { payments: [], refunds: [] };
  const header = lines[0].split(',').map(clean);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`trade bill has no column ${name}`);
    return i;
  };
  const iState = col('交易状态');
  const iOut = col('商户订单号');
  const iTx = col('微信订单号');
  const iSettle = col('应结订单金额');
  const iRefundNo = col('商户退款单号');
  const iRefund = col('退款金额');
  const bill: ParsedBill = { payments: [], refunds: [] };
  for (const line of lines.slice(1)) {
    if (!line.startsWith('`')) break; // summary section (总交易单数, …)
    const f = line.split(',').map(clean);
    const state = f[iState];
    if (state === 'SUCCESS') {
      bill.payments.push({ outTradeNo: f[iOut], transactionId: f[iTx], totalFen: parseYuan(f[iSettle]) });
    } else if (state === 'REFUND') {
      bill.refunds.push({ outTradeNo: f[iOut], outRefundNo: f[iRefundNo], refundFen: parseYuan(f[iRefund]) });
    }
  }
  return bill;
}

export interface Difference {
  kind: 'missing_local' | 'missing_remote' | 'amount_mismatch';
  type: 'payment' | 'refund';
  outTradeNo: string;
  outRefundNo: string | null;
  remoteFen: number | null;
  localFen: number | null;
}

export function compareBill(remote: ParsedBill, local: ParsedBill): Difference[] {
  const diffs: Difference[] = [];
  const localPay = new Map(local.payments.map((p) => [p.outTradeNo, p]));
  const remotePay = new Map(remote.payments.map((p) => [p.outTradeNo, p]));
  for (const r of remote.payments) {
    const l = localPay.get(r.outTradeNo);
    if (!l) diffs.push({ kind: 'missing_local', type: 'payment', outTradeNo: r.outTradeNo, outRefundNo: null, remoteFen: r.totalFen, localFen: null });
    else if (l.totalFen !== r.totalFen) diffs.push({ kind: 'amount_mismatch', type: 'payment', outTradeNo: r.outTradeNo, outRefundNo: null, remoteFen: r.totalFen, localFen: l.totalFen });
  }
  for (const l of local.payments) {
    if (!remotePay.has(l.outTradeNo)) diffs.push({ kind: 'missing_remote', type: 'payment', outTradeNo: l.outTradeNo, outRefundNo: null, remoteFen: null, localFen: l.totalFen });
  }
  const localRef = new Map(local.refunds.map((r) => [r.outRefundNo, r]));
  const remoteRef = new Map(remote.refunds.map((r) => [r.outRefundNo, r]));
  for (const r of remote.refunds) {
    const l = localRef.get(r.outRefundNo);
    if (!l) diffs.push({ kind: 'missing_local', type: 'refund', outTradeNo: r.outTradeNo, outRefundNo: r.outRefundNo, remoteFen: r.refundFen, localFen: null });
    else if (l.refundFen !== r.refundFen) diffs.push({ kind: 'amount_mismatch', type: 'refund', outTradeNo: r.outTradeNo, outRefundNo: r.outRefundNo, remoteFen: r.refundFen, localFen: l.refundFen });
  }
  for (const l of local.refunds) {
    if (!remoteRef.has(l.outRefundNo)) diffs.push({ kind: 'missing_remote', type: 'refund', outTradeNo: l.outTradeNo, outRefundNo: l.outRefundNo, remoteFen: null, localFen: l.refundFen });
  }
  return diffs;
}

export function totals(b: ParsedBill) {
  return {
    payments: b.payments.length,
    paymentsFen: b.payments.reduce((s, p) => s + p.totalFen, 0),
    refunds: b.refunds.length,
    refundsFen: b.refunds.reduce((s, r) => s + r.refundFen, 0),
  };
}
