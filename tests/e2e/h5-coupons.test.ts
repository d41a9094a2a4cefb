/**
 * End to end, coupons: the demo shopper 林悦 claims 「免费上门量尺」 in 领券 and
 * finds it in 我的券 with its rotating code; the demo clerk 张伟 verifies (核销)
 * it on 扫码核销; the shopper then sees it under 已使用.
 * A points-exchange coupon she cannot afford reads 「积分不足」 and a tap on it opens no exchange dialog.
 * Without a location, 首页's store is the member's 常去门店 (赵磊: 杭州西湖店), and its 优惠买单 is for that store.
 * Screenshots: .test-results/screenshots/coupons-*.png
 */
import type { Page } from 'playwright-core';
import { textOf, useProduct, visible, UI_TIMEOUT } from './support/pages';
import { json, screenshotPath } from './support/product';

jest.setTimeout(120_000);

const SHOPPER = 'oHC0demo0shopper0linyue0002';
const STAFF = 'oHC0demo0staff0zhangwei0001';
const ADMIN = 'oHC0demo0admin0lina00000001';

let templateId = '';
let exchangeId = '';
let couponId = '';
let shopperPage: Page;

const product = useProduct('coupons');
const tokenFor = (openid: string) => product.tokenFor(openid);

beforeAll(async () => {
  const templates = await json<{ items: { id: string; name: string }[] }>(product.base, 'GET', '/api/admin/coupons/templates', { token: await tokenFor(ADMIN) });
  templateId = templates.body.items.find((t) => t.name === '免费上门量尺')!.id;
  exchangeId = templates.body.items.find((t) => t.name === '积分兑 20 元券')!.id;
});

test('the shopper claims a coupon in 领券 and finds it in 我的券', async () => {
  shopperPage = await product.open(SHOPPER, '#/pages/coupons/index');
  const button = visible(shopperPage, `#claim-${templateId}`);
  await button.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shopperPage.screenshot({ path: screenshotPath('coupons-01-center.png') });

  // 2,000 points she does not have: greyed, and a tap does nothing (Taro's H5 button ran onClick while disabled).
  const exchange = visible(shopperPage, `#claim-${exchangeId}`);
  await textOf(shopperPage, `#claim-${exchangeId}`, (t) => t.includes('积分不足'));
  expect(await exchange.evaluate((el) => (el as HTMLElement & { disabled: boolean }).disabled)).toBe(true);
  await exchange.click({ force: true });
  await shopperPage.waitForTimeout(800);
  expect(await shopperPage.locator('.taro__modal').filter({ visible: true }).count()).toBe(0);
  await button.click();
  await textOf(shopperPage, `#claim-${templateId}`, (t) => t.includes('已领取'));
  const mine = await json<{ items: { id: string; terms: { name: string }; state: string }[] }>(product.base, 'GET', '/api/coupons/mine', { token: await tokenFor(SHOPPER) });
  const claimed = mine.body.items.find((c) => c.terms.name === '免费上门量尺');
  expect(claimed?.state).toBe('available');
  couponId = claimed!.id;

  await shopperPage.goto(`${product.base}/#/pages-member/my-coupons/index`);
  await visible(shopperPage, `#my-coupon-${couponId}`).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shopperPage.screenshot({ path: screenshotPath('coupons-02-my-coupons.png') });
});

test('the clerk verifies it on 扫码核销 and the shopper sees it used', async () => {
  expect(couponId).toBeTruthy();
  await shopperPage.goto(`${product.base}/#/pages-member/coupon-detail/index?id=${couponId}`);
  const digits = (await textOf(shopperPage, '#coupon-code-digits', (t) => t.replace(/\D/g, '').length === 18)).replace(/\D/g, '');
  expect(digits.startsWith('43')).toBe(true);
  await shopperPage.screenshot({ path: screenshotPath('coupons-03-detail-code.png') });

  const staff = await product.open(STAFF, '#/pages-staff/coupon-verify/index');
  const input = visible(staff, '#verify-code-input input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.fill(digits);
  await visible(staff, '#verify-submit').click();
  await textOf(staff, '#verify-result', (t) => t.includes('免费上门量尺')).catch(async (err) => {
    await staff.screenshot({ path: screenshotPath('coupons-FAILED-verify.png') });
    throw new Error(`${(err as Error).message}; page says: ${(await staff.locator('body').innerText()).slice(0, 400)}`);
  });
  await staff.screenshot({ path: screenshotPath('coupons-04-staff-verified.png') });

  const after = await json<{ state: string }>(product.base, 'GET', `/api/coupons/${couponId}`, { token: await tokenFor(SHOPPER) });
  expect(after.body.state).toBe('used');
  await shopperPage.goto(`${product.base}/#/pages-member/my-coupons/index`);
  await shopperPage.reload();
  await visible(shopperPage, '#tab-used').click();
  await visible(shopperPage, `#my-coupon-${couponId}`).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shopperPage.screenshot({ path: screenshotPath('coupons-05-used.png') });
  expect(product.pageErrors).toEqual([]);
});

test('首页 without a location shows the member’s 常去门店 (赵磊: 杭州西湖店), and its 优惠买单 opens that store', async () => {
  const ZHAOLEI = 'oHC0demo0shopper0zhaolei003';
  const stores = await json<{ items: { id: string; code: string }[] }>(product.base, 'GET', '/api/stores');
  // the list's first store is what 首页 showed before it read 常去门店
  expect(stores.body.items[0].code).not.toBe('HZ-XH');
  const hangzhou = stores.body.items.find((s) => s.code === 'HZ-XH')!.id;
  const home = await product.open(ZHAOLEI, '#/pages/index/index');
  await textOf(home, '#home-store-name', (t) => t.includes('杭州西湖店'));
  await textOf(home, '#home-store', (t) => t.includes('推荐门店'));
  await visible(home, `#pay-at-${hangzhou}`).click();
  await visible(home, '#pay-amount-input input').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  expect(await home.evaluate(() => location.hash)).toContain(`storeId=${hangzhou}`);
  await home.screenshot({ path: screenshotPath('coupons-06-home-preferred-store.png') });
  expect(product.pageErrors).toEqual([]);
});
