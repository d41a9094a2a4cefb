/**
 * "Paid" and its effects: coupon used, held points spent, points earned (and
 * owed points settled from them), growth added, then each registered hook
 * (referrals). Each effect is idempotent by its own key and marked done on
 * the order, so a crash between any two steps, a duplicate notification or
 * the recovery job all converge to the same result.
 */
import type { Model, Types } from 'mongoose';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { CouponsService } from '../coupons/service';
import type { PointsService } from '../points/service';
import type { MembershipService } from '../membership/service';
import type { OwedPoints } from '../points/owed';
import type { OrderDoc } from './model';

/** Another module's effect of a paid order (e.g. the referral reward); must be idempotent per order. */
export interface PaidHook {
  step: string;
  run(order: OrderDoc): Promise<void>;
}

export const orderRef = (o: { _id: Types.ObjectId }) => `order:${o._id}`;

export function createPaidSteps(deps: {
  Order: Model<OrderDoc>;
  clock: Clock;
  logger: Logger;
  coupons: CouponsService;
  points: PointsService;
  membership: MembershipService;
  owed: OwedPoints;
}) {
  const { Order } = deps;
  const hooks: PaidHook[] = [];
  /** test seam: called before each step, may throw to simulate a crash */
  let beforeStep: ((step: string, order: OrderDoc) => void) | null = null;

  const core: { step: string; due(o: OrderDoc): boolean; run(o: OrderDoc): Promise<void> }[] = [
    {
      step: 'couponUsed',
      due: (o) => !!o.couponId,
      run: async (o) => {
        await deps.coupons.lifecycle.use(String(o.couponId), orderRef(o));
      },
    },
    {
      step: 'pointsCaptured',
      due: (o) => o.pointsUsed > 0,
      run: async (o) => {
        await deps.points.capture({ memberId: String(o.memberId), amount: o.pointsUsed, reason: 'checkout', source: 'order', reference: String(o._id), leg: 'capture' });
      },
    },
    {
      step: 'pointsEarned',
      due: (o) => o.pointsEarned > 0,
      run: async (o) => {
        const memberId = String(o.memberId);
        await deps.points.earn({ memberId, amount: o.pointsEarned, reason: 'purchase', source: 'order', reference: String(o._id), leg: 'earn', note: `消费 ¥${(o.cashFen / 100).toFixed(2)}` });
        await deps.owed.settleFrom(memberId, orderRef(o), o.pointsEarned);
      },
    },
    {
      step: 'growthAdded',
      due: (o) => o.growthGained > 0,
      run: async (o) => {
        await deps.membership.addGrowth({ memberId: String(o.memberId), delta: o.growthGained, reason: 'purchase', key: `order:${o._id}:growth` });
      },
    },
  ];

  const allSteps = () => [...core, ...hooks.map((h) => ({ step: h.step, due: () => true, run: h.run }))];

  /**
   * Apply every step not yet done, then mark them and the order done in one update
   * (each step is idempotent by its own key, so a crash before the mark only repeats
   * work, never effects). A failing step marks the ones before it and rethrows.
   */
  async function apply(orderId: Types.ObjectId, loaded?: OrderDoc): Promise<OrderDoc> {
    const o = loaded ?? (await Order.findById(orderId).lean<OrderDoc>())!;
    if (o.state !== 'paid' && o.state !== 'refunded') return o;
    const marks: Record<string, true> = {};
    try {
      for (const s of allSteps()) {
        if (o.steps?.[s.step] || !s.due(o)) continue;
        beforeStep?.(s.step, o);
        await s.run(o);
        marks[`steps.${s.step}`] = true;
      }
    } catch (err) {
      if (Object.keys(marks).length) await Order.updateOne({ _id: o._id }, { $set: marks });
      throw err;
    }
    return (await Order.findOneAndUpdate({ _id: o._id }, { $set: { ...marks, stepsDone: true } }, { returnDocument: 'after', lean: true })) as OrderDoc;
  }

  return {
    apply,
    register(hook: PaidHook) {
      if (core.some((s) => s.step === hook.step) || hooks.some((h) => h.step === hook.step)) throw new Error(`paid step ${hook.step} registered twice`);
      hooks.push(hook);
    },
    /** pending_payment → paid (once), then the steps. A payment for an order no longer pending is the payment module's late payment. */
    async markPaid(orderId: Types.ObjectId): Promise<OrderDoc> {
      const paid = await Order.findOneAndUpdate(
        { _id: orderId, state: 'pending_payment' },
        { $set: { state: 'paid', paidAt: deps.clock.now(), steps: {}, stepsDone: false } },
        { returnDocument: 'after', lean: true },
      );
      const current = (paid as OrderDoc | null) ?? (await Order.findById(orderId).lean<OrderDoc>());
      if (!current) throw new Error(`order ${orderId} missing`);
      if (current.state !== 'paid' && current.state !== 'refunded') {
        deps.logger.warn({ orderId: String(orderId), state: current.state }, 'payment for an order that is no longer pending');
        return current;
      }
      return apply(orderId, current);
    },
    /** Job: paid orders whose steps a crash interrupted. */
    async finishOpen(limit = 200): Promise<number> {
      const open = await Order.find({ stepsDone: false, state: { $in: ['paid', 'refunded'] } }, { _id: 1 }).limit(limit).lean<OrderDoc[]>();
      for (const o of open) await apply(o._id).catch((err) => deps.logger.warn({ err: (err as Error).message, orderId: String(o._id) }, 'paid steps not finished'));
      return open.length;
    },
    setBeforeStep(fn: typeof beforeStep) {
      beforeStep = fn;
    },
  };
}

export type PaidStepRunner = ReturnType<typeof createPaidSteps>;
