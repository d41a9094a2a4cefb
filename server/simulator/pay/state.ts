/**
 * The WeChat Pay simulator's state, put together: the shared context (keys,
 * clock, knobs, collections), the notification outbox, the order and refund
 * rules and the notifier that delivers from the outbox. The rules write to the
 * outbox and the notifier subscribes to it, so neither imports the other.
 */
import { clearSimCollections, SIM_COLLECTIONS } from '../db';
import { PayContext, type PaySimOptions } from './context';
import { Notifier } from './notifier';
import { PayOrders } from './orders';
import { NotificationQueue } from './queue';
import { PayRefunds } from './refunds';
import type { Delivery, PayFault, SimNotification } from './types';

type Filter = Partial<Record<'out_trade_no' | 'out_refund_no' | 'event_type' | 'event_id', string>>;

export class PaySimState {
  readonly ctx: PayContext;
  readonly queue: NotificationQueue;
  readonly orders: PayOrders;
  readonly refunds: PayRefunds;
  readonly notifier: Notifier;
  private closed = false;

  constructor(opts: PaySimOptions) {
    this.ctx = new PayContext(opts);
    this.queue = new NotificationQueue(this.ctx);
    this.orders = new PayOrders(this.ctx, this.queue);
    this.refunds = new PayRefunds(this.ctx, this.orders, this.queue);
    this.notifier = new Notifier(this.ctx, this.queue, {
      hasUnsentRefund: (no, except) => this.refunds.hasUnsentRefund(no, except),
      sweeps: [() => this.refunds.sweep(), () => this.orders.queueLeftovers()],
    });
  }

  /** WeChat's clock (ms). */
  now(): number {
    return this.ctx.now();
  }

  get clockOffsetMs(): number {
    return this.ctx.clockOffsetMs;
  }

  set clockOffsetMs(ms: number) {
    this.ctx.clockOffsetMs = ms;
  }

  get faults(): PayFault[] {
    return this.ctx.faults;
  }

  /** Deliveries (HTTP attempts), oldest first. */
  deliveries(f: Filter = {}): Promise<Delivery[]> {
    const { event_id, ...rest } = f;
    return this.ctx.deliveries.find({ ...rest, ...(event_id ? { event_id } : {}) }, { projection: { _id: 0 } }).sort({ seq: 1 }).toArray();
  }

  /** Notifications (the queue), oldest first. */
  notifications(f: Filter = {}): Promise<SimNotification[]> {
    const { event_id, ...rest } = f;
    return this.ctx.notifications.find({ ...rest, ...(event_id ? { _id: event_id } : {}) }).sort({ seq: 1 }).toArray();
  }

  /** Forget everything except keys (control /reset). */
  async reset(): Promise<void> {
    this.notifier.stopAll();
    await this.notifier.idle();
    const names = Object.values(SIM_COLLECTIONS).filter((n) => n.startsWith('sim_pay_'));
    await clearSimCollections(this.ctx.db, names);
    this.ctx.resetKnobs();
  }

  /** Starts delivering (and resuming what an earlier process left in the queue). */
  start(): void {
    this.notifier.start();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const hook of [...this.ctx.closeHooks]) hook();
    this.ctx.closeHooks.clear();
    await this.notifier.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
