/**
 * Notification delivery as WeChat Pay does it (wechat.md §2), from the queue in
 * sim_pay_notifications: a due notification is claimed by one guarded update
 * (with a lease, so a crashed simulator's attempt is taken over), POSTed to its
 * notify_url, and either acknowledged (HTTP 200/204 within the timeout) or
 * rescheduled after 15s,15s,30s,3m,10m,20m,30m,30m,30m,60m,3h,3h,3h,6h,6h
 * (× timeScale); after the 15th retry it gives up. Every attempt is recorded
 * in sim_pay_deliveries. Timers only wake the queue sooner; the stored `due`
 * decides what is sent, so a restarted simulator resumes where it stopped.
 */
import { randomUUID } from 'node:crypto';
import { nextSeq } from '../db';
import type { PayContext } from './context';
import { rfc3339Shanghai } from './format';
import { prepareRequest, probeRequest, type PreparedRequest } from './notify-request';
import type { NotificationQueue } from './queue';
import { RETRY_DELAYS_MS, type DeliveryStatus, type NotifyFaultType, type PayFault, type SimNotification } from './types';

/** Faults that alter one delivery attempt (consumed per attempt, so a retry can be clean). */
const ATTEMPT_FAULTS: NotifyFaultType[] = [
  'tampered_signature',
  'tampered_ciphertext',
  'stale_timestamp',
  'probe',
  'wrong_mchid',
  'wrong_appid',
  'amount_mismatch',
  'duplicate',
];
const WAITING = ['pending', 'delayed', 'retry_scheduled'] as const;

export interface NotifierDeps {
  /** another refund of this order still PROCESSING or not yet queued? (held refund notifications wait for none) */
  hasUnsentRefund(out_trade_no: string, except?: string): Promise<boolean>;
  /** periodic repair: refunds due to settle, outbox steps a stopped simulator left */
  sweeps: (() => Promise<void>)[];
}

export class Notifier {
  readonly owner = randomUUID();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly controllers = new Set<AbortController>();
  private readonly hints = new Set<NodeJS.Timeout>();
  private poller: NodeJS.Timeout | undefined;
  private pumping = false;
  private again = false;
  private closed = false;
  private generation = 0;

  constructor(
    private readonly ctx: PayContext,
    queue: NotificationQueue,
    private readonly deps: NotifierDeps,
  ) {
    queue.onQueued((n) => this.queued(n));
  }

  /** Poll the queue (due retries, leftovers of an earlier process) every pollMs. */
  start(): void {
    if (this.poller || this.closed) return;
    this.poller = setInterval(() => this.kick(true), this.ctx.pollMs);
    this.poller.unref();
    this.kick(true);
  }

  private track<T>(p: Promise<T>): void {
    const tracked = p.catch(() => undefined).finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
  }

  private queued(n: SimNotification): void {
    if (this.closed) return;
    if (n.status === 'held') {
      this.track(
        (async () => {
          if (!(await this.deps.hasUnsentRefund(n.out_trade_no, n.out_refund_no))) await this.release(n);
        })(),
      );
    } else if (n.status === 'delayed') this.hint(n.due - Date.now());
    else this.kick();
  }

