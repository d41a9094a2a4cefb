/**
 * The JSAPI order state machine as WeChat Pay keeps it: NOTPAY → SUCCESS |
 * CLOSED (merchant close or time_expire), repeat prepay for the same
 * parameters, the payer's confirm/cancel. Each change is one guarded update of
 * the order document in sim_pay_orders; a payment writes its notification id
 * on the order (outbox) and queues the notification after.
 */
import { randomUUID } from 'node:crypto';
import { isDuplicateKey, nextSeq } from '../db';
import type { PayContext } from './context';
import { randomDigits, randomHex, rfc3339Shanghai, shanghaiCompactDate, shanghaiCompactDateTime } from './format';
import type { NotificationQueue } from './queue';
import { PREPAY_TTL_MS, type SimOrder, type TradeState } from './types';
import { PayError, type JsapiParams, validateJsapi } from './validate';

const TRADE_STATE_DESC: Record<TradeState, string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  CLOSED: '订单已关闭',
  REFUND: '订单发生过退款',
};

export class PayOrders {
  constructor(
    private readonly ctx: PayContext,
    private readonly queue: NotificationQueue,
  ) {}

  /** Applies time_expire: an unpaid order past it becomes CLOSED (guarded: only if still NOTPAY). */
  async refresh(o: SimOrder): Promise<SimOrder> {
    if (o.state !== 'NOTPAY' || o.expireAt === undefined || this.ctx.now() <= o.expireAt) return o;
    const closed = await this.ctx.orders.findOneAndUpdate(
      { _id: o._id, state: 'NOTPAY' },
      { $set: { state: 'CLOSED', closed_reason: 'expired' } },
      { returnDocument: 'after' },
    );
    return closed ?? ((await this.ctx.orders.findOne({ _id: o._id })) as SimOrder);
  }

  async find(out_trade_no: string): Promise<SimOrder | undefined> {
    if (typeof out_trade_no !== 'string') return undefined;
    const o = await this.ctx.orders.findOne({ _id: out_trade_no });
    return o ? this.refresh(o) : undefined;
  }

  async findByTransaction(transaction_id: string): Promise<SimOrder | undefined> {
    if (typeof transaction_id !== 'string') return undefined;
    const o = await this.ctx.orders.findOne({ transaction_id });
    return o ? this.refresh(o) : undefined;
  }

  async tradeState(o: SimOrder): Promise<TradeState> {
    if (o.state === 'SUCCESS' && o.refund_nos.length) {
      const refunded = await this.ctx.refunds.countDocuments({ _id: { $in: o.refund_nos }, status: 'SUCCESS' }, { limit: 1 });
      if (refunded) return 'REFUND';
    }
    return o.state;
  }

  /** The query-order shape (also the TRANSACTION.SUCCESS plaintext). */
  async queryShape(o: SimOrder): Promise<Record<string, unknown>> {
    const trade_state = await this.tradeState(o);
    return this.shape(o, trade_state);
  }

  private shape(o: SimOrder, trade_state: TradeState): Record<string, unknown> {
    const paid = o.state === 'SUCCESS';
    return {
      appid: o.appid,
      mchid: o.mchid,
      out_trade_no: o.out_trade_no,
      ...(paid ? { transaction_id: o.transaction_id } : {}),
      trade_type: 'JSAPI',
      trade_state,
      trade_state_desc: TRADE_STATE_DESC[trade_state],
      ...(paid ? { bank_type: o.bank_type } : {}),
      attach: o.attach ?? '',
      ...(paid ? { success_time: o.success_time } : {}),
      payer: { openid: o.openid },
      amount: paid
        ? { total: o.total, payer_total: o.payer_total, currency: 'CNY', payer_currency: 'CNY' }
        : { total: o.total, currency: 'CNY' },
    };
  }

