/**
 * In-memory state of the local WeChat Pay (API v3) simulator: orders, prepay
 * ids, refunds, notifications and their delivery attempts, switchable faults,
 * key mode and call counts. Business rules (order state machine, refund caps,
 * idempotency) live here; HTTP, signing and delivery live in routes.ts and
 * notifier.ts.
 */
import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import type { SimPayKeys } from '../../pay/sim-keys';
import { aesGcmEncrypt, nonceStr } from '../../pay/crypto';
import { randomDigits, randomHex, rfc3339Shanghai, shanghaiCompactDate, shanghaiCompactDateTime } from './format';
import { PayError, type JsapiParams, type RefundParams, validateJsapi, validateRefund } from './validate';
import { Notifier } from './notifier';

export const API_NAMES = [
  'jsapi',
  'query',
  'close',
  'refund',
  'query_refund',
  'certificates',
  'tradebill',
  'billdownload',
] as const;
export type ApiName = (typeof API_NAMES)[number];
export const API_FAULTS = ['http_500', 'http_429', 'hang', 'unsigned_response', 'bad_response_signature'] as const;
export type ApiFaultType = (typeof API_FAULTS)[number];
export const NOTIFY_FAULTS = [
  'duplicate',
  'delay',
  'tampered_signature',
  'tampered_ciphertext',
  'stale_timestamp',
  'probe',
  'wrong_mchid',
  'wrong_appid',
  'amount_mismatch',
  'reverse_refund_order',
] as const;
export type NotifyFaultType = (typeof NOTIFY_FAULTS)[number];
export type FaultType = ApiFaultType | NotifyFaultType;

export interface PayFault {
  id: number;
  type: FaultType;
  /** API faults: which API */
  api?: ApiName;
  /** optional scope */
  out_trade_no?: string;
  out_refund_no?: string;
  event_type?: string;
  /** remaining uses; null = until cleared */
  remaining: number | null;
  /** duplicate: how many concurrent copies (default 2) */
  copies?: number;
  /** delay: ms before the first attempt (default 1000); hang: ms without an answer (default 10000) */
  ms?: number;
}

export interface FaultScope {
  api?: ApiName;
  out_trade_no?: string;
  out_refund_no?: string;
  event_type?: string;
}

export type KeyMode = 'public_key' | 'certificate';
export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';
export type RefundOutcome = Exclude<RefundStatus, 'PROCESSING'>;

export interface SimOrder {
  appid: string;
  mchid: string;
  out_trade_no: string;
  description: string;
  attach?: string;
  notify_url: string;
  time_expire?: string;
  expireAt?: number;
  total: number;
  currency: 'CNY';
  openid: string;
  /** stored state; REFUND is derived (SUCCESS + a successful refund) */
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED';
  closed_reason?: 'merchant' | 'expired';
  transaction_id?: string;
  paidAt?: number;
  success_time?: string;
  bank_type?: string;
  payer_total?: number;
  /** fault "paid after close": WeChat took the money around a merchant close */
  paid_after_close?: boolean;
  createdAt: number;
  prepay_ids: string[];
  cancels: number;
}

export interface SimRefund {
  refund_id: string;
  out_refund_no: string;
  out_trade_no: string;
  transaction_id: string;
  reason?: string;
  notify_url?: string;
  refund: number;
  total: number;
  status: RefundStatus;
  createdAt: number;
  create_time: string;
  successAt?: number;
  success_time?: string;
}

export type DeliveryStatus = number | 'timeout' | 'error';

export interface Delivery {
  event_id: string;
  event_type: string;
  out_trade_no: string;
  out_refund_no?: string;
  url: string;
  /** 1 = first delivery, 2..16 = retries */
  attempt: number;
  /** duplicate fault: which concurrent copy (1-based) */
  copy?: number;
  /** a WECHATPAY/SIGNTEST/ probe, not a real attempt */
  probe?: boolean;
  faults: string[];
  status: DeliveryStatus;
  error?: string;
  at: string;
  duration_ms: number;
}

export interface SimNotification {
  id: string;
  event_type: string;
  original_type: 'transaction' | 'refund';
  out_trade_no: string;
  out_refund_no?: string;
  url: string;
  summary: string;
  create_time: string;
  plaintext: Record<string, unknown>;
  /** the body as WeChat sends it (same id and ciphertext on every retry) */
  body: string;
  attempts: number;
  status: 'held' | 'delayed' | 'in_flight' | 'retry_scheduled' | 'acked' | 'gave_up' | 'stopped';
  next_at?: string;
}

