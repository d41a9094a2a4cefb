/** 导购提成 (guide commission): the chain's rules (versioned, off by default) and a guide's commission per month. */
import { z } from 'zod';
import { objectId } from './common';

const bp = z.number().int().min(0).max(10000);

export const commissionSettings = z.object({
  /** off by default: no commission is recorded while inactive */
  active: z.boolean(),
  /** chain-wide share of the cash paid, in basis points (100 = 1%); the amount is rounded down to the fen */
  bp,
  /** per-store shares replacing the chain-wide one */
  stores: z.array(z.object({ storeId: objectId, bp })).max(500),
  /** days after payment before a commission can be settled (refunds until then reduce it) */
  refundWindowDays: z.number().int().min(0).max(90),
});
export type CommissionSettings = z.infer<typeof commissionSettings>;
export const versionedCommissionSettings = z.object({ settings: commissionSettings, revision: z.number().int() });
export const putVersionedCommissionSettings = z.object({ settings: commissionSettings, baseRevision: z.number().int().min(0) });

/** One month of a guide's commission: earned at payment (net of refunds before settlement), the settlement of the month. */
export const commissionMonth = z.object({
  period: z.string().regex(/^\d{4}-\d{2}$/),
  /** commission of orders paid this month, net of refunds before settlement */
  earnedFen: z.number().int(),
  /** settled into this month's settlement (refund window passed) */
  settledFen: z.number().int(),
  /** clawed back in this month's settlement (refunds after an earlier settlement) */
  clawbackFen: z.number().int(),
  /** carried in from an earlier month whose clawbacks exceeded its commission (≤ 0) */
  carryInFen: z.number().int(),
  /** what the closed settlement pays (≥ 0); null while the month is open */
  payableFen: z.number().int().nullable(),
  state: z.enum(['open', 'closed']),
});
export type CommissionMonth = z.infer<typeof commissionMonth>;
export const guideCommissionResponse = z.object({
  active: z.boolean(),
  /** the share that applies to the guide's store, in basis points */
  bp: z.number().int(),
  refundWindowDays: z.number().int(),
  /** earned, not yet settled (waiting for the refund window or the month's settlement) */
  pendingFen: z.number().int(),
  /** newest first, the last 6 months with any figure */
  months: z.array(commissionMonth),
});
export type GuideCommission = z.infer<typeof guideCommissionResponse>;

/** Console: every guide's settlement of one month (what payroll pays once the month is closed). */
export const consoleSettlementsQuery = z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) });
export const consoleSettlementRow = commissionMonth.omit({ earnedFen: true }).extend({
  guideId: objectId,
  nickname: z.string(),
  storeName: z.string(),
  orders: z.number().int(),
  clawbacks: z.number().int(),
});
export const consoleSettlementsResponse = z.object({ items: z.array(consoleSettlementRow) });
