/**
 * Claiming a coupon, race-free: the stock counter is taken with a guarded
 * `$inc` (claimed < totalStock), the per-member limit by the unique index on
 * (template, member, seq) with seq in 1..limit; if the second step fails the
 * first is undone with the inverse guarded `$inc`. An `issueKey` (unique)
 * makes gifts (new member, birthday, exchange, admin batch) exactly-once.
 * A claim from the centre is three commands: the template's stock taken by one
 * `findOneAndUpdate` whose filter holds every eligibility rule (status, channel,
 * window, tier, stock; it returns the template), the member's next seq from the
 * claim counter (one guarded upsert) — or, with the count the claim centre showed (`claimedByMe`), no command —
 * the coupon insert. Only a refusal, or a hint that was wrong, reads more.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { MemberDoc } from '../members/service';
import { Types, type Connection } from 'mongoose';
import type { CouponChannel } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import { claimCountModel, couponModel, templateModel, type CouponDoc, type TemplateDoc } from './model';
import { claimBlock, snapshotTerms, validityWindow } from './terms';
import type { Lifecycle } from './lifecycle';

export function createClaimer(deps: { conn: Connection; clock: Clock; tierOf: (memberId: string, loaded?: MemberDoc) => Promise<string>; lifecycle: Lifecycle }) {
  const Template = templateModel(deps.conn);
  const Coupon = couponModel(deps.conn);
  const ClaimCount = claimCountModel(deps.conn);

  /** Take one from the stock of an active template this member may claim now (null: some rule refused). */
  async function takeEligible(templateId: string, now: Date, tier: string, channel: CouponChannel): Promise<TemplateDoc | null> {
    const filter = {
      _id: new Types.ObjectId(templateId),
      status: 'active',
      channel,
      $and: [
        { $or: [{ claimFrom: null }, { claimFrom: { $lte: now } }] },
        { $or: [{ claimTo: null }, { claimTo: { $gte: now } }] },
        { $or: [{ 'tiers.0': { $exists: false } }, { tiers: tier }] },
        { $or: [{ totalStock: null }, { $expr: { $lt: ['$claimed', '$totalStock'] } }] },
      ],
    };
    return (await Template.findOneAndUpdate(filter as never, { $inc: { claimed: 1 } }, { returnDocument: 'after', lean: true })) as unknown as TemplateDoc | null;
  }

  /** The member's next seq of this template (null: the counter says the limit is reached). */
  async function nextSeq(t: TemplateDoc, memberId: Types.ObjectId): Promise<number | null> {
    try {
      const c = await ClaimCount.findOneAndUpdate({ _id: `${t._id}|${memberId}`, n: { $lt: t.perMemberLimit } }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after', lean: true });
      return c!.n;
    } catch (err) {
      if (isDuplicateKey(err)) return null; // the upsert found the counter at the limit
      throw err;
    }
  }

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
    async claim(input: { memberId: string; templateId: string; channel: CouponChannel; issueKey?: string; actor?: string; member?: MemberDoc; claimedByMe?: number }): Promise<CouponDoc> {
      const now = deps.clock.now();
      const tier = input.issueKey ? '' : await deps.tierOf(input.memberId, input.member);
      let t = Types.ObjectId.isValid(input.templateId) && !input.issueKey ? await takeEligible(input.templateId, now, tier, input.channel) : null;
      const taken = t !== null;
      if (!t) t = Types.ObjectId.isValid(input.templateId) ? await Template.findById(input.templateId).lean<TemplateDoc>() : null;
      if (!t) throw new AppError('COUPON_TEMPLATE_NOT_FOUND', `template ${input.templateId}`);
      const tpl = t;
      const memberId = new Types.ObjectId(input.memberId);
      const { validFrom, validTo } = validityWindow(t, now);
      const base = {
        templateId: t._id,
        memberId,
        channel: input.channel,
        terms: snapshotTerms(t),
        validFrom,
        validTo,
        codeSecret: randomBytes(20).toString('hex'),
        claimedAt: now,
        history: [{ at: now, from: null, to: 'available' as const, by: input.actor ?? input.memberId, ref: input.channel as string }],
      };
      // A keyed issue's placeholder starts without history: the lifecycle writes the issue line when it activates it.
      const placeholderBase = { ...base, history: [] };
      const check = async () => {
        const mine = await Coupon.countDocuments({ templateId: t._id, memberId, state: { $ne: 'issuing' } });
        const block = claimBlock(t, now, await deps.tierOf(input.memberId, input.member), mine, input.channel);
        if (block) throw new AppError(block, `template ${t.name}: ${block}`);
        return mine;
      };

      /** Insert at the first free seq ≤ limit; null when the limit is reached. */
      const insertAtFreeSeq = async (from: number, state: 'available' | 'issuing'): Promise<CouponDoc | null> => {
        const doc = state === 'issuing' ? placeholderBase : base;
        for (let seq = from; seq <= t.perMemberLimit; seq++) {
          try {
            return (
              await Coupon.create({ ...doc, seq, state, couponNo: String(randomInt(1_000_000_000, 9_999_999_999)), ...(input.issueKey ? { issueKey: input.issueKey } : {}) })
            ).toObject();
          } catch (err) {
            if (isDuplicateKey(err, 'coupons_no_unique')) {
              seq -= 1; // card-number collision: same seq, another number
              continue;
            }
            if (isDuplicateKey(err, 'coupons_template_member_seq_unique')) continue;
            throw err;
          }
        }
        return null;
      };


      if (!input.issueKey) {
        if (!taken) {
          const block = claimBlock(tpl, now, tier, 0, input.channel);
          throw new AppError(block ?? 'COUPON_OUT_OF_STOCK', `template ${tpl.name}: ${block ?? 'stock taken meanwhile'}`);
        }
        const undo = async (err: unknown) => {
          await giveBackStock(tpl);
          throw err;
        };
        const late = claimBlock({ ...tpl, claimed: 0 }, now, tier, 0, input.channel); // rules the filter cannot hold (fixed validity ended)
        if (late) await undo(new AppError(late, `template ${tpl.name}: ${late}`));
        // One per member (the usual case): the unique index alone holds the limit, no counter. Otherwise the seq
        // comes from the count the claim centre showed (no command), or from the member's claim counter.
        const hinted = input.claimedByMe !== undefined && input.claimedByMe < tpl.perMemberLimit ? input.claimedByMe + 1 : null;
        const seq = tpl.perMemberLimit === 1 ? 1 : (hinted ?? (await nextSeq(tpl, memberId).catch(undo)));
        // Either is a hint: a taken seq moves on; with no seq left above it (or at the limit) the coupons are counted
        // and the first free seq from 1 is taken, so a wrong hint costs commands, never a coupon too many or too few.
        let created = seq !== null ? await insertAtFreeSeq(seq, 'available').catch(undo) : null;
        if (!created && (seq === null || hinted !== null)) created = await check().then(() => insertAtFreeSeq(1, 'available')).catch(undo);
        if (created) return created;
        await giveBackStock(tpl);
        throw new AppError('COUPON_LIMIT_REACHED', `member ${input.memberId} reached ${tpl.perMemberLimit} of ${tpl.name}`);
      }

      // With an issue key: a placeholder holds the key first, so concurrent retries of the same issue wait for one outcome.
      for (let round = 0; round < 400; round++) {
        const existing = await Coupon.findOne({ issueKey: input.issueKey }).lean<CouponDoc>();
        if (existing && existing.state !== 'issuing') return existing;
        if (existing) {
          if (existing.claimedAt.getTime() < deps.clock.now().getTime() - 60_000) {
            await Coupon.deleteOne({ _id: existing._id, state: 'issuing' }); // abandoned by a crashed issuer
          } else {
            await new Promise((r) => setTimeout(r, 15));
          }
          continue;
        }
        const mine = await check();
        let placeholder: CouponDoc | null;
        try {
          placeholder = await insertAtFreeSeq(mine + 1, 'issuing');
        } catch (err) {
          if (isDuplicateKey(err, 'coupons_issue_key_unique')) continue; // someone else is issuing it
          throw err;
        }
        if (!placeholder) {
          if (await Coupon.exists({ issueKey: input.issueKey })) continue; // the seq was taken by this same issue: wait for it
          throw new AppError('COUPON_LIMIT_REACHED', `member ${input.memberId} reached ${t.perMemberLimit} of ${t.name}`);
        }
        if (!(await takeStock(t))) {
          await Coupon.deleteOne({ _id: placeholder._id, state: 'issuing' });
          throw new AppError('COUPON_OUT_OF_STOCK', `template ${t.name} sold out`);
        }
        return (await deps.lifecycle.activate(placeholder._id, input.actor ?? input.memberId, input.channel))!;
      }
      throw new AppError('SERVICE_UNAVAILABLE', `coupon issue ${input.issueKey} still in progress`);
    },
  };
}

export type Claimer = ReturnType<typeof createClaimer>;
