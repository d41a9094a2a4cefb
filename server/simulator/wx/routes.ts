/**
 * HTTP face of the simulator: WeChat's mini-program server APIs with WeChat's
 * conventions (HTTP 200 + {errcode, errmsg}; QR codes as image/png), plus
 * /control/* endpoints for tests and the H5 demo, and a console page.
 * Loopback only. Never imported by live code paths.
 */
import Router from '@koa/router';
import type Koa from 'koa';
import QRCode from 'qrcode';
import { z } from 'zod';
import { loopbackOnly } from '../http';
import { SimulatorState, type FaultApi, type FaultMode } from './state';
import { renderConsole } from './console';

const SCENE_RE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

type Ctx = Koa.ParameterizedContext<{ body?: unknown }>;

function wxError(ctx: Ctx, errcode: number, errmsg: string): void {
  ctx.status = 200;
  ctx.body = { errcode, errmsg };
}

async function applyFault(ctx: Ctx, state: SimulatorState, api: FaultApi): Promise<boolean> {
  const mode = state.takeFault(api);
  if (!mode) return false;
  switch (mode) {
    case 'busy':
      wxError(ctx, -1, 'system error');
      break;
    case 'rate_limit':
      wxError(ctx, 45011, 'api minute-quota reach limit mustslower retry next minute');
      break;
    case 'risky':
      wxError(ctx, 40226, 'invalid user, high risk');
      break;
    case 'http500':
      ctx.status = 500;
      ctx.type = 'text/html';
      ctx.body = '<html><body>500 Internal Server Error</body></html>';
      break;
    case 'hang':
      await new Promise((r) => setTimeout(r, 10_000));
      wxError(ctx, -1, 'system error');
      break;
  }
  return true;
}

