/**
 * End to end, coupons: the demo shopper 林悦 claims 「免费上门量尺」 in 领券 and
 * finds it in 我的券 with its rotating code; the demo clerk 张伟 verifies (核销)
 * it on 扫码核销; the shopper then sees it under 已使用.
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
let couponId = '';
let shopperPage: Page;

const product = useProduct('coupons');
const tokenFor = (openid: string) => product.tokenFor(openid);

beforeAll(async () => {
  const templates = await json<{ items: { id: string; name: string }[] }>(product.base, 'GET', '/api/admin/coupons/templates', { token: await tokenFor(ADMIN) });
  templateId = templates.body.items.find((t) => t.name === '免费上门量尺')!.id;
});

test('the shopper claims a coupon in 领券 and finds it in 我的券', async () => {
  shopperPage = await product.open(SHOPPER, '#/pages/coupons/index');
  const button = visible(shopperPage, `#claim-${templateId}`);
  await button.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shopperPage.screenshot({ path: screenshotPath('coupons-01-center.png') });
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
