/**
 * 优惠买单 orders: recomputed pricing, coupon locked and points held at
 * creation, a payment intent for the cash part; "paid" applies coupon used,
 * points captured, points earned and growth added as idempotent steps;
 * unpaid orders expire and give everything back.
 */
import { Types, type Connection } from 'mongoose';
import { DEFAULT_PRICING, PricingError, price, type OrderView, type RequestPaymentParams } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { memberModel, type MemberDoc } from '../members/model';
import type { CouponsService } from '../coupons/service';
import type { PointsService } from '../points/service';
import type { MembershipService } from '../membership/service';
import type { PaymentsService } from '../payments/service';
import type { StoresService } from '../stores/service';
import type { Quoter } from '../checkout/quote';
import { orderModel, type OrderDoc, type PaidSteps } from './model';
import { createHash } from 'node:crypto';
import type { IntentDoc, RefundDoc } from '../payments/model';
import type { Identity } from '../platform/http/context';
import { assertStoreScope } from '../platform/auth/guard';
import type { AuditService } from '../system/audit';
import type { OwedPoints } from '../points/owed';
import { finalRemainder, refundShare } from './refund.calc';

export const ORDER_PURPOSE = 'order';
const UNPAID_MINUTES = 15;

export function toOrderView(o: OrderDoc): OrderView {
  return {
    id: String(o._id),
    storeId: String(o.storeId),
    state: o.state,
    billFen: o.billFen,
    couponId: o.couponId ? String(o.couponId) : null,
    couponName: o.couponName,
    couponDiscountFen: o.couponDiscountFen,
    pointsUsed: o.pointsUsed,
    pointsValueFen: o.pointsValueFen,
    cashFen: o.cashFen,
    pointsEarned: o.pointsEarned,
    growthGained: o.growthGained,
    outTradeNo: o.outTradeNo,
    expireAt: o.expireAt.toISOString(),
    createdAt: o.createdAt.toISOString(),
    paidAt: o.paidAt?.toISOString() ?? null,
  };
}

