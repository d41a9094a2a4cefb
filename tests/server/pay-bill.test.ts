import { compareBill, parseTradeBill, totals } from '../../server/src/payments/bill';

const HEADER = '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const row = (f: string[]) => f.map((x) => `\`${x}`).join(',');
const CSV = [
  HEADER,
  row(['2026-11-21 10:00:00', 'wxAPP', '1900000109', '0', '', '4200000001', 'HC1', 'oA', 'JSAPI', 'SUCCESS', 'OTHERS', 'CNY', '0.01', '0.00', '0', '0', '0.00', '0.00', '', '', '买单', '', '0.00000', '0.60%', '0.01', '0.00', '']),
  row(['2026-11-21 11:00:00', 'wxAPP', '1900000109', '0', '', '4200000002', 'HC2', 'oB', 'JSAPI', 'SUCCESS', 'OTHERS', 'CNY', '90071992547409.91', '0.00', '0', '0', '0.00', '0.00', '', '', '大额', '', '0.00', '0.60%', '90071992547409.91', '0.00', '']),
  row(['2026-11-21 12:00:00', 'wxAPP', '1900000109', '0', '', '4200000003', 'HC3', 'oC', 'JSAPI', 'REFUND', 'OTHERS', 'CNY', '0.00', '0.00', '5030000001', 'RF1', '12.30', '0.00', 'ORIGINAL', 'SUCCESS', '退款', '', '0.00', '0.60%', '0.00', '12.30', '']),
  '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
  '`3,`90071992547410.92,`12.30,`0.00,`0.00,`90071992547410.92,`12.30',
].join('\r\n');

test('parses payments and refunds in fen, exactly, stopping at the summary', () => {
  const b = parseTradeBill(CSV);
  expect(b.payments).toEqual([
    { outTradeNo: 'HC1', transactionId: '4200000001', totalFen: 1 },
    { outTradeNo: 'HC2', transactionId: '4200000002', totalFen: Number.MAX_SAFE_INTEGER },
  ]);
  expect(b.refunds).toEqual([{ outTradeNo: 'HC3', outRefundNo: 'RF1', refundFen: 1230 }]);
  expect(totals(b)).toEqual({ payments: 2, paymentsFen: 1 + Number.MAX_SAFE_INTEGER, refunds: 1, refundsFen: 1230 });
});

test('compare finds missing on either side and amount mismatches', () => {
  const remote = parseTradeBill(CSV);
  const local = {
    payments: [
      { outTradeNo: 'HC1', transactionId: '4200000001', totalFen: 2 },
      { outTradeNo: 'HC9', transactionId: '4200000009', totalFen: 500 },
    ],
    refunds: [{ outTradeNo: 'HC3', outRefundNo: 'RF1', refundFen: 1230 }],
  };
  expect(compareBill(remote, local)).toEqual([
    { kind: 'amount_mismatch', type: 'payment', outTradeNo: 'HC1', outRefundNo: null, remoteFen: 1, localFen: 2 },
    { kind: 'missing_local', type: 'payment', outTradeNo: 'HC2', outRefundNo: null, remoteFen: Number.MAX_SAFE_INTEGER, localFen: null },
    { kind: 'missing_remote', type: 'payment', outTradeNo: 'HC9', outRefundNo: null, remoteFen: null, localFen: 500 },
  ]);
  expect(compareBill(remote, remote)).toEqual([]);
});

test('an empty bill parses to nothing; a bill without the columns is an error', () => {
  expect(parseTradeBill('')).toEqual({ payments: [], refunds: [] });
  expect(() => parseTradeBill('a,b,c\n`1,`2,`3')).toThrow(/no column/);
});
