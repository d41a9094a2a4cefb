/**
 * Partner referrals against the real engine: joining, attribution once at
 * first registration (and its refusals), concurrent first logins, rewards
 * pending → settled after the refund window, refunds before and after
 * settlement, two levels at most, leads, and the poster code.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { referralModels } from '../../server/src/referrals/model';
import { memberModel } from '../../server/src/members/model';
import { startTestApp, type TestApp } from '../support/app';
import { http, parallel } from '../support/http';

let app: TestApp;
let storeId = '';
let admin: Awaited<ReturnType<TestApp['login']>>;
let clerk: Awaited<ReturnType<TestApp['login']>>;
let welcomeTemplateId = '';
let m: ReturnType<typeof referralModels>;

beforeAll(async () => {
  app = await startTestApp();
  m = referralModels(app.conn);
  storeId = String((await app.services.stores.upsert({ code: 'R1', name: '徐汇店', city: '上海', address: 'a', phone: '1', location: { lat: 31, lng: 121 } }))._id);
  admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  clerk = await app.login();
  await app.setRoles(clerk.member.id, ['member', 'staff'], storeId);
  welcomeTemplateId = (
    await app.call('POST', '/api/admin/coupons/templates', {
      token: admin.accessToken,
      body: { name: '好友见面礼 无门槛20元', type: 'no_threshold', amountOffFen: 2000, thresholdFen: 0, perMemberLimit: 1, validity: { mode: 'relative', days: 30 }, channel: 'referral' },
    })
  ).body.id;
  expect(welcomeTemplateId).toBeTruthy();
  await putSettings({ welcomeTemplateId, level1: { fixed: 500, bp: 100 }, level2: { fixed: 100, bp: 0 }, dailyBindingCap: 3 });
});
afterAll(async () => {
  await app.close();
});

async function putSettings(patch: Record<string, unknown>) {
  const current = (await app.call('GET', '/api/admin/referrals/settings', { token: admin.accessToken })).body;
  const r = await app.call('PUT', '/api/admin/referrals/settings', { token: admin.accessToken, body: { ...current, ...patch } });
  expect(r.status).toBe(200);
  return r.body;
}

/** A first login through an invite (or none), as the mini-program sends it. */
async function loginVia(inviter?: string, openid?: string, scene = 1007) {
  const minted = await http(app.sim.url, 'POST', '/control/login-code', { body: openid ? { openid } : {} });
  const res = await app.call('POST', '/api/auth/login', { body: { code: minted.body.code, ...(inviter ? { inviter, scene } : {}) } });
  expect(res.status).toBe(200);
  return { ...res.body, openid: minted.body.openid as string };
}

async function partner() {
  const s = await app.login();
  const me = (await app.call('GET', '/api/referrals/me', { token: s.accessToken })).body;
  const joined = await app.call('POST', '/api/referrals/join', { token: s.accessToken, body: { termsVersion: me.termsVersion } });
  expect(joined.body.status).toBe('active');
  return { ...s, code: joined.body.code as string };
}

const bindingOf = (memberId: string) => m.Binding.findOne({ memberId: new Types.ObjectId(memberId) }).lean();

/** A paid order of `cashFen` at the till (cash), so the referral hook runs at once. */
async function paidOrder(memberId: string, billFen: number) {
  const code = await app.services.membership.currentCode(memberId);
  const memberToken = (await app.call('POST', '/api/staff/member-code/resolve', { token: clerk.accessToken, body: { code } })).body.memberToken;
  const r = await app.call('POST', '/api/staff/till/orders', { token: clerk.accessToken, body: { storeId, memberToken, billFen, couponId: null, points: 0, settlement: 'other', clientKey: randomUUID() } });
  expect(r.status).toBe(201);
  return r.body.order as { id: string; cashFen: number };
}
const refund = (orderId: string, body: Record<string, unknown>) =>
  app.call('POST', `/api/staff/orders/${orderId}/refunds`, { token: clerk.accessToken, body: { reason: '顾客退货', refundKey: randomUUID(), ...body } });

async function relogin() {
  const again = async (who: typeof admin) => app.login((await app.services.members.get(who.member.id))!.openid);
  [admin, clerk] = [await again(admin), await again(clerk)];
}

