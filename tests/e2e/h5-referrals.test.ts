/**
 * End to end, partner referrals (合伙人) in the H5 demo:
 *  1. The demo partner 陈晓 opens 邀请有礼: invite code, the invite link to copy,
 *     a poster (image with the mini-program code) and the dashboard.
 *  2. A brand-new shopper opens that link: the banner shows who invites and the
 *     welcome coupon; the silent login binds the new member to 陈晓 and the
 *     welcome coupon lands in their coupons; 陈晓's dashboard lists the friend.
 *  3. The friend pays an order (优惠买单 on the WeChat Pay simulator page): 陈晓's
 *     dashboard shows a pending reward; after the refund window (the server's
 *     clock travels 8 days, the settlement job runs) it is settled.
 *  4. The demo shopper 林悦 (not a partner) agrees to the terms and gets a code.
 *  5. The clerk 张伟 registers a lead (报备) for 陈晓's code.
 * Screenshots: .test-results/screenshots/referrals-*.png
 */
import type { Page } from 'playwright-core';
import { enabled, textOf, useProduct, visible, UI_TIMEOUT } from './support/pages';
import { json, newPhoneContext, screenshotPath } from './support/product';

jest.setTimeout(120_000);

const PARTNER = 'oHC0demo0shopper0chenxiao01';
const SHOPPER = 'oHC0demo0shopper0linyue0002';
const STAFF = 'oHC0demo0staff0zhangwei0001';

const product = useProduct('referrals');
let code = '';
let partnerPage: Page;
let friendPage: Page;

async function failWithPage(page: Page, name: string, err: unknown): Promise<never> {
  await page.screenshot({ path: screenshotPath(`referrals-FAILED-${name}.png`) }).catch(() => undefined);
  throw new Error(`${(err as Error).message}; page says: ${(await page.locator('body').innerText().catch(() => '')).slice(0, 400)}`);
}

test('the partner sees the invite code, the link to copy, a poster and the dashboard', async () => {
  partnerPage = await product.open(PARTNER, '#/pages-referral/invite/index');
  code = await textOf(partnerPage, '#invite-code', (t) => /^[2-9A-HJKMNP-Z]{4,8}$/.test(t)).catch((err) => failWithPage(partnerPage, 'code', err));
  const link = await textOf(partnerPage, '#invite-share-link', (t) => t.length > 0);
  expect(link).toBe(`${product.base}/#/pages/index/index?inviter=${code}`);
  await visible(partnerPage, '#invite-dashboard').waitFor({ state: 'visible', timeout: UI_TIMEOUT });

  await visible(partnerPage, '#invite-poster').click();
  const image = visible(partnerPage, '#invite-poster-image img, img#invite-poster-image');
  await image.waitFor({ state: 'visible', timeout: UI_TIMEOUT }).catch((err) => failWithPage(partnerPage, 'poster', err));
  const src = (await image.getAttribute('src')) ?? '';
  expect(src.startsWith('data:image/png;base64,')).toBe(true);
  expect(src.length).toBeGreaterThan(10_000); // a drawn 750×1200 poster, not an empty canvas
  await partnerPage.screenshot({ path: screenshotPath('referrals-01-partner.png'), fullPage: true });
});

test('a new shopper opening the link sees the banner, is bound to the partner and gets the welcome coupon', async () => {
  expect(code).toBeTruthy();
  const before = await json<{ invited: number }>(product.base, 'GET', '/api/referrals/dashboard', { token: await product.tokenFor(PARTNER) });

  const context = await newPhoneContext(product.browser!);
  product.contexts.push(context);
  const friend = await context.newPage();
  friend.on('pageerror', (err) => product.pageErrors.push(`${err.name}: ${err.message}`));
  const logins: unknown[] = [];
  friend.on('request', (req) => {
    if (req.url().endsWith('/api/auth/login')) logins.push(req.postDataJSON());
  });
  friendPage = friend;
  await friend.goto(`${product.base}/#/pages/index/index?inviter=${code}`);
  await textOf(friend, '#invite-banner-title', (t) => t.includes('邀请你加入 HomeClub 家居会员')).catch((err) => failWithPage(friend, 'banner', err));
  await textOf(friend, '#invite-banner-coupon', (t) => t.includes('好友见面礼'));
  await friend.screenshot({ path: screenshotPath('referrals-02-landing.png') });

  // the silent login carried the invite, and the binding happened
  const deadline = Date.now() + UI_TIMEOUT;
  let invited = before.body.invited;
  while (Date.now() < deadline && invited === before.body.invited) {
    await new Promise((r) => setTimeout(r, 300));
    invited = (await json<{ invited: number }>(product.base, 'GET', '/api/referrals/dashboard', { token: await product.tokenFor(PARTNER) })).body.invited;
  }
  expect(logins).toEqual([expect.objectContaining({ inviter: code })]);
  expect(invited).toBe(before.body.invited + 1);
  const stored = await friend.evaluate(() => [localStorage.getItem('hc.pendingInvite'), localStorage.getItem('hc.demoOpenid')]);
  expect(stored[0]).toBeNull();
  const friendOpenid = (JSON.parse(stored[1] ?? '{}') as { data?: string }).data!;
  const coupons = await json<{ items: { terms: { name: string }; channel: string }[] }>(product.base, 'GET', '/api/coupons/mine', {
    token: await product.tokenFor(friendOpenid),
  });
  expect(coupons.body.items.map((c) => [c.terms.name, c.channel])).toContainEqual(['好友见面礼 无门槛30元', 'referral']);

  await partnerPage.reload();
  await textOf(partnerPage, '#invite-friends', (t) => t.includes('已注册'));
  await partnerPage.screenshot({ path: screenshotPath('referrals-03-dashboard.png'), fullPage: true });
});

