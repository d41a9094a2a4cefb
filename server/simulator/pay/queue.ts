/**
 * The notification outbox: a notification WeChat owes the merchant is written
 * to sim_pay_notifications (once, under its id) and listeners are told. The
 * order and refund rules write here; the notifier reads from here — neither
 * imports the other.
 */
import { aesGcmEncrypt, nonceStr } from '../../src/wechat/pay/crypto';
import { nextSeq } from '../db';
import type { PayContext } from './context';
import { rfc3339Shanghai } from './format';
import type { SimNotification } from './types';

export type NewNotification = Pick<
  SimNotification,
  'id' | 'event_type' | 'original_type' | 'summary' | 'url' | 'out_trade_no' | 'out_refund_no' | 'plaintext'
>;

/** The JSON body of a notification, the resource encrypted with the APIv3 key. */
export function notificationBody(
  ctx: PayContext,
  n: Pick<SimNotification, 'id' | 'create_time' | 'event_type' | 'summary' | 'original_type'>,
  plaintext: Record<string, unknown>,
): string {
  const nonce = nonceStr(6); // 12 characters
  const associated_data = n.original_type;
  const ciphertext = aesGcmEncrypt(ctx.keys.apiV3Key, JSON.stringify(plaintext), nonce, associated_data);
  return JSON.stringify({
    id: n.id,
    create_time: n.create_time,
    resource_type: 'encrypt-resource',
    event_type: n.event_type,
    summary: n.summary,
    resource: { original_type: n.original_type, algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data, nonce },
  });
}

export class NotificationQueue {
  private readonly listeners = new Set<(n: SimNotification) => void>();

  constructor(private readonly ctx: PayContext) {}

  /** Called after each new notification is stored (the notifier delivers it). */
  onQueued(fn: (n: SimNotification) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Store a notification once (the same id again is a no-op): held by the
   * reverse_refund_order fault, delayed by the delay fault, else due now.
   */
  async emit(e: NewNotification): Promise<void> {
    const ctx = this.ctx;
    const scope = { out_trade_no: e.out_trade_no, out_refund_no: e.out_refund_no, event_type: e.event_type };
    const held = e.original_type === 'refund' && ctx.takeFault(['reverse_refund_order'], scope, true) !== null;
    const delay = held ? null : ctx.takeFault(['delay'], scope);
    const now = Date.now();
    const create_time = rfc3339Shanghai(ctx.now());
    const n: SimNotification = {
      ...e,
      _id: e.id,
      create_time,
      body: notificationBody(ctx, { ...e, create_time }, e.plaintext),
      attempts: 0,
      status: held ? 'held' : delay ? 'delayed' : 'pending',
      due: delay ? now + (delay.ms ?? 1000) : now,
      ...(delay ? { next_at: rfc3339Shanghai(ctx.now() + (delay.ms ?? 1000)) } : {}),
      seq: nextSeq(),
    };
    if (n.out_refund_no === undefined) delete n.out_refund_no;
    const res = await ctx.notifications.updateOne({ _id: n._id }, { $setOnInsert: n }, { upsert: true });
    if (res.upsertedCount === 0) return;
    for (const l of this.listeners) l(n);
  }
}
