/**
 * The per-guide per-day rollup (`guide_days`, `_id` = guideId:YYYY-MM-DD): every
 * movement (binding change, paid order, refund) is added once by its key, so a
 * retried step never counts twice. Reports read a guide's days by `_id` range.
 */
import { Types } from 'mongoose';
import type { GuidePerformance } from '@homeclub/shared';
import { isDuplicateKey } from '../platform/errors';
import type { DayDoc, GuideModels } from './model';

type Figures = Partial<
  Record<
    | 'gained'
    | 'lost'
    | 'newBindings'
    | 'orders'
    | 'salesFen'
    | 'refunds'
    | 'refundFen'
    | 'commissionFen'
    | 'commissionReducedFen',
    number
  >
>;

export function createGuideDays(deps: { models: GuideModels }) {
  const { Day } = deps.models;

  async function apply(guideId: string, day: string, key: string, figures: Figures): Promise<void> {
    const inc = Object.fromEntries(Object.entries(figures).filter(([, v]) => v !== 0));
    const _id = `${guideId}:${day}`;
    for (let i = 0; i < 5; i++) {
      try {
        await Day.updateOne(
          { _id, applied: { $ne: key } },
          { $inc: inc, $push: { applied: key }, $setOnInsert: { guideId: new Types.ObjectId(guideId), day } },
          { upsert: true },
        );
        return;
      } catch (err) {
        // a duplicate _id: either this key is applied already, or another key created the day first (retry)
        if (!isDuplicateKey(err)) throw err;
        if (await Day.exists({ _id, applied: key })) return;
      }
    }
    throw new Error(`guide day ${_id} kept changing`);
  }

  /** Every day of a guide up to `to` (by `_id` range), without the applied keys. */
  const daysUpTo = (guideId: string, to: string) =>
    Day.find({ _id: { $gte: `${guideId}:`, $lte: `${guideId}:${to}` } }, { applied: 0 }).lean<DayDoc[]>();

  /** A guide's figures over [from, to] and customers at the end of `to` (net of all days up to it). */
  async function performance(guideId: string, from: string, to: string): Promise<GuidePerformance> {
    const days = await daysUpTo(guideId, to);
    const p: GuidePerformance = {
      from,
      to,
      customers: 0,
      newBindings: 0,
      lostBindings: 0,
      orders: 0,
      salesFen: 0,
      refunds: 0,
      refundFen: 0,
      netSalesFen: 0,
      commissionFen: 0,
    };
    for (const d of days) {
      p.customers += (d.gained ?? 0) - (d.lost ?? 0);
      if (d.day < from) continue;
      p.newBindings += d.newBindings ?? 0;
      p.lostBindings += d.lost ?? 0;
      p.orders += d.orders ?? 0;
      p.salesFen += d.salesFen ?? 0;
      p.refunds += d.refunds ?? 0;
      p.refundFen += d.refundFen ?? 0;
      p.commissionFen += (d.commissionFen ?? 0) - (d.commissionReducedFen ?? 0);
    }
    p.netSalesFen = p.salesFen - p.refundFen;
    return p;
  }

  return { apply, performance, daysUpTo };
}
export type GuideDays = ReturnType<typeof createGuideDays>;
