/**
 * Configuration from the environment, validated at start. A secret `X` may
 * instead be given as a file path in `X_FILE`. An invalid configuration stops
 * the server with one line per problem.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** A rate limit as `MAX/SECONDS` (e.g. `120/60`: 120 requests per 60-second window). */
const rate = z
  .string()
  .regex(/^[1-9]\d{0,6}\/[1-9]\d{0,5}$/, 'must be MAX/SECONDS, e.g. 120/60')
  .transform((v) => {
    const [max, windowSeconds] = v.split('/').map(Number);
    return { max, windowSeconds };
  });

const ROOT = path.resolve(__dirname, '../../..');

/** requests one instance works on at once by default: short database-bound requests keep one Node process busy with a few; more only queue inside the event loop (the checkout benchmark: README, Server core) */
export const HTTP_MAX_ACTIVE_DEFAULT = 8;

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3100),
    PUBLIC_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_DIR: z.string().default(path.join(ROOT, '.data')),
    MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
    MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).default('homeclub'),
    MONGOD_BINARY: z.string().optional(),
    HOMECLUB_SKIP_MONGOD: bool.default(false),
    MONGOD_DOWNLOAD_TIMEOUT_MS: z.coerce.number().int().min(1000).default(15000),
    WECHAT_MODE: z.enum(['sim', 'live']).default('sim'),
    WECHAT_APPID: z.string().regex(/^wx[0-9a-f]{16}$/, 'must look like wx + 16 hex characters').default('wx5f1e0c0de0a1b2c3'),
    WECHAT_SECRET: z.string().min(16).optional(),
    WECHAT_API_BASE: z.string().url().optional(),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    WECHATPAY_MCHID: z.string().regex(/^\d{8,12}$/, 'must be the 8–12 digit merchant id').optional(),
    WECHATPAY_API_BASE: z.string().url().optional(),
    WECHATPAY_MERCHANT_PRIVATE_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }).optional(),
    WECHATPAY_MERCHANT_SERIAL: z.string().regex(/^[0-9A-Fa-f]{8,40}$/, 'must be the merchant certificate serial (hex)').optional(),
    WECHATPAY_APIV3_KEY: z.string().length(32, 'must be exactly 32 characters').optional(),
    WECHATPAY_PUBLIC_KEY: z.string().includes('PUBLIC KEY', { message: 'must be a PEM public key' }).optional(),
    WECHATPAY_PUBLIC_KEY_ID: z.string().regex(/^PUB_KEY_ID_\w+$/, 'must look like PUB_KEY_ID_…').optional(),
    WECHATPAY_NOTIFY_URL: z.string().url().optional(),
    PAY_QUERY_AFTER_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
    PAY_AUTO_REFUND_LATE_PAYMENTS: bool.default(true),
    PAY_RECONCILE_HOUR: z.coerce.number().int().min(0).max(23).default(10),
    PAY_SIM_TIME_SCALE: z.coerce.number().positive().max(1).default(1),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86400).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(64 * 1024),
    JOBS_ENABLED: bool.default(true),
    JOB_POLL_MS: z.coerce.number().int().min(50).max(60000).default(1000),
    SEED_DEMO: bool.optional(),
    /** with the demo seed: six months of history for the console's charts (off in e2e runs that do not need it) */
    SEED_DEMO_HISTORY: bool.default(true),
    TRUST_PROXY: bool.default(false),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
    /** API/POS requests one instance works on at once (0: no limit); the payment notification, the health probes and static files never wait (platform/http/admission.ts) */
    HTTP_MAX_ACTIVE: z.coerce.number().int().min(0).max(10_000).default(HTTP_MAX_ACTIVE_DEFAULT),
    HTTP_MAX_WAITING: z.coerce.number().int().min(0).max(100_000).default(2_000),
    RATE_LIMITS_ENABLED: bool.default(true),
    RATE_LIMIT_LOGIN_PER_IP: rate.prefault('120/60'),
    RATE_LIMIT_REFRESH_PER_IP: rate.prefault('300/60'),
    RATE_LIMIT_INVITE_PER_IP: rate.prefault('120/60'),
    RATE_LIMIT_MEMBER_CODE_PER_STAFF: rate.prefault('60/60'),
    RATE_LIMIT_MEMBER_CODE_PER_STORE: rate.prefault('300/60'),
    RATE_LIMIT_COUPON_VERIFY_PER_STAFF: rate.prefault('60/60'),
    RATE_LIMIT_COUPON_VERIFY_PER_STORE: rate.prefault('300/60'),
    RATE_LIMIT_CHECK_IN_PER_STAFF: rate.prefault('60/60'),
    RATE_LIMIT_CHECK_IN_PER_STORE: rate.prefault('300/60'),
    MINIAPP_H5_DIR: z.string().default(path.join(ROOT, 'miniapp/dist/h5')),
    CONSOLE_DIR: z.string().default(path.join(ROOT, 'server/console/dist')),
  })
  .superRefine((c, ctx) => {
    if (c.WECHAT_MODE === 'live') {
      if (!c.WECHAT_SECRET) ctx.addIssue({ code: 'custom', path: ['WECHAT_SECRET'], message: 'required when WECHAT_MODE=live' });
      if (!c.SESSION_SECRET) ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'required when WECHAT_MODE=live' });
      if (c.WECHAT_APPID === 'wx5f1e0c0de0a1b2c3')
        ctx.addIssue({ code: 'custom', path: ['WECHAT_APPID'], message: 'set your real appid when WECHAT_MODE=live' });
      if (c.WECHAT_API_BASE && isSimulatorHost(c.WECHAT_API_BASE))
        ctx.addIssue({ code: 'custom', path: ['WECHAT_API_BASE'], message: 'live mode refuses a simulator/loopback host' });
      for (const key of ['WECHATPAY_MCHID', 'WECHATPAY_MERCHANT_PRIVATE_KEY', 'WECHATPAY_MERCHANT_SERIAL', 'WECHATPAY_APIV3_KEY', 'WECHATPAY_NOTIFY_URL'] as const) {
        if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when WECHAT_MODE=live' });
      }
      if (c.WECHATPAY_PUBLIC_KEY && !c.WECHATPAY_PUBLIC_KEY_ID)
        ctx.addIssue({ code: 'custom', path: ['WECHATPAY_PUBLIC_KEY_ID'], message: 'required with WECHATPAY_PUBLIC_KEY' });
      if (c.WECHATPAY_API_BASE && isSimulatorHost(c.WECHATPAY_API_BASE))
        ctx.addIssue({ code: 'custom', path: ['WECHATPAY_API_BASE'], message: 'live mode refuses a simulator/loopback host' });
      if (c.WECHATPAY_NOTIFY_URL && !/^https:\/\/[^?]+$/.test(c.WECHATPAY_NOTIFY_URL))
        ctx.addIssue({ code: 'custom', path: ['WECHATPAY_NOTIFY_URL'], message: 'must be https and have no query string' });
    }
  });

