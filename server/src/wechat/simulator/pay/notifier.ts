/**
 * Notification delivery as WeChat Pay does it (wechat.md §2): POST the
 * encrypted-resource JSON to notify_url with Wechatpay-* headers signed over
 * `timestamp\nnonce\nbody\n`; only HTTP 200/204 within the ack timeout (5 s)
 * acknowledges; otherwise retry after 15s,15s,30s,3m,10m,20m,30m,30m,30m,60m,
 * 3h,3h,3h,6h,6h (× timeScale) and give up after the 15th retry. Every attempt
 * is recorded in state.deliveries. Notification faults are applied here.
 */
import { randomBytes } from 'node:crypto';
import { nonceStr, PROBE_PREFIX, responseMessage, signRsa } from '../../pay/crypto';
import { flipBase64, rfc3339Shanghai } from './format';
import type { DeliveryStatus, FaultScope, NotifyFaultType, PayFault, PaySimState, SimNotification } from './state';

export const RETRY_DELAYS_MS = [
  15_000, 15_000, 30_000, 180_000, 600_000, 1_200_000, 1_800_000, 1_800_000, 1_800_000, 3_600_000, 10_800_000, 10_800_000,
  10_800_000, 21_600_000, 21_600_000,
];

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

const OTHER_MCHID = '1900009999';
const OTHER_APPID = 'wx9999999999999999';

interface PreparedRequest {
  body: string;
  headers: Record<string, string>;
  faults: string[];
}

export class Notifier {
  private readonly timers = new Map<SimNotification, NodeJS.Timeout>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly controllers = new Set<AbortController>();
  /** reverse_refund_order: held refund notifications per out_trade_no */
  private readonly held = new Map<string, SimNotification[]>();
  private closed = false;
  private generation = 0;

  constructor(
    private readonly state: PaySimState,
    private readonly opts: { timeScale: number; timeoutMs: number },
  ) {}

  private scope(n: SimNotification): FaultScope {
    return { out_trade_no: n.out_trade_no, out_refund_no: n.out_refund_no, event_type: n.event_type };
  }

  enqueue(n: SimNotification): void {
    if (this.closed) return;
    if (n.original_type === 'refund' && this.state.takeFault(['reverse_refund_order'], this.scope(n), true)) {
      n.status = 'held';
      const list = this.held.get(n.out_trade_no) ?? [];
      list.push(n);
      this.held.set(n.out_trade_no, list);
      if (!this.state.hasProcessingRefund(n.out_trade_no)) this.release(n.out_trade_no, n);
      return;
    }
    const delay = this.state.takeFault(['delay'], this.scope(n));
    if (delay) this.schedule(n, delay.ms ?? 1000, 'delayed');
    else this.run(n);
  }

  /** Deliver the held refund notifications of an order, newest first, one after another. */
  private release(out_trade_no: string, last: SimNotification): void {
    const list = this.held.get(out_trade_no) ?? [];
    this.held.delete(out_trade_no);
    this.state.takeFault(['reverse_refund_order'], this.scope(last)); // consume one use
    const chain = (async () => {
      for (const n of list.reverse()) await this.attempt(n);
    })();
    this.track(chain);
  }

  private track(p: Promise<void>): void {
    const tracked = p.finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
  }

  private run(n: SimNotification): void {
    this.track(this.attempt(n));
  }

  private schedule(n: SimNotification, ms: number, status: 'delayed' | 'retry_scheduled'): void {
    if (this.closed) return;
    n.status = status;
    n.next_at = rfc3339Shanghai(this.state.now() + ms);
    const gen = this.generation;
    const t = setTimeout(() => {
      this.timers.delete(n);
      if (gen === this.generation) this.run(n);
    }, ms);
    t.unref();
    this.timers.set(n, t);
  }

  private async attempt(n: SimNotification): Promise<void> {
    if (this.closed) return;
    const gen = this.generation;
    n.attempts += 1;
    n.status = 'in_flight';
    n.next_at = undefined;
    const attempt = n.attempts;
    const active = new Map<NotifyFaultType, PayFault>();
    for (const type of ATTEMPT_FAULTS) {
      const f = this.state.takeFault([type], this.scope(n));
      if (f) active.set(type, f);
    }
    const req = this.prepare(n, active);
    if (active.has('probe')) await this.sendProbe(n, attempt);
    const copies = active.has('duplicate') ? Math.max(1, active.get('duplicate')!.copies ?? 2) : 1;
    const results = await Promise.all(
      Array.from({ length: copies }, (_, i) => this.send(n, req, attempt, copies > 1 ? i + 1 : undefined)),
    );
    if (this.closed || gen !== this.generation) return;
    if (results.some((s) => s === 200 || s === 204)) {
      n.status = 'acked';
      return;
    }
    if (attempt > RETRY_DELAYS_MS.length) {
      n.status = 'gave_up';
      return;
    }
    this.schedule(n, RETRY_DELAYS_MS[attempt - 1] * this.opts.timeScale, 'retry_scheduled');
  }

