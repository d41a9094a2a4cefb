/**
 * Refunds as WeChat Pay keeps them: idempotent by out_refund_no, at most 50 per
 * order, never more than paid (the amount is reserved on the order by one
 * guarded update that also records the out_refund_no, so concurrent refunds
 * cannot exceed it and a retry after a crash finishes the same refund),
 * PROCESSING until settled (by time, or by control) with a REFUND.*
 * notification queued through the refund document's outbox flag.
 */
import { randomUUID } from 'node:crypto';
import { nextSeq } from '../db';
import type { PayContext } from './context';
import { randomDigits, rfc3339Shanghai, shanghaiCompactDate } from './format';
import type { PayOrders } from './orders';
import type { NotificationQueue } from './queue';
import { MAX_REFUNDS_PER_ORDER, REFUND_WINDOW_MS, type RefundOutcome, type SimOrder, type SimRefund } from './types';
import { PayError, type RefundParams, validateRefund } from './validate';

const REFUND_EVENT: Record<RefundOutcome, { event: string; summary: string }> = {
  SUCCESS: { event: 'REFUND.SUCCESS', summary: '退款成功' },
  CLOSED: { event: 'REFUND.CLOSED', summary: '退款关闭' },
  ABNORMAL: { event: 'REFUND.ABNORMAL', summary: '退款异常' },
};

export function refundShape(r: SimRefund): Record<string, unknown> {
  return {
    refund_id: r.refund_id,
    out_refund_no: r.out_refund_no,
    transaction_id: r.transaction_id,
    out_trade_no: r.out_trade_no,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(r.success_time ? { success_time: r.success_time } : {}),
    create_time: r.create_time,
    status: r.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: r.total,
      refund: r.refund,
      from: [],
      payer_total: r.total,
      payer_refund: r.refund,
      settlement_refund: r.refund,
      settlement_total: r.total,
      discount_refund: 0,
      currency: 'CNY',
    },
    promotion_detail: [],
  };
}

export class PayRefunds {
  constructor(
    private readonly ctx: PayContext,
    private readonly orders: PayOrders,
    private readonly queue: NotificationQueue,
  ) {}

  find(out_refund_no: string): Promise<SimRefund | null> {
    return typeof out_refund_no === 'string' ? this.ctx.refunds.findOne({ _id: out_refund_no }) : Promise.resolve(null);
  }

  async of(out_trade_no: string): Promise<SimRefund[]> {
    const o = await this.ctx.orders.findOne({ _id: out_trade_no });
    if (!o?.refund_nos.length) return [];
    return this.ctx.refunds.find({ _id: { $in: o.refund_nos } }).sort({ seq: 1 }).toArray();
  }

  /**
   * Is another refund of this order still to notify: PROCESSING, or settled with its notification not queued yet
   * (`notify_pending`)? A held notification checked between a later refund's settle and its emit would otherwise go
   * out first, alone, and the reversal would not happen.
   */
  async hasUnsentRefund(out_trade_no: string, except?: string): Promise<boolean> {
    const o = await this.ctx.orders.findOne({ _id: out_trade_no });
    const others = (o?.refund_nos ?? []).filter((no) => no !== except);
    if (!others.length) return false;
    const filter = { _id: { $in: others }, $or: [{ status: 'PROCESSING' as const }, { notify_pending: true }] };
    return (await this.ctx.refunds.countDocuments(filter, { limit: 1 })) > 0;
  }

