/** The staff refund form's pure rule (services/refund-plan.ts): what each mode sends, and why it refuses to. */
import type { StaffOrderView } from '@homeclub/shared';
import { planRefund, type RefundAsk } from '@/services/refund-plan';
import { staffOrderView } from './support/http';

/** ¥418 paid by WeChat over two lines (沙发 ¥250.80 cash, 台灯 ¥167.20 cash); 台灯 already refunded where said. */
const LINES: StaffOrderView['lines'] = [
  { id: 'L1', name: '沙发', amountFen: 30000, couponFen: 3000, pointsFen: 1920, cashFen: 25080, refunded: false },
  { id: 'L2', name: '台灯', amountFen: 20000, couponFen: 2000, pointsFen: 1280, cashFen: 16720, refunded: false },
];
const paid = staffOrderView({ lines: LINES });
const ask = (over: Partial<RefundAsk>): RefundAsk => ({ mode: 'amount', amountText: '', picked: [], reason: '质量问题', ...over });

test.each<[string, StaffOrderView, Partial<RefundAsk>, ReturnType<typeof planRefund>]>([
  ['an amount within what is left', paid, { amountText: '100.5' }, { ok: true, body: { amountFen: 10050, reason: '质量问题' }, cashFen: 10050, summary: '退款 ¥100.50' }],
  ['no amount typed', paid, {}, { ok: false, message: '请输入退款金额' }],
  ['more than was paid', paid, { amountText: '418.01' }, { ok: false, message: '退款金额不能超过可退金额 ¥418.00' }],
  ['three decimals', paid, { amountText: '1.234' }, { ok: false, message: '请输入正确的金额（最多两位小数）' }],
  ['a one-character reason', paid, { amountText: '1', reason: '坏' }, { ok: false, message: '退款原因请填写 2–80 个字' }],
  ['no line picked', paid, { mode: 'lines' }, { ok: false, message: '请选择要退款的商品' }],
  [
    'one line: its cash',
    paid,
    { mode: 'lines', picked: ['L2'] },
    { ok: true, body: { lineIds: ['L2'], reason: '质量问题' }, cashFen: 16720, summary: '退 1 件商品（台灯），退款 ¥167.20' },
  ],
  [
    'a refunded line cannot be picked again',
    staffOrderView({ lines: [LINES[0], { ...LINES[1], refunded: true }] }),
    { mode: 'lines', picked: ['L2'] },
    { ok: false, message: '请选择要退款的商品' },
  ],
  [
    'a WeChat line paid wholly by discounts has no cash to return',
    staffOrderView({ lines: [{ ...LINES[0], cashFen: 0 }, { ...LINES[1], cashFen: 41800 }] }),
    { mode: 'lines', picked: ['L1'] },
    { ok: false, message: '所选商品已由优惠全额抵扣，没有可退的现金' },
  ],
  ['全额: whatever is left', paid, { mode: 'full' }, { ok: true, body: { full: true, reason: '质量问题' }, cashFen: 41800, summary: '全额退款 ¥418.00' }],
])('%s', (_name, order, over, expected) => {
  expect(planRefund(order, ask(over))).toEqual(expected);
});
