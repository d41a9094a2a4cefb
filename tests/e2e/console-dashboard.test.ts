/**
 * End to end, the console's 概览 on the demo with six months of history (the
 * product booted like `npm start`, H2 file engine): after sign-in every chart
 * is drawn with data; the range picker and the store filter change the figures.
 * An operator whose laptop is on Los Angeles time, at 09:00 in Shanghai (still yesterday there), sees the
 * chain's day: 预约 and 导购 ask for the Shanghai date, 订单 shows times in Shanghai time, and a banner's 展示时间
 * is picked and shown in Shanghai time.
 * Screenshots: .test-results/screenshots/console-dashboard-*.png
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addDays, shanghaiDay, shanghaiInstant, shanghaiWall } from '@homeclub/shared';
import { bootProduct, freePort, launchChromium, screenshotPath, type BootedProduct } from './support/product';

jest.setTimeout(400_000);

let product: BootedProduct;
let browser: Browser;
let page: Page;
let dataDir = '';
const pageErrors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'hc-e2e-dashboard-'));
  product = await bootProduct(dataDir, await freePort(), { history: true });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${err.name}: ${err.message}`));
});
afterAll(async () => {
  await browser?.close();
  await product?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const UI = 30_000;
const kpi = async (key: string) => Number(await page.getByTestId(`kpi-${key}`).getAttribute('data-value'));
const points = async (chart: string) => Number(await page.getByTestId(chart).getAttribute('data-points'));

/** Waits until the KPI differs from `before` (the page re-read the dashboard). */
async function kpiChanges(key: string, before: number): Promise<number> {
  const deadline = Date.now() + UI;
  for (;;) {
    const now = await kpi(key).catch(() => before);
    if (now !== before) return now;
    if (Date.now() > deadline) throw new Error(`kpi ${key} stayed ${before}`);
    await page.waitForTimeout(200);
  }
}

test('after sign-in the charts are drawn with data', async () => {
  expect(product.messages.join('\n')).toContain('Demo data seeded');
  await page.goto(`${product.url}/console/`);
  await page.getByTestId('demo-admin-login').click();
  await page.getByTestId('chart-sales').waitFor({ timeout: UI });
  for (const chart of ['chart-members', 'chart-sales', 'chart-tiers', 'chart-coupons', 'chart-booking-funnel', 'chart-booking-kinds', 'chart-referral-funnel']) {
    expect([chart, (await points(chart)) > 0]).toEqual([chart, true]);
    expect([chart, await page.getByTestId(chart).locator('canvas').count()]).toEqual([chart, 1]);
  }
  expect(await kpi('salesFen')).toBeGreaterThan(0);
  expect(await page.getByTestId('kpi-salesFen').innerText()).toMatch(/¥[\d,]+\.\d\d/);
  expect(await page.getByTestId('kpi-salesFen-change').innerText()).toMatch(/^[↑↓] \d+\.\d%$|^—$|^0%$/);
  await page.waitForTimeout(800); // chart animations
  await page.screenshot({ path: screenshotPath('console-dashboard-01-30d.png'), fullPage: true });
  expect(pageErrors).toEqual([]);
});

test('the range picker changes the figures (近7天, 近90天)', async () => {
  const month = await kpi('salesFen');
  await page.getByTestId('range-picker').getByText('近7天', { exact: true }).click();
  const week = await kpiChanges('salesFen', month);
  expect(week).toBeLessThan(month);
  await page.getByTestId('range-picker').getByText('近90天', { exact: true }).click();
  const quarter = await kpiChanges('salesFen', week);
  expect(quarter).toBeGreaterThan(month);
  expect(await page.getByTestId('range-text').innerText()).toContain('对比');
  await page.screenshot({ path: screenshotPath('console-dashboard-02-90d.png'), fullPage: true });
});

