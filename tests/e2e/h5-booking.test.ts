/**
 * End to end, 预约: the demo shopper 赵磊 books a 设计咨询 at 上海徐汇店 on the
 * booking page (first free slot), finds it in 我的预约, reschedules it to the
 * next slot; the store's clerk 张伟 checks him in by the booking code on
 * 今日预约; 赵磊 then sees 已到店 and the attendance points.
 * The store is set open around the clock with 30-minute slots and no lead
 * time first (admin API), so the test can run at any hour.
 * Screenshots: .test-results/screenshots/booking-*.png
 */
import { textOf, useProduct, visible, UI_TIMEOUT } from './support/pages';
import { json, screenshotPath } from './support/product';

jest.setTimeout(150_000);

const SHOPPER = 'oHC0demo0shopper0zhaolei003';
const CLERK = 'oHC0demo0staff0zhangwei0001';
const ADMIN = 'oHC0demo0admin0lina00000001';

const product = useProduct('booking');

test('book → 我的预约 → reschedule → staff check-in → attended with points', async () => {
  const stores = await json<{ items: { id: string; code: string }[] }>(product.base, 'GET', '/api/stores');
  const storeId = stores.body.items.find((s) => s.code === 'SH-XH')!.id;
  const admin = await product.tokenFor(ADMIN);
  const allDay = Array.from({ length: 7 }, () => [{ open: '00:00', close: '24:00' }]);
  expect((await json(product.base, 'PUT', `/api/admin/stores/${storeId}/profile`, { token: admin, body: { hours: allDay, closedDates: [], serviceArea: { cities: ['上海'], districts: [] } } })).status).toBe(200);
  const service = await json<{ id: string }>(product.base, 'PUT', `/api/admin/stores/${storeId}/services/design`, {
    token: admin,
    body: { durationMin: 30, intervalMin: 30, capacity: 3, horizonDays: 7, leadMinutes: 0, cutoffMinutes: 0, depositFen: 0, attendPoints: 200, description: '设计师一对一' },
  });
  expect(service.status).toBe(200);

  // The shopper books the first free slot.
  const page = await product.open(SHOPPER, `#/pages-booking/store/index?id=${storeId}`);
  await visible(page, '#store-service-book-design').click();
  const firstSlot = page.locator('[id^="booking-slot-"]:not(.slot--full)').filter({ visible: true }).first();
  await firstSlot.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await firstSlot.click();
  await visible(page, '#booking-name input').fill('赵磊');
  await visible(page, '#booking-phone input').fill('13800138003');
  await page.screenshot({ path: screenshotPath('booking-01-form.png') });
  await visible(page, '#booking-submit').click();
  await textOf(page, '#booking-state', (t) => t.includes('预约成功') || t.includes('已预约'));
  const code = await textOf(page, '#booking-code', (t) => /\d{4}/.test(t));
  const firstTime = await textOf(page, '#booking-time', (t) => /\d{2}:\d{2}/.test(t));
  await page.screenshot({ path: screenshotPath('booking-02-booked.png') });

  // 我的预约 lists it.
  const list = await product.open(SHOPPER, '#/pages-booking/bookings/index');
  await textOf(list, '#my-bookings', (t) => t.includes('设计咨询') && t.includes('已预约'));
  await list.screenshot({ path: screenshotPath('booking-03-mine.png') });
  await list.locator('[id^="my-booking-"]').filter({ visible: true }).first().click();

  // Reschedule to another free slot of the same day/date strip.
  await visible(list, '#booking-reschedule').click();
  const other = list.locator('[id^="booking-reschedule-slot-"]:not(.slot--full)').filter({ visible: true }).filter({ hasNotText: '当前' }).first();
  await other.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await other.click();
  await visible(list, '#booking-reschedule-confirm').click();
  const newTime = await textOf(list, '#booking-time', (t) => /\d{2}:\d{2}/.test(t) && t !== firstTime);
  expect(newTime).not.toBe(firstTime);
  await list.screenshot({ path: screenshotPath('booking-04-rescheduled.png') });

  // The clerk checks the shopper in by the booking code.
  const clerk = await product.open(CLERK, '#/pages-staff/bookings/index');
  await visible(clerk, '#staff-booking-code-input input').fill(code.replace(/\D/g, ''));
  await visible(clerk, '#staff-booking-code-submit').click();
  await textOf(clerk, '#staff-booking-code-result', (t) => t.includes('已到店') || t.includes('签到成功'));
  await clerk.screenshot({ path: screenshotPath('booking-05-checked-in.png') });

  // The shopper sees 已到店 and the points.
  const after = await product.open(SHOPPER, '#/pages-booking/bookings/index');
  await after.locator('[id^="my-booking-"]').filter({ visible: true }).first().click();
  await textOf(after, '#booking-state', (t) => t.includes('已到店'));
  await textOf(after, '#booking-points', (t) => t.includes('200'));
  await after.screenshot({ path: screenshotPath('booking-06-attended.png') });
  const token = await product.tokenFor(SHOPPER);
  const mine = await json<{ items: { state: string; pointsAwarded: number }[] }>(product.base, 'GET', '/api/bookings', { token });
  expect(mine.body.items[0]).toMatchObject({ state: 'attended', pointsAwarded: 200 });
  expect(product.pageErrors).toEqual([]);
});
