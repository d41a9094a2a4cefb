/**
 * 导购 against the real engine: the guide role, binding by code (own code, taken,
 * already yours, unknown), two guides scanning at once (one wins), protected vs
 * permanent binding, binding on a guide's check-in and till order, attribution at
 * payment and its proportional reversal on refunds, the per-day rollup, and the
 * resumable handoff transfer (a crash mid-way converges, the report is exact).
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { guideModels } from '../../server/src/guides/model';
import { startTestApp, type TestApp } from '../support/app';
import { parallel } from '../support/http';
import { consoleCall, consoleSignIn, insertBooking, type ConsoleJar } from '../support/console';

let app: TestApp;
let storeA = '';
let storeB = '';
let admin: Awaited<ReturnType<TestApp['login']>>;
let jar: ConsoleJar;
let m: ReturnType<typeof guideModels>;
type Login = Awaited<ReturnType<TestApp['login']>>;
const guides: Record<string, { login: Login; code: string; id: string }> = {};

async function makeGuide(name: string, storeId: string) {
  const login = await app.login();
  await app.setRoles(login.member.id, ['member', 'staff'], storeId);
  const r = await consoleCall(app, jar, 'POST', '/api/console/guides', { body: { memberId: login.member.id } });
  expect(r.status).toBe(201);
  guides[name] = { login: await app.login(login.openid), code: r.body.code, id: r.body.memberId };
  return guides[name]!;
}
const bindCode = (token: string, code: string) => app.call('POST', '/api/guides/bind', { token, body: { code } });
const bindingOf = (memberId: string) => m.Binding.findById(new Types.ObjectId(memberId)).lean();
const perf = (g: { login: Login }) => app.call('GET', '/api/staff/guide/performance', { token: g.login.accessToken });
/** After the clock travels: fresh tokens for the guides and the admin, and a new console session. */
async function relogin() {
  await Promise.all(Object.values(guides).map(async (g) => (g.login = await app.login(g.login.openid))));
  admin = await app.login(admin.openid);
  jar = await consoleSignIn(app, admin.accessToken);
}
const putSettings = (body: unknown) => consoleCall(app, jar, 'PUT', '/api/console/guide-settings', { body });

beforeAll(async () => {
  app = await startTestApp();
  m = guideModels(app.conn);
  storeA = String(
    (
      await app.services.stores.upsert({
        code: 'G1',
        name: '徐汇店',
        city: '上海',
        address: 'a',
        phone: '1',
        location: { lat: 31, lng: 121 },
      })
    )._id,
  );
  storeB = String(
    (
      await app.services.stores.upsert({
        code: 'G2',
        name: '浦东店',
        city: '上海',
        address: 'b',
        phone: '2',
        location: { lat: 31, lng: 121 },
      })
    )._id,
  );
  admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  jar = await consoleSignIn(app, (await app.login(admin.openid)).accessToken);
  await makeGuide('a1', storeA);
  await makeGuide('a2', storeA);
  await makeGuide('b1', storeB);
});
afterAll(async () => {
  await app.close();
});

describe('the guide role', () => {
  test('only staff become guides; a clerk who is not a guide has no workspace', async () => {
    const shopper = await app.login();
    expect(
      (await consoleCall(app, jar, 'POST', '/api/console/guides', { body: { memberId: shopper.member.id } })).body.code,
    ).toBe('GUIDE_NOT_STAFF');
    const clerk = await app.login();
    await app.setRoles(clerk.member.id, ['member', 'staff'], storeA);
    expect((await app.call('GET', '/api/staff/guide/me', { token: (await app.login(clerk.openid)).accessToken })).body.code).toBe(
      'GUIDE_NOT_GUIDE',
    );
    const me = await app.call('GET', '/api/staff/guide/me', { token: guides.a1!.login.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      code: guides.a1!.code,
      storeName: '徐汇店',
      sharePath: `/pages/index/index?guide=${guides.a1!.code}`,
      status: 'active',
    });
  });

  test('the poster code carries scene g=CODE and is made once', async () => {
    // The simulator draws the QR code with a 3 s client timeout: on a loaded machine the first draw may time out (502), a retry then works.
    let a = await app.call('GET', '/api/staff/guide/poster-code', { token: guides.a1!.login.accessToken });
    if (a.status === 502) a = await app.call('GET', '/api/staff/guide/poster-code', { token: guides.a1!.login.accessToken });
    expect(a.status).toBe(200);
    expect(a.body.scene).toBe(`g=${guides.a1!.code}`);
    const b = await app.call('GET', '/api/staff/guide/poster-code', { token: guides.a1!.login.accessToken });
    expect(b.body.pngBase64).toBe(a.body.pngBase64);
  });
});