test('joining: terms version required, a short unique code, share path; the landing shows the inviter and the gift', async () => {
  const s = await app.login();
  const me = (await app.call('GET', '/api/referrals/me', { token: s.accessToken })).body;
  expect(me).toMatchObject({ active: true, eligible: true, partner: null });
  expect((await app.call('POST', '/api/referrals/join', { token: s.accessToken, body: { termsVersion: 'old' } })).body.code).toBe('REFERRAL_TERMS_OUTDATED');
  const joined = await app.call('POST', '/api/referrals/join', { token: s.accessToken, body: { termsVersion: me.termsVersion } });
  expect(joined.body.code).toMatch(/^[2-9A-HJKMNP-Z]{4,8}$/);
  const again = await app.call('POST', '/api/referrals/join', { token: s.accessToken, body: { termsVersion: me.termsVersion } });
  expect(again.body.code).toBe(joined.body.code);
  expect((await app.call('GET', '/api/referrals/me', { token: s.accessToken })).body.sharePath).toBe(`/pages/index/index?inviter=${joined.body.code}`);
  const landing = await app.call('GET', `/api/invites/${joined.body.code}`);
  expect(landing.body).toMatchObject({ valid: true, welcomeCoupon: { name: '好友见面礼 无门槛20元' } });
  expect((await app.call('GET', `/api/invites/${joined.body.code.toLowerCase()}`)).body.valid).toBe(true);
  expect((await app.call('GET', '/api/invites/ZZZZZZ')).body.valid).toBe(false);
  expect((await app.call('GET', '/api/invites/bad!')).body.code).toBe('VALIDATION_FAILED');
});

test('bound once, at first registration only, with the welcome coupon; existing members are never re-bound', async () => {
  const p = await partner();
  const q = await partner();
  const friend = await loginVia(p.code, undefined, 1047);
  expect(friend.isNew).toBe(true);
  expect(await bindingOf(friend.member.id)).toMatchObject({ code: p.code, scene: 1047, via: 'poster' });
  const coupons = (await app.call('GET', '/api/coupons/mine', { token: friend.accessToken })).body.items;
  expect(coupons.map((c: { terms: { name: string } }) => c.terms.name)).toContain('好友见面礼 无门槛20元');
  // Later logins, through another partner's link, change nothing.
  await loginVia(q.code, friend.openid);
  expect((await bindingOf(friend.member.id))!.partnerMemberId.toString()).toBe(p.member.id);
  // A member who registered without a link is not bound by a later link.
  const plain = await loginVia();
  await loginVia(p.code, plain.openid);
  expect(await bindingOf(plain.member.id)).toBeNull();
  expect(await m.Binding.countDocuments({ memberId: new Types.ObjectId(friend.member.id) })).toBe(1);
});