test('the store filter shows one store’s figures', async () => {
  const chain = await kpi('salesFen');
  await page.getByTestId('store-filter').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '上海徐汇店' }).click();
  const store = await kpiChanges('salesFen', chain);
  expect(store).toBeGreaterThan(0);
  expect(store).toBeLessThan(chain);
  expect(await points('chart-sales')).toBeGreaterThan(0);
  await page.waitForTimeout(800);
  await page.screenshot({ path: screenshotPath('console-dashboard-03-store.png'), fullPage: true });
  expect(pageErrors).toEqual([]);
});

test('审计日志 names actions in Chinese and fits the page', async () => {
  await page.getByTestId('console-menu').getByText('审计日志', { exact: true }).click();
  const table = page.getByTestId('audit-table');
  await table.getByText('登录后台').first().waitFor({ timeout: UI }); // console.login, the sign-in above
  expect(await table.getByText('console.login', { exact: true }).count()).toBe(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1440);
  await page.screenshot({ path: screenshotPath('console-dashboard-05-audit.png'), fullPage: true });
});

test('订单: the search box finds one order by its number (a name is refused at the box); the number opens its detail, as in 会员详情', async () => {
  await page.getByTestId('console-menu').getByText('订单', { exact: true }).click();
  const table = page.getByTestId('orders-table');
  await table.locator('tbody tr').nth(5).waitFor({ timeout: UI });
  // the sixth row (in the store the header's filter shows): history orders have readable numbers too
  const number = (await table.locator('tbody tr.ant-table-row').nth(5).locator('td').nth(1).innerText()).trim();
  expect(number).toMatch(/^\d{13}$/);
  const target = (await (await page.request.get(`${product.url}/api/console/orders?q=${number}`)).json()).items[0];
  expect(target.number).toBe(number);
  const search = page.getByTestId('orders-search');
  await search.fill('陈晓');
  await search.press('Enter');
  await page.getByText('请输入完整的订单号').waitFor({ timeout: UI });
  await search.fill(target.number);
  await search.press('Enter');
  await table.getByText(target.number).waitFor({ timeout: UI });
  const rows = table.locator('tbody tr.ant-table-row');
  for (const deadline = Date.now() + UI; (await rows.count()) !== 1 && Date.now() < deadline; ) await page.waitForTimeout(200);
  expect(await rows.count()).toBe(1);
  await rows.first().getByText(target.number).click();
  await page.locator('.ant-drawer-title', { hasText: `订单 ${target.number}` }).waitFor({ timeout: UI });
  const drawer = page.getByTestId('order-detail');
  expect(await drawer.innerText()).toContain(target.storeName);
  await page.waitForTimeout(500); // the drawer slides in
  await page.screenshot({ path: screenshotPath('console-dashboard-06-order-search.png') });
  await page.keyboard.press('Escape');
  // …and from 会员详情's 订单 tab, the same detail
  await rows.first().getByText(target.member.nickname).click();
  await page.getByTestId('member-title').getByText(target.member.nickname).waitFor({ timeout: UI });
  await page.getByRole('tab', { name: /^订单/ }).click();
  await page.locator('.ant-tabs-tabpane-active').getByText(target.number).click();
  await page.locator('.ant-drawer-title', { hasText: `订单 ${target.number}` }).waitFor({ timeout: UI });
  await page.keyboard.press('Escape');
  expect(pageErrors).toEqual([]);
});

