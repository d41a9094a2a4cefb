/**
 * End to end, 优惠买单: the demo shopper 陈晓 (金卡, 4,680 points, a 无门槛50元
 * new-member coupon) pays ¥500 at 上海徐汇店 with the best coupon and all the
 * points she may use, confirms on the WeChat Pay simulator's payer page, and
 * sees 支付成功 with the points earned; her balance is exact on the server.
 * Screenshots: .test-results/screenshots/pay-*.png
 */
import { textOf, useProduct, visible, UI_TIMEOUT } from './support/pages';
import { json, screenshotPath } from './support/product';

jest.setTimeout(120_000);

const SHOPPER = 'oHC0demo0shopper0chenxiao01';


const product = useProduct('pay');

test('coupon + points + WeChat Pay on the simulator payer page → paid, points exact', async () => {
  const stores = await json<{ items: { id: string; code: string }[] }>(product.base, 'GET', '/api/stores');
  const storeId = stores.body.items.find((s) => s.code === 'SH-XH')!.id;
  const page = await product.open(SHOPPER, `#/pages/pay/index?storeId=${storeId}`);
  const input = visible(page, '#pay-amount-input input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.fill('500');
  // Best coupon preselected: ¥500 − ¥50 = ¥450 before points.
  await textOf(page, '#pay-cash', (t) => t.includes('450.00'));
  await visible(page, '#pay-points-switch').click();
  // 4,680 points (= ¥46.80) are under the 50 % cap: ¥450 − ¥46.80 = ¥403.20.
  await textOf(page, '#pay-cash', (t) => t.includes('403.20'));
  await page.screenshot({ path: screenshotPath('pay-01-breakdown.png') });

  await visible(page, '#pay-submit').click();
  const payer = page.frameLocator('#pay-overlay iframe');
  await payer.locator('#confirm').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.screenshot({ path: screenshotPath('pay-02-payer-page.png') });
  await payer.locator('#confirm').click();

  await textOf(page, '#order-state', (t) => t.includes('支付成功'));
  // Gold tier earns 1.5 points per yuan of cash: floor(403.20 × 1.5) = 604.
  const earned = await textOf(page, '#order-points-earned', (t) => /\d/.test(t));
  expect(earned).toContain('604');
  await page.screenshot({ path: screenshotPath('pay-03-paid.png') });

  const token = await product.tokenFor(SHOPPER);
  const points = await json<{ balance: number; held: number }>(product.base, 'GET', '/api/member/points', { token });
  expect(points.body).toMatchObject({ balance: 604, held: 0 });
  const orders = await json<{ items: { state: string; cashFen: number; couponDiscountFen: number; pointsUsed: number }[] }>(product.base, 'GET', '/api/orders', { token });
  expect(orders.body.items[0]).toMatchObject({ state: 'paid', cashFen: 40320, couponDiscountFen: 5000, pointsUsed: 4680 });
  expect(product.pageErrors).toEqual([]);
});
