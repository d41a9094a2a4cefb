/**
 * E2E helpers: boot the whole product (server + WeChat simulator + H5 build)
 * exactly like `npm start` does, on a port we choose (so a restart keeps the
 * browser origin and its localStorage), and a headless Chromium that works in
 * this sandbox (root, offline).
 */
import { TravelClock } from '../../../server/src/platform/clock';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { RunningServer } from '../../../server/src/main';
import { bootDemo } from '../../../server/src/cli/demo-boot';
import { loadConfig } from '../../../server/src/platform/config';

export const ROOT = path.resolve(__dirname, '../../..');
/** Overridable to test another build (e.g. a copy) without touching miniapp/dist. */
export const H5_DIR = path.resolve(process.env.E2E_H5_DIR ?? path.join(ROOT, 'miniapp/dist/h5'));
export const WEAPP_DIR = path.resolve(process.env.E2E_WEAPP_DIR ?? path.join(ROOT, 'miniapp/dist/weapp'));
export const SCREENSHOT_DIR = path.join(ROOT, '.test-results/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Fail early and clearly when a build the tests rely on is missing. */
export function requireBuild(kind: 'h5' | 'weapp'): string {
  const dir = kind === 'h5' ? H5_DIR : WEAPP_DIR;
  const marker = path.join(dir, kind === 'h5' ? 'index.html' : 'app.json');
  if (!existsSync(marker)) {
    throw new Error(
      `The ${kind} build of the mini-program is missing (${marker} not found). ` +
        `Build it first: npm run build:${kind} -w miniapp`,
    );
  }
  return dir;
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name);
}

/** A free loopback port (tiny race window; good enough on a test machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface BootedProduct extends RunningServer {
  /** what boot() told the operator (e.g. 'Demo data seeded (first start).') */
  messages: string[];
  /** the server's clock: tests travel in time with it (jobs follow) */
  clock: TravelClock;
}

/**
 * boot() with the environment of a local demo: simulator mode, embedded Java
 * engine with a persistent H2 file in `dataDir`, the H5 build served on the
 * same port. The environment is built explicitly (not from process.env), so a
 * developer's MONGODB_URI or PORT cannot leak in.
 */
export async function bootProduct(dataDir: string, port: number, opts: { history?: boolean } = {}): Promise<BootedProduct> {
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'silent',
    HOMECLUB_SKIP_MONGOD: '1',
    DATA_DIR: dataDir,
    WECHAT_MODE: 'sim',
    JOBS_ENABLED: '1',
    MINIAPP_H5_DIR: H5_DIR,
    // six months of demo history only where a test needs the console's charts (it takes a while on H2)
    SEED_DEMO_HISTORY: opts.history ? '1' : '0',
  });
  const messages: string[] = [];
  const clock = new TravelClock();
  const server = await bootDemo(config, { log: (m) => messages.push(m), clock });
  return Object.assign(server, { messages, clock });
}

export function hasCjkFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** An iPhone-12-sized phone. */
export function newPhoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
}

/** Small JSON client for the product's API and simulator control endpoints. */
export async function json<T = any>(
  base: string,
  method: 'GET' | 'POST' | 'PUT',
  urlPath: string,
  opts: { body?: unknown; token?: string } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${base}${urlPath}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: res.status, body };
}

/** Log in through the simulator as `openid` (a brand-new one if omitted). */
export async function apiLogin(base: string, openid?: string) {
  const code = await json<{ code: string; openid: string }>(base, 'POST', '/sim/wx/control/login-code', {
    body: openid ? { openid } : {},
  });
  if (code.status !== 200) throw new Error(`login-code: HTTP ${code.status} ${JSON.stringify(code.body)}`);
  const session = await json(base, 'POST', '/api/auth/login', {
    body: { code: code.body.code },
  });
  if (session.status !== 200) throw new Error(`login: HTTP ${session.status} ${JSON.stringify(session.body)}`);
  return session.body as {
    accessToken: string;
    refreshToken: string;
    isNew: boolean;
    member: {
      id: string;
      nickname: string;
      phoneMasked: string | null;
      roles: string[];
      staffStoreId: string | null;
    };
  };
}
