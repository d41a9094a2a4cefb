/**
 * The local demo: boot() with the WeChat simulator (server/simulator) beside
 * the server on the same port under /sim/ (the H5 build reaches it
 * same-origin), its state in the same database unless SIM_MONGODB_URI names
 * another. Only in sim mode and only when no external simulator or WeChat host
 * is configured (WECHAT_API_BASE / WECHATPAY_API_BASE): the server's clients
 * still reach the simulator over HTTP, like the real hosts.
 */
import path from 'node:path';
import mongoose from 'mongoose';
import type { Config } from '../platform/config';
import { loadOrCreateSimPayKeys } from '../wechat/pay/sim-keys';
import { DEMO_PEOPLE } from '../seed/demo-data';
import { boot, type BootOptions, type RunningServer, type Sidecar } from '../main';
import { createSimulator, SIM_ROOT } from '../../simulator';

export function simulatorSidecar(config: Config): ((engineUri: string) => Promise<Sidecar>) | undefined {
  if (config.WECHAT_MODE !== 'sim' || config.WECHAT_API_BASE || config.WECHATPAY_API_BASE) return undefined;
  return async (engineUri) => {
    const conn = await mongoose.createConnection(process.env.SIM_MONGODB_URI || engineUri, { autoIndex: false }).asPromise();
    const sim = await createSimulator({
      db: conn.db!,
      appid: config.WECHAT_APPID,
      secret: config.wechatSecret,
      demoUsers: DEMO_PEOPLE,
      payKeys: loadOrCreateSimPayKeys(path.join(config.DATA_DIR, 'wechat-pay-sim')),
      timeScale: config.PAY_SIM_TIME_SCALE,
    });
    return {
      prefix: SIM_ROOT,
      handle: sim.app.callback(),
      setOrigin: (origin) => sim.setOrigin(origin),
      async close() {
        await sim.close();
        await conn.close();
      },
    };
  };
}

export function bootDemo(config: Config, opts: Omit<BootOptions, 'sidecar'> = {}): Promise<RunningServer> {
  return boot(config, { ...opts, sidecar: simulatorSidecar(config) });
}