export interface BillFile {
  bytes: Buffer;
  gzip: boolean;
  expiresAt: number;
  bill_date: string;
}

export interface PaySimOptions {
  appid: string;
  keys: SimPayKeys;
  timeScale: number;
  refundSettleMs: number;
  now: () => number;
  notifyTimeoutMs: number;
}

export const PREPAY_TTL_MS = 2 * 3600_000;
export const MAX_REFUNDS_PER_ORDER = 50;
export const REFUND_WINDOW_MS = 365 * 86400_000;
export const MERCHANT_NAME = 'HomeClub 家居';

const TRADE_STATE_DESC: Record<TradeState, string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  CLOSED: '订单已关闭',
  REFUND: '订单发生过退款',
};

const REFUND_EVENT: Record<RefundOutcome, { event: string; summary: string }> = {
  SUCCESS: { event: 'REFUND.SUCCESS', summary: '退款成功' },
  CLOSED: { event: 'REFUND.CLOSED', summary: '退款关闭' },
  ABNORMAL: { event: 'REFUND.ABNORMAL', summary: '退款异常' },
};

export class PaySimState {
  readonly appid: string;
  readonly keys: SimPayKeys;
  readonly orders = new Map<string, SimOrder>();
  readonly prepays = new Map<string, { out_trade_no: string; expiresAt: number }>();
  readonly refunds = new Map<string, SimRefund>();
  readonly deliveries: Delivery[] = [];
  readonly notifications: SimNotification[] = [];
  faults: PayFault[] = [];
  keyMode: KeyMode = 'public_key';
  readonly calls: Record<string, number> = {};
  /** outcome for the next settling refunds (remaining null = until changed) */
  refundOutcome: { status: RefundOutcome; remaining: number | null } = { status: 'SUCCESS', remaining: null };
  readonly refundOutcomeByNo = new Map<string, RefundOutcome>();
  readonly bills = new Map<string, BillFile>();
  /** shifts WeChat's clock (control /clock) */
  clockOffsetMs = 0;
  baseUrl: string | undefined;
  readonly notifier: Notifier;
  readonly refundSettleMs: number;
  readonly merchantPublicKey: KeyObject;
  private readonly wechatPayKey: KeyObject;
  private readonly platformKey: KeyObject;
  private readonly settleTimers = new Map<string, NodeJS.Timeout>();
  /** run on close() (e.g. release hanging API responses) */
  readonly closeHooks = new Set<() => void>();
  private readonly baseNow: () => number;
  private faultSeq = 0;
  private closed = false;