/** JSON body for simulator routes (the app's own body reader may already have parsed it). */
async function readBody(ctx: Koa.Context): Promise<unknown> {
  const state = ctx.state as { body?: unknown; rawBody?: Buffer };
  if (state.body !== undefined) return state.body;
  if (state.rawBody) return state.rawBody.length ? JSON.parse(state.rawBody.toString('utf8')) : {};
  const chunks: Buffer[] = [];
  for await (const c of ctx.req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  return raw ? JSON.parse(raw) : {};
}

const faultSchema = z.object({
  api: z.enum(['jscode2session', 'stable_token', 'getuserphonenumber', 'getwxacodeunlimit', 'subscribe_send']),
  mode: z.enum(['busy', 'rate_limit', 'risky', 'http500', 'hang']).nullable(),
  times: z.number().int().min(1).max(1000).nullable().default(null),
});

export function createSimulatorRouter(state: SimulatorState, prefix: string): Router {
  const r = new Router({ prefix });
  r.use(loopbackOnly({ errcode: 403, errmsg: 'simulator accepts loopback clients only' }));

  // ---- WeChat APIs -------------------------------------------------------
  r.get('/sns/jscode2session', async (ctx) => {
    state.count('jscode2session');
    if (await applyFault(ctx as Ctx, state, 'jscode2session')) return;
    const { appid, secret, js_code: code, grant_type: grant } = ctx.query as Record<string, string>;
    if (appid !== state.appid) return wxError(ctx as Ctx, 40013, 'invalid appid');
    if (secret !== state.secret) return wxError(ctx as Ctx, 40125, 'invalid appsecret');
    if (grant !== 'authorization_code') return wxError(ctx as Ctx, 40002, 'invalid grant_type');
    const used = await state.useCode(code, 'login');
    if (!used.ok) return used.reason === 'used' ? wxError(ctx as Ctx, 40163, 'code been used') : wxError(ctx as Ctx, 40029, 'invalid code');
    const openid = used.value.openid!;
    ctx.body = {
      openid,
      session_key: Buffer.from(`${openid}:${code}`).toString('base64').slice(0, 24),
      unionid: state.unionidOf(openid),
    };
  });

  r.post('/cgi-bin/stable_token', async (ctx) => {
    state.count('stable_token');
    if (await applyFault(ctx as Ctx, state, 'stable_token')) return;
    const b = (await readBody(ctx)) as { grant_type?: string; appid?: string; secret?: string; force_refresh?: boolean };
    if (b.grant_type !== 'client_credential') return wxError(ctx as Ctx, 40002, 'invalid grant_type');
    if (b.appid !== state.appid) return wxError(ctx as Ctx, 40013, 'invalid appid');
    if (b.secret !== state.secret) return wxError(ctx as Ctx, 40125, 'invalid appsecret');
    const t = await state.issueToken(Boolean(b.force_refresh));
    ctx.body = { access_token: t.token, expires_in: t.expiresIn };
  });

  r.post('/wxa/business/getuserphonenumber', async (ctx) => {
    state.count('getuserphonenumber');
    if (await applyFault(ctx as Ctx, state, 'getuserphonenumber')) return;
    if (!(await state.tokenValid(ctx.query.access_token))) {
      return wxError(ctx as Ctx, 40001, 'invalid credential, access_token is invalid or not latest');
    }
    const b = (await readBody(ctx)) as { code?: string };
    const used = await state.useCode(b.code, 'phone');
    if (!used.ok) return wxError(ctx as Ctx, 40029, 'invalid code');
    const entry = { phoneNumber: used.value.phoneNumber!, countryCode: used.value.countryCode ?? '86' };
    ctx.body = {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: entry.countryCode === '86' ? entry.phoneNumber : `+${entry.countryCode}${entry.phoneNumber}`,
        purePhoneNumber: entry.phoneNumber,
        countryCode: entry.countryCode,
        watermark: { timestamp: Math.floor(state.now() / 1000), appid: state.appid },
      },
    };
  });

  r.post('/wxa/getwxacodeunlimit', async (ctx) => {
    state.count('getwxacodeunlimit');
    if (await applyFault(ctx as Ctx, state, 'getwxacodeunlimit')) return;
    if (!(await state.tokenValid(ctx.query.access_token))) {
      return wxError(ctx as Ctx, 40001, 'invalid credential, access_token is invalid or not latest');
    }
    const b = (await readBody(ctx)) as { scene?: string; page?: string; check_path?: boolean; width?: number; env_version?: string };
    if (typeof b.scene !== 'string' || !SCENE_RE.test(b.scene)) {
      return wxError(ctx as Ctx, 40169, 'invalid length for scene, or the data is not json string');
    }
    const page = b.page ?? 'pages/index/index';
    if (page.startsWith('/') || (b.check_path !== false && !state.pages.has(page))) {
      return wxError(ctx as Ctx, 41030, 'invalid page rid');
    }
    const width = Math.min(Math.max(Number(b.width ?? 430), 280), 1280);
    const text = `https://mp.weixin.qq.com/a/~${state.appid}?page=${encodeURIComponent(page)}&scene=${encodeURIComponent(b.scene)}&env=${b.env_version ?? 'release'}`;
    ctx.type = 'image/png';
    ctx.body = await QRCode.toBuffer(text, { type: 'png', width, margin: 2, errorCorrectionLevel: 'M' });
  });

  r.post('/cgi-bin/message/subscribe/send', async (ctx) => {
    state.count('subscribe_send');
    if (await applyFault(ctx as Ctx, state, 'subscribe_send')) return;
    if (!(await state.tokenValid(ctx.query.access_token))) {
      return wxError(ctx as Ctx, 40001, 'invalid credential, access_token is invalid or not latest');
    }
    const b = (await readBody(ctx)) as { touser?: string; template_id?: string; page?: string; data?: Record<string, { value: string }> };
    if (!b.touser) return wxError(ctx as Ctx, 40003, 'invalid openid');
    if (!b.template_id) return wxError(ctx as Ctx, 40037, 'invalid template_id');
    if (!b.data || typeof b.data !== 'object') return wxError(ctx as Ctx, 47003, 'argument invalid! data is empty');
    if (!(await state.takeConsent(b.touser, b.template_id))) return wxError(ctx as Ctx, 43101, 'user refuse to accept the msg');
    await state.recordMessage({ touser: b.touser, templateId: b.template_id, page: b.page, data: b.data, at: new Date(state.now()).toISOString() });
    ctx.body = { errcode: 0, errmsg: 'ok' };
  });

  // ---- control (tests, demo) ---------------------------------------------
  r.get('/control/demo-users', (ctx) => {
    ctx.body = { items: state.demoUsers };
  });

  r.post('/control/login-code', async (ctx) => {
    const b = z.object({ openid: z.string().min(6).max(64).optional() }).safeParse(await readBody(ctx));
    if (!b.success) return badRequest(ctx, b.error.message);
    const openid = b.data.openid ?? state.newOpenid();
    ctx.body = { code: await state.mintLoginCode(openid), openid };
  });

  r.post('/control/phone-code', async (ctx) => {
    const b = z
      .object({ phoneNumber: z.string().regex(/^\d{5,15}$/), countryCode: z.string().regex(/^\d{1,4}$/).default('86') })
      .safeParse(await readBody(ctx));
    if (!b.success) return badRequest(ctx, b.error.message);
    ctx.body = { code: await state.mintPhoneCode(b.data.phoneNumber, b.data.countryCode) };
  });

  r.post('/control/subscribe', async (ctx) => {
    const b = z
      .object({ openid: z.string().min(1), templateIds: z.array(z.string().min(1)).min(1), times: z.number().int().min(1).max(100).default(1) })
      .safeParse(await readBody(ctx));
    if (!b.success) return badRequest(ctx, b.error.message);
    for (const t of b.data.templateIds) await state.grantConsent(b.data.openid, t, b.data.times);
    ctx.body = { ok: true };
  });

  r.get('/control/messages', async (ctx) => {
    const openid = ctx.query.openid;
    ctx.body = { items: await state.listMessages(typeof openid === 'string' && openid ? openid : undefined) };
  });

  r.post('/control/faults', async (ctx) => {
    const b = faultSchema.safeParse(await readBody(ctx));
    if (!b.success) return badRequest(ctx, b.error.message);
    if (b.data.mode === null) state.faults.delete(b.data.api as FaultApi);
    else state.faults.set(b.data.api as FaultApi, { mode: b.data.mode as FaultMode, remaining: b.data.times });
    ctx.body = { faults: Object.fromEntries(state.faults) };
  });

  r.delete('/control/faults', (ctx) => {
    state.faults.clear();
    ctx.body = { faults: {} };
  });

  r.post('/control/invalidate-token', async (ctx) => {
    await state.invalidateTokens();
    ctx.body = { ok: true };
  });

  r.get('/control/stats', async (ctx) => {
    ctx.body = { calls: state.calls, faults: Object.fromEntries(state.faults), messages: await state.countMessages() };
  });

  r.get('/', async (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderConsole(state, prefix, (await state.listMessages()).slice(-50));
  });

  return r;
}

function badRequest(ctx: Koa.Context, detail: string): void {
  ctx.status = 400;
  ctx.body = { errcode: 47001, errmsg: `data format error: ${detail}` };
}
