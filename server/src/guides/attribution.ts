/**
 * Attribution: a paid order is credited to the member's guide at payment time
 * (a step in the orders' paid-step list; a guide's till order binds an unbound
 * member first); each successful refund reverses its share of the credit once
 * (integer fen, `creditReversal`). The credit is fixed when made: a later
 * transfer does not move credit for orders already paid. With commission rules
 * active the credit carries the order's commission (commission.ts): a refund
 * reduces it while pending — in the same guarded update as the credit's reversal —
 * or, once settled, records a clawback that commission.ts enters once.
 */
import { shanghaiDay } from '@homeclub/shared';
import { isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { OrderDoc } from '../orders/service';
import type { CreditDoc, GuideModels } from './model';
import type { Bindings } from './binding';
import type { GuideDays } from './days';
import { creditReversal } from './rules';
import { commissionReduction } from './commission.calc';
import type { GuideCommissionService } from './commission';

type Share = { refundNo: string; weight: number; weights: number[]; basis: number; full: boolean };
type Reversal = CreditDoc['reversals'][number];

export function createAttribution(deps: {
  models: GuideModels;
  clock: Clock;
  bindings: Bindings;
  days: GuideDays;
  commission: GuideCommissionService;
}) {
  const { Credit } = deps.models;

  async function creditOf(o: OrderDoc): Promise<CreditDoc | null> {
    // The binding first (one read for a member without a guide); a retry finds the credit made before by its _id.
    const binding = await deps.bindings.of(String(o.memberId));
    if (!binding) return null;
    const paidAt = o.paidAt ?? deps.clock.now();
    const commission = await deps.commission.draft(o, paidAt);
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
          paidAt,
          ...(commission ? { commission } : {}),
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
        commissionFen: credit.commission?.fen ?? 0,
      });
    },
    /** Refund hook: this refund's share of the credit (and of its commission), added to the day's refunds and the credit once each. */
    async onOrderRefund(o: OrderDoc, share: Share): Promise<void> {
      let credit = await Credit.findById(o._id).lean<CreditDoc>();
      if (!credit) return;
      let prior = credit.reversals.find((r) => r.refundNo === share.refundNo);
      for (let i = 0; !prior && i < 5; i++) {
        // The reversal is recorded on the credit first (with its day), so a retry adds it to the same day's rollup under the same key.
        const step = reversalOf(credit, share, deps.clock.now());
        const after = await Credit.findOneAndUpdate(step.filter, step.update, { returnDocument: 'after', lean: true });
        credit = (after as CreditDoc | null) ?? (await Credit.findById(o._id).lean<CreditDoc>())!;
        prior = credit.reversals.find((r) => r.refundNo === share.refundNo); // none: the commission's state moved, again
      }
      if (!prior) throw new Error(`guide credit ${String(o._id)} kept changing`);
      await deps.days.apply(String(credit.guideId), shanghaiDay(prior.at), `r:${o._id}:${share.refundNo}`, {
        refunds: 1,
        refundFen: prior.fen,
        commissionReducedFen: prior.commissionFen ?? 0,
      });
      await deps.commission.clawBack(credit, prior);
    },
    credits: (memberId: string, limit = 20) => Credit.find({ memberId }).sort({ paidAt: -1 }).limit(limit).lean<CreditDoc[]>(),
  };
}
/** The guarded update recording one refund on a credit: a pending commission reduced, a settled one clawed back. */
function reversalOf(credit: CreditDoc, share: Share, now: Date) {
  const fen = creditReversal(credit.cashFen, share);
  const c = credit.commission;
  const filter: Record<string, unknown> = { _id: credit._id, 'reversals.refundNo': { $ne: share.refundNo } };
  const inc: Record<string, number> = { reversedFen: fen };
  const entry: Reversal = { refundNo: share.refundNo, fen, at: now };
  if (c) {
    filter['commission.state'] = c.state;
    const x = commissionReduction(c.fen, share);
    if (c.state === 'pending' && x > 0) {
      inc['commission.reducedFen'] = Math.min(x, c.fen - c.reducedFen);
      entry.commissionFen = inc['commission.reducedFen'];
    } else if (c.state === 'settled') {
      const claw = Math.min(x, c.settledFen - c.clawedFen);
      if (claw > 0) {
        // shares of one basis never sum past the commission, so concurrent refunds need no guard on each other
        inc['commission.clawedFen'] = claw;
        entry.clawFen = claw;
      }
    }
  }
  return { filter, update: { $inc: inc, $push: { reversals: entry } } };
}

export type GuideAttribution = ReturnType<typeof createAttribution>;
