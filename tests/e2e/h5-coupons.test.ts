/**
 * End to end, coupons: the demo shopper 林悦 claims 「免费上门量尺」 in 领券 and
 * finds it in 我的券 with its rotating code; the demo clerk 张伟 verifies (核销)
 * it on 扫码核销; the shopper then sees it under 已使用.
 * Screenshots: .test-results/screenshots/coupons-*.png
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pageAs as openAs, textOf, visible, UI_TIMEOUT } from './support/pages';
import { bootProduct, freePort, json, launchChromium, requireBuild, screenshotPath, type BootedProduct } from './support/product';

jest.setTimeout(120_000);

const SHOPPER = 'oHC0demo0shopper0linyue0002';
const STAFF = 'oHC0demo0staff0zhangwei0001';
const ADMIN = 'oHC0demo0admin0lina00000001';

let dataDir: string;
let base: string;
let server: BootedProduct | null = null;
let browser: Browser | null = null;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let templateId = '';
let couponId = '';
let shopperPage: Page;

async function tokenFor(openid: string): Promise<string> {
  const code = await json<{ code: string }>(base, 'POST', '/sim/wx/control/login-code', { body: { openid } });
  const session = await json<{ accessToken: string }>(base, 'POST', '/api/auth/login', { body: { code: code.body.code } });
  return session.body.accessToken;
}

beforeAll(async () => {
  requireBuild('h5');
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'homeclub-e2e-coupons-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  [server, browser] = await Promise.all([bootProduct(dataDir, port), launchChromium()]);
  const templates = await json<{ items: { id: string; name: string }[] }>(base, 'GET', '/api/admin/coupons/templates', { token: await tokenFor(ADMIN) });
  templateId = templates.body.items.find((t) => t.name === '免费上门量尺')!.id;
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

test('the shopper claims a coupon in 领券 and finds it in 我的券', async () => {
  shopperPage = await openAs(browser!, contexts, pageErrors, base, SHOPPER, '#/pages/coupons/index');
  const button = visible(shopperPage, `#claim-${templateId}`);
  await button.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shopperPage.screenshot({ path: screenshotPath('coupons-01-center.png') });
  await button.click();
  await textOf(shopperPage, `#claim-${templateId}`, (t) => t.includes('已领取'));
  const mine = await json<{ items: { id: string; terms: { name: string }; state: string }[] }>(base, 'GET', '/api/coupons/mine', { token: await tokenFor(SHOPPER) });
  const claimed = mine.body.items.find((c) => c.terms.name === '免费上门量尺');
  expect(claimed?.state).toBe('available');
  couponId = claimed!.id;

  await shopperPage.goto(`${base}/#/pages/my-coupons/index`);
  await visible(shopperPage, `#my-coupon-${couponId}`).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shopperPage.screenshot({ path: screenshotPath('coupons-02-my-coupons.png') });
});

test('the clerk verifies it on 扫码核销 and the shopper sees it used', async () => {
  expect(couponId).toBeTruthy();
  await shopperPage.goto(`${base}/#/pages/coupon-detail/index?id=${couponId}`);
  const digits = (await textOf(shopperPage, '#coupon-code-digits', (t) => t.replace(/\D/g, '').length === 18)).replace(/\D/g, '');
  expect(digits.startsWith('43')).toBe(true);
  await shopperPage.screenshot({ path: screenshotPath('coupons-03-detail-code.png') });

  const staff = await openAs(browser!, contexts, pageErrors, base, STAFF, '#/pages-staff/coupon-verify/index');
  const input = visible(staff, '#verify-code-input input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.fill(digits);
  await visible(staff, '#verify-submit').click();
  await textOf(staff, '#verify-result', (t) => t.includes('免费上门量尺')).catch(async (err) => {
    await staff.screenshot({ path: screenshotPath('coupons-FAILED-verify.png') });
    throw new Error(`${(err as Error).message}; page says: ${(await staff.locator('body').innerText()).slice(0, 400)}`);
  });
  await staff.screenshot({ path: screenshotPath('coupons-04-staff-verified.png') });

  const after = await json<{ state: string }>(base, 'GET', `/api/coupons/${couponId}`, { token: await tokenFor(SHOPPER) });
  expect(after.body.state).toBe('used');
  await shopperPage.goto(`${base}/#/pages/my-coupons/index`);
  await shopperPage.reload();
  await visible(shopperPage, '#tab-used').click();
  await visible(shopperPage, `#my-coupon-${couponId}`).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shopperPage.screenshot({ path: screenshotPath('coupons-05-used.png') });
  expect(pageErrors).toEqual([]);
});
