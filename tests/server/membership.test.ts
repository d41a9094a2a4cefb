import { hotp, memberCode, timeStep } from '@homeclub/shared';
import { memberModel } from '../../server/src/members/model';
import { entryModel } from '../../server/src/points/model';
import { templateModel } from '../../server/src/coupons/model';
import { CHAIN_CODE_PREFIX } from '../../server/src/membership/service';
import { startTestApp, type TestApp } from '../support/app';
import { parallel } from '../support/http';

let app: TestApp;
let storeId = '';
let staff: Awaited<ReturnType<TestApp['login']>>;
let admin: Awaited<ReturnType<TestApp['login']>>;

beforeAll(async () => {
  app = await startTestApp();
  storeId = String((await app.services.stores.upsert({ code: 'M1', name: '徐汇店', city: '上海', address: '漕溪北路', phone: '021', location: { lat: 31, lng: 121 } }))._id);
  staff = await app.login();
  await app.setRoles(staff.member.id, ['member', 'staff'], storeId);
  admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
});
afterAll(async () => {
  await app.close();
});

test('a new member gets the sign-up bonus once and sees a card with tier, next tier and points', async () => {
  const s = await app.login();
  await app.login(s.openid); // second login: no second bonus
  const card = await app.call('GET', '/api/member/card', { token: s.accessToken });
  expect(card.status).toBe(200);
  const bonus = (await app.services.membership.getSettings()).signupBonusPoints;
  expect(card.body).toMatchObject({
    tier: { name: '普通会员' },
    nextTier: { name: '银卡', growthNeeded: 2000, spendNeededFen: 200_000 },
    points: { balance: bonus, available: bonus, held: 0 },
  });
  expect(card.body.cardNo).toMatch(/^\d{10}$/);
  expect(card.body.perks.length).toBeGreaterThan(0);
  expect(await entryModel(app.conn).countDocuments({ key: `signup:${s.member.id}:bonus` })).toBe(1);
});

test('history is cursor-paginated, newest first, filterable, and only ever mine', async () => {
  const a = await app.login();
  const b = await app.login();
  for (let i = 0; i < 5; i++) await app.services.points.earn({ memberId: a.member.id, amount: 10 + i, reason: 'purchase', source: 'order', reference: `h${i}`, leg: 'earn' });
  await app.services.points.earn({ memberId: b.member.id, amount: 999, reason: 'purchase', source: 'order', reference: 'b-only', leg: 'earn' });
  const page1 = await app.call('GET', '/api/member/points/history?limit=3', { token: a.accessToken });
  expect(page1.status).toBe(200);
  expect(page1.body.items.map((e: any) => e.amount)).toEqual([14, 13, 12]);
  const page2 = await app.call('GET', `/api/member/points/history?limit=3&cursor=${page1.body.nextCursor}`, { token: a.accessToken });
  expect(page2.body.items.map((e: any) => e.amount)).toEqual([11, 10, 200]);
  expect(page2.body.nextCursor).toBeNull();
  const earnsOnly = await app.call('GET', '/api/member/points/history?kind=spend', { token: a.accessToken });
  expect(earnsOnly.body.items).toEqual([]);
  expect([...page1.body.items, ...page2.body.items].map((e: any) => e.amount)).not.toContain(999);
  const bad = await app.call('GET', '/api/member/points/history?cursor=zzz', { token: a.accessToken });
  expect(bad.status).toBe(400);
  // A member cannot reach another member's points through admin routes either.
  const other = await app.call('POST', `/api/admin/members/${b.member.id}/points/adjust`, { token: a.accessToken, body: { amount: 5, reason: '想要积分' }, headers: { 'idempotency-key': 'member-tries-1' } });
  expect(other.status).toBe(403);
});

