/**
 * End to end, the console runs the chain (#15), one journey on one booted app:
 * the admin creates a store with opening hours and a 设计咨询 service in the console, and the shopper 赵磊 books
 * it in the H5 app; the admin creates a 满减 template, and 赵磊 claims it in 领券; the admin builds a banner in
 * 首页装修 (uploaded image, link to that coupon, moved to the front), sees it in the phone preview and publishes
 * it: GET /api/home returns it first and the H5 home shows it.
 * Screenshots: .test-results/screenshots/content-*.png
 */
import type { Page } from 'playwright-core';
import { textOf, useProduct, visible, UI_TIMEOUT } from './support/pages';
import { json, screenshotPath } from './support/product';

jest.setTimeout(240_000);

const SHOPPER = 'oHC0demo0shopper0zhaolei003';
const product = useProduct('content');
/** a small PNG (the server checks the magic bytes) */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
let admin: Page;
let shopper: Page;
let storeId = '';
let templateId = '';

/** Fill the input carrying `testId` (antd puts it on the input or on its wrapper). */
async function fill(page: Page, testId: string, value: string) {
  const el = page.getByTestId(testId).first();
  const tag = await el.evaluate((e) => e.tagName);
  await (tag === 'INPUT' || tag === 'TEXTAREA' ? el : el.locator('input').first()).fill(value);
}

