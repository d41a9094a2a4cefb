/**
 * The ledger audit: runs each module's check (points/audit.ts,
 * coupons/audit.ts, booking/audit.ts) batch by batch over `_id` ranges and
 * stores one report per run. Read-only over the ledgers; the repair jobs fix.
 * Run by admins, the nightly `audit.ledger` job and cli/ledger-audit.ts.
 */
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import type { AuditFinding, LedgerAuditView } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { AppError } from '../platform/errors';
import type { AuditBatch } from '../points/audit';
import { ledgerAuditModel, type LedgerAuditDoc } from './model';

type Batch = (opts: { after: string | null; size: number; staleMs: number }) => Promise<AuditBatch>;
export interface Auditors {
  members: Batch;
  coupons: Batch;
  seats: Batch;
}

export const AUDIT_JOB = 'audit.ledger';
const MAX_STORED_FINDINGS = 500;

export function toAuditView(d: LedgerAuditDoc): LedgerAuditView {
  return {
    id: String(d._id),
    trigger: d.trigger,
    status: d.status,
    startedAt: d.startedAt.toISOString(),
    finishedAt: d.finishedAt?.toISOString() ?? null,
    checked: d.checked,
    counts: d.counts,
    findings: d.findings,
    error: d.error,
  };
}

export function createLedgerAuditService(deps: {
  conn: Connection;
  clock: Clock;
  logger: Logger;
  auditors: Auditors;
  onFinished?: (outcome: 'clean' | 'findings' | 'failed', counts: Record<string, number>) => void;
  batchSize?: number;
  /** pending entries, locks and seats younger than this are work in progress, not drift */
  staleMs?: number;
}) {
  const Audit = ledgerAuditModel(deps.conn);
  const size = deps.batchSize ?? 500;
  const staleMs = deps.staleMs ?? 15 * 60_000;

  async function run(trigger: LedgerAuditDoc['trigger']): Promise<LedgerAuditView> {
    const doc = await Audit.create({ trigger, status: 'running', startedAt: deps.clock.now(), checked: { members: 0, coupons: 0, seats: 0 }, counts: {}, findings: [] });
    const checked = { members: 0, coupons: 0, seats: 0 };
    const counts: Record<string, number> = {};
    const findings: AuditFinding[] = [];
    try {
      for (const part of ['members', 'coupons', 'seats'] as const) {
        let after: string | null = null;
        do {
          const b: AuditBatch = await deps.auditors[part]({ after, size, staleMs });
          checked[part] += b.checked;
          for (const f of b.findings) {
            counts[f.kind] = (counts[f.kind] ?? 0) + 1;
            if (findings.length < MAX_STORED_FINDINGS) findings.push(f);
          }
          after = b.next;
        } while (after);
      }
      const status = findings.length ? 'findings' : 'clean';
      const done = await Audit.findOneAndUpdate({ _id: doc._id }, { $set: { status, finishedAt: deps.clock.now(), checked, counts, findings } }, { returnDocument: 'after', lean: true });
      (status === 'clean' ? deps.logger.info.bind(deps.logger) : deps.logger.error.bind(deps.logger))({ audit: String(doc._id), checked, counts }, 'ledger audit finished');
      deps.onFinished?.(status, counts);
      return toAuditView(done as LedgerAuditDoc);
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      await Audit.updateOne({ _id: doc._id }, { $set: { status: 'failed', finishedAt: deps.clock.now(), checked, counts, findings, error: message } });
      deps.logger.error({ err, audit: String(doc._id) }, 'ledger audit failed');
      deps.onFinished?.('failed', counts);
      throw err;
    }
  }

  return {
    run,
    async list(limit: number) {
      const docs = await Audit.find({}, { findings: 0 }).sort({ _id: -1 }).limit(limit).lean<LedgerAuditDoc[]>();
      return docs.map((d) => {
        const { findings: _omit, ...rest } = toAuditView({ ...d, findings: [] });
        return rest;
      });
    },
    async get(id: string): Promise<LedgerAuditView> {
      const d = await Audit.findOne({ _id: new Types.ObjectId(id) }).lean<LedgerAuditDoc>();
      if (!d) throw new AppError('NOT_FOUND', `ledger audit ${id} not found`);
      return toAuditView(d);
    },
  };
}

export type LedgerAuditService = ReturnType<typeof createLedgerAuditService>;
