/**
 * The shapes a verified WeChat Pay notification may have. A validly signed
 * body or decrypted resource that does not fit (null body, `out_trade_no` as an
 * object, amounts as strings, …) is refused with 400 before any lookup, so
 * nothing of it can reach a database query as an operator.
 */
import { z } from 'zod';

const text = (max: number) => z.string().min(1).max(max);
const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const notificationBody = z.object({
  id: text(64),
  create_time: z.string().max(64).optional(),
  event_type: text(64),
  resource_type: z.string().max(64).optional(),
  summary: z.string().max(256).optional(),
  resource: z.object({
    algorithm: z.literal('AEAD_AES_256_GCM'),
    ciphertext: text(65_536),
    nonce: text(64),
    associated_data: z.string().max(256).optional(),
    original_type: z.string().max(64).optional(),
  }),
});

/** TRANSACTION.* resource (also the query-order shape). Unknown fields are kept for the stored copy. */
export const transactionResource = z.looseObject({
  appid: text(32),
  mchid: text(32),
  out_trade_no: text(32),
  transaction_id: text(64).optional(),
  trade_state: z.enum(['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR']),
  trade_state_desc: z.string().max(256).optional(),
  success_time: z.string().max(64).optional(),
  attach: z.string().max(128).optional(),
  payer: z.looseObject({ openid: z.string().max(128).optional() }).optional(),
  amount: z.looseObject({ total: fen.optional(), payer_total: fen.optional(), currency: z.string().max(16).optional() }).optional(),
});

/** REFUND.* resource. */
export const refundResource = z.looseObject({
  mchid: text(32).optional(),
  out_refund_no: text(64),
  refund_id: text(64).optional(),
  out_trade_no: text(32).optional(),
  transaction_id: text(64).optional(),
  refund_status: z.enum(['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL']),
  success_time: z.string().max(64).optional(),
  amount: z.looseObject({ total: fen.optional(), refund: fen.optional(), payer_total: fen.optional(), payer_refund: fen.optional() }).optional(),
});

/** Any other event: an object, stored but not acted on. */
export const otherResource = z.record(z.string(), z.unknown());

export function resourceSchemaFor(eventType: string) {
  if (eventType.startsWith('TRANSACTION.')) return transactionResource;
  if (eventType.startsWith('REFUND.')) return refundResource;
  return otherResource;
}

/** First problem of a failed parse, for the log: `path: message`. */
export function firstIssue(error: z.ZodError): string {
  const i = error.issues[0];
  return `${i.path.join('.') || '(root)'}: ${i.message}`;
}