  constructor(opts: PaySimOptions) {
    this.appid = opts.appid;
    this.keys = opts.keys;
    this.baseNow = opts.now;
    this.refundSettleMs = opts.refundSettleMs;
    this.merchantPublicKey = createPublicKey(opts.keys.merchantPublicKey);
    this.wechatPayKey = createPrivateKey(opts.keys.wechatPayPrivateKey);
    this.platformKey = createPrivateKey(opts.keys.platformPrivateKey);
    this.notifier = new Notifier(this, { timeScale: opts.timeScale, timeoutMs: opts.notifyTimeoutMs });
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

  // ---- faults -------------------------------------------------------------

  addFault(f: Omit<PayFault, 'id' | 'remaining'> & { remaining?: number | null }): PayFault {
    const fault: PayFault = { ...f, id: ++this.faultSeq, remaining: f.remaining ?? null };
    this.faults.push(fault);
    return fault;
  }

  clearFaults(id?: number): void {
    this.faults = id === undefined ? [] : this.faults.filter((f) => f.id !== id);
  }

  private matches(f: PayFault, s: FaultScope): boolean {
    return (
      (f.api === undefined || f.api === s.api) &&
      (!f.out_trade_no || f.out_trade_no === s.out_trade_no) &&
      (!f.out_refund_no || f.out_refund_no === s.out_refund_no) &&
      (!f.event_type || f.event_type === s.event_type)
    );
  }

  /** The first active fault of `types` matching `scope`; consumed (one use) unless peek. */
  takeFault(types: readonly FaultType[], scope: FaultScope, peek = false): PayFault | null {
    const f = this.faults.find((x) => types.includes(x.type) && this.matches(x, scope));
    if (!f) return null;
    if (!peek && f.remaining !== null) {
      f.remaining -= 1;
      if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    }
    return f;
  }

  // ---- orders -------------------------------------------------------------

  /** Applies time_expire: an unpaid order past it is CLOSED. */
  refresh(o: SimOrder): SimOrder {
    if (o.state === 'NOTPAY' && o.expireAt !== undefined && this.now() > o.expireAt) {
      o.state = 'CLOSED';
      o.closed_reason = 'expired';
    }
    return o;
  }

  tradeState(o: SimOrder): TradeState {
    this.refresh(o);
    if (o.state === 'SUCCESS' && this.refundsOf(o.out_trade_no).some((r) => r.status === 'SUCCESS')) return 'REFUND';
    return o.state;
  }

  findOrder(out_trade_no: string): SimOrder | undefined {
    const o = this.orders.get(out_trade_no);
    return o && this.refresh(o);
  }

  findOrderByTransaction(transaction_id: string): SimOrder | undefined {
    for (const o of this.orders.values()) if (o.transaction_id === transaction_id) return this.refresh(o);
    return undefined;
  }

  refundsOf(out_trade_no: string): SimRefund[] {
    return [...this.refunds.values()].filter((r) => r.out_trade_no === out_trade_no);
  }

  /** The query-order shape (also the TRANSACTION.SUCCESS plaintext). */
  queryShape(o: SimOrder): Record<string, unknown> {
    const trade_state = this.tradeState(o);
    const paid = o.state === 'SUCCESS';
    return {
      appid: o.appid,
      mchid: o.mchid,
      out_trade_no: o.out_trade_no,
      ...(paid ? { transaction_id: o.transaction_id } : {}),
      trade_type: 'JSAPI',
      trade_state,
      trade_state_desc: TRADE_STATE_DESC[trade_state],
      ...(paid ? { bank_type: o.bank_type } : {}),
      attach: o.attach ?? '',
      ...(paid ? { success_time: o.success_time } : {}),
      payer: { openid: o.openid },
      amount: paid
        ? { total: o.total, payer_total: o.payer_total, currency: 'CNY', payer_currency: 'CNY' }
        : { total: o.total, currency: 'CNY' },
    };
  }

  private newPrepay(o: SimOrder): string {
    const id = `wx${shanghaiCompactDateTime(this.now())}${randomHex(14)}`;
    this.prepays.set(id, { out_trade_no: o.out_trade_no, expiresAt: this.now() + PREPAY_TTL_MS });
    o.prepay_ids.push(id);
    return id;
  }

  /** POST /v3/pay/transactions/jsapi */
  createJsapi(body: unknown): { prepay_id: string } {
    const p = validateJsapi(body, { appid: this.appid, mchid: this.keys.mchid });
    const existing = this.findOrder(p.out_trade_no);
    if (existing) {
      if (existing.state === 'SUCCESS') throw new PayError(403, 'ORDERPAID', '该订单已支付');
      if (existing.state === 'CLOSED') throw new PayError(400, 'ORDER_CLOSED', '该订单已关闭');
      if (!sameOrderParams(existing, p)) {
        throw new PayError(403, 'OUT_TRADE_NO_USED', '商户订单号重复：同一 out_trade_no 的下单参数与首次下单不一致');
      }
      return { prepay_id: this.newPrepay(existing) };
    }
    const o: SimOrder = {
      appid: p.appid,
      mchid: p.mchid,
      out_trade_no: p.out_trade_no,
      description: p.description,
      attach: p.attach,
      notify_url: p.notify_url,
      time_expire: p.time_expire,
      expireAt: p.expireAt,
      total: p.total,
      currency: 'CNY',
      openid: p.openid,
      state: 'NOTPAY',
      createdAt: this.now(),
      prepay_ids: [],
      cancels: 0,
    };
    this.orders.set(o.out_trade_no, o);
    return { prepay_id: this.newPrepay(o) };
  }

  /** POST …/out-trade-no/{no}/close */
  closeOrder(out_trade_no: string, body: unknown): void {
    const mchid = body && typeof body === 'object' ? (body as { mchid?: unknown }).mchid : undefined;
    if (typeof mchid !== 'string' || !mchid)
      throw new PayError(400, 'PARAM_ERROR', '参数错误: mchid 为必填参数', { field: '/mchid', location: 'body' });
    if (mchid !== this.keys.mchid)
      throw new PayError(400, 'INVALID_REQUEST', '参数错误: mchid 与请求商户号不一致', { field: '/mchid', location: 'body' });
    const o = this.findOrder(out_trade_no);
    if (!o) throw new PayError(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (o.state === 'SUCCESS') throw new PayError(400, 'ORDERPAID', '订单已支付，不能关闭');
    if (o.state === 'NOTPAY') {
      o.state = 'CLOSED';
      o.closed_reason = 'merchant';
    }
  }

  prepayInfo(prepay_id: string): { order?: SimOrder; expired: boolean } {
    const p = this.prepays.get(prepay_id);
    if (!p) return { expired: false };
    return { order: this.findOrder(p.out_trade_no), expired: p.expiresAt < this.now() };
  }

  /** The payer's action at the cashier (control). confirm → SUCCESS + TRANSACTION.SUCCESS notification. */
  payerAction(input: { out_trade_no?: string; prepay_id?: string; action: 'confirm' | 'cancel'; force?: boolean }): SimOrder {
    let o: SimOrder | undefined;
    if (input.prepay_id) {
      const info = this.prepayInfo(input.prepay_id);
      if (!info.order) throw new PayError(404, 'PREPAY_NOT_EXIST', 'prepay_id 不存在');
      if (info.expired && !input.force) throw new PayError(400, 'PREPAY_EXPIRED', 'prepay_id 已过期（有效期 2 小时）');
      o = info.order;
    } else if (input.out_trade_no) {
      o = this.findOrder(input.out_trade_no);
      if (!o) throw new PayError(404, 'ORDER_NOT_EXIST', '订单不存在');
      const live = o.prepay_ids.some((id) => (this.prepays.get(id)?.expiresAt ?? 0) >= this.now());
      if (!live && !input.force && o.state === 'NOTPAY')
        throw new PayError(400, 'PREPAY_EXPIRED', '该订单的 prepay_id 均已过期（有效期 2 小时），请重新下单');
    } else {
      throw new PayError(400, 'PARAM_ERROR', '参数错误: 需要 out_trade_no 或 prepay_id');
    }
    if (input.action === 'cancel') {
      o.cancels += 1;
      return o;
    }
    if (o.state === 'SUCCESS') throw new PayError(400, 'ORDERPAID', '订单已支付');
    if (o.state === 'CLOSED') {
      if (!input.force) throw new PayError(400, 'ORDER_CLOSED', '订单已关闭，不能支付（force:true 模拟“关单后仍支付成功”）');
      o.paid_after_close = true;
    }
    const now = this.now();
    o.state = 'SUCCESS';
    o.closed_reason = undefined;
    o.transaction_id = `4200${randomDigits(6)}${shanghaiCompactDate(now)}${randomDigits(10)}`;
    o.paidAt = now;
    o.success_time = rfc3339Shanghai(now);
    o.bank_type = 'OTHERS';
    o.payer_total = o.total;
    this.emit({
      event_type: 'TRANSACTION.SUCCESS',
      original_type: 'transaction',
      summary: '支付成功',
      url: o.notify_url,
      out_trade_no: o.out_trade_no,
      plaintext: this.queryShape(o),
    });
    return o;
  }

  // ---- refunds ------------------------------------------------------------

  refundShape(r: SimRefund): Record<string, unknown> {
    return {
      refund_id: r.refund_id,
      out_refund_no: r.out_refund_no,
      transaction_id: r.transaction_id,
      out_trade_no: r.out_trade_no,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(r.success_time ? { success_time: r.success_time } : {}),
      create_time: r.create_time,
      status: r.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: r.total,
        refund: r.refund,
        from: [],
        payer_total: r.total,
        payer_refund: r.refund,
        settlement_refund: r.refund,
        settlement_total: r.total,
        discount_refund: 0,
        currency: 'CNY',
      },
      promotion_detail: [],
    };
  }

  refundPlaintext(r: SimRefund): Record<string, unknown> {
    return {
      mchid: this.keys.mchid,
      out_trade_no: r.out_trade_no,
      transaction_id: r.transaction_id,
      out_refund_no: r.out_refund_no,
      refund_id: r.refund_id,
      refund_status: r.status,
      ...(r.success_time ? { success_time: r.success_time } : {}),
      user_received_account: '支付用户零钱',
      amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund },
    };
  }

