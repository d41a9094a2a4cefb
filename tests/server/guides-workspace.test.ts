/**
 * The guide workspace against the real engine: 我的客户 with the job's summary,
 * the customer page (history, notes, credited orders), follow-up tasks generated
 * once per occasion, done / snooze, and a transferred customer's open task
 * following them to the new guide.
 */
import { Types } from 'mongoose';
import { memberModel } from '../../server/src/members/model';
import { guideModels } from '../../server/src/guides/model';
import { startTestApp, type TestApp } from '../support/app';
import { consoleCall, consoleSignIn, insertBooking, type ConsoleJar } from '../support/console';

let app: TestApp;
let storeId = '';
let jar: ConsoleJar;
type Login = Awaited<ReturnType<TestApp['login']>>;
const g: { token: string; id: string; code: string; openid: string }[] = [];
let shopper: Login;

beforeAll(async () => {
  app = await startTestApp();
  storeId = String(
    (
      await app.services.stores.upsert({
        code: 'W1',
        name: '徐汇店',
        city: '上海',
        address: 'a',
        phone: '1',
        location: { lat: 31, lng: 121 },
      })
    )._id,
  );
  const admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  jar = await consoleSignIn(app, (await app.login(admin.openid)).accessToken);
  for (let i = 0; i < 2; i++) {
    const s = await app.login();
    await app.setRoles(s.member.id, ['member', 'staff'], storeId);
    const r = await consoleCall(app, jar, 'POST', '/api/console/guides', { body: { memberId: s.member.id } });
    g.push({ token: (await app.login(s.openid)).accessToken, id: s.member.id, code: r.body.code, openid: s.openid });
  }
  shopper = await app.login();
  const month = new Date(app.clock.now().getTime() + 8 * 3600_000).toISOString().slice(5, 7);
  await memberModel(app.conn).updateOne(
    { _id: shopper.member.id },
    { $set: { phone: '13800001111', birthday: `1992-${month}-03`, nickname: '林悦' } },
  );
  await app.call('POST', '/api/guides/bind', { token: shopper.accessToken, body: { code: g[0]!.code } });
});
afterAll(async () => {
  await app.close();
});

test('tasks: booking tomorrow and birthday, generated once however often the job runs; the list shows the summary', async () => {
  const tomorrow = new Date(app.clock.now().getTime() + 86400_000);
  await insertBooking(app, { memberId: shopper.member.id, storeId, start: tomorrow });
  expect(await app.services.guides.workspace.generate()).toBe(2);
  expect(await app.services.guides.workspace.generate()).toBe(0);
  const tasks = (await app.call('GET', '/api/staff/guide/tasks', { token: g[0]!.token })).body.items;
  expect(tasks.map((t: { rule: string }) => t.rule).sort()).toEqual(['birthday', 'booking_tomorrow']);
  expect(tasks.find((t: { rule: string }) => t.rule === 'birthday').title).toBe('林悦 本月生日，送上祝福');
  const list = (await app.call('GET', '/api/staff/guide/customers', { token: g[0]!.token })).body.items;
  expect(list).toEqual([
    expect.objectContaining({
      memberId: shopper.member.id,
      nickname: '林悦',
      phoneMasked: '138****1111',
      birthdayThisMonth: true,
      nextBookingAt: tomorrow.toISOString(),
      openTasks: 2,
      source: 'code',
    }),
  ]);
});

test('done and snooze: a snoozed task comes back when its time has come', async () => {
  const tasks = (await app.call('GET', '/api/staff/guide/tasks', { token: g[0]!.token })).body.items;
  const birthday = tasks.find((t: { rule: string }) => t.rule === 'birthday');
  const booking = tasks.find((t: { rule: string }) => t.rule === 'booking_tomorrow');
  expect((await app.call('POST', `/api/staff/guide/tasks/${birthday.id}/done`, { token: g[0]!.token })).body.state).toBe('done');
  const snoozed = await app.call('POST', `/api/staff/guide/tasks/${booking.id}/snooze`, {
    token: g[0]!.token,
    body: { days: 1 },
  });
  expect(snoozed.body.state).toBe('snoozed');
  expect((await app.call('GET', '/api/staff/guide/tasks', { token: g[0]!.token })).body.items).toEqual([]);
  expect(
    (await app.call('POST', `/api/staff/guide/tasks/${booking.id}/snooze`, { token: g[0]!.token, body: { days: 0 } })).body.code,
  ).toBe('VALIDATION_FAILED');
  // The job does not bring back a done task.
  await app.services.guides.workspace.generate();
  app.clock.travel(86400_000 + 60_000);
  const token = (await app.login(g[0]!.openid)).accessToken;
  g[0]!.token = token;
  expect(
    (await app.call('GET', '/api/staff/guide/tasks', { token })).body.items.map((t: { id: string; state: string }) => [
      t.id,
      t.state,
    ]),
  ).toEqual([[booking.id, 'open']]);
});

test('customer page: history, notes; after a transfer the open task and the page belong to the new guide', async () => {
  const note = await app.call('POST', `/api/staff/guide/customers/${shopper.member.id}/notes`, {
    token: g[0]!.token,
    body: { text: '客厅 30 平，想看布艺沙发' },
  });
  expect(note.status).toBe(201);
  const page = (await app.call('GET', `/api/staff/guide/customers/${shopper.member.id}`, { token: g[0]!.token })).body;
  expect(page.history).toEqual([expect.objectContaining({ seq: 1, source: 'code', fromGuideNickname: null })]);
  expect(page.notes.map((n: { text: string }) => n.text)).toEqual(['客厅 30 平，想看布艺沙发']);
  jar = await consoleSignIn(
    app,
    (
      await app.login(
        (await app.services.members.get(String((await memberModel(app.conn).findOne({ roles: 'admin' }).lean())!._id)))!.openid,
      )
    ).accessToken,
  );
  const t = await consoleCall(app, jar, 'POST', '/api/console/guide-transfers', {
    body: { fromGuideId: g[0]!.id, toGuideId: g[1]!.id },
  });
  expect(t.status).toBe(201);
  await app.services.scheduler.runDue();
  g[1]!.token = (await app.login(g[1]!.openid)).accessToken;
  expect((await app.call('GET', `/api/staff/guide/customers/${shopper.member.id}`, { token: g[0]!.token })).body.code).toBe(
    'GUIDE_CUSTOMER_NOT_YOURS',
  );
  const after = (await app.call('GET', `/api/staff/guide/customers/${shopper.member.id}`, { token: g[1]!.token })).body;
  expect(after.history.map((h: { source: string }) => h.source)).toEqual(['transfer', 'code']);
  expect(after.notes).toHaveLength(1);
  await app.services.guides.workspace.generate();
  const tasks = (await app.call('GET', '/api/staff/guide/tasks', { token: g[1]!.token })).body.items;
  expect(tasks.map((x: { rule: string }) => x.rule)).toEqual(['booking_tomorrow']);
  expect(await guideModels(app.conn).Task.countDocuments({ memberId: new Types.ObjectId(shopper.member.id) })).toBe(2);
});
