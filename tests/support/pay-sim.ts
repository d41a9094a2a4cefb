/**
 * Test helpers for the WeChat Pay simulator: start it on an ephemeral port,
 * sign requests as a merchant would (crypto helpers only, no SDK), verify
 * WeChat's response/notification signatures, and a tiny Koa notify receiver.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import Koa from 'koa';
import mongoose from 'mongoose';
import {
  aesGcmDecrypt,
  authorizationHeader,
  nonceStr,
  requestMessage,
  responseMessage,
  signRsa,
  verifyRsa,
} from '../../server/src/wechat/pay/crypto';
import type { SimPayKeys } from '../../server/src/wechat/pay/sim-keys';
import { ensureSimIndexes } from '../../server/simulator/db';
import { simHeaders } from '../../server/simulator/http';
import { createWechatPaySimulator, type WechatPaySimulator, type WechatPaySimulatorOptions } from '../../server/simulator/pay';
import { testDbUri } from './db';

export interface RunningPaySim {
  sim: WechatPaySimulator;
  /** base URL including the prefix, e.g. http://127.0.0.1:1234/sim/pay */
  url: string;
  keys: SimPayKeys;
  close(): Promise<void>;
}

async function listen(app: Koa): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
}

/** The pay simulator alone, its state in a database of its own (dropped on close). */
export async function startPaySimulator(opts: Omit<WechatPaySimulatorOptions, 'baseUrl' | 'db'>): Promise<RunningPaySim> {
  const conn = await mongoose.createConnection(testDbUri('paysim'), { autoIndex: false }).asPromise();
  await ensureSimIndexes(conn.db!);
  const sim = createWechatPaySimulator({ pollMs: 50, ...opts, db: conn.db! });
  const app = new Koa();
  app.use(simHeaders());
  app.use(sim.router.routes());
  const { server, origin } = await listen(app);
  const url = `${origin}${sim.prefix}`;
  sim.setBaseUrl(url);
  return {
    sim,
    url,
    keys: opts.keys,
    close: async () => {
      await sim.close();
      await closeServer(server);
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    },
  };
}

export interface PayResponse<T = any> {
  status: number;
  body: T;
  raw: Buffer;
  headers: Headers;
}

export interface SignOptions {
  /** unix seconds to put in the Authorization header (default: the simulator's clock) */
  timestamp?: number;
  serial?: string;
  mchid?: string;
  /** sign these bytes instead of the body actually sent */
  signBody?: string;
  /** sign this path instead of the one requested */
  signPath?: string;
  /** send no Authorization header */
  noAuth?: boolean;
  /** raw body text (sent byte for byte) instead of JSON.stringify(body) */
  raw?: string;
  signal?: AbortSignal;
}

/** A merchant-signed call: `path` is the WeChat path (`/v3/...`), signed without the local prefix. */
export async function payCall<T = any>(
  ps: RunningPaySim,
  method: string,
  path: string,
  body?: unknown,
  o: SignOptions = {},
): Promise<PayResponse<T>> {
  const text = o.raw ?? (body === undefined ? '' : JSON.stringify(body));
  const timestamp = String(o.timestamp ?? Math.floor(ps.sim.state.now() / 1000));
  const nonce = nonceStr();
  const signature = signRsa(
    ps.keys.merchantPrivateKey,
    requestMessage(method, o.signPath ?? path, timestamp, nonce, o.signBody ?? text),
  );
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (text) headers['Content-Type'] = 'application/json';
  if (!o.noAuth) {
    headers.Authorization = authorizationHeader({
      mchid: o.mchid ?? ps.keys.mchid,
      nonce_str: nonce,
      timestamp,
      serial_no: o.serial ?? ps.keys.merchantSerial,
      signature,
    });
  }
  const res = await fetch(`${ps.url}${path}`, { method, headers, body: text || undefined, signal: o.signal });
  const raw = Buffer.from(await res.arrayBuffer());
  let parsed: unknown = raw.toString('utf8');
  try {
    parsed = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
  } catch {
    /* not JSON (bill file) */
  }
  return { status: res.status, body: parsed as T, raw, headers: res.headers };
}

/** The WeChat Pay public key named by a Wechatpay-Serial value (both key modes). */
export function wechatPayKeyFor(keys: SimPayKeys, serial: string | null): string | null {
  if (serial === keys.wechatPayPublicKeyId) return keys.wechatPayPublicKey;
  if (serial === keys.platformCertSerial)
    return new X509Certificate(keys.platformCertificate).publicKey.export({ type: 'spki', format: 'pem' }) as string;
  return null;
}

/** Verifies Wechatpay-Signature over `timestamp\nnonce\nbody\n` with the key the serial names. */
export function verifyWechatpay(
  keys: SimPayKeys,
  headers: Headers | Record<string, string | undefined>,
  raw: Buffer | string,
): boolean {
  const get = (k: string) => (headers instanceof Headers ? headers.get(k) : (headers[k.toLowerCase()] ?? null));
  const key = wechatPayKeyFor(keys, get('Wechatpay-Serial'));
  const ts = get('Wechatpay-Timestamp');
  const nonce = get('Wechatpay-Nonce');
  const sig = get('Wechatpay-Signature');
  if (!key || !ts || !nonce || !sig) return false;
  return verifyRsa(key, responseMessage(ts, nonce, raw), sig);
}

export interface Received {
  path: string;
  headers: Record<string, string | undefined>;
  raw: Buffer;
  body: any;
  at: number;
  status: number;
}

export interface Receiver {
  origin: string;
  url(name: string): string;
  received: Received[];
  /** decide the answer (HTTP status) for each request; default: a strict merchant (see strictMerchant) */
  respond: (r: Received) => number | Promise<number>;
  close(): Promise<void>;
}

/** A tiny Koa notify_url receiver that records raw requests. */
export async function startReceiver(): Promise<Receiver> {
  const app = new Koa();
  const receiver: Receiver = {
    origin: '',
    url: (name) => `${receiver.origin}/notify/${name}`,
    received: [],
    respond: () => 204,
    close: async () => undefined,
  };
  app.use(async (ctx) => {
    const chunks: Buffer[] = [];
    for await (const c of ctx.req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = undefined;
    }
    const rec: Received = {
      path: ctx.path,
      headers: { ...(ctx.headers as Record<string, string>) },
      raw,
      body,
      at: Date.now(),
      status: 0,
    };
    receiver.received.push(rec);
    rec.status = await receiver.respond(rec);
    ctx.status = rec.status;
    ctx.body = rec.status === 204 ? null : rec.status === 200 ? { code: 'SUCCESS' } : { code: 'FAIL', message: 'rejected' };
  });
  const { server, origin } = await listen(app);
  receiver.origin = origin;
  receiver.close = () => closeServer(server);
  return receiver;
}

export function decryptResource(apiV3Key: string, body: any): any {
  const r = body.resource;
  return JSON.parse(aesGcmDecrypt(apiV3Key, r.ciphertext, r.nonce, r.associated_data));
}

/** Poll until `fn` is truthy (for real timers with a small timeScale). */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 3000, stepMs = 5): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
