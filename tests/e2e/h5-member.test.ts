/**
 * End to end, membership: the demo shopper 陈晓 opens 会员 and sees her card
 * (tier, points) and the rotating member code; the demo clerk 张伟 pastes that
 * code on the staff page 扫码识别会员 and sees her card summary. Typed text sits in the middle of the input box, not at
 * its top (issue 18 item 6: the H5 build wraps the native <input> in the element that has the height).
 * Screenshots: .test-results/screenshots/member-*.png
 */
import { textOf, useProduct, visible, UI_TIMEOUT } from './support/pages';
import { json, screenshotPath } from './support/product';

jest.setTimeout(120_000);

const SHOPPER = 'oHC0demo0shopper0chenxiao01';
const STAFF = 'oHC0demo0staff0zhangwei0001';

let shownCode = '';

const product = useProduct('member');

test('the shopper sees her card and a rotating member code on 会员', async () => {
  const page = await product.open(SHOPPER, '#/pages/member/index');
  await textOf(page, '#member-tier', (t) => t.includes('金卡'));
  const points = await textOf(page, '#member-points', (t) => /\d/.test(t));
  // 200 sign-up bonus + 2,680 + 1,500 + 300 seeded purchases/visits
  expect(points.replace(/\D/g, '')).toBe('4680');
  await textOf(page, '#member-next-tier', (t) => t.includes('钻石卡'));
  const digits = await textOf(page, '#member-code-digits', (t) => t.replace(/\D/g, '').length === 18);
  shownCode = digits.replace(/\D/g, '');
  expect(shownCode.startsWith('42')).toBe(true);
  await visible(page, '#member-barcode').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await textOf(page, '#member-code-countdown', (t) => /\d+/.test(t));
  await page.screenshot({ path: screenshotPath('member-01-card.png') });

  // The code the page shows is the one the server expects right now.
  const secret = await json<{ cardNo: string }>(product.base, 'GET', '/api/member/code-secret', { token: await product.tokenFor(SHOPPER) });
  expect(shownCode.slice(2, 12)).toBe(secret.body.cardNo);
});

test('the clerk resolves that code on 扫码识别会员', async () => {
  expect(shownCode).toHaveLength(18);
  const page = await product.open(STAFF, '#/pages-staff/member-code/index');
  const input = visible(page, '#staff-code-input input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.fill(shownCode);
  // The native input fills its box's height, so the typed text is centred (it used to sit at the top).
  const [box, field] = await Promise.all([visible(page, '#staff-code-input').boundingBox(), input.boundingBox()]);
  expect(box!.height).toBeGreaterThan(30);
  expect(Math.abs(field!.y + field!.height / 2 - (box!.y + box!.height / 2))).toBeLessThanOrEqual(1);
  expect(field!.height).toBeGreaterThanOrEqual(box!.height - 2);
  await visible(page, '#staff-code-submit').click();
  const result = await textOf(page, '#staff-member-result', (t) => t.includes('陈晓'));
  expect(result).toContain('金卡');
  expect(result).toContain('138****8001');
  await page.screenshot({ path: screenshotPath('member-02-staff-resolve.png') });
  // A made-up code gets the server's Chinese message, not a crash.
  await input.fill('420000000001123456');
  await visible(page, '#staff-code-submit').click();
  await textOf(page, '#staff-code-error', (t) => /[\u4e00-\u9fff]/.test(t));
  expect(product.pageErrors).toEqual([]);
});
