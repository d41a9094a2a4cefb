import { Schema, Types, type Connection } from 'mongoose';
import { modelOn } from '../platform/db/connect';
import type { Clock } from '../platform/clock';

/** Who did what, when: every admin/staff action that changes data is recorded here. */
interface AuditDoc {
  _id: Types.ObjectId;
  actorId: string;
  action: string;
  detail: Record<string, unknown>;
  at: Date;
}

const auditSchema = new Schema<AuditDoc>(
  {
    actorId: { type: String, required: true },
    action: { type: String, required: true },
    detail: { type: Schema.Types.Mixed, default: {} },
    at: { type: Date, required: true },
  },
  { collection: 'audit_log', versionKey: false, minimize: false },
);
auditSchema.index({ at: -1 }, { name: 'audit_at' });

export function createAuditService(deps: { conn: Connection; clock: Clock }) {
  const Audit = modelOn(deps.conn, 'Audit', auditSchema);
  return {
    async record(actorId: string, action: string, detail: Record<string, unknown>): Promise<void> {
      await Audit.create({ actorId, action, detail, at: deps.clock.now() });
    },
    async recent(limit = 50) {
      return Audit.find().sort({ at: -1 }).limit(limit).lean();
    },
    /**
     * The trail of one object (console): entries whose detail names it (`detail.<field>` = id) and/or
     * whose action is one of `actions`, newest first. Not a hot path (the log is scanned on this engine).
     */
    async forObject(q: { field?: string; id?: string; actions?: string[]; limit: number }) {
      const or: Record<string, unknown>[] = [];
      if (q.field && q.id && /^[a-zA-Z]+$/.test(q.field)) or.push({ [`detail.${q.field}`]: q.id });
      if (q.actions?.length) or.push({ action: { $in: q.actions } });
      if (!or.length) return [];
      return Audit.find({ $or: or }).sort({ _id: -1 }).limit(q.limit).lean();
    },
    /** Console: newest first by key; `memberId` = what the member did or what was done to them. */
    async page(q: { memberId?: string; action?: string; after?: string; limit: number }) {
      const filter: Record<string, unknown> = {};
      if (q.memberId) filter.$or = [{ actorId: q.memberId }, { 'detail.memberId': q.memberId }];
      if (q.action) filter.action = q.action;
      if (q.after && Types.ObjectId.isValid(q.after)) filter._id = { $lt: new Types.ObjectId(q.after) };
      const docs = await Audit.find(filter).sort({ _id: -1 }).limit(q.limit + 1).lean();
      const items = docs.slice(0, q.limit);
      return { items, next: docs.length > q.limit ? String(items[items.length - 1]._id) : null };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