  /** The order a refund request names (transaction_id wins when both are given, as at WeChat). */
  orderForRefund(p: Pick<RefundParams, 'out_trade_no' | 'transaction_id'>): SimOrder | undefined {
    return p.transaction_id
      ? this.findOrderByTransaction(p.transaction_id)
      : p.out_trade_no
        ? this.findOrder(p.out_trade_no)
        : undefined;
  }

  /** POST /v3/refund/domestic/refunds */
  createRefund(body: unknown): SimRefund {
    const p = validateRefund(body);
    const o = this.orderForRefund(p);
    if (!o) throw new PayError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    const existing = this.refunds.get(p.out_refund_no);
    if (existing) {
      if (existing.out_trade_no === o.out_trade_no && existing.refund === p.refund && existing.total === p.total) return existing;
      throw new PayError(400, 'INVALID_REQUEST', '商户退款单号已存在，且退款参数与原请求不一致', {
        field: '/out_refund_no',
        location: 'body',
      });
    }
    if (o.state !== 'SUCCESS')
      throw new PayError(400, 'INVALID_REQUEST', o.state === 'CLOSED' ? '订单已关闭，不能退款' : '订单未支付，不能退款');
    if (p.total !== o.total)
      throw new PayError(400, 'INVALID_REQUEST', `订单金额不一致: amount.total 应为 ${o.total}`, {
        field: '/amount/total',
        location: 'body',
      });
    if (this.now() - (o.paidAt ?? 0) > REFUND_WINDOW_MS)
      throw new PayError(400, 'INVALID_REQUEST', '订单已超过退款期限（支付后一年内）');
    const mine = this.refundsOf(o.out_trade_no);
    if (mine.length >= MAX_REFUNDS_PER_ORDER)
      throw new PayError(400, 'INVALID_REQUEST', `部分退款次数超过限制（每笔订单最多 ${MAX_REFUNDS_PER_ORDER} 次）`);
    const used = mine.filter((r) => r.status !== 'CLOSED').reduce((s, r) => s + r.refund, 0);
    if (used + p.refund > o.total) {
      throw new PayError(400, 'INVALID_REQUEST', `退款金额超过可退金额（订单 ${o.total} 分，已退或退款中 ${used} 分）`, {
        field: '/amount/refund',
        location: 'body',
      });
    }
    const now = this.now();
    const r: SimRefund = {
      refund_id: `50${randomDigits(4)}${shanghaiCompactDate(now)}${randomDigits(15)}`,
      out_refund_no: p.out_refund_no,
      out_trade_no: o.out_trade_no,
      transaction_id: o.transaction_id!,
      reason: p.reason,
      notify_url: p.notify_url,
      refund: p.refund,
      total: p.total,
      status: 'PROCESSING',
      createdAt: now,
      create_time: rfc3339Shanghai(now),
    };
    this.refunds.set(r.out_refund_no, r);
    if (!this.closed) {
      const t = setTimeout(() => {
        this.settleTimers.delete(r.out_refund_no);
        this.settleRefund(r);
      }, this.refundSettleMs);
      t.unref();
      this.settleTimers.set(r.out_refund_no, t);
    }
    return r;
  }