  private async newPrepay(o: SimOrder): Promise<string> {
    const id = `wx${shanghaiCompactDateTime(this.ctx.now())}${randomHex(14)}`;
    await this.ctx.prepays.insertOne({ _id: id, out_trade_no: o.out_trade_no, expiresAt: this.ctx.now() + PREPAY_TTL_MS });
    await this.ctx.orders.updateOne({ _id: o._id }, { $push: { prepay_ids: id } });
    return id;
  }

  /** POST /v3/pay/transactions/jsapi */
  async createJsapi(body: unknown): Promise<{ prepay_id: string }> {
    const p = validateJsapi(body, { appid: this.ctx.appid, mchid: this.ctx.keys.mchid });
    let o = await this.find(p.out_trade_no);
    if (!o) {
      const fresh: SimOrder = {
        _id: p.out_trade_no,
        appid: p.appid,
        mchid: p.mchid,
        out_trade_no: p.out_trade_no,
        description: p.description,
        attach: p.attach,
        notify_url: p.notify_url,
        time_expire: p.time_expire,
        expireAt: p.expireAt,
        total: p.total,
        currency: 'CNY',
        openid: p.openid,
        state: 'NOTPAY',
        createdAt: this.ctx.now(),
        seq: nextSeq(),
        prepay_ids: [],
        cancels: 0,
        refund_nos: [],
        refund_count: 0,
        refund_reserved: 0,
        released_refund_nos: [],
      };
      for (const k of Object.keys(fresh) as (keyof SimOrder)[]) if (fresh[k] === undefined) delete fresh[k];
      try {
        await this.ctx.orders.insertOne(fresh);
        return { prepay_id: await this.newPrepay(fresh) };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        o = await this.find(p.out_trade_no); // created at the same moment by another request
        if (!o) throw err;
      }
    }
    if (o.state === 'SUCCESS') throw new PayError(403, 'ORDERPAID', '该订单已支付');
    if (o.state === 'CLOSED') throw new PayError(400, 'ORDER_CLOSED', '该订单已关闭');
    if (!sameOrderParams(o, p)) {
      throw new PayError(403, 'OUT_TRADE_NO_USED', '商户订单号重复：同一 out_trade_no 的下单参数与首次下单不一致');
    }
    return { prepay_id: await this.newPrepay(o) };
  }

