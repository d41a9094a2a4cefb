/** Daily reconciliation: WeChat's trade bill of a day against our intents and refunds. */
import { Schema, type Connection } from 'mongoose';
import type { ReconciliationReport } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';
import type { Clock } from '../platform/clock';
import { shanghaiDate, shanghaiMidnight } from '../platform/clock';
import { AppError } from '../platform/errors';
import type { PayClient } from '../wechat/pay/client';
import { intentModel, refundModel, type IntentDoc, type RefundDoc } from './model';
import { compareBill, parseTradeBill, totals, type ParsedBill } from './bill';

interface ReportDoc extends Omit<ReconciliationReport, 'generatedAt'> {
  _id: string;
  generatedAt: Date;
}

const reportSchema = new Schema<ReportDoc>(
  {
    _id: { type: String, required: true },
    date: { type: String, required: true },
    status: { type: String, required: true },
    generatedAt: { type: Date, required: true },
    remote: { type: Schema.Types.Mixed, required: true },
    local: { type: Schema.Types.Mixed, required: true },
    differences: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'payment_reconciliations', versionKey: false, minimize: false },
);

/** [start, end) of an Asia/Shanghai business day. */
export function shanghaiDayRange(date: string): [Date, Date] {
  const start = shanghaiMidnight(date);
  return [start, new Date(start.getTime() + 86400_000)];
}

const toView = (d: ReportDoc): ReconciliationReport => ({
  date: d.date,
  status: d.status,
  generatedAt: d.generatedAt.toISOString(),
  remote: d.remote,
  local: d.local,
  differences: d.differences,
});

export function createReconciliation(deps: { conn: Connection; clock: Clock; pay: PayClient }) {
  const Report = modelOn(deps.conn, 'PaymentReconciliation', reportSchema);
  const Intent = intentModel(deps.conn);
  const Refund = refundModel(deps.conn);

  async function localBill(date: string): Promise<ParsedBill> {
    const [from, to] = shanghaiDayRange(date);
    const intents = await Intent.find({ paidAt: { $gte: from, $lt: to }, transactionId: { $ne: null } }).lean<IntentDoc[]>();
    const late = await Intent.find({ 'latePayment.paidAt': { $gte: from, $lt: to } }).lean<IntentDoc[]>();
    const refunds = await Refund.find({ state: 'SUCCESS', finishedAt: { $gte: from, $lt: to } }).lean<RefundDoc[]>();
    return {
      payments: [
        ...intents.map((i) => ({ outTradeNo: i.outTradeNo, transactionId: i.transactionId ?? '', totalFen: i.amountFen })),
        ...late.map((i) => ({ outTradeNo: i.outTradeNo, transactionId: i.latePayment!.transactionId, totalFen: i.amountFen })),
      ],
      refunds: refunds.map((r) => ({ outTradeNo: r.outTradeNo, outRefundNo: r.outRefundNo, refundFen: r.amountFen })),
    };
  }

  return {
    async run(date: string): Promise<ReconciliationReport> {
      const csv = await deps.pay.tradeBill(date);
      const remote = csv ? parseTradeBill(csv) : { payments: [], refunds: [] };
      const local = await localBill(date);
      const differences = compareBill(remote, local);
      const status = !csv && !local.payments.length && !local.refunds.length ? 'no_bill' : differences.length ? 'differences' : 'matched';
      const doc = await Report.findOneAndUpdate(
        { _id: date },
        { $set: { date, status, generatedAt: deps.clock.now(), remote: totals(remote), local: totals(local), differences } },
        { upsert: true, returnDocument: 'after', lean: true },
      );
      return toView(doc as ReportDoc);
    },
    async get(date: string): Promise<ReconciliationReport> {
      const doc = await Report.findById(date).lean<ReportDoc>();
      if (!doc) throw new AppError('NOT_FOUND', `no reconciliation for ${date}`);
      return toView(doc);
    },
    async list(limit = 60): Promise<ReconciliationReport[]> {
      return (await Report.find().sort({ _id: -1 }).limit(limit).lean<ReportDoc[]>()).map(toView);
    },
    /** The business day before `now` in Asia/Shanghai. */
    yesterday(): string {
      return shanghaiDate(new Date(deps.clock.now().getTime() - 86400_000));
    },
  };
}

export type Reconciliation = ReturnType<typeof createReconciliation>;
