/**
 * Builds the real app in-process for tests: its own database on the test
 * engine, a WeChat simulator on its own port (shareable between instances),
 * and an HTTP server on an ephemeral port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { loadConfig, type Config } from '../../server/src/platform/config';
import { createLogger } from '../../server/src/platform/logger';
import { TravelClock } from '../../server/src/platform/clock';
import { connectDb } from '../../server/src/platform/db/connect';
import { createWechatClient } from '../../server/src/wechat/miniprogram';
import { createWechatPay, simPaySettings, type WechatPay } from '../../server/src/wechat/pay';
import { generateSimPayKeys, type SimPayKeys } from '../../server/src/wechat/pay/sim-keys';
import { NOTIFY_PATH } from '../../server/src/payments/notify';
import { createSimulator, PAY_SIM_PREFIX, SIM_PREFIX, type Simulator } from '../../server/simulator';
import { DEMO_PEOPLE } from '../../server/src/seed/demo-data';
import { createApp } from '../../server/src/app';
import { ensureIndexes, type Services } from '../../server/src/services';
import { memberModel } from '../../server/src/members/model';
import { http as request, type HttpResult } from './http';
import { testDbUri } from './db';

export const TEST_APPID = 'wx0123456789abcdef';
export const TEST_SECRET = 'test-secret-0123456789';

export interface RunningSim {
  sim: Simulator['wx'];
  /** mini-program API simulator base URL */
  url: string;
  pay: Simulator['pay'];
  /** WeChat Pay simulator base URL */
  payUrl: string;
  payKeys: SimPayKeys;
  /** the database holding its sim_* collections */
  dbUri: string;
  port: number;
  close(): Promise<void>;
}

let cachedKeys: SimPayKeys | null = null;
/** RSA key generation is slow-ish: one key set per test file. */
export function testPayKeys(): SimPayKeys {
  cachedKeys ??= generateSimPayKeys();
  return cachedKeys;
}

/**
 * Both simulators (mini-program API and WeChat Pay) on one local port, as WeChat's servers stand-in, their
 * state in `dbUri` (default: a database of their own, dropped on close). `port` reuses a port (a restart).
 */
export async function startSimulator(
  opts: { timeScale?: number; refundSettleMs?: number; dbUri?: string; port?: number; pollMs?: number } = {},
): Promise<RunningSim> {
  const dbUri = opts.dbUri ?? testDbUri('sim');
  const conn = await mongoose.createConnection(dbUri, { autoIndex: false }).asPromise();
  const payKeys = testPayKeys();
  const simulator = await createSimulator({
    db: conn.db!,
    appid: TEST_APPID,
    secret: TEST_SECRET,
    demoUsers: DEMO_PEOPLE,
    payKeys,
    // first retry 150 ms after a failed attempt: long enough for a test to look at the failed one first
    timeScale: opts.timeScale ?? 0.01,
    refundSettleMs: opts.refundSettleMs ?? 60_000,
    pollMs: opts.pollMs ?? 100,
  });
  const server = http.createServer(simulator.app.callback());
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  simulator.setOrigin(base);
  return {
    sim: simulator.wx,
    url: `${base}${SIM_PREFIX}`,
    pay: simulator.pay,
    payUrl: `${base}${PAY_SIM_PREFIX}`,
    payKeys,
    dbUri,
    port,
    async close() {
      await simulator.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      if (!opts.dbUri) await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    },
  };
}

export interface TestApp {
  url: string;
  server: http.Server;
  conn: Connection;
  config: Config;
  services: Services;
  clock: TravelClock;
  sim: RunningSim;
  wechatPay: WechatPay;
  call<T = any>(method: string, path: string, opts?: Parameters<typeof request>[3]): Promise<HttpResult<T>>;
  /** log in through the simulator as `openid` (a new one if omitted) */
  login(openid?: string): Promise<{ accessToken: string; refreshToken: string; member: any; openid: string; isNew: boolean }>;
  setRoles(memberId: string, roles: string[], staffStoreId?: string | null): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** share a database/simulator with another instance */
  dbUri?: string;
  sim?: RunningSim;
  clock?: TravelClock;
  env?: Record<string, string>;
  sessionSecret?: string;
  instanceId?: string;
  dropOnClose?: boolean;
}

