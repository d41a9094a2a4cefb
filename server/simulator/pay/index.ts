/**
 * Local WeChat Pay API v3 simulator (JSAPI payments, refunds, notifications,
 * certificates, trade bills) for sim mode, tests and the H5 demo. Its state is
 * in MongoDB (sim_pay_* collections), so a restarted simulator still knows
 * every unpaid order and resumes the deliveries it owed. Mount with
 * `app.use(sim.router.routes())`; loopback only.
 */
import type Router from '@koa/router';
import type { SimPayKeys } from '../../src/wechat/pay/sim-keys';
import type { Db } from '../db';
import { createPayRouter } from './routes';
import { PaySimState } from './state';
import type { SimOrder, SimRefund } from './types';

export const PAY_SIM_PREFIX = '/sim/pay';

export interface WechatPaySimulatorOptions {
  db: Db;
  appid: string;
  keys: SimPayKeys;
  prefix?: string;
  /** multiply WeChat's notification retry delays (15s,15s,30s,3m,10m,20m,30m,30m,30m,60m,3h,3h,3h,6h,6h) by this; tests use ~0.001 */
  timeScale?: number;
  /** ms before a PROCESSING refund settles by itself (default 2000, not scaled; tests can call control settle) */
  refundSettleMs?: number;
  /** WeChat's clock, ms (default Date.now) */
  now?: () => number;
  /** public base URL used in download_url and payer links, e.g. http://127.0.0.1:3100/sim/pay ; may be set later via sim.setBaseUrl */
  baseUrl?: string;
  /** how long a notify_url may take to answer before the attempt counts as a timeout (default 5000, WeChat's 5 s) */
  notifyTimeoutMs?: number;
  /** how often the queue is polled for due retries, refunds to settle and leftovers (default 200 ms) */
  pollMs?: number;
}

export interface WechatPaySimulator {
  state: PaySimState;
  router: Router;
  prefix: string;
  setBaseUrl(url: string): void;
  /** stops polling, releases hanging responses and aborts deliveries in flight (their notifications stay queued) */
  close(): Promise<void>;
  /** run every pending notification retry (and delayed first attempt) now; resolves when those attempts are done */
  flushRetries(): Promise<number>;
  /** settle PROCESSING refunds now (all, or one out_refund_no); returns how many */
  settleRefunds(out_refund_no?: string): Promise<number>;
  /** resolves when this simulator has no notification attempt in flight */
  whenIdle(): Promise<void>;
  /** the payer (cashier) page URL for a prepay_id (needs baseUrl) */
  payerUrl(prepay_id: string, returnUrl?: string): string;
  order(out_trade_no: string): Promise<SimOrder | undefined>;
  refund(out_refund_no: string): Promise<SimRefund | null>;
}

export function createWechatPaySimulator(opts: WechatPaySimulatorOptions): WechatPaySimulator {
  const prefix = opts.prefix ?? PAY_SIM_PREFIX;
  const state = new PaySimState({
    db: opts.db,
    appid: opts.appid,
    keys: opts.keys,
    timeScale: opts.timeScale ?? 1,
    refundSettleMs: opts.refundSettleMs ?? 2000,
    now: opts.now ?? Date.now,
    notifyTimeoutMs: opts.notifyTimeoutMs ?? 5000,
    pollMs: opts.pollMs ?? 200,
  });
  state.ctx.baseUrl = opts.baseUrl?.replace(/\/+$/, '');
  const router = createPayRouter(state, prefix);
  state.start();
  return {
    state,
    router,
    prefix,
    setBaseUrl(url: string) {
      state.ctx.baseUrl = url.replace(/\/+$/, '');
    },
    close: () => state.close(),
    flushRetries: () => state.notifier.flush(),
    settleRefunds: (no?: string) => state.refunds.settleAll(no),
    whenIdle: () => state.notifier.idle(),
    payerUrl(prepay_id: string, returnUrl?: string) {
      const q = new URLSearchParams({ prepay_id });
      if (returnUrl) q.set('return', returnUrl);
      return `${state.ctx.baseUrl ?? prefix}/payer?${q.toString()}`;
    },
    order: (no) => state.orders.find(no),
    refund: (no) => state.refunds.find(no),
  };
}

export { PaySimState } from './state';
export type {
  ApiName,
  Delivery,
  FaultType,
  KeyMode,
  PayFault,
  RefundOutcome,
  SimNotification,
  SimOrder,
  SimRefund,
  TradeState,
} from './types';
export { RETRY_DELAYS_MS } from './types';
export { renderPayConsole } from './console';
export { BILL_HEADER, BILL_TOTAL_HEADER } from './bill';
export { withPayResult, safeReturnUrl } from './payer-page';
