/**
 * Production entry: wires real dependencies (config, database engine, WeChat
 * clients), serves HTTP and runs background jobs. The WeChat clients reach
 * WeChat, or the simulator (server/simulator), only over HTTP: the base URLs
 * alone decide which. `npm start` goes through cli/start.ts, which builds the
 * mini-program first and runs the simulator beside the server (cli/demo-boot.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfigOrExit, type Config } from './platform/config';
import { createLogger } from './platform/logger';
import { systemClock, type Clock } from './platform/clock';
import { startEngine } from './platform/db/engine';
import { connectDb } from './platform/db/connect';
import { resolveSessionSecret } from './platform/secrets';
import path from 'node:path';
import { createWechatClient } from './wechat/miniprogram';
import { createWechatPay, simPaySettings, type WechatPaySettings } from './wechat/pay';
import { loadOrCreateSimPayKeys, type SimPayKeys } from './wechat/pay/sim-keys';
import { NOTIFY_PATH } from './payments/notify';
import { seedDemo } from './seed/demo';
import { createApp } from './app';
import { ensureIndexes } from './services';
import { armRecurringJobs } from './jobs';
import { drainHttp } from './platform/http/shutdown';
import type { Services } from './services';

/** Where the simulator answers when it shares the server's port (sim mode defaults of WECHAT_API_BASE / WECHATPAY_API_BASE). */
export const SIM_WX_PATH = '/sim/wx';
export const SIM_PAY_PATH = '/sim/pay';

/**
 * Another HTTP app answering under `prefix` on the server's port (the demo
 * launcher puts the simulator there, so the H5 build reaches it same-origin).
 */
export interface Sidecar {
  prefix: string;
  handle: http.RequestListener;
  /** told the server's origin once it listens */
  setOrigin?(origin: string): void;
  close(): Promise<void>;
}

export interface RunningServer {
  url: string;
  engine: string;
  services: Services;
  /** graceful: readiness fails, requests in flight finish (up to SHUTDOWN_GRACE_MS), jobs running finish, then the database closes */
  stop(): Promise<void>;
}

export interface BootOptions {
  clock?: Clock;
  log?: (m: string) => void;
  /** started once the database engine runs (given its URI), stopped after the HTTP server */
  sidecar?: (engineUri: string) => Promise<Sidecar>;
}