test('birthday is set once; set during the birthday month the gift comes at once, and the job never grants it again', async () => {
  const s = await app.login();
  const month = new Date(app.clock.now().getTime() + 8 * 3600_000).toISOString().slice(5, 7);
  const before = (await app.services.points.summary(s.member.id)).balance;
  const set = await app.call('POST', '/api/member/birthday', { token: s.accessToken, body: { birthday: `1990-${month}-15` } });
  expect(set.status).toBe(200);
  expect(set.body.birthday).toBe(`1990-${month}-15`);
  const again = await app.call('POST', '/api/member/birthday', { token: s.accessToken, body: { birthday: '1991-01-01' } });
  expect(again.status).toBe(409);
  expect(again.body.code).toBe('BIRTHDAY_ALREADY_SET');
  expect((await app.call('POST', '/api/member/birthday', { token: s.accessToken, body: { birthday: '1990-02-30' } })).status).toBe(400);
  const tier0 = (await app.services.membership.card(s.member.id)).tier;
  // set during the birthday month: this year's gift at once, in the card the answer returns
  expect(set.body.points.balance - before).toBe(tier0.birthdayPoints);
  await parallel(3, () => app.services.membership.grantBirthdayPerks());
  await app.services.membership.grantBirthdayPerks();
  const after = (await app.services.points.summary(s.member.id)).balance;
  const tier = (await app.services.membership.card(s.member.id)).tier;
  expect(after - before).toBe(tier.birthdayPoints);
  const year = new Date(app.clock.now().getTime() + 8 * 3600_000).getUTCFullYear();
  expect((await memberModel(app.conn).findById(s.member.id).lean())!.birthdayPerkYear).toBe(year);
});

test('a birthday set outside its month grants nothing now; the job grants it when the month comes', async () => {
  const s = await app.login();
  const local = new Date(app.clock.now().getTime() + 8 * 3600_000);
  const other = String(((local.getUTCMonth() + 1) % 12) + 1).padStart(2, '0');
  const set = await app.call('POST', '/api/member/birthday', { token: s.accessToken, body: { birthday: `1992-${other}-01` } });
  expect(set.status).toBe(200);
  expect((await memberModel(app.conn).findById(s.member.id).lean())!.birthdayPerkYear).toBeNull();
  expect(await entryModel(app.conn).countDocuments({ memberId: s.member.id, source: 'birthday' })).toBe(0);
  // the 1st of that month, 12:00 Shanghai: the job grants it (and the clock comes back for the tests after)
  const nextMonth = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1, 4);
  const jump = nextMonth - app.clock.now().getTime();
  app.clock.travel(jump);
  try {
    await app.services.membership.grantBirthdayPerks();
    expect(await entryModel(app.conn).countDocuments({ memberId: s.member.id, source: 'birthday' })).toBe(1);
  } finally {
    app.clock.travel(-jump);
  }
});

