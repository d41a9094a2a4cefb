/**
 * WeChat Pay v3 client. `wechatpay-node-v3` builds the Authorization header
 * and the wx.requestPayment parameters; its transport (createHttp) is ours:
 * it sends to a configurable base URL (api.mch.weixin.qq.com or the
 * simulator), verifies the signature of every response (the library does not)
 * and times out. Retries only what is safe: the same request on 5xx/timeout,
 * refunds always with the same out_refund_no, and a refund whose outcome is
 * unknown (429/timeout) is queried before it is sent again.
 */
import { createPublicKey } from 'node:crypto';
import WxPay from 'wechatpay-node-v3';
import type { IPayRequest } from 'wechatpay-node-v3/dist/lib/pay-request.interface';
import type { Output } from 'wechatpay-node-v3/dist/define';
import type { RequestPaymentParams } from '@homeclub/shared';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { MAX_CLOCK_SKEW_SECONDS, aesGcmDecrypt, keyObject, responseMessage, verifyRsa } from './crypto';
import type { PayKeyStore, PlatformCertificate } from './keys';

export const WECHATPAY_HOST = 'https://api.mch.weixin.qq.com';

export interface PayClientOptions {
  baseUrl: string;
  appid: string;
  mchid: string;
  merchantPrivateKey: string;
  merchantSerial: string;
  apiV3Key: string;
  notifyUrl: string;
  timeoutMs?: number;
  /** how many times a 5xx/timeout is retried (default 2) */
  retries?: number;
  logger: Logger;
}

/** WeChat's transaction (query result / payment notification plaintext). */
export interface WxTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_state: 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
  trade_state_desc?: string;
  success_time?: string;
  attach?: string;
  payer?: { openid?: string };
  amount?: { total?: number; payer_total?: number; currency?: string };
}

export interface WxRefund {
  out_refund_no: string;
  refund_id?: string;
  out_trade_no?: string;
  transaction_id?: string;
  status?: 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';
  refund_status?: 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';
  success_time?: string;
  mchid?: string;
  amount?: { total?: number; refund?: number };
}

/** A WeChat Pay API error with WeChat's code. */
export class PayApiError extends AppError {
  constructor(readonly httpStatus: number, readonly wxCode: string, readonly wxMessage: string, api: string) {
    super(mapCode(httpStatus, wxCode), `${api}: HTTP ${httpStatus} ${wxCode} ${wxMessage}`);
  }
  get retryable(): boolean {
    return this.httpStatus >= 500 || this.httpStatus === 0;
  }
  get outcomeUnknown(): boolean {
    return this.httpStatus === 0 || this.httpStatus === 429;
  }
}

function mapCode(status: number, code: string) {
  if (code === 'ORDERPAID' || code === 'ORDER_PAID') return 'PAY_ORDER_PAID' as const;
  if (code === 'ORDER_CLOSED') return 'PAY_ORDER_CLOSED' as const;
  if (code === 'PARAM_ERROR' || code === 'INVALID_REQUEST' || code === 'OUT_TRADE_NO_USED') return 'PAY_REJECTED' as const;
  if (status === 429) return 'RATE_LIMITED' as const;
  return 'PAY_UNAVAILABLE' as const;
}

/** Subclass only to reach the library's signer for calls it does not wrap (/v3/certificates). */
class Signer extends WxPay {
  authorization(method: string, url: string, params?: Record<string, unknown>): string {
    return this.buildAuthorization(method, url, params);
  }
  headers(authorization: string): Record<string, string> {
    return this.getHeaders(authorization) as Record<string, string>;
  }
}

