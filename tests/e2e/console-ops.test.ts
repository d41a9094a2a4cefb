/**
 * End to end, console operations (issue #15), one journey on one booted product, desktop Chromium:
 *  1. 李娜 (admin) adds 陈晓 as a clerk of 上海徐汇店 by phone and removes her again (her staff access stops at
 *     once), then appoints 赵磊 as a second admin, who signs in by scanning (confirmed through the API).
 *  2. A POS key made on 上海徐汇店 signs a call; revoked in the console, the same signed call is refused.
 *  3. Both admins open 会员设置; 李娜 saves first, 赵磊's save of the same version gets the conflict.
 *  4. 李娜 adjusts 陈晓's points by 8,000 (above the 5,000 threshold): a request she cannot approve herself;
 *     赵磊 approves it in 积分审批 and the balance moves once.
 *  5. 李娜 maps 预约到店提醒 to the chain's own template id in 消息模板, saves, and test-sends it to 陈晓's phone:
 *     the simulator received it on that template, with the sample values in the mapped keywords.
 * Screenshots: .test-results/screenshots/ops-*.png
 */
import type { Page } from 'playwright-core';
import { textOf, useProduct, UI_TIMEOUT } from './support/pages';
import { json, screenshotPath } from './support/product';
import { PosClient, type PosApiError } from '../../server/examples/pos-client';

jest.setTimeout(240_000);

const product = useProduct('ops');
const CHENXIAO = { openid: 'oHC0demo0shopper0chenxiao01', phone: '13800138001' };
const ZHAOLEI = { openid: 'oHC0demo0shopper0zhaolei003', phone: '13900139003' };
let admin: Page;
let second: Page;

async function desktop(): Promise<Page> {
  const context = await product.browser!.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  product.contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => product.pageErrors.push(`${err.name}: ${err.message}`));
  return page;
}
const menu = (page: Page, label: string) => page.getByTestId('console-menu').getByText(label, { exact: true }).click();
async function addStaff(page: Page, phone: string, role: 'clerk' | 'admin') {
  await page.getByTestId('staff-add').click();
  await page.getByTestId('staff-phone').fill(phone);
  if (role === 'admin') await page.getByTestId('staff-role').getByText('连锁管理员', { exact: true }).click();
  if (role !== 'admin') {
    await page.getByTestId('staff-store').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '上海徐汇店' }).first().click();
  }
  await page.getByTestId('staff-form-ok').click();
}

test('staff: add a clerk by phone and remove her; appoint a second admin who signs in by scanning', async () => {
  admin = await desktop();
  await admin.goto(`${product.base}/console/`);
  await admin.getByTestId('demo-admin-login').click();
  await admin.getByTestId('console-user').waitFor({ timeout: UI_TIMEOUT });
  await menu(admin, '员工与权限');
  const table = admin.getByTestId('staff-table');
  await table.getByText('张伟').waitFor({ timeout: UI_TIMEOUT });
  await addStaff(admin, CHENXIAO.phone, 'clerk');
  const row = table.locator('tr', { hasText: '陈晓' });
  await row.getByText('店员').waitFor({ timeout: UI_TIMEOUT });
  const token = await product.tokenFor(CHENXIAO.openid);
  expect((await json(product.base, 'GET', '/api/staff/me', { token })).status).toBe(200);
  await admin.screenshot({ path: screenshotPath('ops-01-staff-added.png'), fullPage: true });
  await row.locator('[data-testid^="staff-remove-"]').click();
  await admin.getByTestId('staff-remove-ok').click();
  await row.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  expect((await json(product.base, 'GET', '/api/staff/me', { token })).body.code).toBe('ROLE_REQUIRED');

  await addStaff(admin, ZHAOLEI.phone, 'admin');
  await table.locator('tr', { hasText: '赵磊' }).getByText('连锁管理员').waitFor({ timeout: UI_TIMEOUT });
  await admin.getByText('角色权限说明').click();
  await admin.getByTestId('role-permissions').waitFor({ timeout: UI_TIMEOUT });
  await admin.screenshot({ path: screenshotPath('ops-02-roles.png'), fullPage: true });

  second = await desktop();
  await second.goto(`${product.base}/console/`);
  const qr = second.getByTestId('login-qr');
  await qr.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const link = (await qr.getAttribute('data-qr-content')) ?? '';
  // The scan's confirmation as the phone page sends it (the page itself is covered by console-signin.test.ts).
  const ticket = new URL(link.replace('/#/', '/')).searchParams.get('ticket');
  const confirmed = await json(product.base, 'POST', `/api/staff/console-login/${ticket}/confirm`, { token: await product.tokenFor(ZHAOLEI.openid) });
  expect(confirmed.status).toBe(200);
  await second.getByTestId('console-user').getByText('赵磊').waitFor({ timeout: UI_TIMEOUT });
});

test('a POS key signs a call; revoked in the console, the same call is refused', async () => {
  await menu(admin, '门店');
  await admin.getByTestId('stores-table').getByText('上海徐汇店').click();
  await admin.getByRole('tab', { name: '收银系统密钥' }).click();
  await admin.getByTestId('pos-label').fill('e2e 收银');
  await admin.getByTestId('pos-create').click();
  const keyId = ((await admin.getByTestId('pos-new-key-id').textContent({ timeout: UI_TIMEOUT })) ?? '').trim();
  const secret = ((await admin.getByTestId('pos-new-secret').textContent()) ?? '').trim();
  await admin.getByRole('button', { name: '我已保存' }).click();
  const client = new PosClient({ base: product.base, keyId, secret });
  const resolve = () => client.resolveMemberCode('000000000000000000').then(() => null, (e: PosApiError) => e);
  expect((await resolve())?.code).toMatch(/^MEMBER_CODE_/); // signed correctly: only the code is wrong
  await admin.getByTestId(`pos-revoke-${keyId}`).click();
  await admin.getByTestId('pos-revoke-ok').click();
  await admin.getByTestId('pos-keys').locator('tr', { hasText: keyId }).getByText('已停用').waitFor({ timeout: UI_TIMEOUT });
  await admin.screenshot({ path: screenshotPath('ops-03-pos-revoked.png'), fullPage: true });
  const refused = await resolve();
  expect([refused?.status, refused?.code]).toEqual([401, 'POS_AUTH_INVALID']);
});