  refundPlaintext(r: SimRefund): Record<string, unknown> {
    return {
      mchid: this.ctx.keys.mchid,
      out_trade_no: r.out_trade_no,
      transaction_id: r.transaction_id,
      out_refund_no: r.out_refund_no,
      refund_id: r.refund_id,
      refund_status: r.status,
      ...(r.success_time ? { success_time: r.success_time } : {}),
      user_received_account: '支付用户零钱',
      amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund },
    };
  }

  /** The order a refund request names (transaction_id wins when both are given, as at WeChat). */
  orderFor(p: Pick<RefundParams, 'out_trade_no' | 'transaction_id'>): Promise<SimOrder | undefined> {
    if (p.transaction_id) return this.orders.findByTransaction(p.transaction_id);
    return p.out_trade_no ? this.orders.find(p.out_trade_no) : Promise.resolve(undefined);
  }

  /** POST /v3/refund/domestic/refunds */
  async create(body: unknown): Promise<SimRefund> {
    const p = validateRefund(body);
    const o = await this.orderFor(p);
    if (!o) throw new PayError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    const existing = await this.find(p.out_refund_no);
    if (existing) return sameRefund(existing, o, p);
    if (o.state !== 'SUCCESS')
      throw new PayError(400, 'INVALID_REQUEST', o.state === 'CLOSED' ? '订单已关闭，不能退款' : '订单未支付，不能退款');
    if (p.total !== o.total)
      throw new PayError(400, 'INVALID_REQUEST', `订单金额不一致: amount.total 应为 ${o.total}`, { field: '/amount/total', location: 'body' });
    if (this.ctx.now() - (o.paidAt ?? 0) > REFUND_WINDOW_MS) throw new PayError(400, 'INVALID_REQUEST', '订单已超过退款期限（支付后一年内）');
    const reserved = await this.ctx.orders.findOneAndUpdate(
      {
        _id: o._id,
        state: 'SUCCESS',
        refund_nos: { $ne: p.out_refund_no },
        refund_count: { $lt: MAX_REFUNDS_PER_ORDER },
        refund_reserved: { $lte: o.total - p.refund },
      },
      { $push: { refund_nos: p.out_refund_no }, $inc: { refund_reserved: p.refund, refund_count: 1 } },
      { returnDocument: 'after' },
    );
    if (!reserved) {
      const now = (await this.ctx.orders.findOne({ _id: o._id }))!;
      if (!now.refund_nos.includes(p.out_refund_no)) throw refusal(now);
      // reserved earlier by this out_refund_no (a crash before the refund was written): finish it below
    }
    const now = this.ctx.now();
    const r: SimRefund = {
      _id: p.out_refund_no,
      refund_id: `50${randomDigits(4)}${shanghaiCompactDate(now)}${randomDigits(15)}`,
      out_refund_no: p.out_refund_no,
      out_trade_no: o.out_trade_no,
      transaction_id: o.transaction_id!,
      reason: p.reason,
      notify_url: p.notify_url,
      refund: p.refund,
      total: p.total,
      status: 'PROCESSING',
      createdAt: now,
      create_time: rfc3339Shanghai(now),
      settle_at: Date.now() + this.ctx.refundSettleMs,
      seq: nextSeq(),
    };
    for (const k of Object.keys(r) as (keyof SimRefund)[]) if (r[k] === undefined) delete r[k];
    await this.ctx.refunds.updateOne({ _id: r._id }, { $setOnInsert: r }, { upsert: true });
    return sameRefund((await this.find(r._id))!, o, p);
  }

  /** PROCESSING → the configured outcome (guarded), then its REFUND.* notification if the refund has a notify_url. */
  async settle(out_refund_no: string, outcome?: RefundOutcome): Promise<boolean> {
    const open = await this.ctx.refunds.findOne({ _id: out_refund_no, status: 'PROCESSING' });
    if (!open) return false;
    const status = outcome ?? this.ctx.takeRefundOutcome(out_refund_no);
    const at = this.ctx.now();
    const r = await this.ctx.refunds.findOneAndUpdate(
      { _id: out_refund_no, status: 'PROCESSING' },
      {
        $set: {
          status,
          ...(status === 'SUCCESS' ? { successAt: at, success_time: rfc3339Shanghai(at) } : {}),
          notify_id: randomUUID(),
          notify_pending: true,
        },
      },
      { returnDocument: 'after' },
    );
    if (!r) return false;
    await this.finish(r);
    return true;
  }

  /** Outbox steps of a settled refund, each idempotent: give a CLOSED amount back, queue the notification, clear the flag. */
  async finish(r: SimRefund): Promise<void> {
    if (!r.notify_pending || !r.notify_id) return;
    if (r.status === 'CLOSED') {
      await this.ctx.orders.updateOne(
        { _id: r.out_trade_no, released_refund_nos: { $ne: r._id } },
        { $push: { released_refund_nos: r._id }, $inc: { refund_reserved: -r.refund } },
      );
    }
    if (r.notify_url && r.status !== 'PROCESSING') {
      const ev = REFUND_EVENT[r.status];
      await this.queue.emit({
        id: r.notify_id,
        event_type: ev.event,
        original_type: 'refund',
        summary: ev.summary,
        url: r.notify_url,
        out_trade_no: r.out_trade_no,
        out_refund_no: r.out_refund_no,
        plaintext: this.refundPlaintext(r),
      });
    }
    await this.ctx.refunds.updateOne({ _id: r._id, notify_id: r.notify_id }, { $unset: { notify_pending: '' } });
  }

  /** Settle every PROCESSING refund now (optionally only one). Returns how many settled. */
  async settleAll(out_refund_no?: string): Promise<number> {
    const due = await this.ctx.refunds.find(out_refund_no ? { _id: out_refund_no } : { status: 'PROCESSING' }).sort({ seq: 1 }).toArray();
    let n = 0;
    for (const r of due) if (await this.settle(r._id)) n += 1;
    return n;
  }

  /** Sweep: refunds whose time has come, and settled ones whose outbox step a stopped simulator did not finish. */
  async sweep(): Promise<void> {
    for (const r of await this.ctx.refunds.find({ status: 'PROCESSING', settle_at: { $lte: Date.now() } }).limit(50).toArray())
      await this.settle(r._id);
    for (const r of await this.ctx.refunds.find({ notify_pending: true }).limit(50).toArray()) await this.finish(r);
  }
}

function sameRefund(existing: SimRefund, o: SimOrder, p: RefundParams): SimRefund {
  if (existing.out_trade_no === o.out_trade_no && existing.refund === p.refund && existing.total === p.total) return existing;
  throw new PayError(400, 'INVALID_REQUEST', '商户退款单号已存在，且退款参数与原请求不一致', { field: '/out_refund_no', location: 'body' });
}

function refusal(o: SimOrder): PayError {
  if (o.state !== 'SUCCESS') return new PayError(400, 'INVALID_REQUEST', '订单未支付，不能退款');
  if (o.refund_count >= MAX_REFUNDS_PER_ORDER)
    return new PayError(400, 'INVALID_REQUEST', `部分退款次数超过限制（每笔订单最多 ${MAX_REFUNDS_PER_ORDER} 次）`);
  return new PayError(400, 'INVALID_REQUEST', `退款金额超过可退金额（订单 ${o.total} 分，已退或退款中 ${o.refund_reserved} 分）`, {
    field: '/amount/refund',
    location: 'body',
  });
}
