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
