/** Coupons: templates (admin), claim centre, my coupons, points exchange, gifts, reminders. */
import { Types, type Connection } from 'mongoose';
import type { CouponState, CouponView, TemplateInput, TemplateView } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { PointsService } from '../points/service';
import type { MemberDoc, MembersService } from '../members/service';
import type { AuditService } from '../system/audit';
import type { MiniProgramClient } from '../wechat/miniprogram/client';
import { couponModel, templateModel, type CouponDoc, type TemplateDoc } from './model';
import { createClaimer } from './claim';
import { createLifecycle } from './lifecycle';
import { createUsable } from './usable';
import { COUPON_CODE_PREFIX, createVerifier } from './verify';
import { claimBlock, toTemplateView } from './terms';
import { createCouponGifts } from './gifts';
import { createCouponsRollup } from './rollup';
import { createCouponsAudit, type LiveOrders } from './audit';
import { createExpiryReminders } from './expiry-reminders';
import type { MessagesService } from '../messages/service';

export type { CouponDoc, TemplateDoc } from './model';

export function toCouponView(c: CouponDoc): CouponView {
  return {
    id: String(c._id),
    templateId: String(c.templateId),
    terms: c.terms,
    state: c.state === 'issuing' ? 'available' : c.state,
    validFrom: c.validFrom.toISOString(),
    validTo: c.validTo.toISOString(),
    claimedAt: c.claimedAt.toISOString(),
    usedAt: c.usedAt?.toISOString() ?? null,
    channel: c.channel,
    couponNo: c.couponNo,
  };
}

