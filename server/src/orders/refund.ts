/**
 * Order refunds: by amount, by lines or everything left; through WeChat Pay
 * (one payment refund per refund key, stable out_refund_no) or, for orders
 * paid at the till by cash/card or fully by coupon + points, recorded here and
 * settled at once. Each successful refund reverses its share of the redeemed
 * points, the earned points and the growth; the refund that completes the
 * basis takes the exact remainder and gives the coupon back.
 */
import { createHash } from 'node:crypto';
import { Types, type Model } from 'mongoose';
import type { OrderRefundRequest } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Identity } from '../platform/http/context';
import { assertStoreScope } from '../platform/auth/guard';
import type { CouponsService } from '../coupons/service';
import type { PointsService } from '../points/service';
import type { MembershipService } from '../membership/service';
import type { IntentDoc, PaymentsService, RefundDoc } from '../payments/service';
import type { AuditService } from '../system/audit';
import type { OwedPoints } from '../points/owed';
import { refundBasis, type OrderDoc, type OrderRefund } from './model';
import { finalRemainder, refundShare } from './refund.calc';
import { nextNumber } from './number';

const MAX_REFUNDS = 50;

/**
 * Another module's reversal on an order refund (e.g. the referral reward):
 * called once per successful refund with its share; must be idempotent by
 * (order, refundNo). `full` is true for the refund that completes the basis.
 */
export interface RefundHook {
  name: string;
  run(order: OrderDoc, share: { refundNo: string; weight: number; weights: number[]; basis: number; full: boolean }): Promise<void>;
}
const FINAL = new Set(['SUCCESS', 'CLOSED', 'FAILED', 'ABNORMAL']);