export function createOrdersService(deps: {
  conn: Connection;
  clock: Clock;
  logger: Logger;
  coupons: CouponsService;
  points: PointsService;
  membership: MembershipService;
  payments: PaymentsService;
  stores: StoresService;
  quoter: Quoter;
  audit: AuditService;
  owed: OwedPoints;
}) {
  const Order = orderModel(deps.conn);
  const Member = memberModel(deps.conn);
  const ref = (o: { _id: Types.ObjectId }) => `order:${o._id}`;

  /** Undo what a failed or expired order took (each step idempotent). */
  async function giveBack(o: OrderDoc): Promise<void> {
    if (o.couponId) await deps.coupons.lifecycle.release(String(o.couponId), ref(o));
    if (o.pointsUsed > 0) {
      const held = await deps.points.ledger.get(`order:${o._id}:hold`);
      if (held?.state === 'applied') await deps.points.release({ memberId: String(o.memberId), amount: o.pointsUsed, reason: 'checkout', source: 'order', reference: String(o._id), leg: 'release' });
    }
  }

  /** The paid effects, each idempotent; marks each step done on the order. */
  async function applyPaidSteps(orderId: Types.ObjectId): Promise<OrderDoc> {
    let o = (await Order.findById(orderId).lean<OrderDoc>())!;
    const memberId = String(o.memberId);
    const mark = async (step: keyof PaidSteps) => {
      await Order.updateOne({ _id: o._id }, { $set: { [`steps.${step}`]: true } });
    };
    if (o.couponId && !o.steps?.couponUsed) {
      await deps.coupons.lifecycle.use(String(o.couponId), ref(o));
      await mark('couponUsed');
    }
    if (o.pointsUsed > 0 && !o.steps?.pointsCaptured) {
      await deps.points.capture({ memberId, amount: o.pointsUsed, reason: 'checkout', source: 'order', reference: String(o._id), leg: 'capture' });
      await mark('pointsCaptured');
    }
    if (o.pointsEarned > 0 && !o.steps?.pointsEarned) {
      await deps.points.earn({ memberId, amount: o.pointsEarned, reason: 'purchase', source: 'order', reference: String(o._id), leg: 'earn', note: `买单 ¥${(o.cashFen / 100).toFixed(2)}` });
      await mark('pointsEarned');
    }
    if (o.growthGained > 0 && !o.steps?.growthAdded) {
      await deps.membership.addGrowth({ memberId, delta: o.growthGained, reason: 'purchase', key: `order:${o._id}:growth` });
      await mark('growthAdded');
    }
    o = (await Order.findById(orderId).lean<OrderDoc>())!;
    return o;
  }

  /** pending_payment → paid (once), recording the steps to apply. */
  async function markPaid(orderId: Types.ObjectId): Promise<OrderDoc> {
    const paid = await Order.findOneAndUpdate(
      { _id: orderId, state: 'pending_payment' },
      { $set: { state: 'paid', paidAt: deps.clock.now(), steps: { couponUsed: false, pointsCaptured: false, pointsEarned: false, growthAdded: false } } },
      { returnDocument: 'after', lean: true },
    );
    const current = (paid as OrderDoc | null) ?? (await Order.findById(orderId).lean<OrderDoc>());
    if (!current) throw new Error(`order ${orderId} missing`);
    if (current.state !== 'paid') {
      // Paid after the order expired or was cancelled: the payment intent handles it as a late payment.
      deps.logger.warn({ orderId: String(orderId), state: current.state }, 'payment for an order that is no longer pending');
      return current;
    }
    return applyPaidSteps(orderId);
  }

  /** Take earned points back; what was already spent is recorded as owed (never a negative balance). */
  async function reverseEarned(memberId: string, amount: number, key: string): Promise<void> {
    if (amount <= 0) return;
    const base = { memberId, reason: 'refund', source: 'order_refund', reference: key };
    try {
      await deps.points.reverse({ ...base, leg: 'earned-back', amount: -amount });
      return;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'POINTS_INSUFFICIENT')) throw err;
    }
    let taken = 0;
    const available = (await deps.points.summary(memberId)).available;
    const prior = await deps.points.ledger.get(`order_refund:${key}:earned-back-partial`);
    if (prior?.state === 'applied') taken = -prior.delta;
    else if (available > 0) taken = -(await deps.points.reverse({ ...base, leg: 'earned-back-partial', amount: -Math.min(available, amount) })).delta;
    await deps.owed.record(`order_refund:${key}:owed`, memberId, amount - taken, 'refund of points already spent');
  }

  /** A successful refund of the order's payment: reverse points and growth in proportion, exactly once. */
  async function onRefunded(intent: IntentDoc, refund: RefundDoc): Promise<void> {
    const o = await Order.findById(intent.reference).lean<OrderDoc>();
    if (!o) return;
    const memberId = String(o.memberId);
    const succeeded = (await deps.payments.refundsOf(intent._id)).filter((r) => r.state === 'SUCCESS' && r.source === 'merchant');
    const parts: { tag: string; fen: number }[] = [{ tag: refund.outRefundNo, fen: refund.amountFen }];
    const amounts = succeeded.map((r) => r.amountFen);
    const full = finalRemainder(0, amounts, o.cashFen) !== null;
    const returnPoints = async (amount: number, tag: string) => {
      if (amount > 0) await deps.points.reverse({ memberId, amount, reason: 'refund', source: 'order_refund', reference: `${o._id}:${tag}`, leg: 'redeemed-back' });
    };
    for (const p of parts) {
      await returnPoints(refundShare(o.pointsUsed, p.fen, o.cashFen), p.tag);
      await reverseEarned(memberId, refundShare(o.pointsEarned, p.fen, o.cashFen), `${o._id}:${p.tag}`);
      const g = refundShare(o.growthGained, p.fen, o.cashFen);
      if (g > 0) await deps.membership.addGrowth({ memberId, delta: -g, reason: 'refund', key: `order:${o._id}:refund:${p.tag}:growth` });
    }
    if (full) {
      await returnPoints(finalRemainder(o.pointsUsed, amounts, o.cashFen)!, 'final');
      await reverseEarned(memberId, finalRemainder(o.pointsEarned, amounts, o.cashFen)!, `${o._id}:final`);
      const g = finalRemainder(o.growthGained, amounts, o.cashFen)!;
      if (g > 0) await deps.membership.addGrowth({ memberId, delta: -g, reason: 'refund', key: `order:${o._id}:refund:final:growth` });
      if (o.couponId) await deps.coupons.lifecycle.restore(String(o.couponId), `refund:${o._id}`);
    }
    const refundedFen = amounts.reduce((s, a) => s + a, 0);
    await Order.updateOne({ _id: o._id, refundedFen: { $lt: refundedFen } }, { $set: { refundedFen } });
    if (full) await Order.updateOne({ _id: o._id, state: 'paid' }, { $set: { state: 'refunded' } });
  }

  deps.payments.registerPurpose(ORDER_PURPOSE, {
    onPaid: async (intent) => {
      await markPaid(new Types.ObjectId(intent.reference));
    },
    onRefunded,
  });

  return {
    async create(memberId: string, input: { storeId: string; billFen: number; couponId: string | null; points: number; clientKey: string }): Promise<{ order: OrderView; requestPayment: RequestPaymentParams | null }> {
      const byKey = () => Order.findOne({ memberId: new Types.ObjectId(memberId), clientKey: input.clientKey }).lean<OrderDoc>();
      const existing = await byKey();
      if (existing) return this.resume(existing);
      try {
        return await this.createNew(memberId, input);
      } catch (err) {
        // A concurrent double tap of the same checkout may have taken the coupon/points first: its order is ours.
        const winner = await byKey();
        if (winner && err instanceof AppError && winner.state !== 'cancelled') return this.resume(winner);
        throw err;
      }
    },

    async createNew(memberId: string, input: { storeId: string; billFen: number; couponId: string | null; points: number; clientKey: string }): Promise<{ order: OrderView; requestPayment: RequestPaymentParams | null }> {
      await deps.stores.require(input.storeId);
      const [member, summary, tier, settings] = await Promise.all([
        Member.findById(memberId).lean<MemberDoc>(),
        deps.points.summary(memberId),
        deps.membership.tier(memberId),
        deps.membership.getSettings(),
      ]);
      let coupon = null;
      if (input.couponId) {
        coupon = (await deps.quoter.usableAt(memberId, input.storeId)).find((c) => String(c._id) === input.couponId) ?? null;
        if (!coupon) throw new AppError('COUPON_NOT_AVAILABLE', `coupon ${input.couponId} not usable`);
      }
      let r;
      try {
        r = price({ billFen: input.billFen, coupon: coupon?.terms ?? null, points: input.points, pointsAvailable: summary.available, earnMultiplierBp: tier.pointsMultiplierBp, settings: { ...DEFAULT_PRICING, growthPerYuan: settings.growthPerYuan } });
      } catch (e) {
        if (e instanceof PricingError) throw new AppError(e.code, e.message);
        throw e;
      }
      if (r.pointsUsed !== input.points) throw new AppError('VALIDATION_FAILED', `at most ${r.maxPoints} points can be used on this bill`, { fields: [{ path: 'body.points', message: `最多可用 ${r.maxPoints} 积分` }] });
      const now = deps.clock.now();
      let order: OrderDoc;
      try {
        order = (
          await Order.create({
            memberId: new Types.ObjectId(memberId),
            storeId: new Types.ObjectId(input.storeId),
            clientKey: input.clientKey,
            state: 'pending_payment',
            billFen: r.billFen,
            couponId: coupon?._id ?? null,
            couponName: coupon?.terms.name ?? null,
            couponDiscountFen: r.couponDiscountFen,
            pointsUsed: r.pointsUsed,
            pointsValueFen: r.pointsValueFen,
            cashFen: r.cashFen,
            pointsEarned: r.pointsEarned,
            growthGained: r.growthGained,
            expireAt: new Date(now.getTime() + UNPAID_MINUTES * 60_000),
            createdAt: now,
          })
        ).toObject();
      } catch (err) {
        if (!isDuplicateKey(err, 'orders_member_client_key_unique')) throw err;
        return this.resume((await Order.findOne({ memberId: new Types.ObjectId(memberId), clientKey: input.clientKey }).lean<OrderDoc>())!);
      }
      try {
        if (order.couponId) await deps.coupons.lifecycle.lock(String(order.couponId), memberId, ref(order));
        if (order.pointsUsed > 0) await deps.points.hold({ memberId, amount: order.pointsUsed, reason: 'checkout', source: 'order', reference: String(order._id), leg: 'hold' });
      } catch (err) {
        await Order.updateOne({ _id: order._id, state: 'pending_payment' }, { $set: { state: 'cancelled', cancelReason: (err as Error).message } });
        await giveBack(order);
        throw err;
      }
      if (order.cashFen === 0) {
        return { order: toOrderView(await markPaid(order._id)), requestPayment: null };
      }
      const { intent, requestPayment } = await deps.payments.createIntent({
        purpose: ORDER_PURPOSE,
        reference: String(order._id),
        memberId,
        openid: member!.openid,
        amountFen: order.cashFen,
        description: `HomeClub 家居 优惠买单`,
        expireAt: order.expireAt,
      });
      await Order.updateOne({ _id: order._id }, { $set: { outTradeNo: intent.outTradeNo } });
      return { order: toOrderView({ ...order, outTradeNo: intent.outTradeNo }), requestPayment };
    },

    /** The same clientKey again: the same order (fresh payment parameters while it is unpaid). */
    async resume(o: OrderDoc): Promise<{ order: OrderView; requestPayment: RequestPaymentParams | null }> {
      if (o.state !== 'pending_payment' || o.cashFen === 0) return { order: toOrderView(o), requestPayment: null };
      const member = await Member.findById(o.memberId, { openid: 1 }).lean<MemberDoc>();
      const { intent, requestPayment } = await deps.payments.createIntent({ purpose: ORDER_PURPOSE, reference: String(o._id), memberId: String(o.memberId), openid: member!.openid, amountFen: o.cashFen, description: 'HomeClub 家居 优惠买单', expireAt: o.expireAt });
      if (!o.outTradeNo) await Order.updateOne({ _id: o._id }, { $set: { outTradeNo: intent.outTradeNo } });
      return { order: toOrderView({ ...o, outTradeNo: intent.outTradeNo }), requestPayment };
    },

    async mine(memberId: string): Promise<OrderView[]> {
      return (await Order.find({ memberId: new Types.ObjectId(memberId) }).sort({ createdAt: -1 }).limit(100).lean<OrderDoc[]>()).map(toOrderView);
    },
    async one(memberId: string, orderId: string): Promise<OrderView> {
      const o = Types.ObjectId.isValid(orderId) ? await Order.findOne({ _id: orderId, memberId: new Types.ObjectId(memberId) }).lean<OrderDoc>() : null;
      if (!o) throw new AppError('NOT_FOUND', `order ${orderId} not found for member ${memberId}`);
      return toOrderView(o);
    },

    /** Job: unpaid orders past expiry → close the intent, then give the coupon and points back. */
    async expireUnpaid(limit = 200): Promise<number> {
      const now = deps.clock.now();
      const due = await Order.find({ state: 'pending_payment', expireAt: { $lte: now } }).limit(limit).lean<OrderDoc[]>();
      let n = 0;
      for (const o of due) {
        if (o.outTradeNo) {
          const intent = await deps.payments.close(o.outTradeNo).catch(() => null);
          if (!intent || intent.state !== 'CLOSED') continue; // paid meanwhile (its hook marks the order paid) or WeChat unreachable: next run
        }
        const expired = await Order.findOneAndUpdate({ _id: o._id, state: 'pending_payment' }, { $set: { state: 'expired' } }, { returnDocument: 'after', lean: true });
        if (expired) {
          await giveBack(expired as OrderDoc);
          n += 1;
        }
      }
      return n;
    },

    /** Job: paid orders whose steps a crash interrupted. */
    async finishPaidSteps(limit = 200): Promise<number> {
      const open = await Order.find({
        state: 'paid',
        $or: [{ 'steps.couponUsed': false }, { 'steps.pointsCaptured': false }, { 'steps.pointsEarned': false }, { 'steps.growthAdded': false }],
      })
        .limit(limit)
        .lean<OrderDoc[]>();
      for (const o of open) await applyPaidSteps(o._id).catch((err) => deps.logger.warn({ err: (err as Error).message, orderId: String(o._id) }, 'paid steps not finished'));
      return open.length;
    },
    applyPaidSteps,

    /** Staff of the order's store (or an admin) refund part or all of the cash paid; the refund key makes retries safe. */
    async refund(actor: Identity, orderId: string, input: { amountFen: number; reason: string; refundKey: string }) {
      const o = Types.ObjectId.isValid(orderId) ? await Order.findById(orderId).lean<OrderDoc>() : null;
      if (!o) throw new AppError('NOT_FOUND', `order ${orderId} not found`);
      assertStoreScope(actor, o.storeId);
      if (!o.outTradeNo || o.cashFen === 0 || (o.state !== 'paid' && o.state !== 'refunded')) throw new AppError('PAY_NOT_PAID', `order ${orderId} is ${o.state} with ${o.cashFen} fen paid`);
      const outRefundNo = `OR${createHash('sha256').update(`${o._id}:${input.refundKey}`).digest('hex').slice(0, 30).toUpperCase()}`;
      const r = await deps.payments.requestRefund({ outTradeNo: o.outTradeNo, amountFen: input.amountFen, reason: input.reason, outRefundNo });
      await deps.audit.record(actor.memberId, 'order.refund', { orderId, amountFen: input.amountFen, reason: input.reason, outRefundNo });
      return { outRefundNo: r.outRefundNo, amountFen: r.amountFen, state: r.state };
    },
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