test('greetings: the welcome lists the sign-up points and the 新人礼 coupon actually issued, once; a tier upgrade once', async () => {
  const t = await app.call('POST', '/api/admin/coupons/templates', {
    token: admin.accessToken,
    body: { name: '新人礼 无门槛30', type: 'no_threshold', amountOffFen: 3000, thresholdFen: 0, validity: { mode: 'relative', days: 30 }, channel: 'new_member' },
  });
  expect(t.status).toBe(201);
  const s = await app.login();
  await templateModel(app.conn).updateOne({ _id: t.body.id }, { $set: { status: 'paused' } }); // later members get no gift
  const bonus = (await app.services.membership.getSettings()).signupBonusPoints;
  const first = await app.call('GET', '/api/member/greetings', { token: s.accessToken });
  expect(first.status).toBe(200);
  expect(first.body.items).toEqual([{ kind: 'welcome', key: 'welcome', points: bonus, coupons: [{ id: expect.any(String), name: '新人礼 无门槛30' }] }]);
  // seen twice, concurrently: fine, and gone for good (another device too)
  const seen = await parallel(3, () => app.call('POST', '/api/member/greetings/seen', { token: s.accessToken, body: { keys: ['welcome'] } }));
  expect(seen.map((r) => r.status)).toEqual([200, 200, 200]);
  expect((await app.call('GET', '/api/member/greetings', { token: s.accessToken })).body.items).toEqual([]);
  // another member's greetings are theirs: marking mine changed nothing of theirs
  const other = await app.login();
  expect((await app.call('GET', '/api/member/greetings', { token: other.accessToken })).body.items.map((g: any) => g.kind)).toEqual(['welcome']);
  // the upgrade to 银卡 is celebrated once
  await app.services.membership.addGrowth({ memberId: s.member.id, delta: 2000, reason: 'test', key: `greet:${s.member.id}` });
  const up = await app.call('GET', '/api/member/greetings', { token: s.accessToken });
  expect(up.body.items).toEqual([{ kind: 'tier_up', key: 'tier:silver', tier: { code: 'silver', name: '银卡', color: expect.any(String) }, perks: expect.arrayContaining([expect.any(String)]) }]);
  await app.call('POST', '/api/member/greetings/seen', { token: s.accessToken, body: { keys: ['tier:silver'] } });
  expect((await app.call('GET', '/api/member/greetings', { token: s.accessToken })).body.items).toEqual([]);
  const bad = await app.call('POST', '/api/member/greetings/seen', { token: s.accessToken, body: { keys: ['{"$gt":""}'] } });
  expect(bad.status).toBe(400);
  expect((await app.call('GET', '/api/member/greetings')).status).toBe(401);
});

test('profile: preferred store must exist; home city and nickname update', async () => {
  const s = await app.login();
  const ok = await app.call('PATCH', '/api/member/profile', { token: s.accessToken, body: { preferredStoreId: storeId, homeCity: '上海', nickname: '小王' } });
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ preferredStoreId: storeId, homeCity: '上海', nickname: '小王' });
  const bad = await app.call('PATCH', '/api/member/profile', { token: s.accessToken, body: { preferredStoreId: '0'.repeat(24) } });
  expect(bad.status).toBe(404);
  expect(bad.body.code).toBe('STORE_NOT_FOUND');
});

describe('member code at the till', () => {
  test('the code shown now resolves for staff; replay within the window is a lookup only', async () => {
    const s = await app.login();
    const secret = await app.call('GET', '/api/member/code-secret', { token: s.accessToken });
    expect(secret.body).toMatchObject({ cardNo: expect.stringMatching(/^\d{10}$/), periodSeconds: 60, chainPrefix: CHAIN_CODE_PREFIX });
    const code = memberCode(secret.body.chainPrefix, secret.body.cardNo, secret.body.secret, app.clock.now().getTime());
    for (let i = 0; i < 2; i++) {
      const res = await app.call('POST', '/api/staff/member-code/resolve', { token: staff.accessToken, body: { code } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ memberId: s.member.id, tier: { name: '普通会员' }, storeId });
    }
    // A member (not staff) cannot resolve codes.
    expect((await app.call('POST', '/api/staff/member-code/resolve', { token: s.accessToken, body: { code } })).status).toBe(403);
  });

  test('old, forged, foreign and other-chain codes are refused with clear codes', async () => {
    const s = await app.login();
    const other = await app.login();
    const mine = (await app.call('GET', '/api/member/code-secret', { token: s.accessToken })).body;
    const theirs = (await app.call('GET', '/api/member/code-secret', { token: other.accessToken })).body;
    const now = app.clock.now().getTime();
    const resolve = (code: string) => app.call('POST', '/api/staff/member-code/resolve', { token: staff.accessToken, body: { code } });
    // Previous window still accepted (code rotating while shown), older is expired.
    expect((await resolve(memberCode(CHAIN_CODE_PREFIX, mine.cardNo, mine.secret, now - 60_000))).status).toBe(200);
    const old = await resolve(memberCode(CHAIN_CODE_PREFIX, mine.cardNo, mine.secret, now - 180_000));
    expect(old.body.code).toBe('MEMBER_CODE_EXPIRED');
    // My card number with a code made from another member's secret.
    const forged = await resolve(`${CHAIN_CODE_PREFIX}${mine.cardNo}${hotp(theirs.secret, timeStep(now))}`);
    expect(forged.body.code).toBe('MEMBER_CODE_INVALID');
    const otherChain = await resolve(memberCode('17', mine.cardNo, mine.secret, now));
    expect(otherChain.body.code).toBe('MEMBER_CODE_OTHER_CHAIN');
    const unknownCard = await resolve(`${CHAIN_CODE_PREFIX}0000000001123456`);
    expect(unknownCard.body.code).toBe('MEMBER_CODE_INVALID');
    const malformed = await resolve('12345');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    // After a full minute more, the current code expires too.
    const current = memberCode(CHAIN_CODE_PREFIX, mine.cardNo, mine.secret, now);
    app.clock.travel(121_000);
    expect((await resolve(current)).body.code).toBe('MEMBER_CODE_EXPIRED');
  });
});