export async function boot(config: Config, opts: BootOptions = {}): Promise<RunningServer> {
  const logger = createLogger(config.LOG_LEVEL);
  const say = opts.log ?? ((m: string) => logger.info(m));
  const clock = opts.clock ?? systemClock;

  const engine = await startEngine({
    uri: config.MONGODB_URI,
    dbName: config.MONGODB_DB,
    dataDir: config.DATA_DIR,
    skipMongod: config.HOMECLUB_SKIP_MONGOD,
    mongodBinary: config.MONGOD_BINARY,
    mongodTimeoutMs: config.MONGOD_DOWNLOAD_TIMEOUT_MS,
    log: say,
  });
  say(`Database: ${engine.description}`);
  logger.info({ engine: engine.kind, persistent: engine.persistent }, 'database engine');
  const conn = await connectDb(engine.uri);

  const sidecar = opts.sidecar ? await opts.sidecar(engine.uri) : undefined;
  const { client: wechat, options: wxOpts } = createWechatClient({
    conn,
    clock,
    logger,
    baseUrl: config.wechatApiBase,
    appid: config.WECHAT_APPID,
    secret: config.wechatSecret,
  });

  const simKeys: SimPayKeys | null = config.WECHAT_MODE === 'sim' ? loadOrCreateSimPayKeys(path.join(config.DATA_DIR, 'wechat-pay-sim')) : null;
  const wechatPay = createWechatPay({ conn, clock, logger, settings: paySettings(config, simKeys) });

  const { app, services } = createApp({
    config,
    conn,
    clock,
    logger,
    wechat,
    sessionSecret: resolveSessionSecret(config.SESSION_SECRET, config.DATA_DIR),
    engine: { kind: engine.kind, persistent: engine.persistent },
    wechatPay,
  });
  await ensureIndexes(conn);
  if (config.seedDemo && (await seedDemo(conn, services, logger, { history: config.SEED_DEMO_HISTORY }))) say('Demo data seeded (first start).');

  const callback = app.callback();
  const server = http.createServer(
    sidecar ? (req, res) => ((req.url ?? '').startsWith(sidecar.prefix) ? sidecar.handle(req, res) : callback(req, res)) : callback,
  );
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // Sim mode without configured hosts: the simulator's default place, /sim/wx and /sim/pay on this port.
  if (config.WECHAT_MODE === 'sim') {
    const local = `http://127.0.0.1:${port}`;
    sidecar?.setOrigin?.(local);
    if (!config.WECHAT_API_BASE) wxOpts.baseUrl = `${local}${SIM_WX_PATH}`;
    if (!config.WECHATPAY_API_BASE) wechatPay.options.baseUrl = `${local}${SIM_PAY_PATH}`;
    if (!config.WECHATPAY_NOTIFY_URL) wechatPay.options.notifyUrl = `${local}${NOTIFY_PATH}`;
  }
  logger.info({ wechatMode: config.WECHAT_MODE, wechatApi: wxOpts.baseUrl }, 'wechat client');

  if (config.JOBS_ENABLED) {
    await armRecurringJobs(services.scheduler, { now: clock.now(), reconcileHour: config.PAY_RECONCILE_HOUR });
    services.scheduler.start();
  }

  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  let stopping: Promise<void> | null = null;
  return {
    url: config.PUBLIC_URL ?? `http://${host}:${port}`,
    engine: engine.description,
    services,
    stop: () =>
      (stopping ??= (async () => {
        services.lifecycle.draining = true;
        const [drained] = await Promise.all([drainHttp(server, config.SHUTDOWN_GRACE_MS), services.scheduler.stop()]);
        if (drained.forced) logger.warn({ graceMs: config.SHUTDOWN_GRACE_MS }, 'shutdown cut requests still open after the grace period');
        await sidecar?.close();
        await conn.close();
        await engine.stop();
      })()),
  };
}

/** WeChat Pay settings: the sim keys in sim mode, the configured merchant keys in live mode. */
function paySettings(config: Config, sim: SimPayKeys | null): WechatPaySettings {
  if (sim) return simPaySettings(sim, config.WECHAT_APPID, { baseUrl: config.WECHATPAY_API_BASE ?? '', notifyUrl: config.WECHATPAY_NOTIFY_URL ?? '' });
  return {
    baseUrl: config.wechatPayApiBase,
    appid: config.WECHAT_APPID,
    mchid: config.WECHATPAY_MCHID!,
    merchantPrivateKey: config.WECHATPAY_MERCHANT_PRIVATE_KEY!,
    merchantSerial: config.WECHATPAY_MERCHANT_SERIAL!,
    apiV3Key: config.WECHATPAY_APIV3_KEY!,
    publicKeyId: config.WECHATPAY_PUBLIC_KEY_ID,
    publicKey: config.WECHATPAY_PUBLIC_KEY,
    notifyUrl: config.WECHATPAY_NOTIFY_URL!,
  };
}

if (require.main === module) {
  const config = loadConfigOrExit();
  boot(config, { log: (m) => console.log(`[homeclub] ${m}`) })
    .then((s) => {
      console.log(`[homeclub] listening on ${s.url}`);
      const shutdown = () => {
        // A second signal stops at once.
        process.once('SIGINT', () => process.exit(1));
        process.once('SIGTERM', () => process.exit(1));
        console.log('[homeclub] stopping (finishing requests and jobs)…');
        s.stop().then(() => process.exit(0), () => process.exit(1));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    })
    .catch((err) => {
      console.error(`[homeclub] failed to start: ${(err as Error).message}`);
      process.exit(1);
    });
}
