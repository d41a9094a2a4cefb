/**
 * "Paid" and its effects: coupon used, held points spent and points earned in
 * one account update (and owed points settled from them), growth added, then each registered hook
 * (referrals) — a step list on the order, run by the effects engine's runner
 * (platform/effects/steps.ts states the protocol), so a crash between any two
 * steps, a duplicate notification or the recovery job converge to one result.
 */
import type { Model, Types } from 'mongoose';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { CouponsService } from '../coupons/service';
import type { PointsService } from '../points/service';
import type { MembershipService } from '../membership/service';
import type { OwedPoints } from '../points/owed';
import { createStepList, type Step } from '../platform/effects/steps';
import type { MembershipSettings } from '@homeclub/shared';
import type { OrderDoc } from './model';

/** One run of the paid steps: the membership settings read at most once for all of them (created per run). */
interface PaidContext {
  settings(): Promise<MembershipSettings>;
}

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

  const context = (): PaidContext => {
    let settings: Promise<MembershipSettings> | null = null;
    return { settings: () => (settings ??= deps.membership.getSettings()) };
  };

  const core: Step<OrderDoc, PaidContext>[] = [
    {
      name: 'couponUsed',
      due: (o) => !!o.couponId,
      run: async (o) => {
        await deps.coupons.lifecycle.use(String(o.couponId), orderRef(o));
      },
    },
    {
      // the held points spent and the purchase's points earned: two entries, one update of the account
      name: 'pointsSettled',
      due: (o) => o.pointsUsed > 0 || o.pointsEarned > 0,
      run: async (o, ctx) => {
        const memberId = String(o.memberId);
        const ref = { memberId, source: 'order', reference: String(o._id) };
        const capture = o.pointsUsed > 0 ? { ...ref, amount: o.pointsUsed, reason: 'checkout', leg: 'capture' } : null;
        const earn = o.pointsEarned > 0 ? { ...ref, amount: o.pointsEarned, reason: 'purchase', leg: 'earn', note: `消费 ¥${(o.cashFen / 100).toFixed(2)}`, expiryYears: (await ctx.settings()).pointsExpiryYears } : null;
        const { earned } = await deps.points.captureAndEarn(capture, earn);
        if (earned) await deps.owed.settleFrom(memberId, orderRef(o), o.pointsEarned, earned.owedAfter ?? null); // owes nothing → no read
      },
    },
    {
      name: 'growthAdded',
      due: (o) => o.growthGained > 0,
      run: async (o, ctx) => {
        await deps.membership.addGrowth({ memberId: String(o.memberId), delta: o.growthGained, reason: 'purchase', key: `order:${o._id}:growth` }, await ctx.settings());
      },
    },
  ];

  const list = createStepList<OrderDoc, PaidContext>({
    Model: Order,
    steps: () => [...core, ...hooks.map((h) => ({ name: h.step, due: () => true, run: (o: OrderDoc) => h.run(o) }))],
    context,
    ready: (o) => o.state === 'paid' || o.state === 'refunded',
    logger: deps.logger,
    label: 'order paid',
  });
  const apply = (orderId: Types.ObjectId, loaded?: OrderDoc) => list.run(orderId, loaded);

  return {
    apply,
    register(hook: PaidHook) {
      if (core.some((s) => s.name === hook.step) || hooks.some((h) => h.step === hook.step)) throw new Error(`paid step ${hook.step} registered twice`);
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
    finishOpen: (limit = 200) => list.finishOpen({ state: { $in: ['paid', 'refunded'] } }, limit),
    setBeforeStep: list.setBeforeStep,
  };
}

export type PaidStepRunner = ReturnType<typeof createPaidSteps>;
