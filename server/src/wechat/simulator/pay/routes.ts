/**
 * HTTP face of the WeChat Pay simulator: WeChat Pay API v3 paths under the
 * prefix, with WeChat's request authentication (Authorization header verified
 * over the raw body bytes) and signed responses; plus /control/* for tests and
 * the H5 demo, the payer's cashier page and a console. Loopback only.
 *
 * Signed path: the client signs the API path as WeChat sees it
 * (`/v3/pay/...?mchid=...`, the prefix is part of our "host"); a signature over
 * the full local path (prefix included) is accepted too.
 *
 * File downloads (`/v3/billdownload/file`) need a valid Authorization, but the
 * file body is NOT signed (WeChat does not sign file bodies; verify it with
 * the hash_value from /v3/bill/tradebill instead). Error answers there are
 * JSON and signed like every other API answer.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import Router from '@koa/router';
import type Koa from 'koa';
import { z } from 'zod';
import {
  aesGcmEncrypt,
  MAX_CLOCK_SKEW_SECONDS,
  nonceStr,
  parseAuthorization,
  requestMessage,
  responseMessage,
  signRsa,
  verifyRsa,
} from '../../pay/crypto';
import { isLoopback } from '../routes';
import { buildTradeBill, type BillType } from './bill';
import { renderPayConsole } from './console';
import { flipBase64, isCalendarDate, randomHex, rfc3339Shanghai } from './format';
import { renderPayerPage } from './payer-page';
import { API_FAULTS, API_NAMES, NOTIFY_FAULTS, type ApiFaultType, type ApiName, type PaySimState, type SimOrder } from './state';
import { PayError } from './validate';

export const DEFAULT_HANG_MS = 10_000;
export const BILL_TOKEN_TTL_MS = 30_000;
const MAX_BODY_BYTES = 1 << 20;

interface Reply {
  status: number;
  body?: unknown;
  /** unsigned file body (bill download) */
  file?: { bytes: Buffer; type: string };
}

interface ApiCall {
  ctx: Koa.Context;
  raw: Buffer;
  /** the parsed JSON body; PARAM_ERROR if it is not JSON */
  json(): unknown;
}

type Ctx = Koa.Context;

function loopbackOnly(): Koa.Middleware {
  return async (ctx, next) => {
    if (!isLoopback(ctx.req.socket.remoteAddress)) {
      ctx.status = 403;
      ctx.body = { code: 'NO_AUTH', message: 'simulator accepts loopback clients only' };
      return;
    }
    await next();
  };
}

/** Raw request bytes: ctx.state.rawBody when an outer body reader kept them, else read from the stream. */
async function readRaw(ctx: Ctx): Promise<Buffer> {
  const st = ctx.state as { rawBody?: unknown };
  if (Buffer.isBuffer(st.rawBody)) return st.rawBody;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of ctx.req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new PayError(400, 'PARAM_ERROR', '请求体过大');
    chunks.push(c as Buffer);
  }
  const raw = Buffer.concat(chunks);
  st.rawBody = raw;
  return raw;
}

/** JSON body of a control request (an outer reader may have parsed it already). */
async function readControlBody(ctx: Ctx): Promise<unknown> {
  const st = ctx.state as { body?: unknown };
  if (st.body !== undefined) return st.body;
  const raw = await readRaw(ctx);
  if (!raw.length) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new PayError(400, 'PARAM_ERROR', '请求体不是合法的 JSON');
  }
}

function controlError(ctx: Ctx, err: unknown): void {
  if (err instanceof PayError) {
    ctx.status = err.status;
    ctx.body = err.toJSON();
    return;
  }
  ctx.status = 500;
  ctx.body = { code: 'SYSTEM_ERROR', message: (err as Error).message };
}

