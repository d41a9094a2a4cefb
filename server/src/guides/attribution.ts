/**
 * Attribution: a paid order is credited to the member's guide at payment time
 * (a step in the orders' paid-step list; a guide's till order binds an unbound
 * member first); each successful refund reverses its share of the credit once
 * (integer fen, `creditReversal`). The credit is fixed when made: a later
 * transfer does not move credit for orders already paid.
 */
import { shanghaiDay } from '@homeclub/shared';
import { isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { OrderDoc } from '../orders/service';
import type { CreditDoc, GuideModels } from './model';
import type { Bindings } from './binding';
import type { GuideDays } from './days';
import { creditReversal } from './rules';

export function createAttribution(deps: { models: GuideModels; clock: Clock; bindings: Bindings; days: GuideDays }) {
  const { Credit } = deps.models;

  async function creditOf(o: OrderDoc): Promise<CreditDoc | null> {
    // The binding first (one read for a member without a guide); a retry finds the credit made before by its _id.
    const binding = await deps.bindings.of(String(o.memberId));
    if (!binding) return null;
    try {
      return (
        await Credit.create({
          _id: o._id,
          guideId: binding.guideId,
          storeId: o.storeId,
          memberId: o.memberId,
          cashFen: o.cashFen,
          reversedFen: 0,
          reversals: [],
          paidAt: o.paidAt ?? deps.clock.now(),
        })
      ).toObject() as CreditDoc;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return Credit.findById(o._id).lean<CreditDoc>();
    }
  }

  return {
    /** Paid step: bind on a guide's till order, then credit the member's guide (once: the credit's `_id` is the order). */
    async onOrderPaid(o: OrderDoc): Promise<void> {
      if (o.channel === 'till' && o.staffId) await deps.bindings.bindByGuideId(String(o.memberId), String(o.staffId), 'till');
      const credit = await creditOf(o);
      if (!credit) return;
      await deps.days.apply(String(credit.guideId), shanghaiDay(credit.paidAt), `o:${o._id}`, {
        orders: 1,
        salesFen: credit.cashFen,
      });
    },
    /** Refund hook: this refund's share of the credit, added to the day's refunds and the credit once each. */
    async onOrderRefund(
      o: OrderDoc,
      share: { refundNo: string; weight: number; weights: number[]; basis: number; full: boolean },
    ): Promise<void> {
      const credit = await Credit.findById(o._id).lean<CreditDoc>();
      if (!credit) return;
      let prior = credit.reversals.find((r) => r.refundNo === share.refundNo);
      if (!prior) {
        // The reversal is recorded on the credit first (with its day), so a retry adds it to the same day's rollup under the same key.
        const fen = creditReversal(credit.cashFen, share);
        const after = await Credit.findOneAndUpdate(
          { _id: o._id, 'reversals.refundNo': { $ne: share.refundNo } },
          { $inc: { reversedFen: fen }, $push: { reversals: { refundNo: share.refundNo, fen, at: deps.clock.now() } } },
          { returnDocument: 'after', lean: true },
        );
        prior = (after ?? (await Credit.findById(o._id).lean<CreditDoc>()))!.reversals.find(
          (r) => r.refundNo === share.refundNo,
        )!;
      }
      await deps.days.apply(String(credit.guideId), shanghaiDay(prior.at), `r:${o._id}:${share.refundNo}`, {
        refunds: 1,
        refundFen: prior.fen,
      });
    },
    credits: (memberId: string, limit = 20) => Credit.find({ memberId }).sort({ paidAt: -1 }).limit(limit).lean<CreditDoc[]>(),
  };
}
export type GuideAttribution = ReturnType<typeof createAttribution>;
