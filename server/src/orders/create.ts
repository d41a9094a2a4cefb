/**
 * Creating an order, for every channel: the shopper's 优惠买单, a clerk's
 * till, a store POS. Pricing is recomputed here by the same path as the quote
 * (checkout/pricing.ts; quotes are advisory); the
 * order is inserted under its unique idempotency key, then the coupon is
 * locked and the points held. A bill with nothing left to pay, or settled by
 * cash/card at the till, turns paid at once; otherwise it waits for WeChat Pay.
 */
import { Types, type Model } from 'mongoose';
import type { PricingResult } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { CouponsService } from '../coupons/service';
import type { PointsService } from '../points/service';
import type { MembershipService } from '../membership/service';
import type { StoreDoc, StoresService } from '../stores/service';
import type { Quoter } from '../checkout/quote';
import type { OrderChannel, OrderDoc } from './model';
import { orderRef, type PaidStepRunner } from './paid';
import { insertNumbered } from './number';
import { newOutTradeNo } from '../payments/out-trade-no';
import type { MemberDoc } from '../members/service';

export interface NewOrder {
  channel: OrderChannel;
  memberId: string;
  /** the member document authentication read this request (pricing reads it otherwise) */
  member?: MemberDoc;
  storeId: string;
  billFen: number;
  lines?: { id: string; name?: string; amountFen: number }[];
  /** a coupon id, "best" (the largest usable discount, or none), or null */
  couponId: string | null;
  points: number;
  /** 'wechat': the cash part is paid with WeChat Pay; 'other': by cash/card at the till or POS */
  settlement: 'wechat' | 'other';
  idemKey: string;
  clientKey: string;
  staffId?: string | null;
  posTxnId?: string | null;
}

