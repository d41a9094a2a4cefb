/**
 * Daily trade bill (`GET /v3/bill/tradebill`) in WeChat's CSV layout: one row
 * per successful payment (交易状态 SUCCESS) and one per successful refund
 * (交易状态 REFUND) whose time falls on the Asia/Shanghai bill date; every
 * field prefixed with a backtick; money in yuan with 2 decimals from integer
 * fen; fee 0.60% rounded (half up) to fen, negative on refund rows; then the
 * totals header and line. Lines end with CRLF.
 *
 * Simulator choices: the bill of the current day is available at once (WeChat
 * publishes it the next morning); ASCII commas and line breaks inside free
 * text (商品名称, 商户数据包) are replaced by '，' and ' ' so rows stay parseable.
 */
import { feeFen, shanghaiDate, shanghaiDateTime, yuan } from './format';
import type { PayContext } from './context';

export const BILL_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
export const BILL_TOTAL_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';

export type BillType = 'ALL' | 'SUCCESS' | 'REFUND';

const text = (s: string | undefined) => (s ?? '').replace(/,/g, '，').replace(/[\r\n]+/g, ' ');
const line = (fields: string[]) => fields.map((f) => `\`${f}`).join(',');

/** The bill for `date` (YYYY-MM-DD, Asia/Shanghai), or null when there was no trade that day. */
export async function buildTradeBill(ctx: PayContext, date: string, type: BillType): Promise<string | null> {
  const rows: { at: number; fields: string[] }[] = [];
  let settlement = 0n;
  let refunded = 0n;
  let fees = 0n;
  let orderTotal = 0n;
  let requestedRefunds = 0n;
  if (type !== 'REFUND') {
    for (const o of await ctx.orders.find({ state: 'SUCCESS' }).toArray()) {
      if (o.state !== 'SUCCESS' || o.paidAt === undefined || shanghaiDate(o.paidAt) !== date) continue;
      const fee = feeFen(o.total);
      settlement += BigInt(o.total);
      orderTotal += BigInt(o.total);
      fees += fee;
      rows.push({
        at: o.paidAt,
        fields: [
          shanghaiDateTime(o.paidAt),
          o.appid,
          o.mchid,
          '0',
          '',
          o.transaction_id ?? '',
          o.out_trade_no,
          o.openid,
          'JSAPI',
          'SUCCESS',
          o.bank_type ?? 'OTHERS',
          'CNY',
          yuan(o.total),
          yuan(0),
          '0',
          '0',
          yuan(0),
          yuan(0),
          '',
          '',
          text(o.description),
          text(o.attach),
          yuan(fee),
          '0.60%',
          yuan(o.total),
          yuan(0),
          '',
        ],
      });
    }
  }
  if (type !== 'SUCCESS') {
    for (const r of await ctx.refunds.find({ status: 'SUCCESS' }).toArray()) {
      if (r.successAt === undefined || shanghaiDate(r.successAt) !== date) continue;
      const o = await ctx.orders.findOne({ _id: r.out_trade_no });
      if (!o) continue;
      const fee = -feeFen(r.refund);
      refunded += BigInt(r.refund);
      requestedRefunds += BigInt(r.refund);
      fees += fee;
      rows.push({
        at: r.successAt,
        fields: [
          shanghaiDateTime(r.successAt),
          o.appid,
          o.mchid,
          '0',
          '',
          r.transaction_id,
          r.out_trade_no,
          o.openid,
          'JSAPI',
          'REFUND',
          o.bank_type ?? 'OTHERS',
          'CNY',
          yuan(0),
          yuan(0),
          r.refund_id,
          r.out_refund_no,
          yuan(r.refund),
          yuan(0),
          'ORIGINAL',
          'SUCCESS',
          text(o.description),
          text(o.attach),
          yuan(fee),
          '0.60%',
          yuan(0),
          yuan(r.refund),
          '',
        ],
      });
    }
  }
  if (!rows.length) return null;
  rows.sort((a, b) => a.at - b.at);
  const out = [
    BILL_HEADER,
    ...rows.map((r) => line(r.fields)),
    BILL_TOTAL_HEADER,
    line([String(rows.length), yuan(settlement), yuan(refunded), yuan(0), yuan(fees), yuan(orderTotal), yuan(requestedRefunds)]),
  ];
  return `${out.join('\r\n')}\r\n`;
}
