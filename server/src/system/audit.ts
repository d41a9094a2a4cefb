import { Schema, type Connection, type Types } from 'mongoose';
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
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
