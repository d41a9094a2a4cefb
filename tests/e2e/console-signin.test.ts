/**
 * End to end, the operator console in Chromium (desktop 1440 px):
 *  1. The admin 李娜 opens /console/, scans (the test opens the QR's link in a
 *     phone page signed in as her and confirms on 登录运营后台); the console
 *     polls and lands in the shell; she opens 会员 → 陈晓 and her points ledger,
 *     then exports orders to CSV (UTF-8 BOM, Chinese header).
 *  2. The store manager 王芳 (上海浦东店) signs in the same way: the store filter is
 *     fixed to her store, her member list holds only its members, and the server
 *     refuses another store's member (STORE_SCOPE), shown with its Chinese message.
 * Screenshots: .test-results/screenshots/console-*.png
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { textOf, useProduct, visible, UI_TIMEOUT } from './support/pages';
import { screenshotPath } from './support/product';
import { DEMO_ADMIN_OPENID } from '../../server/src/seed/demo-data';
import { DEMO_MANAGER } from '../../server/src/seed/console-demo';

jest.setTimeout(180_000);

const product = useProduct('console');
let chenxiaoId = '';

async function desktop(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await product.browser!.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  product.contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => product.pageErrors.push(`${err.name}: ${err.message}`));
  return { context, page };
}

/** The console shows a QR; a phone page signed in as `openid` opens its link and confirms; the console signs in. */
async function scanIn(page: Page, openid: string, shot: string): Promise<void> {
  await page.goto(`${product.base}/console/`);
  const qr = page.getByTestId('login-qr');
  await qr.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.screenshot({ path: screenshotPath(`console-${shot}-01-qr.png`) });
  const link = (await qr.getAttribute('data-qr-content')) ?? '';
  expect(link.startsWith(`${product.base}/#/pages-staff/console-login/index?ticket=`)).toBe(true);
  const phone = await product.open(openid, link.slice(product.base.length + 1));
  await visible(phone, '#console-login-confirm').click({ timeout: UI_TIMEOUT });
  await textOf(phone, '#console-login-state', (t) => t.includes('已确认') || t.includes('已登录'));
  await phone.screenshot({ path: screenshotPath(`console-${shot}-02-confirm.png`) });
  await page.getByTestId('console-user').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
}

test('the admin signs in by scanning, opens a member and her ledger, and exports orders to CSV', async () => {
  const { page } = await desktop();
  await scanIn(page, DEMO_ADMIN_OPENID, 'admin');
  expect(await page.getByTestId('console-user').textContent()).toBe('李娜');
  await page.getByTestId('console-menu').getByText('会员', { exact: true }).click();
  const table = page.getByTestId('members-table');
  await table.getByText('陈晓').waitFor({ timeout: UI_TIMEOUT });
  await page.screenshot({ path: screenshotPath('console-admin-03-members.png') });

  await table.getByText('陈晓').click();
  await page.getByTestId('member-title').getByText('陈晓').waitFor({ timeout: UI_TIMEOUT });
  chenxiaoId = page.url().split('/members/')[1];
  const ledger = page.getByTestId('ledger-table');
  await ledger.getByText('上海徐汇店 · 布艺沙发').waitFor({ timeout: UI_TIMEOUT });
  // The newest entry's balance is the member's balance (running balance).
  const card = await page.getByTestId('member-card').innerText();
  const balance = /积分余额\s*(\d+)/.exec(card)?.[1];
  expect(balance).toBeDefined();
  expect(await ledger.locator('tbody tr').first().innerText()).toContain(balance!);
  await page.screenshot({ path: screenshotPath('console-admin-04-member-ledger.png') });

  await page.getByTestId('console-menu').getByText('订单', { exact: true }).click();
  await page.getByTestId('orders-table').waitFor({ timeout: UI_TIMEOUT });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: UI_TIMEOUT }), page.getByTestId('export-orders').click()]);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8').split('\r\n')[0]).toContain('订单号,门店,会员,手机号,状态');
  expect(download.suggestedFilename()).toMatch(/^orders-\d{8}\.csv$/);
  await page.screenshot({ path: screenshotPath('console-admin-05-orders.png') });
  expect(product.pageErrors).toEqual([]);
});

test('a store manager sees only her store and is refused another store’s member by the server', async () => {
  expect(chenxiaoId).toMatch(/^[0-9a-f]{24}$/);
  const { page } = await desktop();
  await scanIn(page, DEMO_MANAGER.openid, 'manager');
  await textOf(page, '[data-testid="store-fixed"]', (t) => t.endsWith('上海浦东店'));
  // 对账 and 审计日志 are not in a manager's menu.
  expect(await page.getByTestId('console-menu').getByText('对账').count()).toBe(0);
  await page.getByTestId('console-menu').getByText('会员', { exact: true }).click();
  const table = page.getByTestId('members-table');
  await table.getByText('林悦').waitFor({ timeout: UI_TIMEOUT });
  expect(await table.getByText('陈晓').count()).toBe(0);
  await page.screenshot({ path: screenshotPath('console-manager-03-members.png') });

  // The server refuses: asked directly, and shown with the stable code's Chinese message.
  const res = await page.evaluate(async (id) => {
    const r = await fetch(`/api/console/members/${id}`, { credentials: 'same-origin' });
    return { status: r.status, body: await r.json() };
  }, chenxiaoId);
  expect(res.status).toBe(403);
  expect(res.body.code).toBe('STORE_SCOPE');
  await page.goto(`${product.base}/console/members/${chenxiaoId}`);
  await textOf(page, '[data-testid="error-code"]', (t) => t.includes('STORE_SCOPE'));
  expect(await page.locator('body').innerText()).toContain('只能操作本门店的数据');
  await page.screenshot({ path: screenshotPath('console-manager-04-refused.png') });
  expect(product.pageErrors).toEqual([]);
});