test('on a laptop in Los Angeles the console still keeps Shanghai days and times', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', timezoneId: 'America/Los_Angeles' });
  const la = await context.newPage();
  la.on('pageerror', (err) => pageErrors.push(`${err.name}: ${err.message}`));
  // 09:00 today in Shanghai is 17:00 or 18:00 yesterday in Los Angeles; the browser's clock stands there, its timers run
  const today = shanghaiDay(Date.now());
  await la.clock.setFixedTime(shanghaiInstant(today, 9 * 60));
  expect(await la.evaluate(() => new Date().getDate())).toBe(Number(addDays(today, -1).slice(8)));
  await la.goto(`${product.url}/console/`);
  await la.getByTestId('demo-admin-login').click();
  await la.getByTestId('chart-sales').waitFor({ timeout: UI });

  const bookings = la.waitForRequest((r) => r.url().includes('/api/console/bookings?'));
  await la.getByTestId('console-menu').getByText('预约', { exact: true }).click();
  expect(new URL((await bookings).url()).searchParams.get('date')).toBe(today);
  expect(await la.locator('.ant-picker input').first().inputValue()).toBe(today);

  const guides = la.waitForRequest((r) => r.url().includes('/api/console/guides?'));
  await la.getByTestId('console-menu').getByText('导购', { exact: true }).click();
  const range = new URL((await guides).url()).searchParams;
  expect([range.get('from'), range.get('to')]).toEqual([`${today.slice(0, 8)}01`, today]);

  const orders = la.waitForResponse((r) => r.url().includes('/api/console/orders') && r.request().method() === 'GET' && r.status() === 200);
  await la.getByTestId('console-menu').getByText('订单', { exact: true }).click();
  const first = ((await (await orders).json()) as { items: { createdAt: string }[] }).items[0];
  // the wall time in Shanghai of the first order's createdAt, as time() in components/format.ts shows it
  const wall = shanghaiWall(first.createdAt);
  await la.getByText(`${wall.slice(0, 10)} ${wall.slice(11, 16)}`).first().waitFor({ timeout: UI });
  await la.screenshot({ path: screenshotPath('console-dashboard-04-los-angeles-orders.png'), fullPage: true });

  // 首页装修: a banner shown from 10:00 on the 10th is 10:00 in Shanghai (02:00 UTC), saved and shown back as such
  await la.getByTestId('console-menu').getByText('首页装修', { exact: true }).click();
  const start = la.getByTestId('banner-0').locator('.ant-picker-range input').first();
  await start.click();
  await start.fill('2026-12-10 10:00');
  await start.press('Enter');
  await la.keyboard.press('Escape');
  const saved = la.waitForRequest((r) => r.url().endsWith('/api/console/content/home/draft') && r.method() === 'PUT');
  await la.getByTestId('content-save').click();
  const draft = (await saved).postDataJSON() as { config: { banners: { startAt: string | null }[] } };
  expect(draft.config.banners[0].startAt).toBe('2026-12-10T02:00:00.000Z');
  await la.reload();
  await la.getByTestId('banner-0').locator('.ant-picker-range input').first().and(la.locator('[value="2026-12-10 10:00"]')).waitFor({ timeout: UI });

  // 新建优惠券: a claim window opening at 10:00 on the 10th opens at 10:00 in Shanghai
  await la.getByTestId('console-menu').getByText('优惠券', { exact: true }).click();
  await la.getByTestId('tpl-create').click();
  await la.getByTestId('tpl-name').fill('洛杉矶时区测试券');
  await la.getByTestId('tpl-threshold').fill('300');
  await la.getByTestId('tpl-amount').fill('50');
  const opens = la.locator('.ant-modal .ant-picker-range input').first();
  await opens.click();
  await opens.fill('2026-12-10 10:00:00');
  await la.locator('.ant-picker-dropdown:visible .ant-picker-ok button').click(); // 确定 the start; the end stays empty
  await la.locator('.ant-modal-title').click(); // closes the picker (Escape would close the dialog)
  await la.locator('.ant-modal .ant-picker-range input[value="2026-12-10 10:00:00"]').waitFor({ timeout: UI });
  const posted = la.waitForRequest((r) => r.url().endsWith('/api/console/coupons/templates') && r.method() === 'POST');
  await la.getByTestId('tpl-create-ok').click();
  expect(((await posted).postDataJSON() as { claimFrom: string | null }).claimFrom).toBe('2026-12-10T02:00:00.000Z');
  await context.close();
  expect(pageErrors).toEqual([]);
});