test('concurrent first logins of one new WeChat user with different invite codes → exactly one binding', async () => {
  const partners = await Promise.all(Array.from({ length: 5 }, () => partner()));
  const openid = `oConcurrent${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const results = await parallel(5, (i) => loginVia(partners[i].code, openid));
  const memberId = results[0].member.id;
  expect(new Set(results.map((r) => r.member.id)).size).toBe(1);
  expect(results.filter((r) => r.isNew)).toHaveLength(1);
  const creator = results.findIndex((r) => r.isNew);
  expect(await m.Binding.countDocuments({ memberId: new Types.ObjectId(memberId) })).toBe(1);
  expect((await bindingOf(memberId))!.code).toBe(partners[creator].code);
});

test('refusals are logged, never bound: unknown code, inactive partner, self, cycle, same phone, the daily cap', async () => {
  const unknown = await loginVia('ZZZZZZ');
  expect(await bindingOf(unknown.member.id)).toBeNull();
  // Daily cap 3: the fourth friend today is refused.
  const p = await partner();
  const friends = [];
  for (let i = 0; i < 4; i++) friends.push(await loginVia(p.code));
  expect(await m.Binding.countDocuments({ partnerMemberId: new Types.ObjectId(p.member.id) })).toBe(3);
  expect(await m.Rejection.findOne({ memberId: new Types.ObjectId(friends[3].member.id) }).lean()).toMatchObject({ reason: 'velocity' });
  // Self and cycle can only come from a tampered member record: the guard still holds.
  const a = await partner();
  const b = await loginVia(a.code);
  await app.call('POST', '/api/referrals/join', { token: b.accessToken, body: { termsVersion: (await app.call('GET', '/api/referrals/me', { token: b.accessToken })).body.termsVersion } });
  const bCode = (await m.Partner.findOne({ memberId: new Types.ObjectId(b.member.id) }).lean())!.code;
  await memberModel(app.conn).updateOne({ _id: a.member.id }, { $set: { registeredVia: { inviter: bCode, scene: 1007 } } });
  await app.services.referrals.onNewMember(a.member.id); // a → b → a would be a cycle
  expect(await bindingOf(a.member.id)).toBeNull();
  expect((await m.Rejection.find({ memberId: new Types.ObjectId(a.member.id) }).lean()).map((r) => r.reason)).toEqual(['cycle']);
  const c = await partner();
  await memberModel(app.conn).updateOne({ _id: c.member.id }, { $set: { registeredVia: { inviter: c.code } } });
  await app.services.referrals.onNewMember(c.member.id);
  expect((await m.Rejection.find({ memberId: new Types.ObjectId(c.member.id) }).lean()).map((r) => r.reason)).toEqual(['self']);
  // Same phone as the inviter (a lead for a phone the partner uses themself).
  const d = await partner();
  await memberModel(app.conn).updateOne({ _id: d.member.id }, { $set: { phone: '13900001111' } });
  const lead = await app.call('POST', '/api/staff/referrals/leads', { token: clerk.accessToken, body: { partnerCode: d.code, phone: '13900001111', intent: '全屋定制' } });
  expect(lead.status).toBe(201);
  const twin = await loginVia();
  await memberModel(app.conn).updateOne({ _id: twin.member.id }, { $set: { phone: '13900001111' } });
  await app.services.referrals.onPhoneBound(twin.member.id);
  expect(await bindingOf(twin.member.id)).toBeNull();
  expect((await m.Rejection.findOne({ memberId: new Types.ObjectId(twin.member.id) }).lean())!.reason).toBe('same_phone');
  // An inactive (pending) partner's code.
  await putSettings({ eligibility: 'application' });
  try {
    const e = await app.login();
    const applied = await app.call('POST', '/api/referrals/join', { token: e.accessToken, body: { termsVersion: (await app.call('GET', '/api/referrals/me', { token: e.accessToken })).body.termsVersion } });
    expect(applied.body.status).toBe('pending');
    const f = await loginVia(applied.body.code);
    expect(await bindingOf(f.member.id)).toBeNull();
    const pendingList = (await app.call('GET', '/api/admin/referrals/partners?status=pending', { token: admin.accessToken })).body.items;
    expect(pendingList.find((x: { memberId: string }) => x.memberId === e.member.id)).toMatchObject({ status: 'pending', code: applied.body.code, nickname: e.member.nickname });
    expect((await app.call('POST', `/api/admin/referrals/partners/${e.member.id}/decision`, { token: admin.accessToken, body: { approve: true } })).body.status).toBe('active');
    expect((await bindingOf((await loginVia(applied.body.code)).member.id))).not.toBeNull();
  } finally {
    await putSettings({ eligibility: 'any' });
  }
});

test('a store lead (报备) binds the friend when that phone registers later', async () => {
  const p = await partner();
  const lead = await app.call('POST', '/api/staff/referrals/leads', { token: clerk.accessToken, body: { partnerCode: p.code, phone: '13911112222', intent: '客厅沙发' } });
  expect(lead.body).toMatchObject({ partnerCode: p.code, phoneMasked: '139****2222' });
  const friend = await loginVia();
  await memberModel(app.conn).updateOne({ _id: friend.member.id }, { $set: { phone: '13911112222' } });
  await app.services.referrals.onPhoneBound(friend.member.id);
  expect(await bindingOf(friend.member.id)).toMatchObject({ via: 'lead', code: p.code });
  expect((await app.call('POST', '/api/staff/referrals/leads', { token: friend.accessToken, body: { partnerCode: p.code, phone: '13911112222', intent: 'x y' } })).status).toBe(403);
});

describe('rewards', () => {
  test('first paid order: pending → settled after 7 days by the job (once), two levels at most', async () => {
    // a → b → c → friend: the friend's order rewards c (level 1) and b (level 2), never a.
    const a = await partner();
    const bLogin = await loginVia(a.code);
    const b = { ...bLogin, code: (await app.call('POST', '/api/referrals/join', { token: bLogin.accessToken, body: { termsVersion: '2026-1' } })).body.code as string };
    const cLogin = await loginVia(b.code);
    const c = { ...cLogin, code: (await app.call('POST', '/api/referrals/join', { token: cLogin.accessToken, body: { termsVersion: '2026-1' } })).body.code as string };
    const friend = await loginVia(c.code);
    const order = await paidOrder(friend.member.id, 30000);
    await paidOrder(friend.member.id, 10000); // not the first order: nothing more
    const rewards = await m.Reward.find({ friendMemberId: new Types.ObjectId(friend.member.id) }).sort({ level: 1 }).lean();
    expect(rewards.map((r) => [r.level, String(r.partnerMemberId), r.amount, r.state])).toEqual([
      [1, c.member.id, 500 + 300, 'pending'],
      [2, b.member.id, 100, 'pending'],
    ]);
    expect(String(rewards[0].orderId)).toBe(order.id);
    const dash = (await app.call('GET', '/api/referrals/dashboard', { token: c.accessToken })).body;
    expect(dash).toMatchObject({ invited: 1, purchased: 1, pending: 800, settled: 0 });
    expect(dash.friends[0].status).toBe('purchased');
    const before = (await app.services.points.summary(c.member.id)).balance;
    expect(await app.services.referrals.settleDue()).toBe(0); // the refund window is not over
    app.clock.travel(7 * 86400_000 + 60_000);
    await Promise.all([app.services.referrals.settleDue(), app.services.referrals.settleDue()]);
    await app.services.referrals.settleDue();
    expect((await app.services.points.summary(c.member.id)).balance).toBe(before + 800);
    expect((await app.services.points.summary(b.member.id)).balance).toBeGreaterThanOrEqual(100);
    expect(await m.Reward.countDocuments({ friendMemberId: new Types.ObjectId(friend.member.id), state: 'settled', credited: true })).toBe(2);
    await relogin();
    const cAgain = await app.login((await app.services.members.get(c.member.id))!.openid);
    const settledDash = (await app.call('GET', '/api/referrals/dashboard', { token: cAgain.accessToken })).body;
    expect(settledDash).toMatchObject({ pending: 0, settled: 800 });
    expect(Date.parse(settledDash.rewards[0].settledAt)).toBeGreaterThanOrEqual(Date.parse(settledDash.rewards[0].settleAt));
    const board = (await app.call('GET', '/api/referrals/leaderboard', { token: cAgain.accessToken })).body;
    expect(board.items.find((i: { me: boolean }) => i.me)).toMatchObject({ amount: 800 });
    expect(board.items.every((i: { nickname: string }) => i.nickname.includes('*'))).toBe(true);
  });

  test('refund before settlement reduces in proportion; a full refund cancels', async () => {
    const p = await partner();
    const friend = await loginVia(p.code);
    const order = await paidOrder(friend.member.id, 40000); // reward 500 + 400 = 900
    expect((await refund(order.id, { amountFen: 10000 })).status).toBe(201); // a quarter
    let r = (await m.Reward.findOne({ orderId: new Types.ObjectId(order.id) }).lean())!;
    expect(r).toMatchObject({ state: 'pending', reduced: 225 });
    expect((await refund(order.id, { full: true })).status).toBe(201);
    r = (await m.Reward.findOne({ orderId: new Types.ObjectId(order.id) }).lean())!;
    expect(r).toMatchObject({ state: 'cancelled', reduced: 900 });
    app.clock.travel(8 * 86400_000);
    await app.services.referrals.settleDue();
    expect((await m.Reward.findById(r._id).lean())!.state).toBe('cancelled');
    await relogin();
  });

  test('refund after settlement: clawed back, the part already spent is owed and netted from the next reward', async () => {
    const p = await partner();
    const [f1, f2] = [await loginVia(p.code), await loginVia(p.code)];
    const o1 = await paidOrder(f1.member.id, 20000); // 500 + 200 = 700
    app.clock.travel(7 * 86400_000 + 60_000);
    await app.services.referrals.settleDue();
    await relogin();
    const pid = p.member.id;
    const bal = (await app.services.points.summary(pid)).available;
    await app.services.points.spend({ memberId: pid, amount: bal, reason: 'checkout', source: 't', reference: `spend-${pid}`, leg: 'spend' });
    expect((await refund(o1.id, { full: true })).status).toBe(201);
    expect((await app.services.points.summary(pid)).balance).toBe(0);
    expect(await app.services.orders.owedTotal(pid)).toBe(700);
    const clawed = (await m.Reward.findOne({ orderId: new Types.ObjectId(o1.id) }).lean())!;
    expect(clawed).toMatchObject({ state: 'settled', clawedBack: 700 });
    expect(clawed.clawbacks[0].at).toBeInstanceOf(Date);
    // The next reward (1,000) pays the 700 owed first.
    await paidOrder(f2.member.id, 50000);
    app.clock.travel(7 * 86400_000 + 60_000);
    await app.services.referrals.settleDue();
    await app.services.referrals.settleDue();
    expect(await app.services.orders.owedTotal(pid)).toBe(0);
    expect((await app.services.points.summary(pid)).balance).toBe(300);
    await relogin();
  });

  test('cash commission: credited after the window, clawback owed against later commission', async () => {
    await putSettings({ rewardKind: 'cash', level1: { fixed: 0, bp: 500 }, level2: null });
    try {
      const p = await partner();
      const [f1, f2] = [await loginVia(p.code), await loginVia(p.code)];
      const o1 = await paidOrder(f1.member.id, 20000); // 5 % = 1,000 fen
      app.clock.travel(7 * 86400_000 + 60_000);
      await app.services.referrals.settleDue();
      await relogin();
      const partnerDoc = () => m.Partner.findOne({ memberId: new Types.ObjectId(p.member.id) }).lean();
      expect(await partnerDoc()).toMatchObject({ commissionFen: 1000, commissionOwedFen: 0 });
      await refund(o1.id, { full: true });
      await refund(o1.id, { full: true }); // nothing left: refused, nothing clawed twice
      expect(await partnerDoc()).toMatchObject({ commissionFen: 0, commissionOwedFen: 0 });
      await m.Partner.updateOne({ memberId: new Types.ObjectId(p.member.id) }, { $set: { commissionOwedFen: 400 } }); // e.g. a payout made meanwhile
      await paidOrder(f2.member.id, 20000);
      app.clock.travel(7 * 86400_000 + 60_000);
      await app.services.referrals.settleDue();
      expect(await partnerDoc()).toMatchObject({ commissionFen: 600, commissionOwedFen: 0 });
      await relogin();
    } finally {
      await putSettings({ rewardKind: 'points', level1: { fixed: 500, bp: 100 }, level2: { fixed: 100, bp: 0 } });
    }
  });
});

test('poster code: scene i=CODE (≤ 32 chars), made once, decodes to the invite page', async () => {
  const p = await partner();
  const first = await app.call('GET', '/api/referrals/poster-code', { token: p.accessToken });
  expect(first.status).toBe(200);
  expect(first.body.scene).toBe(`i=${p.code}`);
  expect(first.body.scene.length).toBeLessThanOrEqual(32);
  const png = PNG.sync.read(Buffer.from(first.body.pngBase64, 'base64'));
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(decoded).not.toBeNull();
  const url = new URL(decoded!.data);
  expect(url.searchParams.get('page')).toBe('pages/index/index');
  expect(url.searchParams.get('scene')).toBe(`i=${p.code}`);
  const calls = async () => (await http(app.sim.url, 'GET', '/control/stats')).body;
  const before = await calls();
  const second = await app.call('GET', '/api/referrals/poster-code', { token: p.accessToken });
  expect(second.body.pngBase64).toBe(first.body.pngBase64);
  expect(await calls()).toEqual(before); // served from the cache
  const notPartner = await app.login();
  expect((await app.call('GET', '/api/referrals/poster-code', { token: notPartner.accessToken })).body.code).toBe('REFERRAL_NOT_PARTNER');
});
