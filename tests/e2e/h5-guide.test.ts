/**
 * End to end, 导购 (issue #17): the guide 张伟 (上海徐汇店) shares his card; a brand-new shopper opens it and is
 * bound to him (首页 names the exclusive guide); the welcome popup leads to her 新人礼 coupon, whose 去使用 offers
 * 优惠买单 at a store; she books a 设计咨询, finds it in 我的预约 and reschedules it; 张伟 checks her in by the booking
 * code on 今日预约 (she sees 已到店 and the attendance points), rings up ¥1,000 at the till
 * (顾客微信支付) and she pays it from 我的订单; 导购工作台 shows the sale credited to him; a partial refund from 门店订单
 * takes its share off the credit; the admin transfers 张伟's customers to 王芳 in the console, and the shopper's
 * guide is 王芳 — while the credited order stays 张伟's. Commission: the admin first turns on 提成 (2%) in the
 * console's 绑定与提成; the paid order's commission is pending in 张伟's 业绩, the partial refund reduces it in
 * proportion, and the console leaderboard's 提成 column shows what is left.
 * The store is open around the clock with no lead time (admin API), so the journey runs at any hour.
 * (It also carries the booking steps of the former h5-booking.test.ts — book, 我的预约, reschedule, check-in,
 * attended with points — so both run on one booted app.)
 * Screenshots: .test-results/screenshots/guide-*.png, booking-*.png, coupon-use-at-store.png
 */
import type { Page } from 'playwright-core';
import { enabled, textOf, useProduct, visible, UI_TIMEOUT } from './support/pages';
import { json, screenshotPath } from './support/product';

jest.setTimeout(240_000);

const GUIDE = 'oHC0demo0staff0zhangwei0001';
const ADMIN = 'oHC0demo0admin0lina00000001';
const FRIEND = 'oHC0e2e0guide0friend00000a1';

const product = useProduct('guide');

type GuideMe = { memberId: string; code: string; sharePath: string; month: { orders: number; salesFen: number; refundFen: number; netSalesFen: number } };

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => void (location.hash = h), hash);
}

/** Pick an option of the antd Select `#id` in its own dropdown (antd names the list `<id>_list`). */
async function choose(page: Page, id: string, text: string): Promise<void> {
  await page.locator('.ant-select', { has: page.locator(`#${id}`) }).click();
  await page.locator(`.ant-select-dropdown:has(#${id}_list) .ant-select-item-option`, { hasText: text }).first().click();
}

async function pendingCommission(token: string): Promise<number> {
  return (await json<{ pendingFen: number }>(product.base, 'GET', '/api/staff/guide/commission', { token })).body.pendingFen;
}

async function guideMonth(token: string): Promise<GuideMe['month']> {
  return (await json<GuideMe>(product.base, 'GET', '/api/staff/guide/me', { token })).body.month;
}

