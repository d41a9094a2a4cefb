/**
 * What every part of the WeChat Pay simulator shares: its keys and signer, its
 * clock, its collections, and the knobs a test or the console turns (faults,
 * key mode, refund outcome, clock offset, call counts). The knobs belong to
 * one simulator process and start fresh with it; business state (orders,
 * prepays, refunds, the notification queue, deliveries, bills) is in MongoDB.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { SimPayKeys } from '../../src/wechat/pay/sim-keys';
import { SIM_COLLECTIONS, type Coll, type Db } from '../db';
import type {
  BillFile,
  Delivery,
  FaultScope,
  FaultType,
  KeyMode,
  PayFault,
  RefundOutcome,
  SimNotification,
  SimOrder,
  SimRefund,
} from './types';

export interface PaySimOptions {
  db: Db;
  appid: string;
  keys: SimPayKeys;
  timeScale: number;
  refundSettleMs: number;
  now: () => number;
  notifyTimeoutMs: number;
  /** how often the delivery queue is polled for due retries, settling refunds and leftovers (ms) */
  pollMs: number;
}

export class PayContext {
  readonly db: Db;
  readonly appid: string;
  readonly keys: SimPayKeys;
  readonly timeScale: number;
  readonly refundSettleMs: number;
  readonly notifyTimeoutMs: number;
  readonly pollMs: number;
  readonly orders: Coll<SimOrder>;
  readonly prepays: Coll<{ _id: string; out_trade_no: string; expiresAt: number }>;
  readonly refunds: Coll<SimRefund>;
  readonly notifications: Coll<SimNotification>;
  readonly deliveries: Coll<Delivery>;
  readonly bills: Coll<BillFile>;
  faults: PayFault[] = [];
  keyMode: KeyMode = 'public_key';
  readonly calls: Record<string, number> = {};
  /** outcome for the next settling refunds (remaining null = until changed) */
  refundOutcome: { status: RefundOutcome; remaining: number | null } = { status: 'SUCCESS', remaining: null };
  readonly refundOutcomeByNo = new Map<string, RefundOutcome>();
  /** shifts WeChat's clock (control /clock) */
  clockOffsetMs = 0;
  baseUrl: string | undefined;
  readonly merchantPublicKey: KeyObject;
  /** run on close() (e.g. release hanging API responses) */
  readonly closeHooks = new Set<() => void>();
  private readonly wechatPayKey: KeyObject;
  private readonly platformKey: KeyObject;
  private readonly baseNow: () => number;
  private faultSeq = 0;

  constructor(opts: PaySimOptions) {
    this.db = opts.db;
    this.appid = opts.appid;
    this.keys = opts.keys;
    this.timeScale = opts.timeScale;
    this.refundSettleMs = opts.refundSettleMs;
    this.notifyTimeoutMs = opts.notifyTimeoutMs;
    this.pollMs = opts.pollMs;
    this.baseNow = opts.now;
    this.orders = opts.db.collection(SIM_COLLECTIONS.payOrders);
    this.prepays = opts.db.collection(SIM_COLLECTIONS.payPrepays);
    this.refunds = opts.db.collection(SIM_COLLECTIONS.payRefunds);
    this.notifications = opts.db.collection(SIM_COLLECTIONS.payNotifications);
    this.deliveries = opts.db.collection(SIM_COLLECTIONS.payDeliveries);
    this.bills = opts.db.collection(SIM_COLLECTIONS.payBills);
    this.merchantPublicKey = createPublicKey(opts.keys.merchantPublicKey);
    this.wechatPayKey = createPrivateKey(opts.keys.wechatPayPrivateKey);
    this.platformKey = createPrivateKey(opts.keys.platformPrivateKey);
  }

  /** WeChat's clock (ms). */
  now(): number {
    return this.baseNow() + this.clockOffsetMs;
  }

  count(api: string): void {
    this.calls[api] = (this.calls[api] ?? 0) + 1;
  }

  /** The key WeChat signs responses and notifications with, by key mode. */
  signer(): { serial: string; key: KeyObject } {
    return this.keyMode === 'certificate'
      ? { serial: this.keys.platformCertSerial, key: this.platformKey }
      : { serial: this.keys.wechatPayPublicKeyId, key: this.wechatPayKey };
  }

  addFault(f: Omit<PayFault, 'id' | 'remaining'> & { remaining?: number | null }): PayFault {
    const fault: PayFault = { ...f, id: ++this.faultSeq, remaining: f.remaining ?? null };
    this.faults.push(fault);
    return fault;
  }

  clearFaults(id?: number): void {
    this.faults = id === undefined ? [] : this.faults.filter((f) => f.id !== id);
  }

  /** The first active fault of `types` matching `scope`; consumed (one use) unless peek. */
  takeFault(types: readonly FaultType[], scope: FaultScope, peek = false): PayFault | null {
    const f = this.faults.find(
      (x) =>
        types.includes(x.type) &&
        (x.api === undefined || x.api === scope.api) &&
        (!x.out_trade_no || x.out_trade_no === scope.out_trade_no) &&
        (!x.out_refund_no || x.out_refund_no === scope.out_refund_no) &&
        (!x.event_type || x.event_type === scope.event_type),
    );
    if (!f) return null;
    if (!peek && f.remaining !== null) {
      f.remaining -= 1;
      if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    }
    return f;
  }

  setRefundOutcome(status: RefundOutcome, opts: { out_refund_no?: string; times?: number | null } = {}): void {
    if (opts.out_refund_no) this.refundOutcomeByNo.set(opts.out_refund_no, status);
    else this.refundOutcome = { status, remaining: opts.times ?? null };
  }

  takeRefundOutcome(out_refund_no: string): RefundOutcome {
    const specific = this.refundOutcomeByNo.get(out_refund_no);
    if (specific) return specific;
    const d = this.refundOutcome;
    if (d.remaining !== null) {
      d.remaining -= 1;
      if (d.remaining <= 0) this.refundOutcome = { status: 'SUCCESS', remaining: null };
    }
    return d.status;
  }

  /** Forget the knobs (control /reset; the collections are emptied by the caller). */
  resetKnobs(): void {
    this.faults = [];
    this.keyMode = 'public_key';
    this.refundOutcome = { status: 'SUCCESS', remaining: null };
    this.refundOutcomeByNo.clear();
    this.clockOffsetMs = 0;
    for (const k of Object.keys(this.calls)) delete this.calls[k];
  }
}