  setRefundOutcome(status: RefundOutcome, opts: { out_refund_no?: string; times?: number | null } = {}): void {
    if (opts.out_refund_no) this.refundOutcomeByNo.set(opts.out_refund_no, status);
    else this.refundOutcome = { status, remaining: opts.times ?? null };
  }

  private takeRefundOutcome(out_refund_no: string): RefundOutcome {
    const specific = this.refundOutcomeByNo.get(out_refund_no);
    if (specific) return specific;
    const d = this.refundOutcome;
    if (d.remaining !== null) {
      d.remaining -= 1;
      if (d.remaining <= 0) this.refundOutcome = { status: 'SUCCESS', remaining: null };
    }
    return d.status;
  }

  /** PROCESSING → the configured outcome, then a REFUND.* notification if the refund has a notify_url. */
  settleRefund(r: SimRefund, outcome?: RefundOutcome): boolean {
    if (r.status !== 'PROCESSING') return false;
    const t = this.settleTimers.get(r.out_refund_no);
    if (t) clearTimeout(t);
    this.settleTimers.delete(r.out_refund_no);
    const status = outcome ?? this.takeRefundOutcome(r.out_refund_no);
    r.status = status;
    if (status === 'SUCCESS') {
      r.successAt = this.now();
      r.success_time = rfc3339Shanghai(r.successAt);
    }
    if (r.notify_url) {
      const ev = REFUND_EVENT[status];
      this.emit({
        event_type: ev.event,
        original_type: 'refund',
        summary: ev.summary,
        url: r.notify_url,
        out_trade_no: r.out_trade_no,
        out_refund_no: r.out_refund_no,
        plaintext: this.refundPlaintext(r),
      });
    }
    return true;
  }