test('share → bound → book, reschedule → check-in, attended → till + pay → credited → partial refund → console transfer', async () => {
  const stores = await json<{ items: { id: string; code: string }[] }>(product.base, 'GET', '/api/stores');
  const storeId = stores.body.items.find((s) => s.code === 'SH-XH')!.id;
  const admin = await product.tokenFor(ADMIN);
  const allDay = Array.from({ length: 7 }, () => [{ open: '00:00', close: '24:00' }]);
  expect((await json(product.base, 'PUT', `/api/admin/stores/${storeId}/profile`, { token: admin, body: { hours: allDay, closedDates: [], serviceArea: { cities: ['上海'], districts: [] } } })).status).toBe(200);
  const service = await json(product.base, 'PUT', `/api/admin/stores/${storeId}/services/design`, {
    token: admin,
    body: { durationMin: 30, intervalMin: 30, capacity: 3, horizonDays: 7, leadMinutes: 0, cutoffMinutes: 0, depositFen: 0, attendPoints: 200, description: '设计师一对一' },
  });
  expect(service.status).toBe(200);
  const guideToken = await product.tokenFor(GUIDE);
  const me = (await json<GuideMe>(product.base, 'GET', '/api/staff/guide/me', { token: guideToken })).body;
  const before = me.month;

  // The admin turns on 提成 in the console (绑定与提成): 2% of the cash paid, chain-wide.
  const context = await product.browser!.newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN' });
  product.contexts.push(context);
  const desk = await context.newPage();
  desk.on('pageerror', (err) => product.pageErrors.push(`${err.name}: ${err.message}`));
  await desk.goto(`${product.base}/console/`);
  await desk.getByTestId('demo-admin-login').click();
  await desk.getByTestId('console-menu').getByText('导购').click();
  await desk.getByRole('tab', { name: '绑定与提成' }).click();
  const rules = desk.getByTestId('guide-commission-form');
  await rules.locator('#active').click();
  await rules.locator('#bp').fill('200');
  await desk.getByTestId('commission-save').click();
  await desk.getByText('提成规则已保存').waitFor({ timeout: UI_TIMEOUT });
  await desk.screenshot({ path: screenshotPath('guide-00-console-commission.png'), fullPage: true });
  const pendingBefore = await pendingCommission(guideToken);

  // The guide's share card (pages/index/index?guide=CODE), opened by someone who was never here.
  const guide = await product.open(GUIDE, '#/pages-staff/guide-share/index');
  await textOf(guide, '#guide-code', (t) => t.includes(me.code));
  await guide.screenshot({ path: screenshotPath('guide-01-share-card.png') });
  expect(me.sharePath).toContain(`guide=${me.code}`);
  const shopper = await product.open(FRIEND, `#${me.sharePath}`);
  await textOf(shopper, '#guide-banner', (t) => t.includes('张伟'));
  await visible(shopper, '#gift-popup').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shopper.screenshot({ path: screenshotPath('guide-02-bound-welcome.png') });
  const friendToken = await product.tokenFor(FRIEND);
  const mine = await json<{ guide: { nickname: string } | null }>(product.base, 'GET', '/api/guides/mine', { token: friendToken });
  expect(mine.body.guide?.nickname).toBe('张伟');

  // 新人礼 → 去使用: 优惠买单 at the stores where it applies, nearest first.
  await visible(shopper, '#gift-popup-coupons').click();
  await shopper.locator('[id^="my-coupon-"]').filter({ visible: true }).first().click();
  await visible(shopper, `#coupon-use-pay-${storeId}`).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shopper.screenshot({ path: screenshotPath('coupon-use-at-store.png') });

  // She books a 设计咨询 at the guide's store, finds it in 我的预约 and moves it to another slot.
  await go(shopper, `#/pages-booking/store/index?id=${storeId}`);
  await visible(shopper, '#store-service-book-design').click();
  const slot = shopper.locator('[id^="booking-slot-"]:not(.slot--full)').filter({ visible: true }).first();
  await slot.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await slot.click();
  await visible(shopper, '#booking-name input').fill('周琳');
  await visible(shopper, '#booking-phone input').fill('13900139021');
  await shopper.screenshot({ path: screenshotPath('booking-01-form.png') });
  await visible(shopper, '#booking-submit').click();
  await textOf(shopper, '#booking-state', (t) => t.includes('预约成功') || t.includes('已预约'));
  const code = (await textOf(shopper, '#booking-code', (t) => /\d{4}/.test(t))).replace(/\D/g, '');
  const firstTime = await textOf(shopper, '#booking-time', (t) => /\d{2}:\d{2}/.test(t));
  await shopper.screenshot({ path: screenshotPath('booking-02-booked.png') });
  await go(shopper, '#/pages-booking/bookings/index');
  await textOf(shopper, '#my-bookings', (t) => t.includes('设计咨询') && t.includes('已预约'));
  await shopper.screenshot({ path: screenshotPath('booking-03-mine.png') });
  await shopper.locator('[id^="my-booking-"]').filter({ visible: true }).first().click();
  await visible(shopper, '#booking-reschedule').click();
  const other = shopper.locator('[id^="booking-reschedule-slot-"]:not(.slot--full)').filter({ visible: true }).filter({ hasNotText: '当前' }).first();
  await other.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await other.click();
  await visible(shopper, '#booking-reschedule-confirm').click();
  await textOf(shopper, '#booking-time', (t) => /\d{2}:\d{2}/.test(t) && t !== firstTime);
  await shopper.screenshot({ path: screenshotPath('booking-04-rescheduled.png') });

  // The guide checks her in on 今日预约 by the booking code; she sees 已到店 and the attendance points.
  await go(guide, '#/pages-staff/bookings/index');
  await visible(guide, '#staff-booking-code-input input').fill(code);
  await visible(guide, '#staff-booking-code-submit').click();
  await textOf(guide, '#staff-booking-code-result', (t) => t.includes('已到店') || t.includes('签到成功'));
  await guide.screenshot({ path: screenshotPath('booking-05-checked-in.png') });
  await go(shopper, '#/pages-booking/bookings/index');
  await shopper.locator('[id^="my-booking-"]').filter({ visible: true }).first().click();
  await textOf(shopper, '#booking-state', (t) => t.includes('已到店'));
  await textOf(shopper, '#booking-points', (t) => t.includes('200'));
  await shopper.screenshot({ path: screenshotPath('booking-06-attended.png') });
  const booked = await json<{ items: { state: string; pointsAwarded: number }[] }>(product.base, 'GET', '/api/bookings', { token: friendToken });
  expect(booked.body.items[0]).toMatchObject({ state: 'attended', pointsAwarded: 200 });

  // At the till: her member code, ¥1,000, 顾客微信支付; she pays it from 我的订单.
  await go(shopper, '#/pages/member/index');
  const memberCode = (await textOf(shopper, '#member-code-digits', (t) => t.replace(/\D/g, '').length === 18)).replace(/\D/g, '');
  await go(guide, '#/pages-staff/till/index');
  await visible(guide, '#till-scan-input input').fill(memberCode);
  await visible(guide, '#till-scan-submit').click();
  await visible(guide, '#till-amount input').fill('1000');
  await textOf(guide, '#till-cash', (t) => /\d/.test(t));
  await enabled(guide, '#till-pay-wechat').click();
  await visible(guide, '#till-waiting').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const order = (await json<{ items: { id: string; state: string; cashFen: number }[] }>(product.base, 'GET', '/api/orders', { token: friendToken })).body.items[0];
  expect(order.state).toBe('pending_payment');
  await go(shopper, '#/pages-order/orders/index');
  await visible(shopper, `#order-item-${order.id}`).click();
  await enabled(shopper, '#order-pay').click();
  const payer = shopper.frameLocator('#pay-overlay iframe');
  await payer.locator('#confirm').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await payer.locator('#confirm').click();
  await textOf(shopper, '#order-state', (t) => t.includes('支付成功'));
  await visible(guide, '#till-done').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  // Opened from 我的订单 it is 订单详情 (支付结果 is 优惠买单's), and 查看订单 goes back to that list, not a second one.
  await textOf(shopper, '#taro-navigation-bar', (t) => t.includes('订单详情'));
  expect(await shopper.locator('[id="orders"]').count()).toBe(1);
  await visible(shopper, '#order-view-orders').click();
  await visible(shopper, `#order-item-${order.id}`).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shopper.locator('#order-page').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  expect(await shopper.locator('[id="orders"]').count()).toBe(1);

  // Credited to the guide at payment time: 导购工作台 shows the sale.
  const credited = await guideMonth(guideToken);
  expect(credited).toMatchObject({ orders: before.orders + 1, netSalesFen: before.netSalesFen + order.cashFen });
  await go(guide, '#/pages-staff/guide-home/index');
  await textOf(guide, '#guide-stat-orders', (t) => t === String(credited.orders));
  await textOf(guide, '#guide-stat-sales', (t) => t.replace(/[,，]/g, '').includes(String(credited.netSalesFen / 100)));
  await guide.screenshot({ path: screenshotPath('guide-04-credited.png') });
  // …and its commission (2% of the cash, rounded down) is pending in 业绩.
  const commission = Math.floor((order.cashFen * 200) / 10000);
  expect(await pendingCommission(guideToken)).toBe(pendingBefore + commission);
  await visible(guide, '.guide-tabs .nut-tabs-titles-item:has-text("业绩")').click();
  await textOf(guide, '#guide-commission-pending', (t) => t.replace(/[,，]/g, '').includes(String((pendingBefore + commission) / 100)));
  await guide.screenshot({ path: screenshotPath('guide-04b-commission-pending.png') });

  // A partial refund (¥300 of the cash) takes its share off the credit.
  await go(guide, `#/pages-staff/order/index?id=${order.id}`);
  await textOf(guide, '#staff-order-state', (t) => t.includes('已支付'));
  await visible(guide, '#staff-order-refund-mode-amount').click();
  await visible(guide, '#staff-order-refund-amount input').fill('300');
  await visible(guide, '#staff-order-refund-reason-return').click();
  await visible(guide, '#staff-order-refund-submit').click();
  const confirm = guide.locator('.taro-modal__foot div, .taro-modal__btn').filter({ hasText: '确认退款' }).filter({ visible: true }).last();
  await confirm.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await confirm.click();
  await textOf(guide, '#staff-order-refunds', (t) => t.includes('已退款'));
  const afterRefund = await guideMonth(guideToken);
  // The credit is the cash paid, so a refund of part of the cash reverses exactly that part.
  expect(afterRefund.netSalesFen).toBe(credited.netSalesFen - 30000);
  // The commission loses the same share of itself (before settlement: a reduction, not a clawback).
  const reduced = commission - Math.floor((commission * 30000) / order.cashFen);
  expect(await pendingCommission(guideToken)).toBe(pendingBefore + reduced);
  await go(guide, '#/pages-staff/guide-home/index');
  await textOf(guide, '#guide-stat-sales', (t) => t.replace(/[,，]/g, '').includes(String(afterRefund.netSalesFen / 100)));
  await visible(guide, '.guide-tabs .nut-tabs-titles-item:has-text("业绩")').click();
  await textOf(guide, '#guide-commission-pending', (t) => t.replace(/[,，]/g, '').includes(String((pendingBefore + reduced) / 100)));
  await guide.screenshot({ path: screenshotPath('guide-05-after-refund.png') });

  // The console leaderboard's 提成 column shows 张伟's commission after the refund; then the admin transfers his customers to 王芳.
  await desk.getByRole('tab', { name: '导购与排行' }).click();
  await desk.getByTestId(`guide-commission-${me.memberId}`).filter({ hasText: (reduced / 100).toFixed(2) }).waitFor({ timeout: UI_TIMEOUT });
  await desk.getByRole('tab', { name: '客户转移' }).click();
  await choose(desk, 'transfer-from', '张伟');
  await choose(desk, 'transfer-to', '王芳');
  await desk.locator('#deactivate').click(); // 张伟 stays a guide (moved, not leaving)
  await desk.getByTestId('transfer-submit').click();
  await desk.getByTestId('transfers-table').getByText('已完成').waitFor({ timeout: UI_TIMEOUT });
  await desk.screenshot({ path: screenshotPath('guide-06-console-transfer.png'), fullPage: true });
  const moved = await json<{ guide: { nickname: string } | null }>(product.base, 'GET', '/api/guides/mine', { token: friendToken });
  expect(moved.body.guide?.nickname).toBe('王芳');
  // The credit stays with the guide who earned it.
  expect((await guideMonth(guideToken)).netSalesFen).toBe(afterRefund.netSalesFen);
  expect(product.pageErrors).toEqual([]);
});