  private prepare(n: SimNotification, faults: Map<NotifyFaultType, PayFault>): PreparedRequest {
    let body = n.body;
    if (faults.has('wrong_mchid') || faults.has('wrong_appid') || faults.has('amount_mismatch')) {
      const plain = structuredClone(n.plaintext) as Record<string, unknown> & { amount?: Record<string, number> };
      if (faults.has('wrong_mchid')) plain.mchid = OTHER_MCHID;
      if (faults.has('wrong_appid') && 'appid' in plain) plain.appid = OTHER_APPID;
      if (faults.has('amount_mismatch') && plain.amount) plain.amount.total += 1;
      body = this.state.notificationBody(n, plain);
    }
    if (faults.has('tampered_ciphertext')) {
      const parsed = JSON.parse(body) as { resource: { ciphertext: string } };
      parsed.resource.ciphertext = flipBase64(parsed.resource.ciphertext, 0);
      body = JSON.stringify(parsed);
    }
    const { serial, key } = this.state.signer();
    const timestamp = String(Math.floor(this.state.now() / 1000) - (faults.has('stale_timestamp') ? 600 : 0));
    const nonce = nonceStr(16);
    let signature = signRsa(key, responseMessage(timestamp, nonce, body));
    if (faults.has('tampered_signature')) signature = flipBase64(signature, 10);
    return {
      body,
      faults: [...faults.keys()].filter((f) => f !== 'probe'),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Mozilla/4.0 (HomeClub WeChat Pay simulator)',
        'Wechatpay-Timestamp': timestamp,
        'Wechatpay-Nonce': nonce,
        'Wechatpay-Signature': signature,
        'Wechatpay-Serial': serial,
        'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
      },
    };
  }

  private async sendProbe(n: SimNotification, attempt: number): Promise<void> {
    const { serial } = this.state.signer();
    const req: PreparedRequest = {
      body: n.body,
      faults: ['probe'],
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Mozilla/4.0 (HomeClub WeChat Pay simulator)',
        'Wechatpay-Timestamp': String(Math.floor(this.state.now() / 1000)),
        'Wechatpay-Nonce': nonceStr(16),
        'Wechatpay-Signature': `${PROBE_PREFIX}${randomBytes(160).toString('base64')}`,
        'Wechatpay-Serial': serial,
        'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
      },
    };
    await this.send(n, req, attempt, undefined, true);
  }

  private async send(
    n: SimNotification,
    req: PreparedRequest,
    attempt: number,
    copy?: number,
    probe = false,
  ): Promise<DeliveryStatus> {
    const started = Date.now();
    const at = rfc3339Shanghai(this.state.now());
    const ctrl = new AbortController();
    this.controllers.add(ctrl);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, this.opts.timeoutMs);
    let status: DeliveryStatus;
    let error: string | undefined;
    try {
      const res = await fetch(n.url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        signal: ctrl.signal,
        redirect: 'manual',
      });
      await res.arrayBuffer();
      status = res.status;
    } catch (err) {
      status = timedOut ? 'timeout' : 'error';
      if (!timedOut) error = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
    } finally {
      clearTimeout(timer);
      this.controllers.delete(ctrl);
    }
    this.state.deliveries.push({
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
    });
    return status;
  }

  /** Run every notification waiting on a timer (retry or delay) now, once; resolves when all attempts in flight are done. */
  async flush(): Promise<number> {
    const waiting = [...this.timers.entries()];
    for (const [n, t] of waiting) {
      clearTimeout(t);
      this.timers.delete(n);
      this.run(n);
    }
    await this.idle();
    return waiting.length;
  }

  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /** Pending timers (retries and delays). */
  get pending(): number {
    return this.timers.size;
  }

  /** Drop every scheduled attempt and held notification (control /reset). */
  stopAll(): void {
    this.generation += 1;
    for (const [n, t] of this.timers) {
      clearTimeout(t);
      n.status = 'stopped';
    }
    this.timers.clear();
    this.held.clear();
  }

  close(): void {
    this.closed = true;
    this.stopAll();
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
  }
}