  /** POST …/out-trade-no/{no}/close */
  async close(out_trade_no: string, body: unknown): Promise<void> {
    const mchid = body && typeof body === 'object' ? (body as { mchid?: unknown }).mchid : undefined;
    if (typeof mchid !== 'string' || !mchid)
      throw new PayError(400, 'PARAM_ERROR', '参数错误: mchid 为必填参数', { field: '/mchid', location: 'body' });
    if (mchid !== this.ctx.keys.mchid)
      throw new PayError(400, 'INVALID_REQUEST', '参数错误: mchid 与请求商户号不一致', { field: '/mchid', location: 'body' });
    const o = await this.find(out_trade_no);
    if (!o) throw new PayError(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (o.state === 'NOTPAY') {
      const closed = await this.ctx.orders.updateOne(
        { _id: o._id, state: 'NOTPAY' },
        { $set: { state: 'CLOSED', closed_reason: 'merchant' } },
      );
      if (closed.modifiedCount === 1) return;
    }
    const now = (await this.ctx.orders.findOne({ _id: o._id }))!;
    if (now.state === 'SUCCESS') throw new PayError(400, 'ORDERPAID', '订单已支付，不能关闭');
  }

  async prepayInfo(prepay_id: string): Promise<{ order?: SimOrder; expired: boolean }> {
    const p = typeof prepay_id === 'string' ? await this.ctx.prepays.findOne({ _id: prepay_id }) : null;
    if (!p) return { expired: false };
    return { order: await this.find(p.out_trade_no), expired: p.expiresAt < this.ctx.now() };
  }

  /** The payer's action at the cashier (control). confirm → SUCCESS + TRANSACTION.SUCCESS notification. */
  async payerAction(input: { out_trade_no?: string; prepay_id?: string; action: 'confirm' | 'cancel'; force?: boolean }): Promise<SimOrder> {
    const ctx = this.ctx;
    let o: SimOrder | undefined;
    if (input.prepay_id) {
      const info = await this.prepayInfo(input.prepay_id);
      if (!info.order) throw new PayError(404, 'PREPAY_NOT_EXIST', 'prepay_id 不存在');
      if (info.expired && !input.force) throw new PayError(400, 'PREPAY_EXPIRED', 'prepay_id 已过期（有效期 2 小时）');
      o = info.order;
    } else if (input.out_trade_no) {
      o = await this.find(input.out_trade_no);
      if (!o) throw new PayError(404, 'ORDER_NOT_EXIST', '订单不存在');
      const live = await ctx.prepays.countDocuments({ _id: { $in: o.prepay_ids }, expiresAt: { $gte: ctx.now() } }, { limit: 1 });
      if (!live && !input.force && o.state === 'NOTPAY')
        throw new PayError(400, 'PREPAY_EXPIRED', '该订单的 prepay_id 均已过期（有效期 2 小时），请重新下单');
    } else {
      throw new PayError(400, 'PARAM_ERROR', '参数错误: 需要 out_trade_no 或 prepay_id');
    }
    if (input.action === 'cancel') {
      return (await ctx.orders.findOneAndUpdate({ _id: o._id }, { $inc: { cancels: 1 } }, { returnDocument: 'after' }))!;
    }
    if (o.state === 'SUCCESS') throw new PayError(400, 'ORDERPAID', '订单已支付');
    if (o.state === 'CLOSED' && !input.force)
      throw new PayError(400, 'ORDER_CLOSED', '订单已关闭，不能支付（force:true 模拟“关单后仍支付成功”）');
    const now = ctx.now();
    const paid = await ctx.orders.findOneAndUpdate(
      { _id: o._id, state: o.state },
      {
        $set: {
          state: 'SUCCESS',
          transaction_id: `4200${randomDigits(6)}${shanghaiCompactDate(now)}${randomDigits(10)}`,
          paidAt: now,
          success_time: rfc3339Shanghai(now),
          bank_type: 'OTHERS',
          payer_total: o.total,
          notify_id: randomUUID(),
          notify_pending: true,
          ...(o.state === 'CLOSED' ? { paid_after_close: true } : {}),
        },
        $unset: { closed_reason: '' },
      },
      { returnDocument: 'after' },
    );
    if (!paid) throw new PayError(400, 'ORDERPAID', '订单已支付'); // another confirm won
    await this.queuePaid(paid);
    return paid;
  }

  /** Outbox step: queue the TRANSACTION.SUCCESS notification of a paid order, then clear the flag (both idempotent). */
  async queuePaid(o: SimOrder): Promise<void> {
    if (!o.notify_pending || !o.notify_id) return;
    await this.queue.emit({
      id: o.notify_id,
      event_type: 'TRANSACTION.SUCCESS',
      original_type: 'transaction',
      summary: '支付成功',
      url: o.notify_url,
      out_trade_no: o.out_trade_no,
      plaintext: this.shape(o, 'SUCCESS'),
    });
    await this.ctx.orders.updateOne({ _id: o._id, notify_id: o.notify_id }, { $unset: { notify_pending: '' } });
  }

  /** Orders whose notification a stopped simulator did not queue (run by the notifier's sweep). */
  async queueLeftovers(): Promise<void> {
    for (const o of await this.ctx.orders.find({ notify_pending: true }).limit(50).toArray()) await this.queuePaid(o);
  }
}

function sameOrderParams(o: SimOrder, p: JsapiParams): boolean {
  return (
    o.description === p.description &&
    (o.attach ?? '') === (p.attach ?? '') &&
    o.notify_url === p.notify_url &&
    (o.time_expire ?? '') === (p.time_expire ?? '') &&
    o.total === p.total &&
    o.openid === p.openid
  );
}