describe('admin', () => {
  test('points adjustment needs an Idempotency-Key, is applied once and audit-logged', async () => {
    const s = await app.login();
    const url = `/api/admin/members/${s.member.id}/points/adjust`;
    const noKey = await app.call('POST', url, { token: admin.accessToken, body: { amount: 500, reason: '活动补偿' } });
    expect(noKey.status).toBe(400);
    expect(noKey.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const before = (await app.services.points.summary(s.member.id)).balance;
    const results = await parallel(5, () => app.call('POST', url, { token: admin.accessToken, body: { amount: 500, reason: '活动补偿' }, headers: { 'idempotency-key': 'adjust-abc-123' } }));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect((await app.services.points.summary(s.member.id)).balance).toBe(before + 500);
    const audit = await app.services.audit.recent(10);
    expect(audit.some((a) => a.action === 'points.adjust' && a.actorId === admin.member.id && (a.detail as any).reason === '活动补偿')).toBe(true);
    const overdraw = await app.call('POST', url, { token: admin.accessToken, body: { amount: -10_000_000, reason: '扣回' }, headers: { 'idempotency-key': 'adjust-abc-124' } });
    expect(overdraw.status).toBe(409);
    expect(overdraw.body.code).toBe('POINTS_INSUFFICIENT');
  });

  test('tier settings: validated, saved, and used for the card', async () => {
    const current = (await app.call('GET', '/api/admin/membership/settings', { token: admin.accessToken })).body;
    const bad = await app.call('PUT', '/api/admin/membership/settings', { token: admin.accessToken, body: { ...current, tiers: current.tiers.map((t: any) => ({ ...t, threshold: t.threshold + 1 })) } });
    expect(bad.status).toBe(400);
    const none = await app.call('PUT', '/api/admin/membership/settings', { token: admin.accessToken, body: { ...current, tiers: [] } });
    expect(none.status).toBe(400);
    expect(none.body.fields.map((f: any) => f.path)).toContain('body.tiers');
    const tiers = current.tiers.map((t: any) => (t.code === 'silver' ? { ...t, threshold: 500, name: '银卡会员' } : t));
    const ok = await app.call('PUT', '/api/admin/membership/settings', { token: admin.accessToken, body: { ...current, tiers } });
    expect(ok.status).toBe(200);
    const s = await app.login();
    await app.services.membership.addGrowth({ memberId: s.member.id, delta: 600, reason: 'purchase', key: `o:${s.member.id}` });
    expect((await app.call('GET', '/api/member/card', { token: s.accessToken })).body.tier.name).toBe('银卡会员');
    await app.call('PUT', '/api/admin/membership/settings', { token: admin.accessToken, body: current });
  });
});
