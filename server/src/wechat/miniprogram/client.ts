/**
 * Mini-program server API client (jscode2session, stable_token, phone number,
 * mini-program code, subscribe messages). Talks to https://api.weixin.qq.com
 * or to the local simulator: only the base URL differs.
 */
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { TokenStore, FetchedToken } from './token-store';

export interface WxSession {
  openid: string;
  unionid: string | null;
  sessionKey: string;
}

export interface WxPhone {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

export interface MiniProgramClient {
  code2session(code: string): Promise<WxSession>;
  getPhoneNumber(code: string, openid?: string): Promise<WxPhone>;
  getUnlimitedQrCode(input: { scene: string; page: string; checkPath?: boolean; envVersion?: 'release' | 'trial' | 'develop'; width?: number }): Promise<Buffer>;
  sendSubscribeMessage(input: { toUser: string; templateId: string; page?: string; data: Record<string, { value: string }> }): Promise<{ sent: boolean; reason?: 'not_subscribed' }>;
  /**
   * Simulator only (WECHAT_MODE=sim; callers check the mode): a consent as the phone's 订阅 sheet would give it,
   * through the simulator's control API. Real WeChat has no such call.
   */
  simGrantConsent(openid: string, templateId: string): Promise<void>;
}

interface WxErrorBody {
  errcode?: number;
  errmsg?: string;
}

/** A WeChat API answered with an errcode we do not map to a more specific error: 502 to our client. */
export class WechatApiError extends AppError {
  constructor(readonly errcode: number, readonly errmsg: string, readonly api: string) {
    super('WECHAT_UNAVAILABLE', `${api}: errcode ${errcode} ${errmsg}`);
  }
}

export interface MiniProgramClientOptions {
  baseUrl: string;
  appid: string;
  secret: string;
  logger: Logger;
  timeoutMs?: number;
}

export function fetchStableToken(opts: MiniProgramClientOptions) {
  return async (force: boolean): Promise<FetchedToken> => {
    const body = await postJson<{ access_token?: string; expires_in?: number } & WxErrorBody>(
      opts,
      '/cgi-bin/stable_token',
      { grant_type: 'client_credential', appid: opts.appid, secret: opts.secret, force_refresh: force },
    );
    if (!body.access_token) throw new WechatApiError(body.errcode ?? -1, body.errmsg ?? 'no access_token', 'stable_token');
    return { accessToken: body.access_token, expiresInSeconds: body.expires_in ?? 7200 };
  };
}

async function request(opts: MiniProgramClientOptions, path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${opts.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(opts.timeoutMs ?? 5000) });
  } catch (err) {
    throw new AppError('WECHAT_UNAVAILABLE', `${path.split('?')[0]} unreachable: ${(err as Error).message}`, { cause: err });
  }
}

async function readJson<T>(res: Response, path: string): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new AppError('WECHAT_UNAVAILABLE', `${path.split('?')[0]} answered HTTP ${res.status} with non-JSON`);
  }
}

async function postJson<T>(opts: MiniProgramClientOptions, path: string, payload: unknown): Promise<T> {
  const res = await request(opts, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return readJson<T>(res, path);
}

export function createMiniProgramClient(opts: MiniProgramClientOptions, tokens: TokenStore): MiniProgramClient {
  /** Call an access-token API; on 40001 refresh the token once and retry once. */
  async function withToken<T extends WxErrorBody>(api: string, call: (token: string) => Promise<T>): Promise<T> {
    let token = await tokens.get();
    let body = await call(token);
    if (body.errcode === 40001 || body.errcode === 42001) {
      opts.logger.warn({ api, errcode: body.errcode }, 'wechat access token rejected; refreshing once');
      token = await tokens.get(token);
      body = await call(token);
    }
    return body;
  }

  return {
    async code2session(code) {
      const q = new URLSearchParams({ appid: opts.appid, secret: opts.secret, js_code: code, grant_type: 'authorization_code' });
      const res = await request(opts, `/sns/jscode2session?${q}`, { method: 'GET' });
      const body = await readJson<{ openid?: string; unionid?: string; session_key?: string } & WxErrorBody>(res, '/sns/jscode2session');
      // Success has no errcode at all: test for openid.
      if (body.openid) return { openid: body.openid, unionid: body.unionid ?? null, sessionKey: body.session_key ?? '' };
      const detail = `jscode2session errcode ${body.errcode} ${body.errmsg ?? ''}`;
      switch (body.errcode) {
        case 40029:
        case 40163:
          throw new AppError('AUTH_CODE_INVALID', detail);
        case 45011:
          throw new AppError('RATE_LIMITED', detail);
        case 40226:
          throw new AppError('AUTH_WECHAT_BLOCKED', detail);
        default:
          throw new AppError('WECHAT_UNAVAILABLE', detail);
      }
    },

    async getPhoneNumber(code, openid) {
      const body = await withToken('getuserphonenumber', (t) =>
        postJson<{ phone_info?: WxPhone & { watermark?: { appid?: string } } } & WxErrorBody>(
          opts,
          `/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(t)}`,
          openid ? { code, openid } : { code },
        ),
      );
      if (body.errcode === 0 && body.phone_info) {
        const info = body.phone_info;
        if (info.watermark?.appid && info.watermark.appid !== opts.appid) {
          throw new AppError('PHONE_CODE_INVALID', `phone watermark appid ${info.watermark.appid} is not ours`);
        }
        return { phoneNumber: info.phoneNumber, purePhoneNumber: info.purePhoneNumber, countryCode: info.countryCode };
      }
      const detail = `getuserphonenumber errcode ${body.errcode} ${body.errmsg ?? ''}`;
      if (body.errcode === -1 || body.errcode === 40001) throw new AppError('WECHAT_UNAVAILABLE', detail);
      throw new AppError('PHONE_CODE_INVALID', detail);
    },

    async getUnlimitedQrCode(input) {
      let token = await tokens.get();
      for (let attempt = 0; ; attempt++) {
        const res = await request(opts, `/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            scene: input.scene,
            page: input.page,
            check_path: input.checkPath ?? true,
            env_version: input.envVersion ?? 'release',
            width: input.width ?? 430,
          }),
        });
        if ((res.headers.get('content-type') ?? '').startsWith('image/')) return Buffer.from(await res.arrayBuffer());
        const body = await readJson<WxErrorBody>(res, '/wxa/getwxacodeunlimit');
        if ((body.errcode === 40001 || body.errcode === 42001) && attempt === 0) {
          token = await tokens.get(token);
          continue;
        }
        throw new WechatApiError(body.errcode ?? -1, body.errmsg ?? 'no image', 'getwxacodeunlimit');
      }
    },

    async sendSubscribeMessage(input) {
      const body = await withToken('subscribe/send', (t) =>
        postJson<WxErrorBody>(opts, `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(t)}`, {
          touser: input.toUser,
          template_id: input.templateId,
          page: input.page,
          data: input.data,
          miniprogram_state: 'formal',
          lang: 'zh_CN',
        }),
      );
      if (body.errcode === 0) return { sent: true };
      if (body.errcode === 43101) return { sent: false, reason: 'not_subscribed' };
      throw new WechatApiError(body.errcode ?? -1, body.errmsg ?? '', 'subscribe/send');
    },

    async simGrantConsent(openid, templateId) {
      await postJson<{ ok?: boolean }>(opts, '/control/subscribe', { openid, templateIds: [templateId], times: 1 });
    },
  };
}
