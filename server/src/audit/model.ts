import { Schema, type Connection, type Types } from 'mongoose';
import type { AuditFinding } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';

/** One ledger audit run and its report (findings capped, counts complete). */
export interface LedgerAuditDoc {
  _id: Types.ObjectId;
  trigger: 'admin' | 'job' | 'cli';
  status: 'running' | 'clean' | 'findings' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  checked: { members: number; coupons: number; seats: number };
  counts: Record<string, number>;
  findings: AuditFinding[];
  error: string | null;
}

const ledgerAuditSchema = new Schema<LedgerAuditDoc>(
  {
    trigger: { type: String, required: true },
    status: { type: String, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    checked: { type: Schema.Types.Mixed, required: true },
    counts: { type: Schema.Types.Mixed, default: {} },
    findings: { type: Schema.Types.Mixed, default: [] },
    error: { type: String, default: null },
  },
  { collection: 'ledger_audits', versionKey: false, minimize: false },
);
// Lists go newest first by _id (time-ordered): no extra index needed.

export const ledgerAuditModel = (conn: Connection) => modelOn(conn, 'LedgerAudit', ledgerAuditSchema);
