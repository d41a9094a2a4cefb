/**
 * Points adjustments from the console with a second admin's approval above a threshold. A request is inserted
 * once under `<memberId>:<key>` (a double click or retry returns the first); at or below the threshold it is
 * applied at once, above it waits for another admin. Approve / reject are guarded single-document transitions
 * (`pending` and not the requester → `approved` | `rejected`); the ledger movement is keyed by the request, so
 * however many approvals race it moves points exactly once. `approved` requests a crash left behind are finished
 * by the `points.repair` job (finishApproved).
 */
import { Types, type Connection } from 'mongoose';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Identity } from '../platform/http/context';
import type { PointsService } from '../points/service';
import type { AuditService } from '../system/audit';
import type { MemberSlice } from '../members/service';
import { adjustRequestModel, adjustSettingsModel, type AdjustRequestDoc } from './adjust-model';

export const DEFAULT_APPROVAL_ABOVE = 5000;
export type { AdjustRequestDoc } from './adjust-model';

export function createAdjustments(deps: { conn: Connection; clock: Clock; points: PointsService; audit: AuditService; memberSlice: MemberSlice }) {
  const Request = adjustRequestModel(deps.conn);
  const Settings = adjustSettingsModel(deps.conn);

  async function settings() {
    const doc = await Settings.findById('default').lean();
    return { approvalAbove: doc?.approvalAbove ?? DEFAULT_APPROVAL_ABOVE, revision: doc?.revision ?? 0 };
  }

  /** The ledger movement of an approved request (keyed by the request: once), then `applied` or `failed`. */
  async function apply(r: AdjustRequestDoc): Promise<AdjustRequestDoc> {
    try {
      const entry = await deps.points.adjust({ memberId: String(r.memberId), amount: r.amount, source: 'console-adjust', reference: r._id, leg: 'adjust', note: r.reason, actorId: r.decidedBy ?? r.requestedBy });
      const done = await Request.findOneAndUpdate({ _id: r._id, state: 'approved' }, { $set: { state: 'applied', entryId: entry._id } }, { returnDocument: 'after', lean: true });
      return done ?? (await Request.findById(r._id).lean<AdjustRequestDoc>())!;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'POINTS_INSUFFICIENT')) throw err;
      const failed = await Request.findOneAndUpdate({ _id: r._id, state: 'approved' }, { $set: { state: 'failed', failure: '可用积分不足，未扣减' } }, { returnDocument: 'after', lean: true });
      return failed ?? (await Request.findById(r._id).lean<AdjustRequestDoc>())!;
    }
  }

  async function load(requestId: string): Promise<AdjustRequestDoc> {
    const r = await Request.findById(requestId).lean<AdjustRequestDoc>();
    if (!r) throw new AppError('NOT_FOUND', `adjust request ${requestId}`);
    return r;
  }

  return {
    settings,
    async putSettings(actorId: string, approvalAbove: number, baseRevision: number) {
      const before = await settings();
      try {
        const saved = await Settings.findOneAndUpdate(
          { _id: 'default', revision: baseRevision === 0 ? { $in: [0, null] } : baseRevision },
          { $set: { approvalAbove, revision: baseRevision + 1, updatedAt: deps.clock.now() } },
          { upsert: baseRevision === 0, returnDocument: 'after', lean: true },
        );
        if (!saved) throw new AppError('SETTINGS_CONFLICT', `adjust settings moved past ${baseRevision}`);
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError('SETTINGS_CONFLICT', `adjust settings first save raced`);
        throw err;
      }
      await deps.audit.record(actorId, 'points.adjust-settings', { before: { approvalAbove: before.approvalAbove }, after: { approvalAbove } });
      return settings();
    },

    /** The console's adjust: one request per (member, key); returns it applied, pending or failed. */
    async request(actor: Identity, memberId: string, input: { amount: number; reason: string }, key: string): Promise<AdjustRequestDoc> {
      const member = Types.ObjectId.isValid(memberId) ? await deps.memberSlice.findById(memberId, { _id: 1 }) : null;
      if (!member) throw new AppError('MEMBER_NOT_FOUND', `member ${memberId}`);
      const { approvalAbove } = await settings();
      const now = deps.clock.now();
      const needsApproval = Math.abs(input.amount) > approvalAbove;
      const doc: AdjustRequestDoc = {
        _id: `${memberId}:${key}`, memberId: member._id, amount: input.amount, reason: input.reason, state: needsApproval ? 'pending' : 'approved',
        threshold: approvalAbove, requestedBy: actor.memberId, requestedAt: now, decidedBy: null, decidedAt: null, rejectReason: null, entryId: null, failure: null,
      };
      let r: AdjustRequestDoc;
      try {
        r = (await Request.create(doc)).toObject() as AdjustRequestDoc;
        await deps.audit.record(actor.memberId, needsApproval ? 'points.adjust-request' : 'points.adjust', { memberId, requestId: r._id, amount: r.amount, reason: r.reason });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        r = await load(doc._id);
        if (r.amount !== input.amount || r.reason !== input.reason || r.requestedBy !== actor.memberId) throw new AppError('POINTS_ADJUST_KEY_REUSED', `key ${key} was used for other terms`);
      }
      return r.state === 'approved' ? apply(r) : r;
    },

    async approve(actor: Identity, requestId: string): Promise<AdjustRequestDoc> {
      const now = deps.clock.now();
      const won = await Request.findOneAndUpdate(
        { _id: requestId, state: 'pending', requestedBy: { $ne: actor.memberId } },
        { $set: { state: 'approved', decidedBy: actor.memberId, decidedAt: now } },
        { returnDocument: 'after', lean: true },
      );
      if (!won) {
        const r = await load(requestId);
        if (r.requestedBy === actor.memberId) throw new AppError('POINTS_ADJUST_SELF_APPROVAL', `${actor.memberId} asked for ${requestId}`);
        throw new AppError('POINTS_ADJUST_DECIDED', `${requestId} is ${r.state}`);
      }
      await deps.audit.record(actor.memberId, 'points.adjust-approve', { memberId: String(won.memberId), requestId, amount: won.amount, reason: won.reason, requestedBy: won.requestedBy });
      return apply(won);
    },

    async reject(actor: Identity, requestId: string, reason: string): Promise<AdjustRequestDoc> {
      const won = await Request.findOneAndUpdate(
        { _id: requestId, state: 'pending' },
        { $set: { state: 'rejected', decidedBy: actor.memberId, decidedAt: deps.clock.now(), rejectReason: reason } },
        { returnDocument: 'after', lean: true },
      );
      if (!won) throw new AppError('POINTS_ADJUST_DECIDED', `${(await load(requestId)).state}`);
      await deps.audit.record(actor.memberId, 'points.adjust-reject', { memberId: String(won.memberId), requestId, amount: won.amount, reason });
      return won;
    },

    async list(q: { state?: AdjustRequestDoc['state']; memberId?: string }): Promise<AdjustRequestDoc[]> {
      const filter: Record<string, unknown> = {};
      if (q.state) filter.state = q.state;
      if (q.memberId) filter.memberId = new Types.ObjectId(q.memberId);
      return Request.find(filter).sort({ requestedAt: -1 }).limit(200).lean<AdjustRequestDoc[]>();
    },

    /** Job: finish `approved` requests a crash left behind (older than a minute: the inline path had its chance). */
    async finishApproved(limit = 100): Promise<number> {
      const stale = await Request.find({ state: 'approved', $or: [{ decidedAt: { $lt: new Date(deps.clock.now().getTime() - 60_000) } }, { decidedAt: null, requestedAt: { $lt: new Date(deps.clock.now().getTime() - 60_000) } }] })
        .limit(limit)
        .lean<AdjustRequestDoc[]>();
      for (const r of stale) await apply(r);
      return stale.length;
    },
  };
}

export type Adjustments = ReturnType<typeof createAdjustments>;
