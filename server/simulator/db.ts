/**
 * The simulator's own collections (prefix `sim_`), in the server's database or
 * in the one SIM_MONGODB_URI names. Only the simulator reads or writes them;
 * every state change is one guarded single-document update or an insert under
 * a unique key, so several simulator processes (or a restarted one) agree.
 */
import type mongoose from 'mongoose';

export type Db = mongoose.mongo.Db;
export type Coll<T extends mongoose.mongo.Document> = mongoose.mongo.Collection<T>;

export const SIM_COLLECTIONS = {
  payOrders: 'sim_pay_orders',
  payPrepays: 'sim_pay_prepays',
  payRefunds: 'sim_pay_refunds',
  payNotifications: 'sim_pay_notifications',
  payDeliveries: 'sim_pay_deliveries',
  payBills: 'sim_pay_bills',
  wxCodes: 'sim_wx_codes',
  wxTokens: 'sim_wx_tokens',
  wxConsents: 'sim_wx_consents',
  wxMessages: 'sim_wx_messages',
} as const;

/** Duplicate key on a unique index (the embedded engine gives no keyValue: match the code). */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === 11000;
}

/**
 * Indexes: `_id` carries every hot lookup (out_trade_no, prepay_id,
 * out_refund_no, notification id, code, token); the rest serve the delivery
 * queue and the control/console lists.
 */
export async function ensureSimIndexes(db: Db): Promise<void> {
  await Promise.all([
    db.collection(SIM_COLLECTIONS.payOrders).createIndex({ transaction_id: 1 }, { unique: true, sparse: true }),
    db.collection(SIM_COLLECTIONS.payOrders).createIndex({ seq: 1 }),
    db.collection(SIM_COLLECTIONS.payRefunds).createIndex({ status: 1, settle_at: 1 }),
    db.collection(SIM_COLLECTIONS.payNotifications).createIndex({ status: 1, due: 1 }),
    db.collection(SIM_COLLECTIONS.payNotifications).createIndex({ out_trade_no: 1 }),
    db.collection(SIM_COLLECTIONS.payDeliveries).createIndex({ out_trade_no: 1, seq: 1 }),
    db.collection(SIM_COLLECTIONS.wxMessages).createIndex({ touser: 1, seq: 1 }),
  ]);
}

/** Drop every simulator document (control /reset). */
export async function clearSimCollections(db: Db, names: string[]): Promise<void> {
  await Promise.all(names.map((n) => db.collection(n).deleteMany({})));
}

/** A sequence for ordering lists: wall-clock microseconds plus a per-process counter. */
let counter = 0;
export function nextSeq(): number {
  counter = (counter + 1) % 1000;
  return Date.now() * 1000 + counter;
}