/** `mongodb://host/db?x` → `mongodb://host/db_<suffix>?x` */
function siblingDb(uri: string, suffix: string): string {
  const u = new URL(uri);
  u.pathname = `${u.pathname.replace(/\/$/, '') || '/test'}_${suffix}`;
  return u.toString();
}

export const SHARED_SECRET = randomBytes(32).toString('hex');

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  // A given database (the benchmarks' engine) also holds the simulator's state, in a database of its own next to it.
  const sim = opts.sim ?? (await startSimulator(opts.dbUri ? { dbUri: siblingDb(opts.dbUri, 'sim') } : {}));
  const ownsSim = !opts.sim;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WECHAT_APPID: TEST_APPID,
    WECHAT_SECRET: TEST_SECRET,
    WECHAT_API_BASE: sim.url,
    JOBS_ENABLED: 'false',
    SEED_DEMO: 'false',
    PORT: '0',
    // Many logins from 127.0.0.1 per file: limits are tested on their own (rate-limits.test.ts).
    RATE_LIMITS_ENABLED: 'false',
    // The concurrency tests race every request they send at once: admission is tested on its own (admission.test.ts).
    HTTP_MAX_ACTIVE: '0',
    ...opts.env,
  });
  const clock = opts.clock ?? new TravelClock();
  const logger = createLogger(config.LOG_LEVEL);
  const conn = await connectDb(opts.dbUri ?? testDbUri());
  // WeChat's own timeout in production (5 s): the simulator answers from the database, which is slower under load than memory
  const { client: wechat } = createWechatClient({ conn, clock, logger, baseUrl: sim.url, appid: TEST_APPID, secret: TEST_SECRET, timeoutMs: 5000 });
  const wechatPay = createWechatPay({
    conn,
    clock,
    logger,
    settings: simPaySettings(sim.payKeys, TEST_APPID, { baseUrl: sim.payUrl, timeoutMs: 2000, retries: 1 }),
  });
  const { app, services } = createApp({
    config,
    conn,
    clock,
    logger,
    wechat,
    wechatPay,
    sessionSecret: opts.sessionSecret ?? SHARED_SECRET,
    engine: { kind: process.env.HOMECLUB_TEST_ENGINE_KIND ?? 'test', persistent: false },
    instanceId: opts.instanceId,
  });
  // WeChat is answered before the paid hooks finish: waiting for the simulator to be idle also waits for this
  // instance's hooks, at most 2 s (the time a notification used to wait for them before answering).
  const simIdle = sim.pay.whenIdle;
  sim.pay.whenIdle = async () => {
    await simIdle();
    await Promise.race([services.payments.whenSettled(), new Promise((r) => setTimeout(r, 2000).unref())]);
  };
  await ensureIndexes(conn);
  const server = http.createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  wechatPay.options.notifyUrl = `${url}${NOTIFY_PATH}`;
  const call: TestApp['call'] = (method, path, o) => request(url, method, path, o);

  return {
    url,
    server,
    conn,
    config,
    services,
    clock,
    sim,
    wechatPay,
    call,
    async login(openid) {
      const minted = await request<{ code: string; openid: string }>(sim.url, 'POST', '/control/login-code', { body: openid ? { openid } : {} });
      const res = await call('POST', '/api/auth/login', { body: { code: minted.body.code } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { ...res.body, openid: minted.body.openid };
    },
    async setRoles(memberId, roles, staffStoreId = null) {
      await memberModel(conn).updateOne({ _id: memberId }, { $set: { roles, staffStoreId } });
    },
    async close() {
      await services.scheduler.stop();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      if (conn.readyState === 1) {
        if (opts.dropOnClose !== false && !opts.dbUri) await conn.dropDatabase().catch(() => undefined);
        await conn.close();
      }
      if (ownsSim) await sim.close();
    },
  };
}
