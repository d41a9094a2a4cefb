/**
 * The simulator as its own process:
 *   SIM_MONGODB_URI=mongodb://127.0.0.1:27017/homeclub npx tsx server/simulator/main.ts
 * Serves /sim/wx and /sim/pay on SIM_PORT (default 3111); keys come from
 * DATA_DIR/wechat-pay-sim (created on first use, shared with the servers);
 * state is in the sim_* collections of that database, so a restart keeps
 * every unpaid order and the notifications still owed. Point each server at
 * it with WECHAT_API_BASE=http://127.0.0.1:3111/sim/wx and
 * WECHATPAY_API_BASE=http://127.0.0.1:3111/sim/pay.
 */
import path from 'node:path';
import { z } from 'zod';
import { loadOrCreateSimPayKeys } from '../src/wechat/pay/sim-keys';
import { DEMO_PEOPLE } from '../src/seed/demo-data';
import { startSimulator } from './index';

const env = z.object({
  SIM_MONGODB_URI: z.string().min(1).optional(),
  MONGODB_URI: z.string().min(1).optional(),
  SIM_PORT: z.coerce.number().int().min(0).max(65535).default(3111),
  SIM_HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./.data'),
  WECHAT_APPID: z.string().regex(/^wx[0-9a-f]{16}$/).default('wx5f1e0c0de0a1b2c3'),
  WECHAT_SECRET: z.string().min(1).default('sim-secret-not-for-production'),
  PAY_SIM_TIME_SCALE: z.coerce.number().positive().max(1).default(1),
  SIM_REFUND_SETTLE_MS: z.coerce.number().int().min(0).default(2000),
  SIM_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
});

async function main(): Promise<void> {
  const parsed = env.safeParse(process.env);
  if (!parsed.success) {
    for (const i of parsed.error.issues) console.error(`[simulator] ${i.path.join('.')}: ${i.message}`);
    process.exit(1);
  }
  const c = parsed.data;
  const uri = c.SIM_MONGODB_URI ?? c.MONGODB_URI;
  if (!uri) {
    console.error('[simulator] set SIM_MONGODB_URI (or MONGODB_URI): the simulator keeps its state in MongoDB');
    process.exit(1);
  }
  const sim = await startSimulator({
    uri,
    port: c.SIM_PORT,
    host: c.SIM_HOST,
    appid: c.WECHAT_APPID,
    secret: c.WECHAT_SECRET,
    demoUsers: DEMO_PEOPLE,
    payKeys: loadOrCreateSimPayKeys(path.join(c.DATA_DIR, 'wechat-pay-sim')),
    timeScale: c.PAY_SIM_TIME_SCALE,
    refundSettleMs: c.SIM_REFUND_SETTLE_MS,
    pollMs: c.SIM_POLL_MS,
  });
  console.log(`[simulator] listening on ${sim.origin} (WeChat ${sim.wxUrl}, WeChat Pay ${sim.payUrl})`);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`[simulator] failed to start: ${(err as Error).message}`);
  process.exit(1);
});