export function createCouponsService(deps: {
  conn: Connection;
  clock: Clock;
  logger: Logger;
  points: PointsService;
  members: MembersService;
  audit: AuditService;
  wechat: MiniProgramClient;
  /** the subscribe-message mapping, read when a reminder is sent */
  messages: Pick<MessagesService, 'composer'>;
  tierOf: (memberId: string, loaded?: MemberDoc) => Promise<string>;
}) {
  const Template = templateModel(deps.conn);
  const Coupon = couponModel(deps.conn);
  const lifecycle = createLifecycle({ conn: deps.conn, clock: deps.clock });
  const claimer = createClaimer({ conn: deps.conn, clock: deps.clock, tierOf: deps.tierOf, lifecycle });
  const verifier = createVerifier({ conn: deps.conn, clock: deps.clock, members: deps.members, lifecycle });
  const usable = createUsable({ conn: deps.conn, clock: deps.clock });
  const { clock } = deps;

  async function requireTemplate(id: string): Promise<TemplateDoc> {
    const t = Types.ObjectId.isValid(id) ? await Template.findById(id).lean<TemplateDoc>() : null;
    if (!t) throw new AppError('COUPON_TEMPLATE_NOT_FOUND', `template ${id}`);
    return t;
  }

  async function mineOwned(memberId: string, couponId: string): Promise<CouponDoc> {
    const c = Types.ObjectId.isValid(couponId) ? await Coupon.findOne({ _id: couponId, memberId: new Types.ObjectId(memberId) }).lean<CouponDoc>() : null;
    if (!c) throw new AppError('COUPON_NOT_FOUND', `coupon ${couponId} not found for member ${memberId}`);
    return c;
  }

  const exchangeRef = (memberId: string, clientKey: string) => `${memberId}:${clientKey}`;

  const service = {
    /** campaign gifts issued in batches (member insight) */
    gifts: createCouponGifts({ conn: deps.conn, clock: deps.clock }),
    /** per-day figures for the analytics rollups */
    rollup: createCouponsRollup(deps),
    /** ledger audit of one batch of coupons, asking the orders module which orders are live */
    auditWith: (liveOrders: LiveOrders) => createCouponsAudit({ ...deps, liveOrders }),
    lifecycle,
    verifier,
    claimer,
    usableAt: usable.usableAt,
    usableOne: usable.usableOne,
    /** A template by id (null when there is none). */
    async template(id: string): Promise<TemplateDoc | null> {
      return Types.ObjectId.isValid(id) ? Template.findById(id).lean<TemplateDoc>() : null;
    },

    async createTemplate(actorId: string, input: TemplateInput): Promise<TemplateView> {
      const now = clock.now();
      const t = await Template.create({
        ...input,
        claimFrom: input.claimFrom ? new Date(input.claimFrom) : null,
        claimTo: input.claimTo ? new Date(input.claimTo) : null,
        claimed: 0,
        status: 'active',
        createdAt: now,
        updatedAt: now,
      });
      const created = toTemplateView(t.toObject());
      await deps.audit.record(actorId, 'coupon_template.create', { templateId: String(t._id), name: input.name, before: null, after: created });
      return created;
    },

    /** Editing never touches `claimed` nor coupons already claimed (they keep their terms snapshot). */
    async updateTemplate(actorId: string, id: string, patch: Partial<Pick<TemplateDoc, 'name' | 'description' | 'totalStock' | 'perMemberLimit' | 'status' | 'amountOffFen' | 'thresholdFen'>> & { claimTo?: string | null }): Promise<TemplateView> {
      const t = await requireTemplate(id);
      const set: Record<string, unknown> = { ...patch, updatedAt: clock.now() };
      if (patch.claimTo !== undefined) set.claimTo = patch.claimTo ? new Date(patch.claimTo) : null;
      if (patch.totalStock != null && patch.totalStock < t.claimed) {
        throw new AppError('VALIDATION_FAILED', `stock ${patch.totalStock} below ${t.claimed} already claimed`, { fields: [{ path: 'body.totalStock', message: `已领取 ${t.claimed} 张，库存不能更少` }] });
      }
      delete set.claimed;
      const updated = await Template.findOneAndUpdate({ _id: t._id }, { $set: set }, { returnDocument: 'after', lean: true });
      const after = toTemplateView(updated as TemplateDoc);
      await deps.audit.record(actorId, patch.status && patch.status !== t.status ? `coupon_template.${patch.status === 'paused' ? 'pause' : 'resume'}` : 'coupon_template.update', {
        templateId: id,
        patch,
        before: toTemplateView(t),
        after,
      });
      return after;
    },

    /** Console undo of a verification (a chain admin: storeId null; a manager: their store), audited. */
    async undoVerification(actorId: string, verificationId: string, storeId: string | null) {
      const v = await verifier.undoAt(actorId, verificationId, storeId);
      await deps.audit.record(actorId, 'coupon.verification.undo', { verificationId, couponId: v.couponId, storeId: v.storeId });
      return v;
    },

    async listTemplates(): Promise<TemplateView[]> {
      return (await Template.find().sort({ createdAt: -1 }).limit(500).lean<TemplateDoc[]>()).map(toTemplateView);
    },

    async center(memberId: string) {
      const now = clock.now();
      const templates = await Template.find({ status: 'active', channel: { $in: ['claim_center', 'points_exchange'] } }).sort({ createdAt: -1 }).limit(100).lean<TemplateDoc[]>();
      const tier = await deps.tierOf(memberId);
      const mine = await Coupon.aggregate<{ _id: Types.ObjectId; n: number }>([
        { $match: { memberId: new Types.ObjectId(memberId), templateId: { $in: templates.map((t) => t._id) } } },
        { $group: { _id: '$templateId', n: { $sum: 1 } } },
      ]);
      const count = new Map(mine.map((m) => [String(m._id), m.n]));
      return templates
        .filter((t) => !(t.claimTo && now > t.claimTo))
        .map((t) => {
          const claimedByMe = count.get(String(t._id)) ?? 0;
          const reason = claimBlock(t, now, tier, claimedByMe, t.channel);
          return { template: toTemplateView(t), remaining: t.totalStock === null ? null : Math.max(0, t.totalStock - t.claimed), claimedByMe, canClaim: reason === null, reason };
        });
    },

    /** `member`: the member document authentication read this request */
    /** `claimedByMe`: the count the claim centre showed (a hint for the coupon's seq, claim.ts) */
    async claimFromCenter(memberId: string, templateId: string, member?: MemberDoc, claimedByMe?: number): Promise<CouponView> {
      return toCouponView(await claimer.claim({ memberId, templateId, channel: 'claim_center', member, claimedByMe }));
    },

    /**
     * Points → coupon, exactly once per clientKey: hold the points, claim with
     * an issue key, capture the points; a failed claim releases the hold. A
     * crash in between is finished by `finishExchanges` (or the same retry).
     */
    async exchange(memberId: string, templateId: string, clientKey: string): Promise<CouponView> {
      const issueKey = `exchange:${exchangeRef(memberId, clientKey)}`;
      const done = await Coupon.findOne({ issueKey }).lean<CouponDoc>();
      const t = await requireTemplate(done ? String(done.templateId) : templateId);
      if (t.channel !== 'points_exchange' || !t.pointsCost) throw new AppError('COUPON_NOT_ELIGIBLE', `template ${t.name} is not a points exchange`);
      if (!done && t.totalStock !== null && t.claimed >= t.totalStock) throw new AppError('COUPON_OUT_OF_STOCK', `template ${t.name} sold out`); // before touching points
      const ref = exchangeRef(memberId, clientKey);
      const base = { memberId, source: 'coupon_exchange', reference: ref, reason: 'coupon_exchange', amount: t.pointsCost, note: t.name };
      await deps.points.hold({ ...base, leg: 'hold' });
      if (!done && (await deps.points.ledger.get(`coupon_exchange:${ref}:release`))) {
        throw new AppError('COUPON_NOT_AVAILABLE', `exchange ${ref} failed earlier and its points were released; retry with a new clientKey`);
      }
      let coupon: CouponDoc;
      try {
        coupon = done ?? (await claimer.claim({ memberId, templateId: String(t._id), channel: 'points_exchange', issueKey }));
      } catch (err) {
        // Another retry of this same exchange may own the issue: then its outcome is ours, keep the hold.
        if (await Coupon.exists({ issueKey })) {
          coupon = await claimer.claim({ memberId, templateId: String(t._id), channel: 'points_exchange', issueKey });
        } else {
          await deps.points.release({ ...base, leg: 'release' });
          throw err;
        }
      }
      await deps.points.capture({ ...base, leg: 'capture' });
      return toCouponView(coupon);
    },

    /** Job: exchanges interrupted between hold and capture/release. */
    async finishExchanges(olderThanMs = 5 * 60_000): Promise<number> {
      const before = new Date(clock.now().getTime() - olderThanMs);
      let fixed = 0;
      for (const h of await deps.points.openHolds('coupon_exchange', before)) {
        const coupon = await Coupon.exists({ issueKey: `exchange:${h.reference}` });
        const base = { memberId: String(h.memberId), source: 'coupon_exchange', reference: h.reference, reason: 'coupon_exchange', amount: h.heldDelta, note: h.note };
        if (coupon) await deps.points.capture({ ...base, leg: 'capture' });
        else await deps.points.release({ ...base, leg: 'release' });
        fixed += 1;
      }
      return fixed;
    },

    async mine(memberId: string, state?: CouponState): Promise<CouponView[]> {
      const filter: Record<string, unknown> = { memberId: new Types.ObjectId(memberId), state: { $ne: 'issuing' } };
      if (state === 'available') filter.state = { $in: ['available', 'locked'] };
      else if (state) filter.state = state;
      return (await Coupon.find(filter).sort({ claimedAt: -1 }).limit(200).lean<CouponDoc[]>()).map(toCouponView);
    },
    async one(memberId: string, couponId: string): Promise<CouponView> {
      return toCouponView(await mineOwned(memberId, couponId));
    },
    async codeSecret(memberId: string, couponId: string) {
      const c = await mineOwned(memberId, couponId);
      if (c.state !== 'available') throw new AppError('COUPON_NOT_AVAILABLE', `coupon ${couponId} is ${c.state}`);
      return { couponNo: c.couponNo, secret: c.codeSecret, periodSeconds: 60, chainPrefix: COUPON_CODE_PREFIX };
    },
    async usableCount(memberId: string): Promise<number> {
      const now = clock.now();
      return Coupon.countDocuments({ memberId: new Types.ObjectId(memberId), state: 'available', validFrom: { $lte: now }, validTo: { $gte: now } });
    },

    /** First login: every active new-member gift, once each (issue key per member and template). */
    async issueNewMemberGifts(memberId: string): Promise<number> {
      const gifts = await Template.find({ status: 'active', channel: 'new_member' }).lean<TemplateDoc[]>();
      let n = 0;
      for (const t of gifts) {
        try {
          await claimer.claim({ memberId, templateId: String(t._id), channel: 'new_member', issueKey: `new_member:${memberId}:${t._id}` });
          n += 1;
        } catch (err) {
          deps.logger.warn({ err: (err as Error).message, templateId: String(t._id), memberId }, 'new-member coupon not issued');
        }
      }
      return n;
    },

    /** The welcome coupons a member was issued: 新人礼 and, when invited, the friend's welcome coupon (welcome popup). */
    async newMemberCoupons(memberId: string): Promise<{ id: string; name: string }[]> {
      if (!Types.ObjectId.isValid(memberId)) return [];
      const rows = await Coupon.find({ memberId: new Types.ObjectId(memberId), channel: { $in: ['new_member', 'referral'] }, state: { $ne: 'issuing' } }, { 'terms.name': 1 }).limit(10).lean<CouponDoc[]>();
      return rows.map((c) => ({ id: String(c._id), name: c.terms.name }));
    },

    async issueBirthdayGift(memberId: string, year: number, templateId: string): Promise<void> {
      await claimer.claim({ memberId, templateId, channel: 'birthday', issueKey: `birthday:${memberId}:${year}:${templateId}` });
    },

    async issueToMembers(actorId: string, templateId: string, memberIds: string[], batchKey: string) {
      const t = await requireTemplate(templateId);
      const skipped: { memberId: string; code: string }[] = [];
      let issued = 0;
      for (const memberId of memberIds) {
        try {
          await claimer.claim({ memberId, templateId: String(t._id), channel: 'admin_issue', issueKey: `admin:${batchKey}:${memberId}`, actor: actorId });
          issued += 1;
        } catch (err) {
          skipped.push({ memberId, code: err instanceof AppError ? err.code : 'INTERNAL' });
        }
      }
      await deps.audit.record(actorId, 'coupon.issue', { templateId, batchKey, issued, skipped: skipped.length });
      return { issued, skipped };
    },

    /** Job: 优惠券到期提醒 (expiry-reminders.ts). */
    sendExpiryReminders: createExpiryReminders(deps),
  };
  return service;
}

export type CouponsService = ReturnType<typeof createCouponsService>;
