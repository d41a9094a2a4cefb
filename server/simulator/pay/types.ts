/**
 * Shapes and constants of the WeChat Pay simulator: the documents it keeps in
 * MongoDB (orders, refunds, notifications, deliveries) and the fault names.
 */
export const API_NAMES = ['jsapi', 'query', 'close', 'refund', 'query_refund', 'certificates', 'tradebill', 'billdownload'] as const;
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

/** sim_pay_orders, `_id` = out_trade_no */
export interface SimOrder {
  _id: string;
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
  seq: number;
  prepay_ids: string[];
  cancels: number;
  /** refunds of this order (reserved before the refund document is written) */
  refund_nos: string[];
  refund_count: number;
  /** fen reserved by refunds not CLOSED */
  refund_reserved: number;
  /** CLOSED refunds whose amount went back to refund_reserved (once each) */
  released_refund_nos: string[];
  /** outbox: the TRANSACTION.SUCCESS notification to write (set with the payment, cleared once queued) */
  notify_id?: string;
  notify_pending?: boolean;
}

/** sim_pay_refunds, `_id` = out_refund_no */
export interface SimRefund {
  _id: string;
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
  /** wall-clock ms when a PROCESSING refund settles by itself */
  settle_at: number;
  successAt?: number;
  success_time?: string;
  notify_id?: string;
  notify_pending?: boolean;
  seq: number;
}

export type DeliveryStatus = number | 'timeout' | 'error';

/** sim_pay_deliveries: one per HTTP attempt */
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
  seq: number;
}

/** waiting on the clock: a retry or a delayed first attempt */
export const RETRYING = ['retry_scheduled', 'delayed'] as const;

export type NotificationStatus = 'held' | 'delayed' | 'pending' | 'in_flight' | 'retry_scheduled' | 'acked' | 'gave_up' | 'stopped';

/** sim_pay_notifications, `_id` = the notification id: the delivery queue */
export interface SimNotification {
  _id: string;
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
  status: NotificationStatus;
  /** wall-clock ms of the next attempt (queue order) */
  due: number;
  /** wall-clock ms until which the attempt in flight belongs to its sender */
  lease?: number;
  /** the simulator process that holds the lease */
  owner?: string;
  next_at?: string;
  seq: number;
}

export interface BillFile {
  _id: string;
  bytes_b64: string;
  gzip: boolean;
  expiresAt: number;
  bill_date: string;
}

export const PREPAY_TTL_MS = 2 * 3600_000;
export const MAX_REFUNDS_PER_ORDER = 50;
export const REFUND_WINDOW_MS = 365 * 86400_000;
export const MERCHANT_NAME = 'HomeClub 家居';

export const RETRY_DELAYS_MS = [
  15_000, 15_000, 30_000, 180_000, 600_000, 1_200_000, 1_800_000, 1_800_000, 1_800_000, 3_600_000, 10_800_000, 10_800_000,
  10_800_000, 21_600_000, 21_600_000,
];