test('two admins save the same membership settings: the second sees the conflict', async () => {
  await menu(admin, '会员设置');
  await menu(second, '会员设置');
  const saveA = admin.getByTestId('membership-save');
  const saveB = second.getByTestId('membership-save');
  await saveA.waitFor({ timeout: UI_TIMEOUT });
  await saveB.waitFor({ timeout: UI_TIMEOUT });
  const version = (await saveB.textContent()) ?? '';
  await saveA.click();
  await admin.getByText('会员设置已保存').waitFor({ timeout: UI_TIMEOUT });
  await saveB.click();
  await second.locator('.ant-modal-confirm-title', { hasText: '保存失败：设置已被修改' }).waitFor({ timeout: UI_TIMEOUT });
  expect(await second.locator('.ant-modal-confirm').innerText()).toContain('设置已被其他管理员修改');
  await second.screenshot({ path: screenshotPath('ops-04-settings-conflict.png'), fullPage: true });
  await second.getByRole('button', { name: '知道了' }).click();
  await textOf(second, '[data-testid="membership-save"]', (t) => t !== version && /版本/.test(t));
});

test('a large points adjustment waits for the second admin, who approves it; the balance moves once', async () => {
  const token = await product.tokenFor(CHENXIAO.openid);
  const before = (await json(product.base, 'GET', '/api/member/points', { token })).body.balance as number;
  await menu(admin, '会员');
  await admin.getByTestId('members-table').getByText('陈晓').click();
  await admin.getByTestId('member-title').getByText('陈晓').waitFor({ timeout: UI_TIMEOUT });
  await admin.getByTestId('adjust-points-open').click();
  await admin.getByTestId('adjust-amount').fill('8000');
  await admin.getByTestId('adjust-reason').fill('大客户补偿');
  await textOf(admin, '[data-testid="adjust-hint"]', (t) => t.includes('需另一位管理员批准才会生效'));
  await admin.screenshot({ path: screenshotPath('ops-05-adjust.png') });
  await admin.getByTestId('adjust-points-ok').dblclick();
  await admin.getByText('已提交申请').waitFor({ timeout: UI_TIMEOUT });
  expect((await json(product.base, 'GET', '/api/member/points', { token })).body.balance).toBe(before);

  await menu(admin, '积分审批');
  await admin.getByTestId('adjust-table').getByText('等待其他管理员审批').waitFor({ timeout: UI_TIMEOUT });
  await menu(second, '积分审批');
  const rows = second.getByTestId('adjust-table').locator('tbody tr', { hasText: '大客户补偿' });
  await rows.first().waitFor({ timeout: UI_TIMEOUT });
  expect(await rows.count()).toBe(1); // the double click made one request
  await rows.locator('[data-testid^="adjust-approve-"]').click();
  await second.getByTestId('adjust-approve-ok').click();
  await second.getByText('已批准').first().waitFor({ timeout: UI_TIMEOUT });
  await second.screenshot({ path: screenshotPath('ops-06-approved.png'), fullPage: true });
  expect((await json(product.base, 'GET', '/api/member/points', { token })).body.balance).toBe(before + 8000);
  expect(product.pageErrors).toEqual([]);
});

test('消息模板: a template id saved and test-sent to a member by phone reaches the simulator on that template', async () => {
  await menu(admin, '消息模板');
  const card = admin.getByTestId('message-kind-booking_reminder');
  await card.waitFor({ timeout: UI_TIMEOUT });
  await card.getByPlaceholder('如 aBcD1234…').fill('chainTplReminder01');
  await card.getByPlaceholder('关键词，如 thing1').first().fill('thing9');
  await admin.getByTestId('message-settings-save').click();
  await admin.getByText('消息模板已保存').waitFor({ timeout: UI_TIMEOUT });
  await textOf(admin, '[data-testid="message-preview-booking_reminder"]', (t) => t.includes('thing9') && t.includes('上门量尺'));
  await admin.getByTestId('message-test-booking_reminder').click();
  await admin.getByTestId('message-test-phone').fill(CHENXIAO.phone);
  await admin.getByTestId('message-test-send').click();
  await textOf(admin, '[data-testid="message-test-result"]', (t) => t.includes('已发送') && t.includes('chainTplReminder01'));
  await admin.screenshot({ path: screenshotPath('ops-07-messages.png'), fullPage: true });
  const got = (await json(product.base, 'GET', `/sim/wx/control/messages?openid=${CHENXIAO.openid}`)).body.items as { templateId: string; data: Record<string, { value: string }> }[];
  expect(got.at(-1)).toMatchObject({ templateId: 'chainTplReminder01', data: { thing9: { value: '上门量尺' } } });
  expect((await json(product.base, 'GET', '/api/messages/templates')).body.items).toContainEqual({ kind: 'booking_reminder', templateId: 'chainTplReminder01' });
  expect(product.pageErrors).toEqual([]);
});
