/**
 * End to end, as a shopper would: the whole product (server, WeChat simulator,
 * persistent embedded database, H5 build) booted like `npm start`, driven in
 * headless Chromium on a phone-sized viewport.
 *
 *  1. 首页 shows the chain and its 3 seeded stores.
 *  2. 我的: first launch signs in a brand-new shopper (会员NNNN, no phone).
 *  3. Binding a phone through the H5 form → masked phone in the UI and on the server.
 *  4. Server restart on the same DATA_DIR (and port, so localStorage survives):
 *     same member, same phone, no new member, demo seed not run again.
 *  5. Switching to the demo staff 张伟 → 门店员工 badge and the staff page shows 上海徐汇店.
 *
 * Screenshots: .test-results/screenshots/h5-*.png. Uncaught page errors and
 * 5xx API answers fail the run; console errors are printed.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  apiLogin,
  bootProduct,
  freePort,
  hasCjkFont,
  json,
  launchChromium,
  newPhoneContext,
  requireBuild,
  screenshotPath,
  SCREENSHOT_DIR,
  type BootedProduct,
} from './support/product';

// Booting the product twice and driving Chromium takes longer than the global timeout.
jest.setTimeout(120_000);

const STAFF_OPENID = 'oHC0demo0staff0zhangwei0001';
const ADMIN_OPENID = 'oHC0demo0admin0lina00000001';
const CHAIN_NAME = 'HomeClub 家居';
const STORE_NAMES = ['HomeClub 家居 上海徐汇店', 'HomeClub 家居 上海浦东店', 'HomeClub 家居 杭州西湖店'];
/** A fresh phone per run (the database is fresh anyway); 138 like the demo form. */
const PHONE = `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const PHONE_MASKED = `${PHONE.slice(0, 3)}****${PHONE.slice(-4)}`;
const UI_TIMEOUT = 15_000;

const TAB = { home: 0, coupons: 1, booking: 2, member: 3, mine: 4 } as const;

let dataDir: string;
let port: number;
let base: string;
let server: BootedProduct | null = null;
let browser: Browser | null = null;
let context: BrowserContext | null = null;
let page: Page;

const pageErrors: string[] = [];
const consoleErrors: string[] = [];
const serverErrors: string[] = [];

/** Filled in by the steps, read by the later ones. */
const shopper: { id?: string; nickname?: string; openid?: string } = {};
let failedStep: string | null = null;

/** Each step needs the ones before it: after a failure, later steps say so instead of failing obscurely. */
function step(name: string, fn: () => Promise<void>): void {
  test(name, async () => {
    if (failedStep) throw new Error(`not run: the earlier step "${failedStep}" failed`);
    try {
      await fn();
    } catch (err) {
      failedStep = name;
      if (page && !page.isClosed()) {
        await page
          .screenshot({
            path: screenshotPath(`h5-FAILED-${name.replace(/[^\w]+/g, '-').slice(0, 60)}.png`),
          })
          .catch(() => undefined);
      }
      throw err;
    }
  });
}

/** Hidden pages stay in the DOM: only ever look at visible elements. */
function visible(selector: string) {
  return page.locator(selector).filter({ visible: true });
}

async function shot(name: string): Promise<void> {
  // let fonts/spinners settle so the picture shows what the user sees
  await page.evaluate(() => document.fonts.ready).catch(() => undefined);
  await page.screenshot({ path: screenshotPath(name), fullPage: false });
}

async function openTab(index: number, label: string): Promise<void> {
  const item = page.locator('.weui-tabbar__item').nth(index);
  await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await expectText(item, label);
  await item.click();
}

/** Poll `read` until `ok` holds (jest has no expect.poll). */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + UI_TIMEOUT;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

async function expectText(locator: ReturnType<Page['locator']>, expected: string | RegExp): Promise<string> {
  // poll until the text matches (React updates asynchronously)
  const deadline = Date.now() + UI_TIMEOUT;
  let last = '';
  while (Date.now() < deadline) {
    last = (
      (await locator
        .first()
        .textContent({ timeout: UI_TIMEOUT })
        .catch(() => '')) ?? ''
    ).trim();
    if (typeof expected === 'string' ? last === expected : expected.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${locator} to have text ${String(expected)}, last seen: ${JSON.stringify(last)}`);
}