export function createPayRouter(state: PaySimState, prefix: string): Router {
  const r = new Router({ prefix });
  r.use(loopbackOnly());

  const publicBase = (ctx: Ctx) => state.baseUrl ?? `${ctx.protocol}://${ctx.host}${prefix}`;

  /** null when the Authorization header is valid, else why not. */
  function authProblem(ctx: Ctx, raw: Buffer): { issue: string; message: string; sign_message?: string } | null {
    const a = parseAuthorization(ctx.get('authorization') || undefined);
    if (!a)
      return {
        issue: 'missing or malformed Authorization',
        message:
          '签名错误：缺少或无法解析 Authorization 头（WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",timestamp="…",serial_no="…",signature="…"）',
      };
    if (a.mchid !== state.keys.mchid) return { issue: 'unknown mchid', message: `签名错误：商户号 ${a.mchid} 不存在` };
    if (a.serial_no !== state.keys.merchantSerial)
      return { issue: 'serial_no mismatch', message: '签名错误：商户API证书序列号（serial_no）不正确' };
    const ts = Number(a.timestamp);
    if (!/^\d{1,12}$/.test(a.timestamp) || Math.abs(state.now() / 1000 - ts) > MAX_CLOCK_SKEW_SECONDS) {
      return { issue: 'timestamp expired', message: '签名错误：请求时间戳与微信支付服务器时间相差超过5分钟' };
    }
    const full = ctx.originalUrl;
    const stripped = full.startsWith(prefix) ? full.slice(prefix.length) || '/' : full;
    const candidates = stripped === full ? [full] : [stripped, full];
    const ok = candidates.some((p) =>
      verifyRsa(state.merchantPublicKey, requestMessage(ctx.method, p, a.timestamp, a.nonce_str, raw), a.signature),
    );
    if (!ok) {
      const expected = requestMessage(ctx.method, stripped, a.timestamp, a.nonce_str, raw);
      return {
        issue: 'sign not match',
        message: '签名错误：Authorization 中的签名验证失败，请检查签名串（METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n）与商户私钥',
        sign_message: expected.length > 512 ? `${expected.slice(0, 512)}…` : expected,
      };
    }
    return null;
  }

  /** Write a reply with Wechatpay-* headers signed over the exact bytes sent. */
  function send(ctx: Ctx, reply: Reply, fault?: ApiFaultType): void {
    ctx.set('Request-ID', randomHex(32).toUpperCase());
    let bytes: Buffer;
    if (reply.file) {
      bytes = reply.file.bytes;
    } else {
      bytes =
        reply.status === 204 || reply.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(reply.body), 'utf8');
      const { serial, key } = state.signer();
      const timestamp = String(Math.floor(state.now() / 1000));
      const nonce = nonceStr(16);
      let signature = signRsa(key, responseMessage(timestamp, nonce, bytes));
      if (fault === 'bad_response_signature') signature = flipBase64(signature, 10);
      ctx.set('Wechatpay-Timestamp', timestamp);
      ctx.set('Wechatpay-Nonce', nonce);
      ctx.set('Wechatpay-Serial', serial);
      ctx.set('Wechatpay-Signature-Type', 'WECHATPAY2-SHA256-RSA2048');
      if (fault !== 'unsigned_response') ctx.set('Wechatpay-Signature', signature);
    }
    ctx.status = reply.status;
    if (bytes.length) {
      ctx.type = reply.file?.type ?? 'application/json; charset=utf-8';
      ctx.body = bytes;
    } else {
      ctx.body = null;
    }
  }

  function hang(ctx: Ctx, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        ctx.res.off('close', done);
        state.closeHooks.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      ctx.res.once('close', done);
      state.closeHooks.add(done);
    });
  }

  const errorReply = (err: unknown): Reply =>
    err instanceof PayError
      ? { status: err.status, body: err.toJSON() }
      : { status: 500, body: { code: 'SYSTEM_ERROR', message: `系统错误：${(err as Error).message}` } };

  /**
   * Wraps a WeChat Pay API: call counts, Authorization check, API faults,
   * WeChat-style errors, signed response. `scopeOf` names the out_trade_no a
   * request concerns (for faults scoped to one order).
   */
  function api(
    name: ApiName,
    handler: (call: ApiCall) => Reply | Promise<Reply>,
    scopeOf?: (call: ApiCall) => string | undefined,
  ) {
    return async (ctx: Ctx) => {
      state.count(name);
      let raw: Buffer;
      try {
        raw = await readRaw(ctx);
      } catch (err) {
        return send(ctx, errorReply(err));
      }
      const problem = authProblem(ctx, raw);
      if (problem) {
        const { message, ...detail } = problem;
        return send(ctx, {
          status: 401,
          body: { code: 'SIGN_ERROR', message, detail: { location: 'authorization', ...detail } },
        });
      }
      let parsed: { ok: true; value: unknown } | { ok: false } | undefined;
      const call: ApiCall = {
        ctx,
        raw,
        json() {
          if (!parsed) {
            try {
              parsed = { ok: true, value: raw.length ? JSON.parse(raw.toString('utf8')) : undefined };
            } catch {
              parsed = { ok: false };
            }
          }
          if (!parsed.ok) throw new PayError(400, 'PARAM_ERROR', '参数错误：请求体不是合法的 JSON');
          return parsed.value;
        },
      };
      let scope: string | undefined;
      try {
        scope = scopeOf?.(call);
      } catch {
        scope = undefined;
      }
      const taken = state.takeFault(API_FAULTS, { api: name, out_trade_no: scope });
      const fault = taken?.type as ApiFaultType | undefined;
      const fault500 = { status: 500, body: { code: 'SYSTEM_ERROR', message: '系统错误，请使用相同参数稍后重新调用' } };
      const fault429 = { status: 429, body: { code: 'FREQUENCY_LIMITED', message: '频率超限，请降低请求频率' } };
      if (fault === 'http_500') return send(ctx, fault500);
      // A refund behind a 429 is still created: the caller cannot know, as at WeChat.
      if (fault === 'http_429' && name !== 'refund') return send(ctx, fault429);
      let reply: Reply;
      try {
        reply = await handler(call);
      } catch (err) {
        reply = errorReply(err);
      }
      if (fault === 'http_429') reply = fault429;
      if (fault === 'hang') await hang(ctx, taken?.ms ?? DEFAULT_HANG_MS);
      send(ctx, reply, fault);
    };
  }

  const requireMchidQuery = (ctx: Ctx) => {
    const m = ctx.query.mchid;
    if (typeof m !== 'string' || !m)
      throw new PayError(400, 'PARAM_ERROR', '参数错误：mchid 为必填参数', { field: 'mchid', location: 'query' });
    if (m !== state.keys.mchid)
      throw new PayError(400, 'INVALID_REQUEST', '参数错误：mchid 与请求商户号不一致', { field: 'mchid', location: 'query' });
  };
  const bodyField = (call: ApiCall, key: string) => {
    const b = call.json() as Record<string, unknown> | undefined;
    return b && typeof b[key] === 'string' ? (b[key] as string) : undefined;
  };

  // ---- WeChat Pay API v3 --------------------------------------------------
  r.post(
    '/v3/pay/transactions/jsapi',
    api(
      'jsapi',
      (c) => ({ status: 200, body: state.createJsapi(c.json()) }),
      (c) => bodyField(c, 'out_trade_no'),
    ),
  );

  r.get(
    '/v3/pay/transactions/out-trade-no/:no',
    api(
      'query',
      (c) => {
        requireMchidQuery(c.ctx);
        const o = state.findOrder(c.ctx.params.no);
        if (!o) throw new PayError(404, 'ORDER_NOT_EXIST', '订单不存在');
        return { status: 200, body: state.queryShape(o) };
      },
      (c) => c.ctx.params.no,
    ),
  );

  r.get(
    '/v3/pay/transactions/id/:tid',
    api(
      'query',
      (c) => {
        requireMchidQuery(c.ctx);
        const o = state.findOrderByTransaction(c.ctx.params.tid);
        if (!o) throw new PayError(404, 'ORDER_NOT_EXIST', '订单不存在');
        return { status: 200, body: state.queryShape(o) };
      },
      (c) => state.findOrderByTransaction(c.ctx.params.tid)?.out_trade_no,
    ),
  );

  r.post(
    '/v3/pay/transactions/out-trade-no/:no/close',
    api(
      'close',
      (c) => {
        state.closeOrder(c.ctx.params.no, c.json());
        return { status: 204 };
      },
      (c) => c.ctx.params.no,
    ),
  );

  r.post(
    '/v3/refund/domestic/refunds',
    api(
      'refund',
      (c) => ({ status: 200, body: state.refundShape(state.createRefund(c.json())) }),
      (c) => {
        const tid = bodyField(c, 'transaction_id');
        return tid ? state.findOrderByTransaction(tid)?.out_trade_no : bodyField(c, 'out_trade_no');
      },
    ),
  );

  r.get(
    '/v3/refund/domestic/refunds/:no',
    api(
      'query_refund',
      (c) => {
        const rf = state.refunds.get(c.ctx.params.no);
        if (!rf) throw new PayError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
        return { status: 200, body: state.refundShape(rf) };
      },
      (c) => state.refunds.get(c.ctx.params.no)?.out_trade_no,
    ),
  );

  let certTimes: { effective_time: string; expire_time: string } | undefined;
  r.get(
    '/v3/certificates',
    api('certificates', () => {
      if (!certTimes) {
        const x = new X509Certificate(state.keys.platformCertificate);
        certTimes = {
          effective_time: rfc3339Shanghai(Date.parse(x.validFrom)),
          expire_time: rfc3339Shanghai(Date.parse(x.validTo)),
        };
      }
      const nonce = nonceStr(6);
      return {
        status: 200,
        body: {
          data: [
            {
              serial_no: state.keys.platformCertSerial,
              ...certTimes,
              encrypt_certificate: {
                algorithm: 'AEAD_AES_256_GCM',
                nonce,
                associated_data: 'certificate',
                ciphertext: aesGcmEncrypt(state.keys.apiV3Key, state.keys.platformCertificate, nonce, 'certificate'),
              },
            },
          ],
        },
      };
    }),
  );

  r.get(
    '/v3/bill/tradebill',
    api('tradebill', (c) => {
      const q = c.ctx.query;
      const date = q.bill_date;
      if (typeof date !== 'string' || !isCalendarDate(date)) {
        throw new PayError(400, 'PARAM_ERROR', '参数错误：bill_date 必须是 YYYY-MM-DD 格式的日期', {
          field: 'bill_date',
          location: 'query',
        });
      }
      const type = (q.bill_type ?? 'ALL') as string;
      if (!['ALL', 'SUCCESS', 'REFUND'].includes(type)) {
        throw new PayError(400, 'PARAM_ERROR', '参数错误：bill_type 只能是 ALL、SUCCESS 或 REFUND', {
          field: 'bill_type',
          location: 'query',
        });
      }
      const tar = q.tar_type;
      if (tar !== undefined && tar !== 'GZIP')
        throw new PayError(400, 'PARAM_ERROR', '参数错误：tar_type 只能是 GZIP', { field: 'tar_type', location: 'query' });
      const csv = buildTradeBill(state, date, type as BillType);
      if (csv === null) throw new PayError(400, 'NO_STATEMENT_EXIST', '该日期没有交易，账单不存在');
      const raw = Buffer.from(csv, 'utf8');
      const token = randomHex(40);
      state.bills.set(token, {
        bytes: tar === 'GZIP' ? gzipSync(raw) : raw,
        gzip: tar === 'GZIP',
        expiresAt: state.now() + BILL_TOKEN_TTL_MS,
        bill_date: date,
      });
      return {
        status: 200,
        body: {
          hash_type: 'SHA1',
          hash_value: createHash('sha1').update(raw).digest('hex'),
          download_url: `${publicBase(c.ctx)}/v3/billdownload/file?token=${token}`,
        },
      };
    }),
  );

  r.get(
    '/v3/billdownload/file',
    api('billdownload', (c) => {
      const token = c.ctx.query.token;
      const bill = typeof token === 'string' ? state.bills.get(token) : undefined;
      if (!bill || bill.expiresAt < state.now())
        throw new PayError(400, 'INVALID_REQUEST', '下载地址无效或已过期（有效期 30 秒），请重新申请账单');
      return { status: 200, file: { bytes: bill.bytes, type: bill.gzip ? 'application/x-gzip' : 'text/csv; charset=utf-8' } };
    }),
  );

  // ---- payer page and console ---------------------------------------------
  r.get('/payer', (ctx) => {
    const page = renderPayerPage(state, prefix, ctx.query.prepay_id, ctx.query.return);
    ctx.status = page.status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = page.html;
  });

  r.get('/', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderPayConsole(state, prefix);
  });

  // ---- control (tests, demo) ----------------------------------------------
  const control = (handler: (ctx: Ctx, body: () => Promise<unknown>) => unknown) => async (ctx: Ctx) => {
    try {
      const result = await handler(ctx, () => readControlBody(ctx));
      if (result !== undefined) ctx.body = result;
    } catch (err) {
      controlError(ctx, err);
    }
  };
  const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
    const res = schema.safeParse(value);
    if (!res.success)
      throw new PayError(
        400,
        'PARAM_ERROR',
        res.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      );
    return res.data;
  };

  const orderView = (ctx: Ctx, o: SimOrder) => {
    const latest = o.prepay_ids[o.prepay_ids.length - 1];
    return {
      ...state.queryShape(o),
      description: o.description,
      notify_url: o.notify_url,
      time_expire: o.time_expire,
      prepay_ids: o.prepay_ids,
      payer_url: latest ? `${publicBase(ctx)}/payer?prepay_id=${encodeURIComponent(latest)}` : undefined,
      closed_reason: o.closed_reason,
      paid_after_close: o.paid_after_close ?? false,
      cancels: o.cancels,
      refunds: state.refundsOf(o.out_trade_no).map((x) => x.out_refund_no),
    };
  };

  r.post(
    '/control/pay',
    control(async (ctx, body) => {
      const b = parse(
        z.object({
          out_trade_no: z.string().min(1).optional(),
          prepay_id: z.string().min(1).optional(),
          action: z.enum(['confirm', 'cancel']).default('confirm'),
          force: z.boolean().optional(),
        }),
        await body(),
      );
      const o = state.payerAction(b);
      return { order: orderView(ctx, o) };
    }),
  );

  r.get(
    '/control/orders',
    control((ctx) => {
      const no = ctx.query.out_trade_no;
      return {
        items: [...state.orders.values()]
          .filter((o) => !no || o.out_trade_no === no)
          .map((o) => orderView(ctx, state.refresh(o))),
      };
    }),
  );

  r.get(
    '/control/refunds',
    control((ctx) => {
      const no = ctx.query.out_trade_no;
      return {
        items: [...state.refunds.values()]
          .filter((x) => !no || x.out_trade_no === no)
          .map((x) => ({ ...state.refundShape(x), reason: x.reason, notify_url: x.notify_url })),
      };
    }),
  );

  r.get(
    '/control/deliveries',
    control((ctx) => {
      const q = ctx.query as Record<string, string | undefined>;
      const keep = (d: { out_trade_no: string; out_refund_no?: string; event_type: string }, id: string) =>
        (!q.out_trade_no || d.out_trade_no === q.out_trade_no) &&
        (!q.out_refund_no || d.out_refund_no === q.out_refund_no) &&
        (!q.event_type || d.event_type === q.event_type) &&
        (!q.event_id || id === q.event_id);
      return {
        items: state.deliveries.filter((d) => keep(d, d.event_id)),
        notifications: state.notifications
          .filter((n) => keep(n, n.id))
          .map((n) => ({
            id: n.id,
            event_type: n.event_type,
            out_trade_no: n.out_trade_no,
            out_refund_no: n.out_refund_no,
            url: n.url,
            status: n.status,
            attempts: n.attempts,
            next_at: n.next_at,
          })),
      };
    }),
  );

  const faultSchema = z.object({
    fault: z.enum([...API_FAULTS, ...NOTIFY_FAULTS]).optional(),
    mode: z.enum([...API_FAULTS, ...NOTIFY_FAULTS]).optional(),
    api: z.enum(API_NAMES).optional(),
    times: z.number().int().min(1).max(100_000).nullable().optional(),
    out_trade_no: z.string().min(1).optional(),
    out_refund_no: z.string().min(1).optional(),
    event_type: z.string().min(1).optional(),
    copies: z.number().int().min(2).max(50).optional(),
    ms: z
      .number()
      .int()
      .min(0)
      .max(24 * 3600_000)
      .optional(),
  });

  r.post(
    '/control/faults',
    control(async (_ctx, body) => {
      const b = parse(faultSchema, await body());
      const type = b.fault ?? b.mode;
      if (!type) throw new PayError(400, 'PARAM_ERROR', 'fault 为必填参数');
      const isApi = (API_FAULTS as readonly string[]).includes(type);
      if (isApi && !b.api) throw new PayError(400, 'PARAM_ERROR', `${type} 是接口故障，需要 api（${API_NAMES.join('/')}）`);
      if (!isApi && b.api) throw new PayError(400, 'PARAM_ERROR', `${type} 是通知故障，不能指定 api`);
      const fault = state.addFault({
        type,
        api: b.api,
        out_trade_no: b.out_trade_no,
        out_refund_no: b.out_refund_no,
        event_type: b.event_type,
        copies: b.copies,
        ms: b.ms,
        remaining: b.times ?? null,
      });
      return { fault, faults: state.faults };
    }),
  );

  r.get(
    '/control/faults',
    control(() => ({ faults: state.faults })),
  );

  r.delete(
    '/control/faults',
    control((ctx) => {
      const id = ctx.query.id;
      state.clearFaults(typeof id === 'string' && id ? Number(id) : undefined);
      return { faults: state.faults };
    }),
  );

  r.post(
    '/control/key-mode',
    control(async (_ctx, body) => {
      const b = parse(z.object({ mode: z.enum(['public_key', 'certificate']) }), await body());
      state.keyMode = b.mode;
      return { mode: state.keyMode, serial: state.signer().serial };
    }),
  );

  r.post(
    '/control/refund-outcome',
    control(async (_ctx, body) => {
      const b = parse(
        z.object({
          status: z.enum(['SUCCESS', 'CLOSED', 'ABNORMAL']),
          out_refund_no: z.string().min(1).optional(),
          times: z.number().int().min(1).nullable().optional(),
        }),
        await body(),
      );
      state.setRefundOutcome(b.status, { out_refund_no: b.out_refund_no, times: b.times });
      return { default: state.refundOutcome, by_out_refund_no: Object.fromEntries(state.refundOutcomeByNo) };
    }),
  );

  r.post(
    '/control/settle-refunds',
    control(async (_ctx, body) => {
      const b = parse(z.object({ out_refund_no: z.string().min(1).optional(), wait: z.boolean().optional() }), await body());
      const settled = state.settleRefunds(b.out_refund_no);
      if (b.wait) await state.whenIdle();
      return { settled };
    }),
  );

  r.post(
    '/control/flush',
    control(async () => {
      const ran = await state.flushRetries();
      return { ran, pending: state.notifier.pending };
    }),
  );

  r.post(
    '/control/clock',
    control(async (_ctx, body) => {
      const b = parse(
        z.object({ offset_ms: z.number().int().optional(), advance_ms: z.number().int().optional() }),
        await body(),
      );
      if (b.offset_ms !== undefined) state.clockOffsetMs = b.offset_ms;
      if (b.advance_ms !== undefined) state.clockOffsetMs += b.advance_ms;
      return { offset_ms: state.clockOffsetMs, now: rfc3339Shanghai(state.now()) };
    }),
  );

  r.post(
    '/control/reset',
    control(() => {
      state.reset();
      return { ok: true };
    }),
  );

  r.get(
    '/control/stats',
    control(() => ({
      calls: state.calls,
      orders: state.orders.size,
      refunds: state.refunds.size,
      notifications: state.notifications.length,
      deliveries: state.deliveries.length,
      pending_retries: state.notifier.pending,
      key_mode: state.keyMode,
      faults: state.faults,
    })),
  );

  return r;
}
