/**
 * Request validation with WeChat Pay's error conventions: HTTP status +
 * `{code, message, detail?}`; parameter problems are 400 PARAM_ERROR with a
 * message naming the field (and detail.field as a JSON pointer, like WeChat).
 */
import { parseRfc3339WithOffset } from './format';

export class PayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }

  toJSON(): { code: string; message: string; detail?: Record<string, unknown> } {
    return this.detail
      ? { code: this.code, message: this.message, detail: this.detail }
      : { code: this.code, message: this.message };
  }
}

export function paramError(field: string, issue: string, location = 'body'): PayError {
  return new PayError(400, 'PARAM_ERROR', `参数错误: ${field} ${issue}`, {
    field: `/${field.replaceAll('.', '/')}`,
    location,
    issue,
  });
}

export type Obj = Record<string, unknown>;

export function asObject(v: unknown, field: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw field ? paramError(field, '必须是对象') : new PayError(400, 'PARAM_ERROR', '参数错误: 请求体必须是 JSON 对象');
  }
  return v as Obj;
}

const chars = (s: string) => [...s].length;

export function optString(
  o: Obj,
  key: string,
  path: string,
  opts: { min?: number; max?: number; re?: RegExp; reDesc?: string } = {},
): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw paramError(path, '必须是字符串');
  const n = chars(v);
  if (opts.min !== undefined && n < opts.min)
    throw paramError(path, opts.min === 1 ? '不能为空' : `长度不能少于${opts.min}个字符`);
  if (opts.max !== undefined && n > opts.max) throw paramError(path, `长度不能超过${opts.max}个字符`);
  if (opts.re && !opts.re.test(v)) throw paramError(path, opts.reDesc ?? '格式错误');
  return v;
}

export function reqString(o: Obj, key: string, path: string, opts: Parameters<typeof optString>[3] = {}): string {
  const v = optString(o, key, path, { min: 1, ...opts });
  if (v === undefined) throw paramError(path, '为必填参数');
  return v;
}

/** Integer fen ≥ 1 within Number.MAX_SAFE_INTEGER; rejects 0, negatives, fractions and strings. */
export function reqFen(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (v === undefined || v === null) throw paramError(path, '为必填参数');
  if (typeof v !== 'number') throw paramError(path, '必须是整数（单位：分），不能是字符串');
  if (!Number.isSafeInteger(v)) throw paramError(path, '必须是整数（单位：分）');
  if (v < 1) throw paramError(path, '必须大于等于1（单位：分）');
  return v;
}

export function checkNotifyUrl(v: string, path: string): void {
  if (chars(v) > 255) throw paramError(path, '长度不能超过255个字符');
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw paramError(path, '不是合法的URL');
  }
  if (v.includes('?') || u.search) throw paramError(path, '不能携带查询参数');
  if (v.includes('#')) throw paramError(path, '不能携带锚点');
  const local = u.hostname === 'localhost' || u.hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(u.hostname);
  if (u.protocol === 'https:') return;
  if (u.protocol === 'http:' && local) return; // simulator only: WeChat itself requires https
  throw paramError(path, '必须是 https:// 地址（模拟器另外允许 http://127.x.x.x 与 http://localhost）');
}

export const OUT_TRADE_NO_RE = /^[A-Za-z0-9_*-]{6,32}$/;
export const OUT_REFUND_NO_RE = /^[A-Za-z0-9_*@|-]{1,64}$/;

export interface JsapiParams {
  appid: string;
  mchid: string;
  description: string;
  out_trade_no: string;
  time_expire?: string;
  expireAt?: number;
  attach?: string;
  notify_url: string;
  total: number;
  currency: 'CNY';
  openid: string;
}

export function validateJsapi(body: unknown, expect: { appid: string; mchid: string }): JsapiParams {
  const o = asObject(body, '');
  const appid = reqString(o, 'appid', 'appid', { max: 32 });
  const mchid = reqString(o, 'mchid', 'mchid', { max: 32 });
  if (appid !== expect.appid || mchid !== expect.mchid) {
    throw new PayError(400, 'APPID_MCHID_NOT_MATCH', 'AppID和mch_id不匹配', {
      location: 'body',
      field: appid !== expect.appid ? '/appid' : '/mchid',
    });
  }
  const description = reqString(o, 'description', 'description', { max: 127 });
  const out_trade_no = reqString(o, 'out_trade_no', 'out_trade_no', {
    re: OUT_TRADE_NO_RE,
    reDesc: '必须是6-32位数字、大小写字母或 _-* 字符',
  });
  const time_expire = optString(o, 'time_expire', 'time_expire');
  let expireAt: number | undefined;
  if (time_expire !== undefined) {
    const t = parseRfc3339WithOffset(time_expire);
    if (t === null) throw paramError('time_expire', '必须是 RFC 3339 格式并带时区偏移，如 2026-11-22T18:00:00+08:00');
    expireAt = t;
  }
  const attach = optString(o, 'attach', 'attach', { max: 128 });
  const notify_url = reqString(o, 'notify_url', 'notify_url');
  checkNotifyUrl(notify_url, 'notify_url');
  if (o.amount === undefined) throw paramError('amount', '为必填参数');
  const amount = asObject(o.amount, 'amount');
  const total = reqFen(amount, 'total', 'amount.total');
  const currency = optString(amount, 'currency', 'amount.currency') ?? 'CNY';
  if (currency !== 'CNY') throw paramError('amount.currency', '只支持 CNY');
  if (o.payer === undefined) throw paramError('payer', '为必填参数');
  const payer = asObject(o.payer, 'payer');
  const openid = reqString(payer, 'openid', 'payer.openid', { max: 128 });
  return { appid, mchid, description, out_trade_no, time_expire, expireAt, attach, notify_url, total, currency: 'CNY', openid };
}

export interface RefundParams {
  out_trade_no?: string;
  transaction_id?: string;
  out_refund_no: string;
  reason?: string;
  notify_url?: string;
  refund: number;
  total: number;
  currency: 'CNY';
}

export function validateRefund(body: unknown): RefundParams {
  const o = asObject(body, '');
  const transaction_id = optString(o, 'transaction_id', 'transaction_id', { min: 1, max: 32 });
  const out_trade_no = optString(o, 'out_trade_no', 'out_trade_no', { min: 1, max: 32 });
  if (!transaction_id && !out_trade_no) throw paramError('out_trade_no', '与 transaction_id 必须二选一填写');
  const out_refund_no = reqString(o, 'out_refund_no', 'out_refund_no', {
    re: OUT_REFUND_NO_RE,
    reDesc: '必须是1-64位数字、大小写字母或 _-|*@ 字符',
  });
  const reason = optString(o, 'reason', 'reason', { max: 80 });
  const notify_url = optString(o, 'notify_url', 'notify_url', { min: 1 });
  if (notify_url !== undefined) checkNotifyUrl(notify_url, 'notify_url');
  if (o.amount === undefined) throw paramError('amount', '为必填参数');
  const amount = asObject(o.amount, 'amount');
  const refund = reqFen(amount, 'refund', 'amount.refund');
  const total = reqFen(amount, 'total', 'amount.total');
  const currency = reqString(amount, 'currency', 'amount.currency');
  if (currency !== 'CNY') throw paramError('amount.currency', '只支持 CNY');
  return { out_trade_no, transaction_id, out_refund_no, reason, notify_url, refund, total, currency: 'CNY' };
}
