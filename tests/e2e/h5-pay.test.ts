/**
 * End to end, 优惠买单: the demo shopper 陈晓 (金卡, 4,680 points, a 无门槛50元
 * new-member coupon) pays ¥500 at 上海徐汇店 with the best coupon and all the
 * points she may use, confirms on the WeChat Pay simulator's payer page, and
 * sees 支付成功 with the points earned; her balance is exact on the server.
 * Then the store's clerk 张伟 refunds half of it from 门店订单, and 陈晓 sees
 * the reversal in 积分明细: half her redeemed points back, half the earned
 * points taken back.
 * First, H5 robustness (issue 18 item 10) on the same phone: an unknown route opens 页面不存在 with 返回首页; a tab
 * whose code cannot be fetched shows 重试, which loads it once the network is back; sub-pages have a title bar with
 * back, tab pages their title only. No page error (nor a logged DOM error such as insertBefore's NotFoundError) anywhere on the way.
 * Screenshots: .test-results/screenshots/pay-*.png, robust-*.png
 */
import { enabled, textOf, useProduct, visible, UI_TIMEOUT } from './support/pages';
import { json, screenshotPath } from './support/product';

jest.setTimeout(120_000);

const SHOPPER = 'oHC0demo0shopper0chenxiao01';
const CLERK = 'oHC0demo0staff0zhangwei0001';


const product = useProduct('pay');

/** Page code and styles, not the app's entry bundle (already loaded). */
const PAGE_CHUNK = /\/(js|css)\/(?!app\.)[^/]+\.(js|css)(\?.*)?$/;

test('unknown route → 页面不存在; a tab offline → 重试 loads it; sub-pages have a back bar; then coupon + points + WeChat Pay → paid, points exact', async () => {
  const stores = await json<{ items: { id: string; code: string }[] }>(product.base, 'GET', '/api/stores');
  const storeId = stores.body.items.find((s) => s.code === 'SH-XH')!.id;
  const page = await product.open(SHOPPER, '#/pages/no-such-page/index');
  await visible(page, '#not-found').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.screenshot({ path: screenshotPath('robust-01-not-found.png') });
  await visible(page, '#not-found-home').click();
  const couponsTab = page.locator('.weui-tabbar__item').nth(1);
  await couponsTab.waitFor({ state: 'visible', timeout: UI_TIMEOUT });

  // Offline for page code: 领券 cannot load → the notice; back online → 重试 opens the tab.
  let blocked = 0;
  await page.route(PAGE_CHUNK, (route) => {
    blocked += 1;
    return route.abort('internetdisconnected');
  });
  await couponsTab.click();
  await visible(page, '#chunk-error').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  expect(blocked).toBeGreaterThan(0);
  expect(await page.locator('#coupon-center').count()).toBe(0);
  await page.screenshot({ path: screenshotPath('robust-02-offline-retry.png') });
  await page.unroute(PAGE_CHUNK);
  await visible(page, '#chunk-error-retry').click();
  await visible(page, '#coupon-center').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  expect(await page.locator('#chunk-error').count()).toBe(0);

  // A sub-page opened from a tab: the title bar names it and 返回 goes back to the tab.
  await visible(page, '#center-my-coupons').click();
  await textOf(page, '#taro-navigation-bar', (t) => t.includes('我的优惠券'));
  await visible(page, '#taro-navigation-bar .taro-navigation-bar-back').click();
  await visible(page, '#coupon-center').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  // A tab page: its title only, no 返回.
  await textOf(page, '#taro-navigation-bar', (t) => t.includes('领券') && !t.includes('我的优惠券'));
  expect(await page.locator('#taro-navigation-bar .taro-navigation-bar-back').filter({ visible: true }).count()).toBe(0);

  await page.evaluate((hash) => void (location.hash = hash), `#/pages-order/pay/index?storeId=${storeId}`);
  const input = visible(page, '#pay-amount-input input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.fill('500');
  // Best coupon preselected: ¥500 − ¥50 = ¥450 before points.
  await textOf(page, '#pay-cash', (t) => t.includes('450.00'));
  await visible(page, '#pay-points-switch').click();
  // 4,680 points (= ¥46.80) are under the 50 % cap: ¥450 − ¥46.80 = ¥403.20.
  await textOf(page, '#pay-cash', (t) => t.includes('403.20'));
  await page.screenshot({ path: screenshotPath('pay-01-breakdown.png') });

  await enabled(page, '#pay-submit').click();
  const payer = page.frameLocator('#pay-overlay iframe');
  await payer.locator('#confirm').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.screenshot({ path: screenshotPath('pay-02-payer-page.png') });
  await payer.locator('#confirm').click();

  await textOf(page, '#order-state', (t) => t.includes('支付成功'));
  await textOf(page, '#taro-navigation-bar', (t) => t.includes('支付结果'));
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

test('the clerk refunds half from 门店订单; the shopper sees the reversal in 积分明细', async () => {
  const token = await product.tokenFor(SHOPPER);
  const order = (await json<{ items: { id: string; number: string; cashFen: number }[] }>(product.base, 'GET', '/api/orders', { token })).body.items[0];
  expect(order.cashFen).toBe(40320);

  const clerk = await product.open(CLERK, '#/pages-staff/orders/index');
  // the clerk finds it by its number (the shopper reads it out from 订单详情)
  await visible(clerk, '#staff-orders-search-input input').fill(order.number);
  await visible(clerk, '#staff-orders-search').click();
  await textOf(clerk, '#staff-orders', (t) => t.includes('优惠买单'));
  expect(await clerk.locator('[id^="staff-order-item-"]').filter({ visible: true }).count()).toBe(1);
  await clerk.screenshot({ path: screenshotPath('pay-04-staff-order-search.png') });
  await visible(clerk, `#staff-order-item-${order.id}`).click();
  await textOf(clerk, '#staff-order-state', (t) => t.includes('已支付'));
  await visible(clerk, '#staff-order-refund-mode-amount').click();
  await visible(clerk, '#staff-order-refund-amount input').fill('201.60');
  await visible(clerk, '#staff-order-refund-reason-return').click();
  await visible(clerk, '#staff-order-refund-submit').click();
  const confirm = clerk.locator('.taro-modal__foot div, .taro-modal__btn').filter({ hasText: '确认退款' }).filter({ visible: true }).last();
  await confirm.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await clerk.screenshot({ path: screenshotPath('pay-04-refund-confirm.png') });
  await confirm.click();
  // WeChat settles the refund a moment later; the page follows it.
  await textOf(clerk, '#staff-order-refunds', (t) => t.includes('已退款'));
  await clerk.screenshot({ path: screenshotPath('pay-05-refunded.png') });

  // Half of 4,680 redeemed points come back (2,340); half of the 604 earned are taken back (302).
  const page = await product.open(SHOPPER, '#/pages-member/points/index');
  const list = await textOf(page, '#points-list', (t) => t.includes('退款退回') && t.includes('退款扣回'));
  expect(list).toContain('+2,340');
  expect(list).toContain('-302');
  // The redemption shows once (the spend), not again as a reservation.
  expect(list.match(/-4,680/g)).toHaveLength(1);
  await page.screenshot({ path: screenshotPath('pay-06-points-history.png') });
  const points = await json<{ balance: number; held: number }>(product.base, 'GET', '/api/member/points', { token });
  expect(points.body).toMatchObject({ balance: 604 + 2340 - 302, held: 0 });
  expect(product.pageErrors).toEqual([]);
});
