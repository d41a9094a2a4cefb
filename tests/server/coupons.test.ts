/** Coupons against the real engine under real concurrency: invariants are read back from the database. */
import { Types } from 'mongoose';
import { memberCode } from '@homeclub/shared';
import { memberModel } from '../../server/src/members/model';
import { couponModel, templateModel } from '../../server/src/coupons/model';
import { COUPON_CODE_PREFIX } from '../../server/src/coupons/verify';
import { startTestApp, type TestApp } from '../support/app';
import { http, parallel } from '../support/http';

let app: TestApp;
let admin: Awaited<ReturnType<TestApp['login']>>;
let staff: Awaited<ReturnType<TestApp['login']>>;
let storeId = '';
let otherStoreId = '';

beforeAll(async () => {
  app = await startTestApp();
  storeId = String((await app.services.stores.upsert({ code: 'C1', name: '徐汇店', city: '上海', address: 'a', phone: '1', location: { lat: 31, lng: 121 } }))._id);
  otherStoreId = String((await app.services.stores.upsert({ code: 'C2', name: '西湖店', city: '杭州', address: 'b', phone: '2', location: { lat: 30, lng: 120 } }))._id);
  admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  staff = await app.login();
  await app.setRoles(staff.member.id, ['member', 'staff'], storeId);
});
afterAll(async () => {
  await app.close();
});

const days = (n: number) => new Date(app.clock.now().getTime() + n * 86400_000).toISOString();

/** Tests travel in time: sign the admin in again so the access token is fresh. */
async function adminToken(): Promise<string> {
  admin = await app.login(admin.openid);
  return admin.accessToken;
}