export type RawConfig = z.output<typeof configSchema>;

export interface Config extends RawConfig {
  root: string;
  /** base URL of the mini-program server API: real host in live mode; set by main in sim mode */
  wechatApiBase: string;
  wechatSecret: string;
  wechatPayApiBase: string;
  seedDemo: boolean;
}

/** The base URL links point at (PUBLIC_URL, else this instance's host and port). */
export function publicUrlOf(config: Config): string {
  return config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
}

export function isSimulatorHost(url: string): boolean {
  try {
    const h = new URL(url).hostname;
    return h === 'localhost' || h.startsWith('127.') || h === '[::1]' || h === '::1' || h.endsWith('.local') || h.includes('sim');
  } catch {
    return true;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const FILE_SECRETS = [
  'WECHAT_SECRET',
  'SESSION_SECRET',
  'MONGODB_URI',
  'WECHATPAY_MERCHANT_PRIVATE_KEY',
  'WECHATPAY_APIV3_KEY',
  'WECHATPAY_PUBLIC_KEY',
  'METRICS_TOKEN',
] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string | undefined> = {};
  const problems: string[] = [];
  for (const [k, v] of Object.entries(env)) if (v !== '') input[k] = v;
  for (const key of FILE_SECRETS) {
    const file = env[`${key}_FILE`];
    if (file && !input[key]) {
      try {
        input[key] = readFileSync(file, 'utf8').trim();
      } catch (err) {
        problems.push(`${key}_FILE: cannot read ${file} (${(err as Error).message})`);
      }
    }
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.') || '(config)'}: ${issue.message}`);
  }
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const c = parsed.data;
  return {
    ...c,
    root: ROOT,
    wechatApiBase: c.WECHAT_API_BASE ?? (c.WECHAT_MODE === 'live' ? 'https://api.weixin.qq.com' : ''),
    wechatSecret: c.WECHAT_SECRET ?? 'sim-secret-not-for-production',
    wechatPayApiBase: c.WECHATPAY_API_BASE ?? (c.WECHAT_MODE === 'live' ? 'https://api.mch.weixin.qq.com' : ''),
    seedDemo: c.SEED_DEMO ?? c.WECHAT_MODE === 'sim',
  };
}

/** For entry points: the config, or the problems on stderr and exit code 2. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}