/** Taro stores every value as {"data": value} in localStorage; the member is a JSON string inside. */
async function storage(key: string): Promise<unknown> {
  const raw = await page.evaluate((k) => localStorage.getItem(k), key);
  if (raw == null) return null;
  return (JSON.parse(raw) as { data: unknown }).data;
}

async function storedMember(): Promise<{
  id: string;
  nickname: string;
  phoneMasked: string | null;
  roles: string[];
}> {
  const raw = await storage('hc.member');
  expect(typeof raw).toBe('string');
  return JSON.parse(raw as string);
}

async function stopServer(): Promise<void> {
  const s = server;
  server = null;
  if (s) await s.stop();
}

/** Console errors we accept: the browser asking for a favicon the H5 build does not have. */
const ALLOWED_CONSOLE_ERRORS = [/404 \(Not Found\) @ http:\/\/127\.0\.0\.1:\d+\/favicon\.ico$/];

async function simCalls(api: string): Promise<number> {
  const stats = await json<{ calls: Record<string, number> }>(base, 'GET', '/sim/wx/control/stats');
  expect(stats.status).toBe(200);
  return stats.body.calls[api] ?? 0;
}

beforeAll(async () => {
  requireBuild('h5');
  // screenshots of an earlier run must not be mistaken for this one's
  try {
    for (const f of readdirSync(SCREENSHOT_DIR)) if (/^h5-.*\.png$/.test(f)) rmSync(path.join(SCREENSHOT_DIR, f));
  } catch {
    // no directory yet
  }
  if (!hasCjkFont()) {
    console.warn(
      'No CJK font installed (fc-list :lang=zh is empty): screenshots will show boxes instead of Chinese. ' +
        'apt-get install fonts-wqy-microhei (or fonts-noto-cjk) for readable screenshots; assertions do not depend on it.',
    );
  }
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'homeclub-e2e-'));
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  try {
    [server, browser] = await Promise.all([bootProduct(dataDir, port), launchChromium()]);
    expect(server.url).toBe(base);
    context = await newPhoneContext(browser);
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${err.name}: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(`${msg.text()} @ ${msg.location().url}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 500) serverErrors.push(`${res.request().method()} ${res.url()} → ${res.status()}`);
    });
  } catch (err) {
    await stopServer().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    throw err;
  }
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stopServer();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (consoleErrors.length) console.log(`browser console errors:\n  ${consoleErrors.join('\n  ')}`);
});

afterEach(() => {
  // checked after every step so the failure points at the step that caused it
  expect(pageErrors).toEqual([]);
  expect(serverErrors).toEqual([]);
  expect(consoleErrors.filter((e) => !ALLOWED_CONSOLE_ERRORS.some((re) => re.test(e)))).toEqual([]);
});

step('first boot seeds the demo once and serves the H5 build', async () => {
  expect(server!.messages).toContain('Demo data seeded (first start).');
  expect(server!.engine).toMatch(/H2 file .*homeclub-e2e-.*data persists/);
  const stores = await json(base, 'GET', '/api/stores');
  expect(stores.status).toBe(200);
  expect(stores.body.items.map((s: { name: string }) => s.name).sort()).toEqual([...STORE_NAMES].sort());
  const index = await fetch(`${base}/`);
  expect(index.status).toBe(200);
  expect(await index.text()).toContain('<div id="app"');
});

step('首页 shows the published banners and notice, the grid, the new member welcomed, coupons and a store', async () => {
  await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
  await expectText(visible('.brand__name'), CHAIN_NAME);
  await visible('#home-banners').waitFor({ timeout: UI_TIMEOUT });
  await until(
    () => page.locator('[id^="home-banner-"]').count(),
    (n) => n >= 3,
    'three seeded banners',
  );
  await expectText(visible('#home-notice'), /冬季家装节/);
  await expectText(visible('#home-shortcuts'), /领券.*到店预约.*上门量尺.*会员码.*优惠买单.*邀请有礼/);
  // the silent login of the first launch registered this shopper: welcomed, not 「欢迎回来」
  await expectText(visible('#home-greeting'), /^欢迎加入，会员\d{4}$/);
  // the onboarding popup lists what the server granted: the sign-up points and the seeded 新人礼 coupon
  await expectText(visible('#gift-popup-title'), '欢迎加入 HomeClub');
  await expectText(visible('#gift-popup'), /注册积分 \+200.*「新人礼 无门槛50元」已放入「我的券」/);
  await shot('h5-01a-onboarding.png');
  await visible('#gift-popup-close').click();
  await until(() => page.locator('#gift-popup').count(), (n) => n === 0, 'the popup closed');
  await expectText(visible('#home-member-points'), /^\d[\d,]*$/);
  await visible('#home-coupons').waitFor({ timeout: UI_TIMEOUT });
  const store = await expectText(visible('#home-store-name'), /HomeClub/);
  expect(STORE_NAMES).toContain(store.trim());
  await shot('h5-01-home.png');
});

step('我的: first launch is a brand-new shopper without a phone', async () => {
  await openTab(TAB.mine, '我的');
  const nickname = await expectText(visible('#mine-nickname'), /^会员\d{4}$/);
  await expectText(visible('#mine-phone'), '未绑定手机号');
  await expect(visible('#bind-phone-btn').count()).resolves.toBe(1);
  expect(await visible('.badge--staff').count()).toBe(0);

  const member = await storedMember();
  expect(member.nickname).toBe(nickname);
  expect(member.phoneMasked).toBeNull();
  expect(member.roles).toEqual(['member']);
  // exactly one WeChat login so far: the silent login of the first launch
  expect(await simCalls('jscode2session')).toBe(1);
  const openid = await storage('hc.demoOpenid');
  expect(typeof openid).toBe('string');
  // a simulator-made openid, not one of the demo people
  expect(openid).not.toMatch(/^oHC0demo/);
  Object.assign(shopper, { id: member.id, nickname, openid: openid as string });

  // and the server agrees about who is signed in
  const me = await json(base, 'GET', '/api/me', {
    token: (await storage('hc.accessToken')) as string,
  });
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ id: member.id, nickname, phoneMasked: null });
  await shot('h5-02-mine-new-shopper.png');
});

step('binding a phone in the H5 form shows it masked and stores it on the server', async () => {
  await visible('#bind-phone-btn').click();
  const input = visible('#phone-input input');
  await input.waitFor({ timeout: UI_TIMEOUT });
  // the demo form prefills a random 138… number: replace it with ours
  await expect(input.inputValue()).resolves.toMatch(/^138\d{8}$/);
  await input.fill(PHONE);
  await expect(input.inputValue()).resolves.toBe(PHONE);
  await visible('#phone-submit').click();

  await expectText(visible('#mine-phone'), PHONE_MASKED);
  await visible('#phone-input').waitFor({
    state: 'detached',
    timeout: UI_TIMEOUT,
  });
  expect(await visible('#bind-phone-btn').count()).toBe(0);
  await shot('h5-03-phone-bound.png');

  const token = (await storage('hc.accessToken')) as string;
  const me = await json(base, 'GET', '/api/me', { token });
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({
    id: shopper.id,
    nickname: shopper.nickname,
    phoneMasked: PHONE_MASKED,
  });
  expect((await storedMember()).phoneMasked).toBe(PHONE_MASKED);
  // the phone itself (not just its mask) is on the member: the admin lookup by full number finds exactly it
  const admin = await apiLogin(base, ADMIN_OPENID);
  const found = await json(base, 'GET', `/api/admin/members?phone=${PHONE}`, {
    token: admin.accessToken,
  });
  expect(found.status).toBe(200);
  expect(found.body.items.map((m: { id: string }) => m.id)).toEqual([shopper.id]);
});

step('after a server restart on the same data the same member comes back', async () => {
  await stopServer();
  // the server is really down (otherwise the restart proves nothing)
  await expect(fetch(`${base}/api/stores`)).rejects.toThrow();

  server = await bootProduct(dataDir, port);
  expect(server.url).toBe(base);
  expect(server.messages).not.toContain('Demo data seeded (first start).');
  expect(server.messages.some((m) => m.startsWith('Reusing data in'))).toBe(true);

  await page.reload({ waitUntil: 'domcontentloaded' });
  // the reload lands on 我的 again (hash route); the stored session is reused
  await expectText(visible('#mine-nickname'), shopper.nickname!);
  await expectText(visible('#mine-phone'), PHONE_MASKED);
  const member = await storedMember();
  expect(member.id).toBe(shopper.id);
  expect(await storage('hc.demoOpenid')).toBe(shopper.openid);
  await shot('h5-04-after-restart.png');
  // the app reused its stored session: no WeChat login on the new server
  expect(await simCalls('jscode2session')).toBe(0);

  // the stored token still works against the restarted server (session secret persisted in DATA_DIR)
  const me = await json(base, 'GET', '/api/me', {
    token: (await storage('hc.accessToken')) as string,
  });
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({
    id: shopper.id,
    phoneMasked: PHONE_MASKED,
  });
  // the welcome popup was seen before the restart: the server remembers, nothing is left to show
  const greetings = await json<{ items: unknown[] }>(base, 'GET', '/api/member/greetings', { token: (await storage('hc.accessToken')) as string });
  expect(greetings.body.items).toEqual([]);

  // WeChat login with the same openid finds the existing member
  const again = await apiLogin(base, shopper.openid);
  expect(again.isNew).toBe(false);
  expect(again.member).toMatchObject({
    id: shopper.id,
    nickname: shopper.nickname,
    phoneMasked: PHONE_MASKED,
  });

  // no duplicate member for the phone, and the seed did not run twice
  const admin = await apiLogin(base, ADMIN_OPENID);
  expect(admin.isNew).toBe(false);
  const found = await json(base, 'GET', `/api/admin/members?phone=${PHONE}`, {
    token: admin.accessToken,
  });
  expect(found.body.items.map((m: { id: string }) => m.id)).toEqual([shopper.id]);
  const stores = await json(base, 'GET', '/api/stores');
  expect(stores.status).toBe(200);
  expect(stores.body.items).toHaveLength(3);
});

step('switching to the demo staff 张伟 shows the 门店员工 badge and his store', async () => {
  const shopperRefresh = (await storage('hc.refreshToken')) as string;
  expect(shopperRefresh).toBeTruthy();
  await visible('#switch-shopper').click();
  const staff = visible(`#demo-user-${STAFF_OPENID}`);
  await staff.waitFor({ timeout: UI_TIMEOUT });
  await expect(visible('#demo-user-new').count()).resolves.toBe(1);
  // the chooser offers the simulator's five demo people (the new shopper is not one of them)
  const names = await until(
    () => visible('.demo-user .demo-user__name').allTextContents(),
    (t) => t.length === 6,
    'the demo users in the chooser',
  );
  expect(names.map((t) => t.trim())).toEqual(['新顾客（首次登录）', '陈晓', '林悦', '赵磊', '张伟', '李娜']);
  await shot('h5-05-demo-chooser.png');
  await staff.click();

  await expectText(visible('#mine-nickname'), '张伟');
  await expectText(visible('.badge--staff'), '门店员工');
  await expectText(visible('#mine-phone'), '137****7001');
  await visible('.modal').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  expect(await storage('hc.demoOpenid')).toBe(STAFF_OPENID);
  const member = await storedMember();
  expect(member.roles).toContain('staff');
  expect(member.id).not.toBe(shopper.id);
  await shot('h5-06-mine-staff.png');

  await visible('#staff-entry').click();
  const store = visible('#staff-store');
  await store.waitFor({ timeout: UI_TIMEOUT });
  await expectText(store.locator('.staff-store__name'), 'HomeClub 家居 上海徐汇店');
  await expect(store.textContent()).resolves.toContain('SH-XH');
  await shot('h5-07-staff-home.png');

  // switching signed the shopper out: the H5 session's refresh token is revoked
  const refresh = await json(base, 'POST', '/api/auth/refresh', {
    body: { refreshToken: shopperRefresh },
  });
  expect(refresh.status).toBe(401);
  // and the shopper still exists unchanged
  const back = await apiLogin(base, shopper.openid);
  expect(back).toMatchObject({
    isNew: false,
    member: { id: shopper.id, phoneMasked: PHONE_MASKED },
  });
});
