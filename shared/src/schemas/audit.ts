import { z } from 'zod';
import { objectId } from './common';

/** What the ledger audit can find. Each is a broken promise that must be 0. */
export const auditFindingKind = z.enum([
  /** sum of a member's applied ledger entries ≠ points.balance */
  'points_balance_mismatch',
  /** sum of applied held changes (open holds) ≠ points.held */
  'points_held_mismatch',
  /** points.available ≠ balance − held */
  'points_available_mismatch',
  /** an entry still pending long after it was written (the repair job should have finished it) */
  'points_stale_pending',
  /** an id in points.inflight whose entry is settled or old */
  'points_stale_inflight',
  /** a coupon locked to an order that is missing or no longer awaiting payment */
  'coupon_locked_without_live_order',
  /** a booking seat whose booking is missing, elsewhere, cancelled or expired */
  'seat_without_booking',
]);
export type AuditFindingKind = z.infer<typeof auditFindingKind>;

export const auditFinding = z.object({
  kind: auditFindingKind,
  /** the member, coupon or seat concerned */
  subject: z.string(),
  /** the member it belongs to, when known (the console drills down to them) */
  memberId: z.string().nullable().optional(),
  detail: z.string(),
  expected: z.number().int().nullable(),
  actual: z.number().int().nullable(),
});
export type AuditFinding = z.infer<typeof auditFinding>;

export const ledgerAuditView = z.object({
  id: z.string(),
  trigger: z.enum(['admin', 'job', 'cli']),
  status: z.enum(['running', 'clean', 'findings', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  checked: z.object({ members: z.number().int(), coupons: z.number().int(), seats: z.number().int() }),
  /** findings by kind (all of them, also beyond the stored list) */
  counts: z.record(z.string(), z.number().int()),
  /** the first findings (at most 500 are stored) */
  findings: z.array(auditFinding),
  error: z.string().nullable(),
});
export type LedgerAuditView = z.infer<typeof ledgerAuditView>;

export const ledgerAuditSummary = ledgerAuditView.omit({ findings: true });
export const ledgerAuditListQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
export const ledgerAuditListResponse = z.object({ items: z.array(ledgerAuditSummary) });
export const ledgerAuditParams = z.object({ auditId: objectId });