async function template(overrides: Record<string, unknown> = {}) {
  const res = await app.call('POST', '/api/admin/coupons/templates', {
    token: await adminToken(),
    body: { name: '满300减50', type: 'full_reduction', amountOffFen: 5000, thresholdFen: 30000, validity: { mode: 'relative', days: 30 }, channel: 'claim_center', ...overrides },
  });
  if (res.status !== 201) throw new Error(`template: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
}

async function bulkMembers(n: number, tag: string): Promise<string[]> {
  const now = new Date();
  const docs = Array.from({ length: n }, (_, i) => ({ openid: `bulk-${tag}-${i}`, nickname: `m${i}`, roles: ['member'], createdAt: now, lastLoginAt: now }));
  const inserted = await memberModel(app.conn).insertMany(docs);
  return inserted.map((d) => String(d._id));
}

test('templates are validated: a 满减 without a threshold is refused', async () => {
  const res = await app.call('POST', '/api/admin/coupons/templates', { token: admin.accessToken, body: { name: 'x', type: 'full_reduction', amountOffFen: 100, validity: { mode: 'relative', days: 1 }, channel: 'claim_center' } });
  expect(res.status).toBe(400);
  expect(res.body.fields.map((f: { path: string }) => f.path)).toContain('body.thresholdFen');
});

test('1,000 concurrent claims on stock 100 → exactly 100 coupons, 900 clean out-of-stock errors, stock 0', async () => {
  const t = await template({ totalStock: 100 });
  const members = await bulkMembers(1000, 'flash');
  const results = await parallel(1000, (i) =>
    app.services.coupons.claimFromCenter(members[i], t.id).then(
      () => 'ok',
      (e) => e.code ?? String(e),
    ),
  );
  expect(results.filter((r) => r === 'ok')).toHaveLength(100);
  expect(results.filter((r) => r === 'COUPON_OUT_OF_STOCK')).toHaveLength(900);
  expect(await couponModel(app.conn).countDocuments({ templateId: new Types.ObjectId(t.id) })).toBe(100);
  expect((await templateModel(app.conn).findById(t.id).lean())!.claimed).toBe(100);
}, 60_000);

test('one member firing 50 concurrent claims (over HTTP) on limit 2 → exactly 2', async () => {
  const t = await template({ perMemberLimit: 2, totalStock: 1000 });
  const s = await app.login();
  const results = await parallel(50, () => app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId: t.id } }));
  expect(results.filter((r) => r.status === 201)).toHaveLength(2);
  expect(results.filter((r) => r.status === 409 && r.body.code === 'COUPON_LIMIT_REACHED')).toHaveLength(48);
  expect(results.some((r) => r.status >= 500)).toBe(false);
  expect(await couponModel(app.conn).countDocuments({ templateId: new Types.ObjectId(t.id) })).toBe(2);
  expect((await templateModel(app.conn).findById(t.id).lean())!.claimed).toBe(2); // undone stock came back
  const center = await app.call('GET', '/api/coupons/center', { token: s.accessToken });
  const item = center.body.items.find((i: { template: { id: string } }) => i.template.id === t.id);
  expect(item).toMatchObject({ claimedByMe: 2, canClaim: false, reason: 'COUPON_LIMIT_REACHED', remaining: 998 });
});

test('the claim centre\'s count as a hint (claimedByMe): right, stale, too high or too low, concurrent — never more than the limit, never refused below it', async () => {
  const t = await template({ perMemberLimit: 5, totalStock: 1000 });
  const s = await app.login();
  const claim = (claimedByMe: number) => app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId: t.id, claimedByMe } });
  expect((await claim(0)).status).toBe(201); // seq 1
  expect((await claim(0)).status).toBe(201); // stale: seq 1 taken → 2
  expect((await claim(4)).status).toBe(201); // too high: seq 5
  expect((await claim(4)).status).toBe(201); // seq 5 taken, none above → counted: first free from 1 → 3
  // 20 at once with the same stale hint: exactly the one place left (seq 4)
  const burst = await parallel(20, () => claim(1));
  expect(burst.filter((r) => r.status === 201)).toHaveLength(1);
  expect(burst.filter((r) => r.status === 409 && r.body.code === 'COUPON_LIMIT_REACHED')).toHaveLength(19);
  expect((await claim(2)).body.code).toBe('COUPON_LIMIT_REACHED');
  const mine = await couponModel(app.conn).find({ templateId: new Types.ObjectId(t.id), memberId: new Types.ObjectId(s.member.id) }).lean();
  expect(mine.map((c) => c.seq).sort()).toEqual([1, 2, 3, 4, 5]);
  expect((await templateModel(app.conn).findById(t.id).lean())!.claimed).toBe(5); // refused claims gave their stock back
  expect((await app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId: t.id, claimedByMe: -1 } })).status).toBe(400);
});

test('claim window, tiers and channel are enforced with their codes; nothing is written', async () => {
  const s = await app.login();
  const later = await template({ claimFrom: days(1), claimTo: days(2) });
  const gold = await template({ tiers: ['gold'] });
  const gift = await template({ channel: 'new_member' });
  for (const [t, code] of [[later, 'COUPON_WINDOW_CLOSED'], [gold, 'COUPON_TIER_NOT_ALLOWED'], [gift, 'COUPON_NOT_ELIGIBLE']] as const) {
    const res = await app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId: t.id } });
    expect(res.body.code).toBe(code);
    expect((await templateModel(app.conn).findById(t.id).lean())!.claimed).toBe(0);
  }
  await templateModel(app.conn).updateOne({ _id: gift.id }, { $set: { status: 'paused' } }); // do not disturb later tests
});

test('a coupon locked to order A cannot be locked to order B, even concurrently; release on cancel; use; restore on refund', async () => {
  const t = await template();
  const s = await app.login();
  const c = (await app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId: t.id } })).body;
  const lc = app.services.coupons.lifecycle;
  const results = await parallel(20, (i) =>
    lc.lock(c.id, s.member.id, `order:${i % 2 ? 'A' : 'B'}`).then(
      (x) => x.lockedTo,
      (e) => e.code,
    ),
  );
  const winner = results.find((r) => r?.startsWith('order:'))!;
  expect(results.filter((r) => r === winner)).toHaveLength(10); // re-locking to the same order is fine
  expect(results.filter((r) => r === 'COUPON_NOT_AVAILABLE')).toHaveLength(10);
  // Another member can never lock it.
  const other = await app.login();
  await expect(lc.lock(c.id, other.member.id, 'order:X')).rejects.toMatchObject({ code: 'COUPON_NOT_FOUND' });
  expect(await lc.release(c.id, 'order:not-the-owner')).toBeNull();
  expect((await lc.release(c.id, winner))!.state).toBe('available');
  await lc.lock(c.id, s.member.id, 'order:C');
  expect((await lc.use(c.id, 'order:C')).state).toBe('used');
  expect((await lc.use(c.id, 'order:C')).state).toBe('used'); // idempotent
  expect((await lc.restore(c.id, 'refund:C'))!.state).toBe('available');
  const doc = await couponModel(app.conn).findById(c.id).lean();
  expect(doc!.history.map((h) => h.to)).toEqual(['available', 'locked', 'available', 'locked', 'used', 'available']);
});

test('member A never sees or uses member B’s coupon', async () => {
  const t = await template();
  const a = await app.login();
  const b = await app.login();
  const c = (await app.call('POST', '/api/coupons/claim', { token: b.accessToken, body: { templateId: t.id } })).body;
  expect((await app.call('GET', `/api/coupons/${c.id}`, { token: a.accessToken })).status).toBe(404);
  expect((await app.call('GET', `/api/coupons/${c.id}/code-secret`, { token: a.accessToken })).status).toBe(404);
  expect((await app.call('GET', '/api/coupons/mine', { token: a.accessToken })).body.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
  expect((await app.call('GET', `/api/coupons/${c.id}`, { token: b.accessToken })).status).toBe(200);
});

test('editing a live template changes neither stock nor claimed coupons', async () => {
  const t = await template({ totalStock: 10 });
  const s = await app.login();
  const c = (await app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId: t.id } })).body;
  const edit = await app.call('PATCH', `/api/admin/coupons/templates/${t.id}`, { token: admin.accessToken, body: { name: '满300减80', amountOffFen: 8000, totalStock: 20 } });
  expect(edit.status).toBe(200);
  expect(edit.body).toMatchObject({ claimed: 1, totalStock: 20, amountOffFen: 8000 });
  const mine = await app.call('GET', `/api/coupons/${c.id}`, { token: s.accessToken });
  expect(mine.body.terms).toMatchObject({ name: '满300减50', amountOffFen: 5000 });
  const tooLow = await app.call('PATCH', `/api/admin/coupons/templates/${t.id}`, { token: admin.accessToken, body: { totalStock: 0 } });
  expect(tooLow.status).toBe(400);
});

test('staff verification: rotating code, idempotent per attempt, store scope, undo within 10 minutes by the same store', async () => {
  const t = await template({ name: '免费测量一次', type: 'exchange', exchangeItem: '上门量尺服务', amountOffFen: null, thresholdFen: 0, storeIds: [storeId] });
  const s = await app.login();
  const c = (await app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId: t.id } })).body;
  const secret = (await app.call('GET', `/api/coupons/${c.id}/code-secret`, { token: s.accessToken })).body;
  const code = memberCode(secret.chainPrefix, secret.couponNo, secret.secret, app.clock.now().getTime());
  expect(code.startsWith(COUPON_CODE_PREFIX)).toBe(true);

  // A clerk of another store cannot verify it.
  const otherClerk = await app.login();
  await app.setRoles(otherClerk.member.id, ['member', 'staff'], otherStoreId);
  const wrongStore = await app.call('POST', '/api/staff/coupons/verify', { token: otherClerk.accessToken, body: { code, idempotencyKey: 'verify-other-1' } });
  expect(wrongStore.body.code).toBe('COUPON_WRONG_STORE');

  const attempts = await parallel(10, () => app.call('POST', '/api/staff/coupons/verify', { token: staff.accessToken, body: { code, idempotencyKey: 'verify-attempt-1' } }));
  expect(attempts.every((r) => r.status === 201)).toBe(true);
  expect(new Set(attempts.map((r) => r.body.id)).size).toBe(1);
  const second = await app.call('POST', '/api/staff/coupons/verify', { token: staff.accessToken, body: { code, idempotencyKey: 'verify-attempt-2' } });
  expect(second.body.code).toBe('COUPON_NOT_AVAILABLE');
  expect((await app.call('GET', `/api/coupons/${c.id}`, { token: s.accessToken })).body.state).toBe('used');
  const v = attempts[0].body;
  expect(v).toMatchObject({ couponName: '免费测量一次', storeId, staffId: staff.member.id });

  expect((await app.call('POST', `/api/staff/coupons/verifications/${v.id}/undo`, { token: otherClerk.accessToken })).body.code).toBe('STORE_SCOPE');
  const undone = await app.call('POST', `/api/staff/coupons/verifications/${v.id}/undo`, { token: staff.accessToken });
  expect(undone.status).toBe(200);
  expect(undone.body.undoneAt).toBeTruthy();
  expect((await app.call('GET', `/api/coupons/${c.id}`, { token: s.accessToken })).body.state).toBe('available');

  // Verify again, then the 10-minute window passes.
  const code2 = memberCode(secret.chainPrefix, secret.couponNo, secret.secret, app.clock.now().getTime());
  const again = await app.call('POST', '/api/staff/coupons/verify', { token: staff.accessToken, body: { code: code2, idempotencyKey: 'verify-attempt-3' } });
  expect(again.status).toBe(201);
  app.clock.travel(10 * 60_000 + 1000);
  const late = await app.call('POST', `/api/staff/coupons/verifications/${again.body.id}/undo`, { token: staff.accessToken });
  expect(late.body.code).toBe('VERIFICATION_UNDO_EXPIRED');
  expect((await app.call('GET', `/api/coupons/${c.id}`, { token: s.accessToken })).body.state).toBe('used');
  // Every state change went through the lifecycle, each with its history line (who, which verification).
  const history = (await couponModel(app.conn).findById(c.id).lean())!.history;
  expect(history.map((h) => [h.from, h.to, h.ref])).toEqual([
    [null, 'available', 'claim_center'],
    ['available', 'used', 'verification:verify-attempt-1'],
    ['used', 'available', 'undo:verify-attempt-1'],
    ['available', 'used', 'verification:verify-attempt-3'],
  ]);
  expect(history.slice(1).every((h) => h.by === staff.member.id)).toBe(true);
  const list = await app.call('GET', '/api/staff/coupons/verifications', { token: staff.accessToken });
  expect(list.body.items.length).toBeGreaterThanOrEqual(2);
  // An old code no longer verifies.
  const old = await app.call('POST', '/api/staff/coupons/verify', { token: staff.accessToken, body: { code, idempotencyKey: 'verify-attempt-4' } });
  expect(['COUPON_CODE_EXPIRED', 'COUPON_CODE_INVALID']).toContain(old.body.code);
});

test('the expiry job expires due coupons once', async () => {
  const t = await template({ validity: { mode: 'fixed', from: days(-1), to: days(1) } });
  const s = await app.login();
  const c = (await app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId: t.id } })).body;
  app.clock.travel(2 * 86400_000);
  const [a, b] = await Promise.all([app.services.coupons.lifecycle.expireDue(), app.services.coupons.lifecycle.expireDue()]);
  expect(a + b).toBeGreaterThanOrEqual(1);
  const doc = await couponModel(app.conn).findById(c.id).lean();
  expect(doc!.state).toBe('expired');
  expect(doc!.history.filter((h) => h.to === 'expired')).toHaveLength(1);
  expect(await app.services.coupons.lifecycle.expireDue()).toBe(0);
});

test('the new-member gift is issued exactly once, even with concurrent first logins', async () => {
  const gift = await template({ name: '新人礼 无门槛20', type: 'no_threshold', amountOffFen: 2000, thresholdFen: 0, channel: 'new_member' });
  const openid = `oGift${Date.now()}abcdefghijklmnopq`;
  const codes = await parallel(15, () => http(app.sim.url, 'POST', '/control/login-code', { body: { openid } }));
  const logins = await parallel(15, (i) => app.call('POST', '/api/auth/login', { body: { code: codes[i].body.code } }));
  expect(logins.every((r) => r.status === 200)).toBe(true);
  const memberId = logins[0].body.member.id;
  expect(await couponModel(app.conn).countDocuments({ templateId: new Types.ObjectId(gift.id), memberId: new Types.ObjectId(memberId) })).toBe(1);
  // Issued under a key: the placeholder became available through the lifecycle, with one issue line in its history.
  const issued = await couponModel(app.conn).findOne({ templateId: new Types.ObjectId(gift.id), memberId: new Types.ObjectId(memberId) }).lean();
  expect(issued!.history.map((h) => [h.from, h.to, h.ref])).toEqual([[null, 'available', 'new_member']]);
  await templateModel(app.conn).updateOne({ _id: gift.id }, { $set: { status: 'paused' } });
});

test('points exchange: points and coupon exactly once under retries; a failed claim gives the points back', async () => {
  const t = await template({ name: '积分兑 10 元券', type: 'no_threshold', amountOffFen: 1000, thresholdFen: 0, channel: 'points_exchange', pointsCost: 150, totalStock: 1 });
  const s = await app.login();
  await app.services.points.earn({ memberId: s.member.id, amount: 1000, reason: 'purchase', source: 'order', reference: `ex-${s.member.id}`, leg: 'earn' });
  const before = await app.services.points.summary(s.member.id);
  const tries = await parallel(8, () => app.call('POST', '/api/coupons/exchange', { token: s.accessToken, body: { templateId: t.id, clientKey: 'exchange-key-001' } }));
  expect(tries.map((r) => `${r.status} ${r.body.code ?? ""}`)).toEqual(Array(8).fill("201 "));
  expect(new Set(tries.map((r) => r.body.id)).size).toBe(1);
  const after = await app.services.points.summary(s.member.id);
  expect(after).toMatchObject({ balance: before.balance - 150, held: 0, available: before.available - 150 });
  // Stock is now 0: another exchange fails and its held points come back.
  const sold = await app.call('POST', '/api/coupons/exchange', { token: s.accessToken, body: { templateId: t.id, clientKey: 'exchange-key-002' } });
  expect(sold.body.code).toBe('COUPON_OUT_OF_STOCK');
  expect(await app.services.points.summary(s.member.id)).toMatchObject({ balance: after.balance, held: 0 });
  const poor = await app.login();
  await app.services.points.spend({ memberId: poor.member.id, amount: (await app.services.points.summary(poor.member.id)).available, reason: 'checkout', source: 't', reference: 'drain', leg: 'spend' });
  const t2 = await template({ name: '积分兑券2', type: 'no_threshold', amountOffFen: 1000, thresholdFen: 0, channel: 'points_exchange', pointsCost: 150 });
  const broke = await app.call('POST', '/api/coupons/exchange', { token: poor.accessToken, body: { templateId: t2.id, clientKey: 'exchange-key-003' } });
  expect(broke.body.code).toBe('POINTS_INSUFFICIENT');
  expect(await couponModel(app.conn).countDocuments({ templateId: new Types.ObjectId(t2.id) })).toBe(0);
});

test('expiry reminders: once per coupon, only to members who consented', async () => {
  const t = await template({ validity: { mode: 'fixed', from: days(-1), to: days(2) } });
  const yes = await app.login();
  const no = await app.login();
  const cy = (await app.call('POST', '/api/coupons/claim', { token: yes.accessToken, body: { templateId: t.id } })).body;
  const cn = (await app.call('POST', '/api/coupons/claim', { token: no.accessToken, body: { templateId: t.id } })).body;
  await http(app.sim.url, 'POST', '/control/subscribe', { body: { openid: yes.openid, templateIds: ['TPL_COUPON_EXPIRY'], times: 5 } });
  await app.services.coupons.sendExpiryReminders();
  await app.services.coupons.sendExpiryReminders();
  const sent = (await http(app.sim.url, 'GET', `/control/messages?openid=${yes.openid}`)).body.items;
  expect(sent).toHaveLength(1);
  expect(sent[0].page).toContain(cy.id);
  expect((await http(app.sim.url, 'GET', `/control/messages?openid=${no.openid}`)).body.items).toHaveLength(0);
  expect((await couponModel(app.conn).findById(cn.id).lean())!.reminder).toBe('not_subscribed');
});

test('admin issue to a list is safe to retry with the same batch key', async () => {
  const t = await template({ channel: 'admin_issue', totalStock: 100 });
  const members = await bulkMembers(5, 'issue');
  const body = { memberIds: members, batchKey: 'batch-0001' };
  const first = await app.call('POST', `/api/admin/coupons/templates/${t.id}/issue`, { token: await adminToken(), body });
  const second = await app.call('POST', `/api/admin/coupons/templates/${t.id}/issue`, { token: admin.accessToken, body });
  expect(first.body.issued).toBe(5);
  expect(second.body.issued).toBe(5);
  expect(await couponModel(app.conn).countDocuments({ templateId: new Types.ObjectId(t.id) })).toBe(5);
  expect((await templateModel(app.conn).findById(t.id).lean())!.claimed).toBe(5);
});

test('the tier’s birthday coupon is issued by the birthday job once a year', async () => {
  const gift = await template({ name: '生日礼 满500减100', amountOffFen: 10000, thresholdFen: 50000, channel: 'birthday' });
  const settings = await app.services.membership.getSettings();
  await app.services.membership.putSettings(
    { memberId: admin.member.id, sessionId: 's', roles: ['admin'], staffStoreId: null },
    { ...settings, tiers: settings.tiers.map((t) => ({ ...t, birthdayCouponTemplateId: gift.id })) },
  );
  const s = await app.login();
  const month = new Date(app.clock.now().getTime() + 8 * 3600_000).toISOString().slice(5, 7);
  await app.call('POST', '/api/member/birthday', { token: s.accessToken, body: { birthday: `1995-${month}-01` } });
  await Promise.all([app.services.membership.grantBirthdayPerks(), app.services.membership.grantBirthdayPerks()]);
  await app.services.membership.grantBirthdayPerks();
  expect(await couponModel(app.conn).countDocuments({ templateId: new Types.ObjectId(gift.id), memberId: new Types.ObjectId(s.member.id) })).toBe(1);
  await app.services.membership.putSettings({ memberId: admin.member.id, sessionId: 's', roles: ['admin'], staffStoreId: null }, settings);
});
