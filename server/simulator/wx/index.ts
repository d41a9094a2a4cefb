/** The WeChat mini-program server API simulator (jscode2session, stable_token, phone number, codes, subscribe messages). */
import type { Db } from '../db';
import { SimulatorState, type DemoUser } from './state';
import { createSimulatorRouter } from './routes';

export const SIM_PREFIX = '/sim/wx';

/** Published pages the simulated getwxacodeunlimit accepts when check_path is on. */
export const MINIAPP_PAGES = [
  'pages/index/index',
  'pages/coupons/index',
  'pages/booking/index',
  'pages/member/index',
  'pages/mine/index',
];

export function createWechatSimulator(opts: { db: Db; appid: string; secret: string; demoUsers: DemoUser[]; prefix?: string }) {
  const state = new SimulatorState(opts.db, opts.appid, opts.secret, opts.demoUsers, MINIAPP_PAGES);
  const router = createSimulatorRouter(state, opts.prefix ?? SIM_PREFIX);
  return { state, router, prefix: opts.prefix ?? SIM_PREFIX };
}

export type WechatSimulator = ReturnType<typeof createWechatSimulator>;
export type { DemoUser };