export function createOrderRefunds(deps: {
  Order: Model<OrderDoc>;
  clock: Clock;
  logger: Logger;
  coupons: CouponsService;
  points: PointsService;
  membership: MembershipService;
  payments: PaymentsService;
  audit: AuditService;
  owed: OwedPoints;
}) {
  const { Order } = deps;
  const hooks: RefundHook[] = [];

  /** Take earned points back; what was already spent is recorded as owed (never a negative balance). */
  const reverseEarned = (memberId: string, amount: number, key: string) =>
    deps.owed.takeBack({ memberId, amount, source: 'order_refund', reference: key, reason: 'refund_clawback', note: '退款扣回本单所得积分', why: 'refund of points already spent' });

  /**
   * Reverse one successful refund's share (`weight` of `basis`); `weights` are
   * all successful refunds so far, so the one completing the basis — whichever
   * finishes last — also takes the exact remainder and returns the coupon.
   */
  async function reverseShare(o: OrderDoc, tag: string, weight: number, weights: number[], basis: number): Promise<boolean> {
    const memberId = String(o.memberId);
    const returnPoints = async (amount: number, t: string) => {
      if (amount > 0) await deps.points.reverse({ memberId, amount, reason: 'refund', source: 'order_refund', reference: `${o._id}:${t}`, leg: 'redeemed-back', note: '退款退回抵现积分' });
    };
    const growthBack = async (g: number, t: string) => {
      if (g > 0) await deps.membership.addGrowth({ memberId, delta: -g, reason: 'refund', key: `order:${o._id}:refund:${t}:growth` });
    };
    await returnPoints(refundShare(o.pointsUsed, weight, basis), tag);
    await reverseEarned(memberId, refundShare(o.pointsEarned, weight, basis), `${o._id}:${tag}`);
    await growthBack(refundShare(o.growthGained, weight, basis), tag);
    const full = finalRemainder(0, weights, basis) !== null;
    if (full) {
      await returnPoints(finalRemainder(o.pointsUsed, weights, basis)!, 'final');
      await reverseEarned(memberId, finalRemainder(o.pointsEarned, weights, basis)!, `${o._id}:final`);
      await growthBack(finalRemainder(o.growthGained, weights, basis)!, 'final');
      if (o.couponId) await deps.coupons.lifecycle.restore(String(o.couponId), `refund:${o._id}`);
    }
    for (const h of hooks) await h.run(o, { refundNo: tag, weight, weights, basis, full });
    return full;
  }

  /** WeChat Pay hook: a payment refund of an order succeeded. */
  async function onWechatRefunded(intent: IntentDoc, refund: RefundDoc): Promise<void> {
    if (!Types.ObjectId.isValid(intent.reference)) return;
    const o = await Order.findById(intent.reference).lean<OrderDoc>();
    if (!o) return;
    const succeeded = (await deps.payments.refundsOf(intent._id)).filter((r) => r.state === 'SUCCESS' && r.source === 'merchant');
    const amounts = succeeded.map((r) => r.amountFen);
    const full = await reverseShare(o, refund.outRefundNo, refund.amountFen, amounts, o.cashFen);
    const refundedFen = amounts.reduce((s, a) => s + a, 0);
    await Order.updateOne({ _id: o._id, refundedFen: { $lt: refundedFen } }, { $set: { refundedFen } });
    await Order.updateOne({ _id: o._id, 'refunds.refundNo': refund.outRefundNo }, { $set: { 'refunds.$.state': 'SUCCESS', 'refunds.$.applied': true } });
    if (full) await Order.updateOne({ _id: o._id, state: 'paid' }, { $set: { state: 'refunded' } });
  }

  /** A refund made outside WeChat Pay: reverse it (idempotent) and mark it applied. */
  async function applyLocal(orderId: Types.ObjectId, key: string): Promise<void> {
    const o = (await Order.findById(orderId).lean<OrderDoc>())!;
    const r = o.refunds.find((x) => x.key === key);
    if (!r || r.applied) return;
    const local = o.refunds.filter((x) => x.via !== 'wechat');
    const full = await reverseShare(o, r.refundNo, r.weight, local.map((x) => x.weight), refundBasis(o));
    const refundedFen = local.reduce((s, x) => s + x.amountFen, 0);
    await Order.updateOne({ _id: o._id, refundedFen: { $lt: refundedFen } }, { $set: { refundedFen } });
    await Order.updateOne({ _id: o._id, 'refunds.key': key }, { $set: { 'refunds.$.applied': true } });
    if (full) await Order.updateOne({ _id: o._id, state: 'paid' }, { $set: { state: 'refunded' } });
  }

  /** What a refund request takes: lines, the cash amount and its weight in the basis. */
  function measure(o: OrderDoc, input: OrderRefundRequest): { lineIds: string[]; amountFen: number; weight: number } {
    const basis = refundBasis(o);
    const cashBasis = o.cashFen > 0;
    if (input.lineIds) {
      const ids = [...new Set(input.lineIds)];
      const lines = ids.map((id) => o.lines.find((l) => l.id === id));
      if (ids.length !== input.lineIds.length || lines.some((l) => !l)) throw new AppError('ORDER_REFUND_LINES_INVALID', `unknown or repeated line in ${input.lineIds.join(',')}`);
      const cash = lines.reduce((s, l) => s + l!.cashFen, 0);
      return { lineIds: ids, amountFen: cash, weight: cashBasis ? cash : lines.reduce((s, l) => s + l!.amountFen, 0) };
    }
    if (input.full) {
      if (o.settlement === 'wechat') {
        const taken = o.refunds.filter((r) => r.via === 'wechat' && r.state !== 'CLOSED' && r.state !== 'FAILED').reduce((s, r) => s + r.amountFen, 0);
        return { lineIds: [], amountFen: o.cashFen - taken, weight: o.cashFen - taken };
      }
      const left = basis - (o.localRefundedWeight ?? 0);
      return { lineIds: [], amountFen: cashBasis ? left : 0, weight: left };
    }
    if (!cashBasis) throw new AppError('VALIDATION_FAILED', `order ${o._id} had no cash part: refund it by lines or in full`, { fields: [{ path: 'body.amountFen', message: '该订单未付现金，请按商品或全额退款' }] });
    return { lineIds: [], amountFen: input.amountFen!, weight: input.amountFen! };
  }

  return {
    onWechatRefunded,
    register(hook: RefundHook) {
      if (hooks.some((h) => h.name === hook.name)) throw new Error(`refund hook ${hook.name} registered twice`);
      hooks.push(hook);
    },

    /** Staff of the order's store (or an admin) refund; the refund key makes retries safe. */
    async refund(actor: Identity, orderId: string, input: OrderRefundRequest): Promise<{ outRefundNo: string; amountFen: number; state: OrderRefund['state'] }> {
      const o = Types.ObjectId.isValid(orderId) ? await Order.findById(orderId).lean<OrderDoc>() : null;
      if (!o) throw new AppError('NOT_FOUND', `order ${orderId} not found`);
      assertStoreScope(actor, o.storeId);
      const done = (r: OrderRefund) => ({ outRefundNo: r.refundNo, amountFen: r.amountFen, state: r.state });
      const existing = (o.refunds ?? []).find((r) => r.key === input.refundKey);
      if (existing && existing.via !== 'wechat') return done(existing);
      if (o.state !== 'paid' && o.state !== 'refunded') throw new AppError('PAY_NOT_PAID', `order ${orderId} is ${o.state}`);
      const wechat = o.settlement === 'wechat';
      const refundNo = `${wechat ? 'OR' : 'LR'}${createHash('sha256').update(`${o._id}:${input.refundKey}`).digest('hex').slice(0, 30).toUpperCase()}`;
      let entry = existing;
      if (!entry) {
        const m = measure(o, input);
        if (m.weight <= 0 || (wechat && m.amountFen <= 0)) throw new AppError('PAY_REFUND_EXCEEDS', `nothing left to refund on order ${orderId}`);
        entry = {
          key: input.refundKey,
          refundNo,
          number: await nextNumber(Order.db, 'refund', deps.clock.now()),
          amountFen: m.amountFen,
          weight: m.weight,
          lineIds: m.lineIds,
          via: o.settlement,
          state: wechat ? 'CREATED' : 'SUCCESS',
          reason: input.reason,
          actorId: actor.memberId,
          applied: false,
          createdAt: deps.clock.now(),
        };
        const guard: Record<string, unknown> = { _id: o._id, state: { $in: ['paid', 'refunded'] }, 'refunds.key': { $ne: input.refundKey }, refundCount: { $lt: MAX_REFUNDS } };
        if (m.lineIds.length) guard.refundedLineIds = { $nin: m.lineIds };
        if (!wechat) guard.localRefundedWeight = { $lte: refundBasis(o) - m.weight };
        const reserved = await Order.findOneAndUpdate(
          guard,
          { $push: { refunds: entry, refundedLineIds: { $each: m.lineIds } }, $inc: { refundCount: 1, localRefundedWeight: wechat ? 0 : m.weight } },
          { returnDocument: 'after', lean: true },
        );
        if (!reserved) {
          const now = (await Order.findById(o._id).lean<OrderDoc>())!;
          const same = now.refunds.find((r) => r.key === input.refundKey);
          if (same) entry = same;
          else if ((now.refundCount ?? 0) >= MAX_REFUNDS) throw new AppError('PAY_REFUND_LIMIT', `order ${orderId} has ${now.refundCount} refunds`);
          else if (m.lineIds.some((id) => now.refundedLineIds.includes(id))) throw new AppError('ORDER_REFUND_LINES_INVALID', `a line of ${m.lineIds.join(',')} is already refunded`);
          else throw new AppError('PAY_REFUND_EXCEEDS', `refund weight ${m.weight} exceeds what is left of ${refundBasis(o)}`);
        } else {
          await deps.audit.record(actor.memberId, 'order.refund', { orderId, amountFen: m.amountFen, lineIds: m.lineIds, reason: input.reason, refundNo, via: o.settlement });
        }
      }
      if (!wechat) {
        await applyLocal(o._id, entry.key);
        return done(entry);
      }
      let r: RefundDoc;
      try {
        r = await deps.payments.requestRefund({ outTradeNo: o.outTradeNo!, amountFen: entry.amountFen, reason: entry.reason, outRefundNo: entry.refundNo });
      } catch (err) {
        if (err instanceof AppError && err.code !== 'PAY_UNAVAILABLE') {
          // Refused (more than paid, too many…): the reservation on the order goes, so the lines can be refunded again.
          await Order.updateOne(
            { _id: o._id, refunds: { $elemMatch: { key: entry.key, state: 'CREATED' } } },
            { $pull: { refunds: { key: entry.key }, refundedLineIds: { $in: entry.lineIds } }, $inc: { refundCount: -1 } },
          );
        }
        throw err;
      }
      if (r.state === 'CLOSED' || r.state === 'FAILED' || r.state === 'ABNORMAL') {
        await Order.updateOne({ _id: o._id, 'refunds.key': entry.key }, { $set: { 'refunds.$.state': r.state }, ...(entry.lineIds.length ? { $pull: { refundedLineIds: { $in: entry.lineIds } } } : {}) });
      } else if (r.state !== 'SUCCESS') {
        await Order.updateOne({ _id: o._id }, { $set: { 'refunds.$[r].state': r.state } }, { arrayFilters: [{ 'r.key': entry.key, 'r.state': 'CREATED' }] });
      }
      return { outRefundNo: r.outRefundNo, amountFen: r.amountFen, state: r.state };
    },

    /** The latest state of WeChat refunds still in flight (for receipts and lists). */
    async refresh(o: OrderDoc): Promise<OrderDoc> {
      const open = (o.refunds ?? []).filter((r) => r.via === 'wechat' && !FINAL.has(r.state));
      if (!open.length) return o;
      let changed = false;
      for (const r of open) {
        const p = await deps.payments.getRefund(r.refundNo);
        if (p && p.state !== r.state && p.state !== 'SUCCESS') {
          await Order.updateOne({ _id: o._id, 'refunds.key': r.key }, { $set: { 'refunds.$.state': p.state } });
          changed = true;
        }
      }
      return changed ? (await Order.findById(o._id).lean<OrderDoc>())! : o;
    },

    /** Job: refunds outside WeChat Pay whose reversal a crash interrupted. */
    async finishLocal(limit = 200): Promise<number> {
      const open = await Order.find({ 'refunds.applied': false }).limit(limit).lean<OrderDoc[]>();
      let n = 0;
      for (const o of open) {
        for (const r of o.refunds.filter((x) => !x.applied && x.via !== 'wechat')) {
          await applyLocal(o._id, r.key).catch((err) => deps.logger.warn({ err: (err as Error).message, orderId: String(o._id) }, 'refund reversal not finished'));
          n += 1;
        }
      }
      return n;
    },
  };
}

export type OrderRefunds = ReturnType<typeof createOrderRefunds>;