export function createOrderCreator(deps: {
  Order: Model<OrderDoc>;
  clock: Clock;
  coupons: CouponsService;
  points: PointsService;
  membership: MembershipService;
  stores: StoresService;
  quoter: Quoter;
  paid: PaidStepRunner;
}) {
  const { Order } = deps;

  /** Undo what a failed, cancelled or expired order took (each step idempotent). */
  async function giveBack(o: OrderDoc): Promise<void> {
    if (o.couponId) await deps.coupons.lifecycle.release(String(o.couponId), orderRef(o));
    if (o.pointsUsed > 0) {
      const held = await deps.points.ledger.get(`order:${o._id}:hold`);
      if (held?.state === 'applied') await deps.points.release({ memberId: String(o.memberId), amount: o.pointsUsed, reason: 'checkout', source: 'order', reference: String(o._id), leg: 'release' });
    }
  }

  async function priceFor(input: NewOrder): Promise<{ r: PricingResult; couponName: string | null; couponId: Types.ObjectId | null; earnOnOther: boolean; unpaidMinutes: number; store: StoreDoc }> {
    const { r, coupon, settings, store } = await deps.quoter.pricing.price(input.memberId, input, { member: input.member });
    if (r.pointsUsed !== input.points) {
      throw new AppError('VALIDATION_FAILED', `at most ${r.maxPoints} points can be used on this bill`, { fields: [{ path: 'body.points', message: `最多可用 ${r.maxPoints} 积分` }] });
    }
    return { r, couponName: coupon?.terms.name ?? null, couponId: coupon?._id ?? null, earnOnOther: settings.checkout.earnOnOtherPayment, unpaidMinutes: settings.checkout.unpaidMinutes, store };
  }

  /**
   * Take the coupon and points for a pending order, then settle it when no
   * WeChat payment is due. Idempotent: a retry (double tap, crash) of the same
   * order finishes what the first attempt started, or fails the same way.
   */
  async function take(order: OrderDoc): Promise<OrderDoc> {
    if (order.state !== 'pending_payment') return order;
    try {
      if (order.couponId) await deps.coupons.lifecycle.lock(String(order.couponId), String(order.memberId), orderRef(order));
      if (order.pointsUsed > 0) await deps.points.hold({ memberId: String(order.memberId), amount: order.pointsUsed, reason: 'checkout', source: 'order', reference: String(order._id), leg: 'hold' });
    } catch (err) {
      // Only a definite refusal (coupon not lockable, points short) cancels. Anything else (a twin or a dead
      // instance still holding a lease, the database away) keeps the order: the same key retried later
      // finishes it, so one client key stays one order.
      if (!(err instanceof AppError) || err.status >= 500) {
        throw err instanceof AppError ? err : new AppError('SERVICE_UNAVAILABLE', `order ${String(order._id)} not finished yet: ${(err as Error).message}`, { cause: err });
      }
      // The key is freed (tombstoned) so the same checkout can be tried again once the cause is fixed.
      const cancelled = await Order.findOneAndUpdate(
        { _id: order._id, state: 'pending_payment' },
        { $set: { state: 'cancelled', cancelReason: (err as Error).message, idemKey: `${order.idemKey}#cancelled:${order._id}` } },
        { returnDocument: 'after', lean: true },
      );
      if (cancelled) await giveBack(cancelled as OrderDoc);
      else {
        // A twin request settled it meanwhile (the coupon is then "used", not "locked"): its outcome is ours.
        const current = (await Order.findById(order._id).lean<OrderDoc>())!;
        if (current.state === 'paid' || current.state === 'refunded') return current;
      }
      throw err;
    }
    return order.settlement === 'wechat' ? order : deps.paid.markPaid(order._id);
  }

  /** The new order (state pending_payment, or paid when nothing is left to pay by WeChat); an existing one for a repeated key. */
  /** `store`: the order's store when this call read it (pricing), so the caller's view reads it no more. */
  async function create(input: NewOrder): Promise<{ order: OrderDoc; created: boolean; store?: StoreDoc }> {
    // No read first: a repeated key is found by the unique index on insert (or by a pricing failure
    // caused by its own hold), so the first attempt pays no extra command.
    const byKey = () => Order.findOne({ idemKey: input.idemKey }).lean<OrderDoc>();
    let priced;
    try {
      priced = await priceFor(input);
    } catch (err) {
      // A concurrent double tap may have held the points or locked the coupon first: its order is ours.
      const winner = await byKey();
      if (winner && winner.state !== 'cancelled') return { order: await take(winner), created: false };
      throw err;
    }
    const { r } = priced;
    const names = new Map((input.lines ?? []).map((l) => [l.id, l.name ?? '']));
    const settlement = r.cashFen === 0 ? 'none' : input.settlement;
    const now = deps.clock.now();
    let order: OrderDoc;
    try {
      // under the next readable number: the orders' unique index on it is the reservation (orders/number.ts)
      const doc: Partial<OrderDoc> = {
        memberId: new Types.ObjectId(input.memberId),
        storeId: new Types.ObjectId(input.storeId),
        idemKey: input.idemKey,
        clientKey: input.clientKey,
        channel: input.channel,
        settlement,
        staffId: input.staffId ? new Types.ObjectId(input.staffId) : null,
        posTxnId: input.posTxnId ?? null,
        state: 'pending_payment',
        billFen: r.billFen,
        lines: r.lines.map((l) => ({ ...l, name: names.get(l.id) ?? '' })),
        couponId: priced.couponId,
        couponName: priced.couponName,
        couponDiscountFen: r.couponDiscountFen,
        pointsUsed: r.pointsUsed,
        pointsValueFen: r.pointsValueFen,
        cashFen: r.cashFen,
        pointsEarned: settlement === 'other' && !priced.earnOnOther ? 0 : r.pointsEarned,
        growthGained: r.growthGained,
        expireAt: new Date(now.getTime() + priced.unpaidMinutes * 60_000),
        // the WeChat Pay number is fixed with the order (its payment intent takes it): no write later
        outTradeNo: settlement === 'wechat' ? newOutTradeNo(now) : null,
        createdAt: now,
      };
      order = await insertNumbered(Order.db, 'order', now, 'orders_number_unique', async (number) => (await Order.create({ ...doc, number })).toObject() as OrderDoc);
    } catch (err) {
      if (!isDuplicateKey(err, 'orders_idem_key_unique')) throw err;
      return { order: await take((await byKey())!), created: false };
    }
    return { order: await take(order), created: true, store: priced.store };
  }

  return { create, giveBack };
}

export type OrderCreator = ReturnType<typeof createOrderCreator>;