test('the friend pays an order: a pending reward for the partner, settled after the refund window', async () => {
  const stores = await json<{ items: { id: string; code: string }[] }>(product.base, 'GET', '/api/stores');
  const storeId = stores.body.items.find((s) => s.code === 'SH-XH')!.id;
  await friendPage.goto(`${product.base}/#/pages-order/pay/index?storeId=${storeId}`);
  const input = visible(friendPage, '#pay-amount-input input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT }).catch((err) => failWithPage(friendPage, 'pay', err));
  await input.fill('300');
  await textOf(friendPage, '#pay-cash', (t) => /\d/.test(t));
  await enabled(friendPage, '#pay-submit').click();
  const payer = friendPage.frameLocator('#pay-overlay iframe');
  await payer.locator('#confirm').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await payer.locator('#confirm').click();
  await textOf(friendPage, '#order-state', (t) => t.includes('支付成功')).catch((err) => failWithPage(friendPage, 'paid', err));

  // 陈晓: a pending reward (500 points + 1 % of the cash paid).
  const token = await product.tokenFor(PARTNER);
  let dash = (await json<{ pending: number; settled: number; purchased: number }>(product.base, 'GET', '/api/referrals/dashboard', { token })).body;
  expect(dash.pending).toBeGreaterThan(500);
  expect(dash.purchased).toBe(1);
  const pending = dash.pending;
  await partnerPage.reload();
  await textOf(partnerPage, '#invite-pending', (t) => t.includes(pending.toLocaleString('en-US')) || t.includes(String(pending)));
  await textOf(partnerPage, '#invite-friends', (t) => t.includes('已下单'));
  await partnerPage.screenshot({ path: screenshotPath('referrals-04-pending.png'), fullPage: true });

  // Eight days later the settlement job has run: settled, credited as points.
  const pointsBefore = (await json<{ balance: number }>(product.base, 'GET', '/api/member/points', { token })).body.balance;
  product.travel(8 * 86400_000);
  const deadline = Date.now() + UI_TIMEOUT;
  while (Date.now() < deadline && dash.settled === 0) {
    await new Promise((r) => setTimeout(r, 500));
    dash = (await json<{ pending: number; settled: number; purchased: number }>(product.base, 'GET', '/api/referrals/dashboard', { token: await product.tokenFor(PARTNER) })).body;
  }
  expect(dash).toMatchObject({ pending: 0, settled: pending });
  const pointsAfter = (await json<{ balance: number }>(product.base, 'GET', '/api/member/points', { token: await product.tokenFor(PARTNER) })).body.balance;
  expect(pointsAfter).toBe(pointsBefore + pending);
  await partnerPage.reload();
  await textOf(partnerPage, '#invite-settled', (t) => t.includes(pending.toLocaleString('en-US')) || t.includes(String(pending)));
  await partnerPage.screenshot({ path: screenshotPath('referrals-05-settled.png'), fullPage: true });
});

test('a member who is not a partner agrees to the terms and gets a code', async () => {
  const page = await product.open(SHOPPER, '#/pages-referral/invite/index');
  await visible(page, '#invite-terms').waitFor({ state: 'visible', timeout: UI_TIMEOUT }).catch((err) => failWithPage(page, 'terms', err));
  await page.screenshot({ path: screenshotPath('referrals-06-terms.png'), fullPage: true });
  await visible(page, '#invite-join').click();
  const mine = await textOf(page, '#invite-code', (t) => /^[2-9A-HJKMNP-Z]{4,8}$/.test(t)).catch((err) => failWithPage(page, 'join', err));
  expect(mine).not.toBe(code);
});

test('the clerk registers a lead (报备) for the partner', async () => {
  const page = await product.open(STAFF, '#/pages-staff/lead/index');
  const codeInput = visible(page, '#lead-partner-code input, input#lead-partner-code');
  await codeInput.waitFor({ state: 'visible', timeout: UI_TIMEOUT }).catch((err) => failWithPage(page, 'lead-form', err));
  await codeInput.fill(code);
  await visible(page, '#lead-phone input, input#lead-phone').fill('13912345678');
  await visible(page, '#lead-intent-0').click();
  await visible(page, '#lead-submit').click();
  await textOf(page, '#lead-result', (t) => t.includes('报备成功')).catch((err) => failWithPage(page, 'lead', err));
  expect(await textOf(page, '#lead-result-phone', (t) => t.length > 0)).toBe('139****5678');
  await page.screenshot({ path: screenshotPath('referrals-07-lead.png') });
  expect(product.pageErrors).toEqual([]);
});