describe('binding', () => {
  test('open a code → bound once; again → already yours; another guide → taken; own code → self; unknown → unknown', async () => {
    const s = await app.login();
    const first = await bindCode(s.accessToken, guides.a1!.code);
    expect(first.body).toEqual({ bound: true, reason: 'bound', guide: { nickname: expect.any(String), storeName: '徐汇店' } });
    expect((await bindCode(s.accessToken, guides.a1!.code)).body).toMatchObject({ bound: false, reason: 'already_yours' });
    expect((await bindCode(s.accessToken, guides.b1!.code)).body).toEqual({ bound: false, reason: 'taken', guide: null });
    expect((await bindCode(guides.a2!.login.accessToken, guides.a2!.code)).body).toMatchObject({ bound: false, reason: 'self' });
    expect((await bindCode(s.accessToken, 'G22222')).body).toMatchObject({ bound: false, reason: 'unknown' });
    expect((await bindCode(s.accessToken, 'nope')).body.code).toBe('VALIDATION_FAILED');
    expect((await app.call('GET', '/api/guides/mine', { token: s.accessToken })).body.guide).toMatchObject({
      code: guides.a1!.code,
      storeName: '徐汇店',
    });
    const events = await m.Event.find({ memberId: new Types.ObjectId(s.member.id) }).lean();
    expect(events.map((e) => [e.seq, String(e.guideId), e.source])).toEqual([[1, guides.a1!.id, 'code']]);
    expect((await bindingOf(s.member.id))!.logged).toBe(true);
  });

  test('two guides scanning the same new shopper at once: exactly one wins, one history entry, one new binding counted', async () => {
    const before = (await perf(guides.a1!)).body.newBindings + (await perf(guides.a2!)).body.newBindings;
    for (let round = 0; round < 3; round++) {
      const s = await app.login();
      const results = await parallel(12, (i) => bindCode(s.accessToken, i % 2 ? guides.a1!.code : guides.a2!.code));
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(results.filter((r) => r.body.bound)).toHaveLength(1);
      const winner = results.find((r) => r.body.bound)!;
      const b = (await bindingOf(s.member.id))!;
      expect(b.seq).toBe(1);
      const loserCode = String(b.guideId) === guides.a1!.id ? guides.a2!.code : guides.a1!.code;
      expect(
        results.filter((r) => !r.body.bound).every((r) => r.body.reason === 'already_yours' || r.body.reason === 'taken'),
      ).toBe(true);
      expect(winner.body.reason).toBe('bound');
      expect((await bindCode(s.accessToken, loserCode)).body.reason).toBe('taken');
      expect(await m.Event.countDocuments({ memberId: new Types.ObjectId(s.member.id) })).toBe(1);
    }
    const after = (await perf(guides.a1!)).body.newBindings + (await perf(guides.a2!)).body.newBindings;
    expect(after - before).toBe(3);
  });

  test('protected for N days: another guide binds only after it lapsed; permanent: never', async () => {
    expect((await putSettings({ mode: 'protected', protectDays: 2 })).body).toEqual({ mode: 'protected', protectDays: 2 });
    const s = await app.login();
    expect((await bindCode(s.accessToken, guides.a1!.code)).body.reason).toBe('bound');
    expect((await bindCode(s.accessToken, guides.b1!.code)).body.reason).toBe('taken');
    app.clock.travel(3 * 86400_000);
    const s2 = await app.login(s.openid);
    await relogin();
    const lostBefore = (await perf(guides.a1!)).body.lostBindings;
    expect((await bindCode(s2.accessToken, guides.b1!.code)).body).toMatchObject({
      bound: true,
      reason: 'bound',
      guide: { storeName: '浦东店' },
    });
    const b = (await bindingOf(s.member.id))!;
    expect([b.seq, String(b.guideId), String(b.fromGuideId)]).toEqual([2, guides.b1!.id, guides.a1!.id]);
    expect((await perf(guides.a1!)).body.lostBindings).toBe(lostBefore + 1);
    // Back to permanent: even a lapsed protection no longer lets another guide bind.
    await putSettings({ mode: 'permanent', protectDays: 2 });
    const s3 = await app.login();
    expect((await bindCode(s3.accessToken, guides.a2!.code)).body.reason).toBe('bound');
    app.clock.travel(10 * 86400_000);
    await relogin();
    expect((await bindCode((await app.login(s3.openid)).accessToken, guides.a1!.code)).body.reason).toBe('taken');
    expect((await putSettings({ mode: 'sometimes', protectDays: 2 })).body.code).toBe('VALIDATION_FAILED');
  });

  test("a guide's check-in binds the unbound member; a clerk's does not", async () => {
    const s = await app.login();
    const bookingId = await insertBooking(app, {
      memberId: s.member.id,
      storeId: storeA,
      start: new Date(app.clock.now().getTime() + 3600_000),
    });
    const r = await app.call('POST', `/api/staff/bookings/${bookingId}/check-in`, { token: guides.a2!.login.accessToken });
    expect(r.body.state).toBe('attended');
    const b = (await bindingOf(s.member.id))!;
    expect([String(b.guideId), b.source]).toEqual([guides.a2!.id, 'checkin']);
    const t = await app.login();
    const clerk = await app.login();
    await app.setRoles(clerk.member.id, ['member', 'staff'], storeA);
    const other = await insertBooking(app, {
      memberId: t.member.id,
      storeId: storeA,
      start: new Date(app.clock.now().getTime() + 3600_000),
    });
    expect(
      (await app.call('POST', `/api/staff/bookings/${other}/check-in`, { token: (await app.login(clerk.openid)).accessToken }))
        .body.state,
    ).toBe('attended');
    expect(await bindingOf(t.member.id)).toBeNull();
  });
});