/** Pick an option of the antd Select `testId` by its visible text. */
async function choose(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

async function menu(page: Page, label: string) {
  await page.getByTestId('console-menu').getByText(label, { exact: true }).click();
}

test('the admin creates a store with hours and a service in the console; the shopper books it', async () => {
  const context = await product.browser!.newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN' });
  product.contexts.push(context);
  admin = await context.newPage();
  admin.on('pageerror', (err) => product.pageErrors.push(`${err.name}: ${err.message}`));
  await admin.goto(`${product.base}/console/`);
  await admin.getByTestId('demo-admin-login').click();
  await menu(admin, '门店');
  await admin.getByTestId('store-create').click();
  await fill(admin, 'store-code', 'SH-JA');
  await fill(admin, 'store-name', '上海静安店');
  await fill(admin, 'store-city', '上海');
  await fill(admin, 'store-address', '静安区南京西路 1000 号');
  await fill(admin, 'store-phone', '021-60000000');
  await fill(admin, 'store-lat', '31.2290');
  await fill(admin, 'store-lng', '121.4480');
  const created = admin.waitForResponse((r) => r.url().endsWith('/api/console/stores') && r.request().method() === 'POST');
  await admin.getByTestId('store-create-ok').click();
  storeId = (await (await created).json()).store.id;

  // open every day around the clock, so a slot is free whatever the hour of the run
  await admin.getByRole('tab', { name: '营业时间与照片' }).click();
  const form = admin.getByTestId('profile-form');
  for (let d = 0; d < 7; d++) {
    if ((await admin.getByTestId(`hours-${d}-open`).count()) === 0) await form.getByRole('button', { name: '营业' }).first().click();
    await fill(admin, `hours-${d}-open`, '00:00');
    await fill(admin, `hours-${d}-close`, '24:00');
  }
  const profile = admin.waitForResponse((r) => r.url().includes(`/api/console/stores/${storeId}/profile`) && r.status() === 200);
  await admin.getByTestId('profile-save').click();
  await profile;
  await admin.getByRole('tab', { name: '预约服务' }).click();
  for (const [field, v] of [['durationMin', '30'], ['intervalMin', '30'], ['leadMinutes', '0'], ['cutoffMinutes', '0']]) await fill(admin, `service-design-${field}`, v);
  const service = admin.waitForResponse((r) => r.url().includes(`/api/console/stores/${storeId}/services/design`) && r.status() === 200);
  await admin.getByTestId('service-design-save').click();
  await service;
  await admin.screenshot({ path: screenshotPath('content-01-store-service.png'), fullPage: true });

  shopper = await product.open(SHOPPER, `#/pages-booking/store/index?id=${storeId}`);
  await textOf(shopper, '.page', (t) => t.includes('上海静安店'));
  await visible(shopper, '#store-service-book-design').click();
  const slot = shopper.locator('[id^="booking-slot-"]:not(.slot--full)').filter({ visible: true }).first();
  await slot.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await slot.click();
  await visible(shopper, '#booking-name input').fill('赵磊');
  await visible(shopper, '#booking-phone input').fill('13800138003');
  await visible(shopper, '#booking-submit').click();
  await textOf(shopper, '#booking-state', (t) => t.includes('预约成功') || t.includes('已预约'));
  await shopper.screenshot({ path: screenshotPath('content-02-booked.png') });
});

test('the admin creates a 满减 template; the shopper claims it in 领券', async () => {
  await menu(admin, '优惠券');
  await admin.getByTestId('tpl-create').click();
  await fill(admin, 'tpl-name', '满1000减100');
  await fill(admin, 'tpl-threshold', '1000');
  await fill(admin, 'tpl-amount', '100');
  const created = admin.waitForResponse((r) => r.url().endsWith('/api/console/coupons/templates') && r.request().method() === 'POST');
  await admin.getByTestId('tpl-create-ok').click();
  const res = await created;
  expect(res.status()).toBe(201);
  templateId = (await res.json()).id;

  await shopper.goto(`${product.base}/#/pages/coupons/index`);
  const claim = visible(shopper, `#claim-${templateId}`);
  await claim.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await claim.click();
  await textOf(shopper, `#claim-${templateId}`, (t) => t.includes('已领取'));
  await shopper.screenshot({ path: screenshotPath('content-03-claimed.png') });
});

test('the admin publishes a banner in 首页装修: /api/home returns it and the H5 home shows it', async () => {
  await menu(admin, '首页装修');
  await admin.getByTestId('banner-add').waitFor({ timeout: UI_TIMEOUT });
  const i = await admin.locator('.ant-card[data-testid^="banner-"]').count(); // after the demo's banners
  await admin.getByTestId('banner-add').click();
  const banner = admin.getByTestId(`banner-${i}`);
  const uploaded = admin.waitForResponse((r) => r.url().endsWith('/api/console/images') && r.status() === 201);
  await banner.locator('input[type=file]').setInputFiles({ name: 'banner.png', mimeType: 'image/png', buffer: PNG });
  await uploaded;
  await fill(admin, `banner-${i}-title`, '静安店开业 满千减百');
  await choose(admin, `banner-${i}-link-kind`, '优惠券');
  await choose(admin, `banner-${i}-link-coupon`, '满1000减100');
  // first in the swiper: ↑ until it is banner 1
  for (let k = i; k > 0; k--) await admin.getByTestId(`banner-${k}`).getByRole('button', { name: '上移' }).click();
  await admin.getByTestId('banner-0-title').and(admin.locator('[value="静安店开业 满千减百"]')).waitFor({ timeout: UI_TIMEOUT });
  await admin.getByTestId('phone-preview').getByText('静安店开业 满千减百').first().waitFor({ timeout: UI_TIMEOUT });
  const saved = admin.waitForResponse((r) => r.url().endsWith('/api/console/content/home/draft') && r.request().method() === 'PUT');
  await admin.getByTestId('content-save').click();
  expect((await saved).status()).toBe(200);
  await admin.getByTestId('content-publish').and(admin.locator(':enabled')).click();
  const published = admin.waitForResponse((r) => r.url().endsWith('/api/console/content/home/publish'));
  await admin.locator('.ant-modal-confirm .ant-btn-primary').click();
  const version = (await (await published).json()).version as number;
  await admin.getByText(`线上 v${version}`).waitFor({ timeout: UI_TIMEOUT });
  await admin.screenshot({ path: screenshotPath('content-04-home-editor.png'), fullPage: true });

  const home = await json<{ version: number; banners: { id: string; title: string; image: string; link: unknown }[] }>(product.base, 'GET', `/api/home?storeId=${storeId}`);
  expect(home.body.version).toBe(version);
  const b = home.body.banners[0];
  expect(b).toMatchObject({ title: '静安店开业 满千减百', link: { kind: 'coupon', templateId } });
  expect(home.body.banners).toHaveLength(i + 1);
  expect(b!.image).toMatch(/\/media\/images\/[0-9a-f]{64}\.png$/);

  await shopper.goto(`${product.base}/#/pages/index/index`);
  await textOf(shopper, `#home-banner-${b!.id}`, (t) => t.includes('静安店开业'));
  await shopper.screenshot({ path: screenshotPath('content-05-h5-home-banner.png') });
  expect(product.pageErrors).toEqual([]);
});
