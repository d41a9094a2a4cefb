/**
 * Local WeChat Pay API v3 simulator (JSAPI payments, refunds, notifications,
 * certificates, trade bills) for sim mode, tests and the H5 demo. Mount with
 * `app.use(sim.router.routes())`; loopback only; state in memory.
 * See routes.ts (HTTP, signing), state.ts (rules), notifier.ts (delivery).
 */
import type Router from '@koa/router';
import type { SimPayKeys } from '../../pay/sim-keys';
import { createPayRouter } from './routes';
import { PaySimState } from './state';

export const PAY_SIM_PREFIX = '/sim/pay';

export interface WechatPaySimulatorOptions {
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
}

export interface WechatPaySimulator {
  state: PaySimState;
  router: Router;
  prefix: string;
  setBaseUrl(url: string): void;
  /** clears timers (retries, refund settling, hanging responses) and aborts deliveries in flight */
  close(): void;
  /** run every pending notification retry (and delayed first attempt) now; resolves when those attempts are done */
  flushRetries(): Promise<number>;
  /** settle PROCESSING refunds now (all, or one out_refund_no); returns how many */
  settleRefunds(out_refund_no?: string): number;
  /** resolves when no notification attempt is in flight */
  whenIdle(): Promise<void>;
  /** the payer (cashier) page URL for a prepay_id (needs baseUrl) */
  payerUrl(prepay_id: string, returnUrl?: string): string;
}

export function createWechatPaySimulator(opts: WechatPaySimulatorOptions): WechatPaySimulator {
  const prefix = opts.prefix ?? PAY_SIM_PREFIX;
  const state = new PaySimState({
    appid: opts.appid,
    keys: opts.keys,
    timeScale: opts.timeScale ?? 1,
    refundSettleMs: opts.refundSettleMs ?? 2000,
    now: opts.now ?? Date.now,
    notifyTimeoutMs: opts.notifyTimeoutMs ?? 5000,
  });
  state.baseUrl = opts.baseUrl?.replace(/\/+$/, '');
  const router = createPayRouter(state, prefix);
  return {
    state,
    router,
    prefix,
    setBaseUrl(url: string) {
      state.baseUrl = url.replace(/\/+$/, '');
    },
    close: () => state.close(),
    flushRetries: () => state.flushRetries(),
    settleRefunds: (no?: string) => state.settleRefunds(no),
    whenIdle: () => state.whenIdle(),
    payerUrl(prepay_id: string, returnUrl?: string) {
      const q = new URLSearchParams({ prepay_id });
      if (returnUrl) q.set('return', returnUrl);
      return `${state.baseUrl ?? prefix}/payer?${q.toString()}`;
    },
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
} from './state';
export { renderPayConsole } from './console';
export { RETRY_DELAYS_MS } from './notifier';
export { BILL_HEADER, BILL_TOTAL_HEADER } from './bill';
export { withPayResult } from './payer-page';