  private hint(ms: number): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.hints.delete(t);
      this.kick();
    }, Math.max(0, ms) + 1);
    t.unref();
    this.hints.add(t);
  }

  /** Claim and send every due notification; one pump per process at a time (others are atomic claims too). */
  private kick(sweep = false): void {
    if (this.closed) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    this.track(
      (async () => {
        try {
          do {
            this.again = false;
            if (sweep) {
              for (const s of this.deps.sweeps) await s();
              await this.recheckHeld();
            }
            for (let n = await this.claim(); n && !this.closed; n = await this.claim()) this.track(this.attempt(n));
          } while (this.again && !this.closed);
        } finally {
          this.pumping = false;
        }
      })(),
    );
  }

  private claimUpdate() {
    return {
      $set: { status: 'in_flight' as const, lease: Date.now() + this.ctx.notifyTimeoutMs + 2000, owner: this.owner },
      $inc: { attempts: 1 },
      $unset: { next_at: '' as const },
    };
  }

  private async claim(): Promise<SimNotification | null> {
    const now = Date.now();
    return this.ctx.notifications.findOneAndUpdate(
      { $or: [{ status: { $in: [...WAITING] }, due: { $lte: now } }, { status: 'in_flight', lease: { $lt: now } }] },
      this.claimUpdate(),
      { sort: { due: 1 }, returnDocument: 'after' },
    );
  }

  /** Periodic: a held notification whose check raced another refund's (both saw the other unsent) is released now. */
  private async recheckHeld(): Promise<void> {
    for (const n of await this.ctx.notifications.find({ status: 'held' }).limit(50).toArray()) {
      if (!(await this.deps.hasUnsentRefund(n.out_trade_no, n.out_refund_no))) await this.release(n);
    }
  }

  /** Deliver the held refund notifications of an order, newest first, one after another. */
  private async release(last: SimNotification): Promise<void> {
    const held = await this.ctx.notifications.find({ out_trade_no: last.out_trade_no, status: 'held' }).sort({ seq: -1 }).toArray();
    if (!held.length) return; // released already (another check, the sweep)
    this.ctx.takeFault(['reverse_refund_order'], scopeOf(last)); // consume one use
    for (const h of held) {
      const n = await this.ctx.notifications.findOneAndUpdate({ _id: h._id, status: 'held' }, this.claimUpdate(), { returnDocument: 'after' });
      if (n) await this.attempt(n);
    }
  }

  private async attempt(n: SimNotification): Promise<void> {
    if (this.closed) return;
    const gen = this.generation;
    const attempt = n.attempts;
    const active = new Map<NotifyFaultType, PayFault>();
    for (const type of ATTEMPT_FAULTS) {
      const f = this.ctx.takeFault([type], scopeOf(n));
      if (f) active.set(type, f);
    }
    const req = prepareRequest(this.ctx, n, active);
    if (active.has('probe')) await this.send(n, probeRequest(this.ctx, n), attempt, undefined, true);
    const copies = active.has('duplicate') ? Math.max(1, active.get('duplicate')!.copies ?? 2) : 1;
    const results = await Promise.all(Array.from({ length: copies }, (_, i) => this.send(n, req, attempt, copies > 1 ? i + 1 : undefined)));
    if (this.closed || gen !== this.generation) return;
    const mine = { _id: n._id, status: 'in_flight' as const, owner: this.owner };
    if (results.some((s) => s === 200 || s === 204)) {
      await this.ctx.notifications.updateOne(mine, { $set: { status: 'acked' }, $unset: { lease: '' } });
    } else if (attempt > RETRY_DELAYS_MS.length) {
      await this.ctx.notifications.updateOne(mine, { $set: { status: 'gave_up' }, $unset: { lease: '' } });
    } else {
      const delay = RETRY_DELAYS_MS[attempt - 1] * this.ctx.timeScale;
      await this.ctx.notifications.updateOne(mine, {
        $set: { status: 'retry_scheduled', due: Date.now() + delay, next_at: rfc3339Shanghai(this.ctx.now() + delay) },
        $unset: { lease: '' },
      });
      this.hint(delay);
    }
  }

  private async send(n: SimNotification, req: PreparedRequest, attempt: number, copy?: number, probe = false): Promise<DeliveryStatus> {
    const started = Date.now();
    const at = rfc3339Shanghai(this.ctx.now());
    const ctrl = new AbortController();
    this.controllers.add(ctrl);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, this.ctx.notifyTimeoutMs);
    let status: DeliveryStatus;
    let error: string | undefined;
    try {
      const res = await fetch(n.url, { method: 'POST', headers: req.headers, body: req.body, signal: ctrl.signal, redirect: 'manual' });
      await res.arrayBuffer();
      status = res.status;
    } catch (err) {
      status = timedOut ? 'timeout' : 'error';
      if (!timedOut) error = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
    } finally {
      clearTimeout(timer);
      this.controllers.delete(ctrl);
    }
    if (this.closed) return status;
    await this.ctx.deliveries.insertOne({
      event_id: n.id,
      event_type: n.event_type,
      out_trade_no: n.out_trade_no,
      ...(n.out_refund_no ? { out_refund_no: n.out_refund_no } : {}),
      url: n.url,
      attempt,
      ...(copy ? { copy } : {}),
      ...(probe ? { probe: true } : {}),
      faults: req.faults,
      status,
      ...(error ? { error } : {}),
      at,
      duration_ms: Date.now() - started,
      seq: nextSeq(),
    });
    return status;
  }

  /** Run every notification waiting for a retry or a delay now, once; resolves when those attempts are done. */
  async flush(): Promise<number> {
    const res = await this.ctx.notifications.updateMany({ status: { $in: ['retry_scheduled', 'delayed'] } }, { $set: { due: 0 } });
    this.kick();
    await this.idle();
    return res.modifiedCount;
  }

  /** Resolves when this process has no claim or attempt in flight. */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /** Notifications waiting for a retry or a delay. */
  pending(): Promise<number> {
    return this.ctx.notifications.countDocuments({ status: { $in: ['retry_scheduled', 'delayed'] } });
  }

  /** Forget attempts in flight (control /reset empties the queue itself). */
  stopAll(): void {
    this.generation += 1;
    for (const t of this.hints) clearTimeout(t);
    this.hints.clear();
  }

  /** Stop polling, abort deliveries in flight and hand their notifications back to the queue (due now). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.poller) clearInterval(this.poller);
    this.stopAll();
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
    await this.idle();
    await this.ctx.notifications
      .updateMany({ status: 'in_flight', owner: this.owner }, { $set: { status: 'retry_scheduled', due: Date.now() }, $unset: { lease: '' } })
      .catch(() => undefined);
  }
}

function scopeOf(n: SimNotification) {
  return { out_trade_no: n.out_trade_no, out_refund_no: n.out_refund_no, event_type: n.event_type };
}