export function createPayClient(opts: PayClientOptions, keys: PayKeyStore) {
  const merchantPublic = createPublicKey(opts.merchantPrivateKey).export({ type: 'spki', format: 'pem' }) as string;
  const pay = new Signer({
    appid: opts.appid,
    mchid: opts.mchid,
    serial_no: opts.merchantSerial,
    publicKey: Buffer.from(merchantPublic),
    // parsed once: the library signs with whatever it is given, and a PEM is parsed again on every signature
    privateKey: keyObject(opts.merchantPrivateKey, 'private') as unknown as Buffer,
  });

  /** Transport: our base URL, timeout, and a verified response signature. */
  async function send(method: 'GET' | 'POST', url: string, headers: Record<string, string>, params?: unknown): Promise<Output> {
    const target = url.startsWith(WECHATPAY_HOST) ? `${opts.baseUrl}${url.slice(WECHATPAY_HOST.length)}` : url;
    // The library signed JSON.stringify(params): send exactly those bytes.
    const body = params === undefined ? undefined : JSON.stringify(params);
    let res: Response;
    try {
      res = await fetch(target, {
        method,
        headers: { ...headers, ...(body ? { 'Content-Type': 'application/json' } : {}), 'Accept-Encoding': 'identity' },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
    } catch (err) {
      return { status: 0, error: `network: ${(err as Error).message}` };
    }
    const raw = Buffer.from(await res.arrayBuffer());
    const isFile = (res.headers.get('content-type') ?? '').startsWith('text/csv') || url.includes('/v3/billdownload/');
    if (!isFile) await verifyResponse(res.headers, raw, url);
    const text = raw.toString('utf8');
    let data: unknown = text;
    if (!isFile && text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
    if (res.status >= 200 && res.status < 300) return { status: res.status, data };
    return { status: res.status, error: text, data };
  }

  async function verifyResponse(headers: Headers, raw: Buffer, url: string): Promise<void> {
    const ts = headers.get('wechatpay-timestamp');
    const nonce = headers.get('wechatpay-nonce');
    const sig = headers.get('wechatpay-signature');
    const serial = headers.get('wechatpay-serial');
    const api = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0];
    if (!ts || !nonce || !sig || !serial) throw new PayApiError(0, 'UNSIGNED_RESPONSE', 'response has no WeChat Pay signature', api);
    if (Math.abs(Date.now() / 1000 - Number(ts)) >= MAX_CLOCK_SKEW_SECONDS) throw new PayApiError(0, 'STALE_RESPONSE', `response timestamp ${ts} outside 5 min`, api);
    const key = await keys.get(serial);
    if (!key) throw new PayApiError(0, 'UNKNOWN_SERIAL', `response signed by unknown serial ${serial}`, api);
    if (!verifyRsa(key, responseMessage(ts, nonce, raw), sig)) throw new PayApiError(0, 'BAD_SIGNATURE', 'response signature does not verify', api);
  }

  const transport: IPayRequest = {
    post: (url, params, headers) => send('POST', url, headers as Record<string, string>, params),
    get: (url, headers) => send('GET', url, headers as Record<string, string>),
    upload: () => Promise.reject(new Error('upload is not used')),
  } as IPayRequest;
  pay.createHttp(transport);

  function check(out: Output, api: string): unknown {
    if (out.status >= 200 && out.status < 300) return out.data;
    const body = (typeof out.data === 'object' && out.data) || (() => {
      try {
        return JSON.parse(String(out.error ?? '{}'));
      } catch {
        return {};
      }
    })();
    const b = body as { code?: string; message?: string };
    throw new PayApiError(out.status, b.code ?? (out.status === 0 ? 'NETWORK' : `HTTP_${out.status}`), b.message ?? String(out.error ?? ''), api);
  }

  /** Run `call` again on 5xx / network errors (same request), with a short backoff. */
  async function withRetry<T>(api: string, call: () => Promise<T>): Promise<T> {
    const retries = opts.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (err instanceof PayApiError && err.retryable && attempt < retries) {
          opts.logger.warn({ api, attempt, err: err.message }, 'wechat pay call failed; retrying the same request');
          await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
          continue;
        }
        throw err;
      }
    }
  }

  async function queryRefund(outRefundNo: string): Promise<WxRefund | null> {
    try {
      return await withRetry('query_refund', async () => check(await pay.find_refunds(outRefundNo), 'query_refund') as WxRefund);
    } catch (err) {
      if (err instanceof PayApiError && err.httpStatus === 404) return null;
      throw err;
    }
  }

  return {
    /** Create (or re-create with identical parameters) a JSAPI order → wx.requestPayment parameters. */
    async createJsapi(input: { outTradeNo: string; description: string; amountFen: number; openid: string; expireAt: Date; attach?: string }): Promise<{ prepayId: string; requestPayment: RequestPaymentParams }> {
      const params = {
        description: input.description.slice(0, 127),
        out_trade_no: input.outTradeNo,
        time_expire: rfc3339Shanghai(input.expireAt),
        attach: input.attach,
        notify_url: opts.notifyUrl,
        amount: { total: input.amountFen, currency: 'CNY' },
        payer: { openid: input.openid },
      };
      const data = await withRetry('jsapi', async () => check(await pay.transactions_jsapi(params as never), 'jsapi')) as RequestPaymentParams & { appId: string };
      const pkg = data.package;
      return {
        prepayId: pkg.replace(/^prepay_id=/, ''),
        requestPayment: { timeStamp: data.timeStamp, nonceStr: data.nonceStr, package: pkg, signType: 'RSA', paySign: data.paySign },
      };
    },

    async query(outTradeNo: string): Promise<WxTransaction | null> {
      try {
        return await withRetry('query', async () => check(await pay.query({ out_trade_no: outTradeNo }), 'query') as WxTransaction);
      } catch (err) {
        if (err instanceof PayApiError && err.httpStatus === 404) return null;
        throw err;
      }
    },

    /** Close at WeChat; repeatable. A paid order throws PAY_ORDER_PAID: query it. */
    async close(outTradeNo: string): Promise<void> {
      await withRetry('close', async () => check(await pay.close(outTradeNo), 'close'));
    },

    /**
     * Request a refund. Safe to call again with the same out_refund_no: WeChat
     * answers with the same refund. When the outcome is unknown (429, timeout),
     * query first and only re-send if WeChat does not know the refund.
     */
    async refund(input: { outTradeNo: string; outRefundNo: string; reason?: string; refundFen: number; totalFen: number }): Promise<WxRefund> {
      const params = {
        out_trade_no: input.outTradeNo,
        out_refund_no: input.outRefundNo,
        reason: input.reason?.slice(0, 80),
        notify_url: opts.notifyUrl,
        amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
      };
      const attempts = (opts.retries ?? 2) + 1;
      for (let attempt = 0; ; attempt++) {
        try {
          return check(await pay.refunds(params as never), 'refund') as WxRefund;
        } catch (err) {
          if (!(err instanceof PayApiError) || attempt + 1 >= attempts) throw err;
          if (err.outcomeUnknown) {
            const existing = await queryRefund(input.outRefundNo).catch(() => null);
            if (existing) return existing;
          } else if (!err.retryable) {
            throw err;
          }
          opts.logger.warn({ outRefundNo: input.outRefundNo, attempt, err: err.message }, 'refund outcome unknown or failed; retrying with the same out_refund_no');
          await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
        }
      }
    },

    queryRefund,

    /** The trade bill CSV of a day (YYYY-MM-DD), or null when WeChat has none. */
    async tradeBill(date: string): Promise<string | null> {
      let info: { download_url: string };
      try {
        info = await withRetry('tradebill', async () => check(await pay.tradebill({ bill_date: date, bill_type: 'ALL' } as never), 'tradebill') as { download_url: string });
      } catch (err) {
        if (err instanceof PayApiError && err.wxCode === 'NO_STATEMENT_EXIST') return null;
        throw err;
      }
      // The library signs the URL's path after WeChat's host: give it the canonical host, our transport maps it back.
      const url = info.download_url.startsWith(opts.baseUrl) ? `${WECHATPAY_HOST}${info.download_url.slice(opts.baseUrl.length)}` : info.download_url;
      const file = await withRetry('billdownload', async () => check(await pay.downloadBill(url), 'billdownload'));
      return String(file);
    },

    /** Download and decrypt the platform certificates (certificate key mode). */
    async fetchCertificates(): Promise<PlatformCertificate[]> {
      const url = `${WECHATPAY_HOST}/v3/certificates`;
      const out = await withRetry('certificates', async () => check(await send('GET', url, pay.headers(pay.authorization('GET', url))), 'certificates'));
      const list = (out as { data?: { serial_no: string; effective_time: string; expire_time: string; encrypt_certificate: { nonce: string; associated_data: string; ciphertext: string } }[] }).data ?? [];
      return list.map((c) => ({
        serial: c.serial_no,
        pem: aesGcmDecrypt(opts.apiV3Key, c.encrypt_certificate.ciphertext, c.encrypt_certificate.nonce, c.encrypt_certificate.associated_data),
        effectiveTime: new Date(c.effective_time),
        expireTime: new Date(c.expire_time),
      }));
    },
  };
}

export type PayClient = ReturnType<typeof createPayClient>;

/** `2026-11-22T18:00:00+08:00` */
export function rfc3339Shanghai(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}
