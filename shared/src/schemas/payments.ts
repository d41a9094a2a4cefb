import { z } from 'zod';

/** An amount of money in fen: a whole, positive, safe integer. Strings, floats, 0 and negatives are refused. */
export const fenAmount = z
  .number({ error: 'amount must be a number of fen' })
  .int('amount must be a whole number of fen')
  .min(1, 'amount must be at least 1 fen')
  .max(Number.MAX_SAFE_INTEGER, 'amount too large');

export const intentStateSchema = z.enum(['NOTPAY', 'SUCCESS', 'CLOSED']);
export const refundStateSchema = z.enum(['CREATED', 'PROCESSING', 'SUCCESS', 'CLOSED', 'ABNORMAL', 'FAILED']);

/** Parameters for wx.requestPayment (the client's success callback proves nothing). */
export const requestPaymentParams = z.object({
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
});
export type RequestPaymentParams = z.infer<typeof requestPaymentParams>;

export const reconciliationDifference = z.object({
  kind: z.enum(['missing_local', 'missing_remote', 'amount_mismatch']),
  type: z.enum(['payment', 'refund']),
  outTradeNo: z.string(),
  outRefundNo: z.string().nullable(),
  remoteFen: z.number().int().nullable(),
  localFen: z.number().int().nullable(),
});

export const reconciliationReport = z.object({
  date: z.string(),
  status: z.enum(['matched', 'differences', 'no_bill']),
  generatedAt: z.string(),
  remote: z.object({ payments: z.number().int(), paymentsFen: z.number().int(), refunds: z.number().int(), refundsFen: z.number().int() }),
  local: z.object({ payments: z.number().int(), paymentsFen: z.number().int(), refunds: z.number().int(), refundsFen: z.number().int() }),
  differences: z.array(reconciliationDifference),
});
export type ReconciliationReport = z.infer<typeof reconciliationReport>;

export const reconciliationQuery = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD') });
export const reconciliationRunRequest = reconciliationQuery;
export const reconciliationListResponse = z.object({ items: z.array(reconciliationReport) });

export const anomalyView = z.object({
  id: z.string(),
  kind: z.string(),
  outTradeNo: z.string().nullable(),
  outRefundNo: z.string().nullable(),
  detail: z.string(),
  at: z.string(),
});
export const anomalyListResponse = z.object({ items: z.array(anomalyView) });
