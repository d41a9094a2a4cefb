/**
 * Claiming a coupon, race-free: the stock counter is taken with a guarded
 * `$inc` (claimed < totalStock), the per-member limit by the unique index on
 * (template, member, seq) with seq in 1..limit; if the second step fails the
 * first is undone with the inverse guarded `$inc`. An `issueKey` (unique)
 * makes gifts (new member, birthday, exchange, admin batch) exactly-once.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import type { CouponChannel } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import { couponModel, templateModel, type CouponDoc, type TemplateDoc } from './model';
import { claimBlock, snapshotTerms, validityWindow } from './terms';

export function createClaimer(deps: { conn: Connection; clock: Clock; tierOf: (memberId: string) => Promise<string> }) {
  const Template = templateModel(deps.conn);
  const Coupon = couponModel(deps.conn);

  async function takeStock(t: TemplateDoc): Promise<boolean> {
    if (t.totalStock === null) {
      await Template.updateOne({ _id: t._id }, { $inc: { claimed: 1 } });
      return true;
    }
    const res = await Template.updateOne({ _id: t._id, status: 'active', claimed: { $lt: t.totalStock } }, { $inc: { claimed: 1 } });
    return res.modifiedCount === 1;
  }

  async function giveBackStock(t: TemplateDoc): Promise<void> {
    await Template.updateOne({ _id: t._id, claimed: { $gt: 0 } }, { $inc: { claimed: -1 } });
  }

  return {
    /**
     * Claim one coupon of `templateId` for `memberId` through `channel`.
     * With `issueKey`, the same key returns the coupon issued the first time.
     */
    async claim(input: { memberId: string; templateId: string; channel: CouponChannel; issueKey?: string; actor?: string }): Promise<CouponDoc> {
      if (input.issueKey) {
        const existing = await Coupon.findOne({ issueKey: input.issueKey }).lean<CouponDoc>();
        if (existing) return existing;
      }
      const t = Types.ObjectId.isValid(input.templateId) ? await Template.findById(input.templateId).lean<TemplateDoc>() : null;
      if (!t) throw new AppError('COUPON_TEMPLATE_NOT_FOUND', `template ${input.templateId}`);
      const now = deps.clock.now();
      const memberId = new Types.ObjectId(input.memberId);
      const mine = await Coupon.countDocuments({ templateId: t._id, memberId });
      const block = claimBlock(t, now, await deps.tierOf(input.memberId), mine, input.channel);
      if (block) throw new AppError(block, `template ${t.name}: ${block}`);
      if (!(await takeStock(t))) throw new AppError('COUPON_OUT_OF_STOCK', `template ${t.name} sold out`);
      const { validFrom, validTo } = validityWindow(t, now);
      for (let seq = mine + 1; seq <= t.perMemberLimit; seq++) {
        try {
          const created = await Coupon.create({
            templateId: t._id,
            memberId,
            seq,
            ...(input.issueKey ? { issueKey: input.issueKey } : {}),
            channel: input.channel,
            terms: snapshotTerms(t),
            state: 'available',
            validFrom,
            validTo,
            couponNo: String(randomInt(1_000_000_000, 9_999_999_999)),
            codeSecret: randomBytes(20).toString('hex'),
            claimedAt: now,
            history: [{ at: now, from: null, to: 'available', by: input.actor ?? input.memberId, ref: input.channel }],
          });
          return created.toObject();
        } catch (err) {
          if (isDuplicateKey(err, 'coupons_issue_key_unique')) {
            await giveBackStock(t);
            return (await Coupon.findOne({ issueKey: input.issueKey }).lean<CouponDoc>())!;
          }
          if (isDuplicateKey(err, 'coupons_no_unique')) {
            seq -= 1; // a card-number collision: try the same seq again with another number
            continue;
          }
          if (!isDuplicateKey(err, 'coupons_template_member_seq_unique')) {
            await giveBackStock(t);
            throw err;
          }
        }
      }
      await giveBackStock(t);
      throw new AppError('COUPON_LIMIT_REACHED', `member ${input.memberId} reached ${t.perMemberLimit} of ${t.name}`);
    },
  };
}

export type Claimer = ReturnType<typeof createClaimer>;
