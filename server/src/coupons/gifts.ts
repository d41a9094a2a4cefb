/**
 * Campaign gifts: one coupon of a `campaign` template per (issue key), issued
 * for a whole batch of members at once. Exactly once by the unique issue key
 * (a key already issued returns its coupon); stock is taken for the batch by
 * one guarded `$inc` and what was not inserted is given back. Campaign gifts
 * are not bound by the template's per-member limit (the campaign decides who
 * gets one; its runs are keyed); their seq is derived from the issue key.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { hash32 } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import { couponModel, templateModel, type CouponDoc, type TemplateDoc } from './model';
import { snapshotTerms, validityWindow } from './terms';

export interface GiftItem {
  memberId: string;
  issueKey: string;
}

interface WriteErr {
  index: number;
  errmsg?: string;
  err?: { errmsg?: string };
  message?: string;
}

const giftSeq = (issueKey: string, attempt: number) => 1_000_000 + ((hash32(issueKey) + attempt) & 0x3fffffff);

export function createCouponGifts(deps: { conn: Connection; clock: Clock }) {
  const Template = templateModel(deps.conn);
  const Coupon = couponModel(deps.conn);

  async function takeStock(t: TemplateDoc, k: number): Promise<number> {
    if (k === 0) return 0;
    if (t.totalStock === null) {
      await Template.updateOne({ _id: t._id }, { $inc: { claimed: k } });
      return k;
    }
    const all = await Template.updateOne({ _id: t._id, claimed: { $lte: t.totalStock - k } }, { $inc: { claimed: k } });
    if (all.modifiedCount === 1) return k;
    let got = 0; // not enough for the batch: one at a time until it runs out
    while (got < k && (await Template.updateOne({ _id: t._id, claimed: { $lt: t.totalStock } }, { $inc: { claimed: 1 } })).modifiedCount === 1) got += 1;
    return got;
  }

  return {
    /** Issue one coupon per item; returns issue key → coupon id (items left out: out of stock). */
    async issueGifts(templateId: string, items: GiftItem[], actor: string): Promise<Map<string, string>> {
      const t = Types.ObjectId.isValid(templateId) ? await Template.findById(templateId).lean<TemplateDoc>() : null;
      if (!t) throw new AppError('COUPON_TEMPLATE_NOT_FOUND', `template ${templateId}`);
      if (t.status !== 'active' || t.channel !== 'campaign') throw new AppError('COUPON_NOT_ELIGIBLE', `template ${t.name} is not an active campaign template`);
      const out = new Map<string, string>();
      const existing = await Coupon.find({ issueKey: { $in: items.map((i) => i.issueKey) } }, { issueKey: 1 }).lean<CouponDoc[]>();
      for (const c of existing) out.set(c.issueKey!, String(c._id));
      let todo = items.filter((i) => !out.has(i.issueKey));
      const stock = await takeStock(t, todo.length);
      todo = todo.slice(0, stock);
      const now = deps.clock.now();
      const { validFrom, validTo } = validityWindow(t, now);
      const terms = snapshotTerms(t);
      const make = (i: GiftItem, attempt: number) => ({
        _id: new Types.ObjectId(),
        templateId: t._id,
        memberId: new Types.ObjectId(i.memberId),
        seq: giftSeq(i.issueKey, attempt),
        issueKey: i.issueKey,
        channel: 'campaign' as const,
        terms,
        state: 'available' as const,
        lockedTo: null,
        validFrom,
        validTo,
        couponNo: String(randomInt(1_000_000_000, 9_999_999_999)),
        codeSecret: randomBytes(20).toString('hex'),
        claimedAt: now,
        usedAt: null,
        usedRef: null,
        reminder: 'none' as const,
        history: [{ at: now, from: null, to: 'available', by: actor, ref: 'campaign' }],
      });
      let pending = todo;
      let unused = 0;
      for (let attempt = 0; attempt < 4 && pending.length; attempt++) {
        const docs = pending.map((i) => make(i, attempt));
        let failed: WriteErr[] = [];
        try {
          await Coupon.insertMany(docs, { ordered: false, lean: true });
        } catch (err) {
          const e = err as { writeErrors?: WriteErr[]; result?: { writeErrors?: WriteErr[] } };
          failed = e.writeErrors ?? e.result?.writeErrors ?? [];
          if (!failed.length) throw err;
        }
        const bad = new Set(failed.map((f) => f.index));
        docs.forEach((d, ix) => {
          if (!bad.has(ix)) out.set(d.issueKey, String(d._id));
        });
        const retry: GiftItem[] = [];
        for (const f of failed) {
          const msg = f.errmsg ?? f.err?.errmsg ?? f.message ?? '';
          if (msg.includes('coupons_issue_key_unique')) unused += 1; // issued meanwhile by another runner: read below
          else retry.push(pending[f.index]); // card number or seq collision: again with new ones
        }
        pending = retry;
      }
      unused += pending.length;
      const raced = todo.filter((i) => !out.has(i.issueKey));
      if (raced.length) for (const c of await Coupon.find({ issueKey: { $in: raced.map((i) => i.issueKey) } }, { issueKey: 1 }).lean<CouponDoc[]>()) out.set(c.issueKey!, String(c._id));
      if (unused) await Template.updateOne({ _id: t._id, claimed: { $gte: unused } }, { $inc: { claimed: -unused } });
      return out;
    },

    /** Members holding an available coupon that expires within `days` (trigger 「券即将过期」). */
    async membersWithExpiring(days: number): Promise<string[]> {
      const now = deps.clock.now();
      const ids = await Coupon.distinct('memberId', { state: 'available', validTo: { $gte: now, $lte: new Date(now.getTime() + days * 86400_000) } });
      return ids.map(String);
    },

    /** How many of these coupons were used (campaign report). */
    async usedCount(couponIds: string[]): Promise<number> {
      if (!couponIds.length) return 0;
      return Coupon.countDocuments({ _id: { $in: couponIds.map((id) => new Types.ObjectId(id)) }, state: 'used' });
    },
  };
}

export type CouponGifts = ReturnType<typeof createCouponGifts>;