  /** Settle every PROCESSING refund now (optionally only one). Returns how many settled. */
  settleRefunds(out_refund_no?: string): number {
    let n = 0;
    for (const r of [...this.refunds.values()]) {
      if (out_refund_no && r.out_refund_no !== out_refund_no) continue;
      if (this.settleRefund(r)) n += 1;
    }
    return n;
  }

  // ---- notifications ------------------------------------------------------

  private emit(e: Omit<SimNotification, 'id' | 'create_time' | 'body' | 'attempts' | 'status'>): SimNotification {
    const n: SimNotification = {
      ...e,
      id: randomUUID(),
      create_time: rfc3339Shanghai(this.now()),
      body: '',
      attempts: 0,
      status: 'in_flight',
    };
    n.body = this.notificationBody(n, n.plaintext);
    this.notifications.push(n);
    if (!this.closed) this.notifier.enqueue(n);
    else n.status = 'stopped';
    return n;
  }

  /** The JSON body of a notification, the resource encrypted with the APIv3 key. */
  notificationBody(n: SimNotification, plaintext: Record<string, unknown>): string {
    const nonce = nonceStr(6); // 12 characters
    const associated_data = n.original_type;
    const ciphertext = aesGcmEncrypt(this.keys.apiV3Key, JSON.stringify(plaintext), nonce, associated_data);
    return JSON.stringify({
      id: n.id,
      create_time: n.create_time,
      resource_type: 'encrypt-resource',
      event_type: n.event_type,
      summary: n.summary,
      resource: { original_type: n.original_type, algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data, nonce },
    });
  }

  /** Is any refund of this order still PROCESSING? (reverse_refund_order releases when none is) */
  hasProcessingRefund(out_trade_no: string): boolean {
    return this.refundsOf(out_trade_no).some((r) => r.status === 'PROCESSING');
  }

  flushRetries(): Promise<number> {
    return this.notifier.flush();
  }

  /** Resolves when no notification attempt is in flight. */
  whenIdle(): Promise<void> {
    return this.notifier.idle();
  }

  // ---- misc ---------------------------------------------------------------

  /** Forget everything except keys (control /reset). */
  reset(): void {
    this.notifier.stopAll();
    for (const t of this.settleTimers.values()) clearTimeout(t);
    this.settleTimers.clear();
    this.orders.clear();
    this.prepays.clear();
    this.refunds.clear();
    this.deliveries.length = 0;
    this.notifications.length = 0;
    this.faults = [];
    this.keyMode = 'public_key';
    this.refundOutcome = { status: 'SUCCESS', remaining: null };
    this.refundOutcomeByNo.clear();
    this.bills.clear();
    this.clockOffsetMs = 0;
    for (const k of Object.keys(this.calls)) delete this.calls[k];
  }

  close(): void {
    this.closed = true;
    for (const t of this.settleTimers.values()) clearTimeout(t);
    this.settleTimers.clear();
    this.notifier.close();
    for (const hook of [...this.closeHooks]) hook();
    this.closeHooks.clear();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

function sameOrderParams(o: SimOrder, p: JsapiParams): boolean {
  return (
    o.description === p.description &&
    (o.attach ?? '') === (p.attach ?? '') &&
    o.notify_url === p.notify_url &&
    (o.time_expire ?? '') === (p.time_expire ?? '') &&
    o.total === p.total &&
    o.openid === p.openid
  );
}