describe('attribution', () => {
  async function tillOrder(guide: { login: Login }, shopper: Login, billFen: number) {
    const code = await app.services.membership.currentCode(shopper.member.id);
    const memberToken = (
      await app.call('POST', '/api/staff/member-code/resolve', { token: guide.login.accessToken, body: { code } })
    ).body.memberToken;
    const r = await app.call('POST', '/api/staff/till/orders', {
      token: guide.login.accessToken,
      body: { storeId: storeA, clientKey: randomUUID(), memberToken, billFen, couponId: null, points: 0, settlement: 'other' },
    });
    expect(r.status).toBe(201);
    return r.body.order;
  }
  const refund = (orderId: string, body: Record<string, unknown>) =>
    app.call('POST', `/api/staff/orders/${orderId}/refunds`, {
      token: admin.accessToken,
      body: { refundKey: randomUUID(), reason: '顾客退货', ...body },
    });

  test("a guide's till order binds and is credited; refunds reverse the credit in proportion, exactly once", async () => {
    const s = await app.login();
    const before = (await perf(guides.a1!)).body;
    const order = await tillOrder(guides.a1!, s, 10001);
    expect(order.state).toBe('paid');
    expect(String((await bindingOf(s.member.id))!.guideId)).toBe(guides.a1!.id);
    const credit = (await m.Credit.findById(order.id).lean())!;
    expect([String(credit.guideId), credit.cashFen]).toEqual([guides.a1!.id, 10001]);
    const mid = (await perf(guides.a1!)).body;
    expect([mid.orders - before.orders, mid.salesFen - before.salesFen, mid.newBindings - before.newBindings]).toEqual([
      1, 10001, 1,
    ]);
    // Re-running the paid steps changes nothing.
    await app.services.orders.applyPaidSteps(new Types.ObjectId(order.id));
    await app.services.guides.transfers.runOpen();
    expect((await perf(guides.a1!)).body.salesFen).toBe(mid.salesFen);
    const key = randomUUID();
    expect((await refund(order.id, { amountFen: 3333, refundKey: key })).status).toBe(201);
    expect((await refund(order.id, { amountFen: 3333, refundKey: key })).status).toBe(201); // the same key: one refund
    const after1 = (await perf(guides.a1!)).body;
    expect([after1.refunds - before.refunds, after1.refundFen - before.refundFen]).toEqual([1, 3333]);
    expect((await refund(order.id, { full: true })).status).toBe(201);
    const done = (await perf(guides.a1!)).body;
    expect(done.refundFen - before.refundFen).toBe(10001);
    expect(done.netSalesFen - before.netSalesFen).toBe(0);
    expect((await m.Credit.findById(order.id).lean())!.reversedFen).toBe(10001);
  });

  test('an order is credited to the guide at payment time, a later transfer does not move it; no guide → no credit', async () => {
    const s = await app.login();
    await bindCode(s.accessToken, guides.b1!.code);
    const order = await tillOrder(guides.a2!, s, 5000); // rung up by another guide: the member stays b1's
    expect(String((await m.Credit.findById(order.id).lean())!.guideId)).toBe(guides.b1!.id);
    const lone = await app.login();
    const clerk = await app.login();
    await app.setRoles(clerk.member.id, ['member', 'staff'], storeA);
    const c = { login: await app.login(clerk.openid) };
    const o2 = await tillOrder(c, lone, 2000);
    expect(await m.Credit.findById(o2.id).lean()).toBeNull();
  });
});

