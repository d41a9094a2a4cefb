/**
 * Production entry: wires real dependencies (config, database engine, WeChat
 * client or simulator), serves HTTP and runs background jobs. `npm start` goes
 * through cli/start.ts, which builds the mini-program first.
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
import { DEMO_PEOPLE } from './seed/demo-data';
import { seedDemo } from './seed/demo';
import { createApp } from './app';
import { ensureIndexes } from './services';
import { armRecurringJobs } from './jobs';
import { drainHttp } from './platform/http/shutdown';
import type { Services } from './services';

export interface RunningServer {
  url: string;
  engine: string;
  services: Services;
  /** graceful: readiness fails, requests in flight finish (up to SHUTDOWN_GRACE_MS), jobs running finish, then the database closes */
  stop(): Promise<void>;
}

export async function boot(config: Config, opts: { clock?: Clock; log?: (m: string) => void } = {}): Promise<RunningServer> {
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

  // The simulators are loaded only in sim mode: live code paths never import them.
  const sim = config.WECHAT_MODE === 'sim' ? await import('./wechat/simulator') : null;
  const paySimModule = config.WECHAT_MODE === 'sim' ? await import('./wechat/simulator/pay') : null;
  const simulator = sim?.createWechatSimulator({ appid: config.WECHAT_APPID, secret: config.wechatSecret, demoUsers: DEMO_PEOPLE });
  const { client: wechat, options: wxOpts } = createWechatClient({
    conn,
    clock,
    logger,
    baseUrl: config.wechatApiBase,
    appid: config.WECHAT_APPID,
    secret: config.wechatSecret,
  });

  const simKeys: SimPayKeys | null = config.WECHAT_MODE === 'sim' ? loadOrCreateSimPayKeys(path.join(config.DATA_DIR, 'wechat-pay-sim')) : null;
  const paySim =
    simKeys && paySimModule ? paySimModule.createWechatPaySimulator({ appid: config.WECHAT_APPID, keys: simKeys, timeScale: config.PAY_SIM_TIME_SCALE }) : undefined;
  const wechatPay = createWechatPay({ conn, clock, logger, settings: paySettings(config, simKeys) });

  const { app, services } = createApp({
    config,
    conn,
    clock,
    logger,
    wechat,
    sessionSecret: resolveSessionSecret(config.SESSION_SECRET, config.DATA_DIR),
    engine: { kind: engine.kind, persistent: engine.persistent },
    simulator,
    paySimulatorRouter: paySim?.router,
    wechatPay,
  });
  await ensureIndexes(conn);
  if (config.seedDemo && (await seedDemo(conn, services, logger, { history: config.SEED_DEMO_HISTORY }))) say('Demo data seeded (first start).');

  const server = http.createServer(app.callback());
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (simulator && !config.WECHAT_API_BASE) wxOpts.baseUrl = `http://127.0.0.1:${port}${simulator.prefix}`;
  if (paySim && paySimModule) {
    const local = `http://127.0.0.1:${port}`;
    paySim.setBaseUrl(`${local}${paySimModule.PAY_SIM_PREFIX}`);
    if (!config.WECHATPAY_API_BASE) wechatPay.options.baseUrl = `${local}${paySimModule.PAY_SIM_PREFIX}`;
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
        paySim?.close();
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
