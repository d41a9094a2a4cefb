/**
 * The local stand-in for WeChat's servers: the mini-program server API
 * simulator (`/sim/wx`) and the WeChat Pay API v3 simulator (`/sim/pay`) in
 * one Koa app with its own port (or mounted by the demo launcher under
 * `/sim/` of the server's port). The server's clients reach it only over HTTP,
 * through WECHAT_API_BASE / WECHATPAY_API_BASE, exactly like the real hosts.
 * State lives in MongoDB (sim_* collections), so the simulator can restart
 * and several server instances can share it. `main.ts` runs it as a process.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import mongoose from 'mongoose';
import type { SimPayKeys } from '../src/wechat/pay/sim-keys';
import { ensureSimIndexes, type Db } from './db';
import { simHeaders } from './http';
import { createWechatPaySimulator, PAY_SIM_PREFIX, type WechatPaySimulator } from './pay';
import { createWechatSimulator, SIM_PREFIX, type DemoUser } from './wx';

export const SIM_ROOT = '/sim/';

export interface SimulatorOptions {
  /** the database holding the sim_* collections */
  db: Db;
  appid: string;
  secret: string;
  demoUsers: DemoUser[];
  payKeys: SimPayKeys;
  /** WeChat Pay's notification retry delays × this */
  timeScale?: number;
  refundSettleMs?: number;
  notifyTimeoutMs?: number;
  pollMs?: number;
  now?: () => number;
}

export interface Simulator {
  app: Koa;
  wx: ReturnType<typeof createWechatSimulator>;
  pay: WechatPaySimulator;
  /** tells the pay simulator the origin it is reached at (payer links, bill download URLs) */
  setOrigin(origin: string): void;
  close(): Promise<void>;
}

export async function createSimulator(opts: SimulatorOptions): Promise<Simulator> {
  await ensureSimIndexes(opts.db);
  const wx = createWechatSimulator({ db: opts.db, appid: opts.appid, secret: opts.secret, demoUsers: opts.demoUsers });
  const pay = createWechatPaySimulator({
    db: opts.db,
    appid: opts.appid,
    keys: opts.payKeys,
    timeScale: opts.timeScale,
    refundSettleMs: opts.refundSettleMs,
    notifyTimeoutMs: opts.notifyTimeoutMs,
    pollMs: opts.pollMs,
    now: opts.now,
  });
  const app = new Koa();
  app.silent = true;
  app.use(simHeaders());
  app.use(wx.router.routes());
  app.use(pay.router.routes());
  return {
    app,
    wx,
    pay,
    setOrigin: (origin) => pay.setBaseUrl(`${origin.replace(/\/+$/, '')}${PAY_SIM_PREFIX}`),
    close: () => pay.close(),
  };
}

export interface RunningSimulator extends Simulator {
  /** http://host:port (no prefix) */
  origin: string;
  wxUrl: string;
  payUrl: string;
  port: number;
}

/** createSimulator on its own HTTP port, with its own connection to `uri` (closed with it). */
export async function startSimulator(
  opts: Omit<SimulatorOptions, 'db'> & { uri: string; port?: number; host?: string },
): Promise<RunningSimulator> {
  const conn = await mongoose.createConnection(opts.uri, { autoIndex: false, serverSelectionTimeoutMS: 10_000 }).asPromise();
  const sim = await createSimulator({ ...opts, db: conn.db! });
  const server = http.createServer(sim.app.callback());
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  sim.setOrigin(origin);
  return {
    ...sim,
    origin,
    port,
    wxUrl: `${origin}${SIM_PREFIX}`,
    payUrl: `${origin}${PAY_SIM_PREFIX}`,
    async close() {
      await sim.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await conn.close();
    },
  };
}

export { SIM_PREFIX, PAY_SIM_PREFIX };
export type { DemoUser };