describe('handoff', () => {
  test('spread over the store: a crash mid-way, then the job resumes; everyone moved once, the report is exact', async () => {
    const leaving = await makeGuide('leaving', storeA);
    const shoppers = await Promise.all(Array.from({ length: 9 }, () => app.login()));
    for (const s of shoppers) expect((await bindCode(s.accessToken, leaving.code)).body.reason).toBe('bound');
    let moves = 0;
    app.services.guides.transfers.setBeforeMove(() => {
      if (++moves === 4) throw new Error('crash');
    });
    const t = await consoleCall(app, jar, 'POST', '/api/console/guide-transfers', {
      body: { fromGuideId: leaving.id, spreadStoreId: storeA, deactivate: true },
    });
    expect(t.status).toBe(201);
    expect(t.body.targets.map((x: { guideId: string }) => x.guideId).sort()).toEqual([guides.a1!.id, guides.a2!.id].sort());
    await app.services.scheduler.runDue();
    expect((await consoleCall(app, jar, 'GET', `/api/console/guide-transfers/${t.body.id}`)).body.state).toBe('running');
    expect(await m.Binding.countDocuments({ guideId: new Types.ObjectId(leaving.id) })).toBe(6);
    app.services.guides.transfers.setBeforeMove(null);
    await Promise.all([app.services.guides.transfers.runOpen(), app.services.guides.transfers.runOpen()]);
    const report = (await consoleCall(app, jar, 'GET', `/api/console/guide-transfers/${t.body.id}`)).body;
    expect(report).toMatchObject({ state: 'done', moved: 9 });
    expect(report.targets.reduce((sum: number, x: { moved: number }) => sum + x.moved, 0)).toBe(9);
    expect(await m.Binding.countDocuments({ guideId: new Types.ObjectId(leaving.id) })).toBe(0);
    for (const s of shoppers) {
      const events = await m.Event.find({ memberId: new Types.ObjectId(s.member.id) })
        .sort({ seq: 1 })
        .lean();
      expect(events.map((e) => e.source)).toEqual(['code', 'transfer']);
    }
    // The guide left: their code binds no one, their workspace is closed.
    expect((await bindCode((await app.login()).accessToken, leaving.code)).body.reason).toBe('unknown');
    expect((await app.call('GET', '/api/staff/guide/me', { token: leaving.login.accessToken })).body.code).toBe(
      'GUIDE_NOT_GUIDE',
    );
    const list = (await consoleCall(app, jar, 'GET', `/api/console/guides?storeId=${storeA}`)).body.items;
    expect(list.find((g: { memberId: string }) => g.memberId === leaving.id).performance).toMatchObject({
      customers: 0,
      lostBindings: 9,
    });
  });

  test('to one guide; invalid targets refused', async () => {
    const g = await makeGuide('mover', storeB);
    const s = await app.login();
    await bindCode(s.accessToken, g.code);
    expect(
      (await consoleCall(app, jar, 'POST', '/api/console/guide-transfers', { body: { fromGuideId: g.id, toGuideId: g.id } })).body
        .code,
    ).toBe('GUIDE_TRANSFER_INVALID');
    const t = await consoleCall(app, jar, 'POST', '/api/console/guide-transfers', {
      body: { fromGuideId: g.id, toGuideId: guides.b1!.id },
    });
    await app.services.scheduler.runDue();
    expect((await consoleCall(app, jar, 'GET', `/api/console/guide-transfers/${t.body.id}`)).body).toMatchObject({
      state: 'done',
      moved: 1,
      targets: [{ guideId: guides.b1!.id, moved: 1 }],
    });
    expect(String((await bindingOf(s.member.id))!.guideId)).toBe(guides.b1!.id);
  });
});
