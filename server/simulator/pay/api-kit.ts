/**
 * The WeChat Pay API wrapper of the simulator: raw request bytes, the
 * Authorization check (verified over the raw body), API faults, WeChat-style
 * errors and responses signed over the exact bytes sent.
 *
 * Signed path: the client signs the API path as WeChat sees it
 * (`/v3/pay/...?mchid=...`, the prefix is part of our "host"); a signature over
 * the full local path (prefix included) is accepted too.
 */
import type Koa from 'koa';
import { MAX_CLOCK_SKEW_SECONDS, nonceStr, parseAuthorization, requestMessage, responseMessage, signRsa, verifyRsa } from '../../src/wechat/pay/crypto';
import { flipBase64, randomHex } from './format';
import type { PaySimState } from './state';
import { API_FAULTS, type ApiFaultType, type ApiName } from './types';
import { PayError } from './validate';

export const DEFAULT_HANG_MS = 10_000;
const MAX_BODY_BYTES = 1 << 20;

export interface Reply {
  status: number;
  body?: unknown;
  /** unsigned file body (bill download) */
  file?: { bytes: Buffer; type: string };
}

export interface ApiCall {
  ctx: Koa.Context;
  raw: Buffer;
  /** the parsed JSON body; PARAM_ERROR if it is not JSON */
  json(): unknown;
}

type Ctx = Koa.Context;

/** Raw request bytes: ctx.state.rawBody when an outer body reader kept them, else read from the stream. */
export async function readRaw(ctx: Ctx): Promise<Buffer> {
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
export async function readControlBody(ctx: Ctx): Promise<unknown> {
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

export function controlError(ctx: Ctx, err: unknown): void {
  if (err instanceof PayError) {
    ctx.status = err.status;
    ctx.body = err.toJSON();
    return;
  }
  ctx.status = 500;
  ctx.body = { code: 'SYSTEM_ERROR', message: (err as Error).message };
}

export function createApiKit(sim: PaySimState, prefix: string) {
  const state = sim.ctx;
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
    scopeOf?: (call: ApiCall) => string | undefined | Promise<string | undefined>,
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
        scope = await scopeOf?.(call);
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

  return { api, send };
}
