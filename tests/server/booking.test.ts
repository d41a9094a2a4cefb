/**
 * Store booking against the real engine: capacity under concurrency, one
 * booking per member per slot, the active-booking limit, atomic reschedule,
 * cut-off, deposits (paid, unpaid, refunded, kept), check-in with points,
 * no-shows, reminders once each, and store scope for staff.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { addDays, shanghaiDay, shanghaiInstant } from '@homeclub/shared';
import { bookingModel, seatModel } from '../../server/src/booking/model';
import { memberModel } from '../../server/src/members/model';
import { startTestApp, type TestApp } from '../support/app';
import { http, parallel } from '../support/http';

let app: TestApp;
let storeA = '';
let storeB = '';
let admin: Awaited<ReturnType<TestApp['login']>>;
let clerkA: Awaited<ReturnType<TestApp['login']>>;
let clerkB: Awaited<ReturnType<TestApp['login']>>;
let design = ''; // capacity 3, no deposit, 50 attend points
let visit = ''; // capacity 1
let measure = '';
let deposit = ''; // ¥50 deposit, kept on no-show
let day = ''; // the day after "today" (Shanghai)

const at = (date: string, hhmm: string) => shanghaiInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))).toISOString();

async function relogin() {
  const again = async (who: typeof admin) => app.login((await app.services.members.get(who.member.id))!.openid);
  [admin, clerkA, clerkB] = [await again(admin), await again(clerkA), await again(clerkB)];
}

beforeAll(async () => {
  app = await startTestApp();
  // "Now" = 08:00 in Shanghai, so the day's slots are all ahead.
  const today = shanghaiDay(app.clock.now());
  app.clock.travel(Date.parse(at(addDays(today, 1), '08:00')) - app.clock.now().getTime());
  day = addDays(shanghaiDay(app.clock.now()), 1);
  storeA = String((await app.services.stores.upsert({ code: 'B1', name: '徐汇店', city: '上海', address: '漕溪北路 1 号', phone: '1', location: { lat: 31, lng: 121 } }))._id);
  storeB = String((await app.services.stores.upsert({ code: 'B2', name: '浦东店', city: '上海', address: '世纪大道 2 号', phone: '2', location: { lat: 31, lng: 121 } }))._id);
  admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  clerkA = await app.login();
  await app.setRoles(clerkA.member.id, ['member', 'staff'], storeA);
  clerkB = await app.login();
  await app.setRoles(clerkB.member.id, ['member', 'staff'], storeB);
  const hours = Array.from({ length: 7 }, () => [{ open: '10:00', close: '12:00' }, { open: '13:00', close: '21:00' }]);
  const profile = await app.call('PUT', `/api/admin/stores/${storeA}/profile`, { token: admin.accessToken, body: { hours, closedDates: [addDays(day, 2)], serviceArea: { cities: ['上海'], districts: ['徐汇区', '闵行区'] } } });
  expect(profile.status).toBe(200);
  const put = async (storeId: string, kind: string, body: Record<string, unknown>) => {
    const r = await app.call('PUT', `/api/admin/stores/${storeId}/services/${kind}`, { token: admin.accessToken, body: { durationMin: 60, intervalMin: 60, horizonDays: 14, leadMinutes: 60, cutoffMinutes: 120, depositFen: 0, ...body } });
    expect(r.status).toBe(200);
    return r.body.id as string;
  };
  design = await put(storeA, 'design', { capacity: 3, attendPoints: 50 });
  visit = await put(storeA, 'visit', { capacity: 1 });
  measure = await put(storeA, 'measure', { capacity: 2, durationMin: 120, intervalMin: 120 });
  deposit = await put(storeB, 'design', { capacity: 2, depositFen: 5000, keepDepositOnNoShow: true });
});
afterAll(async () => {
  await app.close();
});

const book = (token: string, body: Record<string, unknown>) =>
  app.call('POST', '/api/bookings', { token, body: { name: '王女士', phone: '13800138000', clientKey: randomUUID(), ...body } });

async function seatsOf(serviceId: string, start: string) {
  return seatModel(app.conn).countDocuments({ serviceId: new Types.ObjectId(serviceId), start: new Date(start) });
}

test('store detail and slots: hours with a lunch break, closed date, places left', async () => {
  const detail = await app.call('GET', `/api/stores/${storeA}`);
  expect(detail.status).toBe(200);
  expect(detail.body.services.map((s: { kind: string }) => s.kind).sort()).toEqual(['design', 'measure', 'visit']);
  const slots = await app.call('GET', `/api/booking/services/${design}/slots?date=${day}`);
  expect(slots.body.slots.map((s: { label: string }) => s.label)).toEqual(['10:00', '11:00', '13:00', '14:00', '15:00', '16:00', '17:00', '18:00', '19:00', '20:00']);
  expect(slots.body.slots[0]).toMatchObject({ capacity: 3, remaining: 3 });
  expect(slots.body.dates).not.toContain(addDays(day, 2));
  expect((await app.call('GET', `/api/booking/services/${design}/slots?date=${addDays(day, 2)}`)).body.slots).toEqual([]);
  expect((await app.call('GET', `/api/booking/services/${design}/slots?date=2026-99-01`)).body.code).toBe('VALIDATION_FAILED');
});

test('100 concurrent shoppers on a slot of capacity 3: exactly 3 booked, the rest told it is full', async () => {
  const shoppers = await Promise.all(Array.from({ length: 100 }, () => app.login()));
  const start = at(day, '14:00');
  const results = await parallel(100, (i) => book(shoppers[i].accessToken, { serviceId: design, start }));
  expect(results.filter((r) => r.status === 201)).toHaveLength(3);
  expect(results.filter((r) => r.status !== 201).every((r) => r.body.code === 'BOOKING_SLOT_FULL')).toBe(true);
  expect(await seatsOf(design, start)).toBe(3);
  expect(await bookingModel(app.conn).countDocuments({ serviceId: new Types.ObjectId(design), start: new Date(start), state: 'booked' })).toBe(3);
  const slots = await app.call('GET', `/api/booking/services/${design}/slots?date=${day}`);
  expect(slots.body.slots.find((s: { label: string }) => s.label === '14:00').remaining).toBe(0);
});

test('the same member: one booking per slot (double tap or not), at most 3 active bookings', async () => {
  const s = await app.login();
  const start = at(day, '15:00');
  const clientKey = randomUUID();
  const same = await parallel(5, () => book(s.accessToken, { serviceId: design, start, clientKey }));
  expect(new Set(same.map((r) => r.body.booking?.id)).size).toBe(1);
  const other = await parallel(5, () => book(s.accessToken, { serviceId: design, start }));
  expect(other.every((r) => r.body.code === 'BOOKING_DUPLICATE')).toBe(true);
  expect(await seatsOf(design, start)).toBe(1);
  expect((await book(s.accessToken, { serviceId: design, start: at(day, '16:00') })).status).toBe(201);
  expect((await book(s.accessToken, { serviceId: visit, start: at(day, '16:00') })).status).toBe(201);
  const fourth = await book(s.accessToken, { serviceId: design, start: at(day, '17:00') });
  expect(fourth.body.code).toBe('BOOKING_LIMIT');
  expect(await seatsOf(design, at(day, '17:00'))).toBe(0); // the refused booking gave its seat back
  // Cancelling one frees a place in the limit.
  await app.call('POST', `/api/bookings/${same[0].body.booking.id}/cancel`, { token: s.accessToken });
  expect((await book(s.accessToken, { serviceId: design, start: at(day, '17:00') })).status).toBe(201);
});

test('a slot must be a real one: not in the past, not inside the lead time, not off the grid, not on a closed day', async () => {
  const s = await app.login();
  const today = shanghaiDay(app.clock.now());
  expect((await book(s.accessToken, { serviceId: design, start: at(today, '08:00') })).body.code).toBe('BOOKING_SLOT_NOT_AVAILABLE'); // now: before opening
  expect((await book(s.accessToken, { serviceId: design, start: at(day, '14:30') })).body.code).toBe('BOOKING_SLOT_NOT_AVAILABLE');
  expect((await book(s.accessToken, { serviceId: design, start: at(day, '12:00') })).body.code).toBe('BOOKING_SLOT_NOT_AVAILABLE'); // lunch
  expect((await book(s.accessToken, { serviceId: design, start: at(addDays(day, 2), '14:00') })).body.code).toBe('BOOKING_SLOT_NOT_AVAILABLE'); // closed
  expect((await book(s.accessToken, { serviceId: design, start: at(addDays(day, 20), '14:00') })).body.code).toBe('BOOKING_SLOT_NOT_AVAILABLE'); // horizon
  expect((await book(s.accessToken, { serviceId: design, start: at(day, '14:00'), phone: '123' })).body.code).toBe('VALIDATION_FAILED');
  expect((await book(s.accessToken, { serviceId: '0'.repeat(24), start: at(day, '14:00') })).body.code).toBe('BOOKING_SERVICE_NOT_FOUND');
});

test('上门量尺 needs an address inside the store’s service area', async () => {
  const s = await app.login();
  const start = at(day, '13:00');
  expect((await book(s.accessToken, { serviceId: measure, start })).body.code).toBe('BOOKING_ADDRESS_REQUIRED');
  expect((await book(s.accessToken, { serviceId: measure, start, address: { city: '上海', district: '浦东新区', detail: '张江路 88 号' } })).body.code).toBe('BOOKING_OUTSIDE_AREA');
  expect((await book(s.accessToken, { serviceId: measure, start, address: { city: '苏州', district: '徐汇区', detail: '某路 1 号' } })).body.code).toBe('BOOKING_OUTSIDE_AREA');
  const ok = await book(s.accessToken, { serviceId: measure, start, address: { city: '上海', district: '徐汇区', detail: '漕溪北路 88 弄 3 号 501' } });
  expect(ok.status).toBe(201);
  expect(ok.body.booking).toMatchObject({ kind: 'measure', address: { district: '徐汇区' }, state: 'booked' });
  expect(ok.body.booking.code).toMatch(/^\d{10}$/);
});

test('reschedule under concurrency: never double-booked, the seat never lost', async () => {
  // visit has capacity 1: X holds 18:00, Y and Z race X for 19:00 while X moves there 5 times at once.
  const [x, y, z] = await Promise.all([app.login(), app.login(), app.login()]);
  const a = at(day, '18:00');
  const b = at(day, '19:00');
  const mine = (await book(x.accessToken, { serviceId: visit, start: a })).body.booking;
  const results = await Promise.all([
    ...Array.from({ length: 5 }, () => app.call('POST', `/api/bookings/${mine.id}/reschedule`, { token: x.accessToken, body: { start: b } })),
    book(y.accessToken, { serviceId: visit, start: b }),
    book(z.accessToken, { serviceId: visit, start: b }),
  ]);
  expect(await seatsOf(visit, b)).toBe(1);
  const holders = await bookingModel(app.conn).find({ serviceId: new Types.ObjectId(visit), start: new Date(b), state: 'booked' }).lean();
  expect(holders).toHaveLength(1);
  const xMoved = results.slice(0, 5).some((r) => r.status === 200 && r.body.start === b);
  const xNow = (await bookingModel(app.conn).findById(mine.id).lean())!;
  expect(await seatModel(app.conn).countDocuments({ bookingId: xNow._id })).toBe(1); // exactly one seat, the one it points at
  expect(await seatModel(app.conn).countDocuments({ _id: xNow.seatId, bookingId: xNow._id })).toBe(1);
  if (xMoved) {
    expect(xNow.start.toISOString()).toBe(b);
    expect(await seatsOf(visit, a)).toBe(0); // the old place is free again
  } else {
    expect(xNow.start.toISOString()).toBe(a);
    expect(results.slice(0, 5).every((r) => r.body.code === 'BOOKING_SLOT_FULL')).toBe(true);
  }
  // A full target: nothing changes.
  const w = await app.login();
  const wb = (await book(w.accessToken, { serviceId: visit, start: at(day, '20:00') })).body.booking;
  const full = await app.call('POST', `/api/bookings/${wb.id}/reschedule`, { token: w.accessToken, body: { start: b } });
  expect(full.body.code).toBe('BOOKING_SLOT_FULL');
  expect((await bookingModel(app.conn).findById(wb.id).lean())!.start.toISOString()).toBe(at(day, '20:00'));
  expect(await seatsOf(visit, at(day, '20:00'))).toBe(1);
});

test('cut-off: no change within 2 hours of the start; another member cannot touch my booking', async () => {
  const s = await app.login();
  const today = shanghaiDay(app.clock.now());
  const soon = (await book(s.accessToken, { serviceId: design, start: at(today, '10:00') })).body.booking; // now 08:00: inside the cut-off already
  expect(soon.canChange).toBe(false);
  expect((await app.call('POST', `/api/bookings/${soon.id}/cancel`, { token: s.accessToken })).body.code).toBe('BOOKING_CUTOFF');
  expect((await app.call('POST', `/api/bookings/${soon.id}/reschedule`, { token: s.accessToken, body: { start: at(day, '10:00') } })).body.code).toBe('BOOKING_CUTOFF');
  const stranger = await app.login();
  expect((await app.call('POST', `/api/bookings/${soon.id}/cancel`, { token: stranger.accessToken })).body.code).toBe('BOOKING_NOT_FOUND');
  expect((await app.call('GET', `/api/bookings/${soon.id}`, { token: stranger.accessToken })).status).toBe(404);
  const later = (await book(s.accessToken, { serviceId: design, start: at(day, '11:00') })).body.booking;
  const cancelled = await app.call('POST', `/api/bookings/${later.id}/cancel`, { token: s.accessToken });
  expect(cancelled.body).toMatchObject({ state: 'cancelled', canChange: false });
  expect(await seatsOf(design, at(day, '11:00'))).toBe(0);
  expect((await app.call('POST', `/api/bookings/${later.id}/cancel`, { token: s.accessToken })).body.code).toBe('BOOKING_NOT_ACTIVE');
});

describe('deposits', () => {
  const payDeposit = async (outTradeNo: string) => {
    await http(app.sim.payUrl, 'POST', '/control/pay', { body: { out_trade_no: outTradeNo, action: 'confirm' } });
    await app.sim.pay.whenIdle();
  };
  const intentOf = async (bookingId: string) => (await bookingModel(app.conn).findById(bookingId).lean())!.outTradeNo!;

  test('paid → booked; cancelled in time → refunded', async () => {
    const s = await app.login();
    const r = await book(s.accessToken, { serviceId: deposit, start: at(day, '14:00') });
    expect(r.body.booking).toMatchObject({ state: 'pending_payment', depositFen: 5000, depositState: 'unpaid' });
    expect(r.body.requestPayment.package).toMatch(/^prepay_id=/);
    await payDeposit(await intentOf(r.body.booking.id));
    expect((await app.call('GET', `/api/bookings/${r.body.booking.id}`, { token: s.accessToken })).body).toMatchObject({ state: 'booked', depositState: 'paid' });
    const c = await app.call('POST', `/api/bookings/${r.body.booking.id}/cancel`, { token: s.accessToken });
    expect(c.body).toMatchObject({ state: 'cancelled' });
    await app.sim.pay.settleRefunds();
    await app.sim.pay.whenIdle();
    expect((await app.call('GET', `/api/bookings/${r.body.booking.id}`, { token: s.accessToken })).body.depositState).toBe('refunded');
    const refunds = (await http(app.sim.payUrl, 'GET', `/control/refunds?out_trade_no=${await intentOf(r.body.booking.id)}`)).body.items;
    expect(refunds).toHaveLength(1);
  });

  test('unpaid for 15 minutes → expired, the place released, the payment closed', async () => {
    const s = await app.login();
    const r = await book(s.accessToken, { serviceId: deposit, start: at(day, '15:00') });
    expect(await seatsOf(deposit, at(day, '15:00'))).toBe(1);
    app.clock.travel(16 * 60_000);
    expect(await app.services.booking.expireUnpaid()).toBeGreaterThanOrEqual(1);
    expect((await bookingModel(app.conn).findById(r.body.booking.id).lean())!.state).toBe('expired');
    expect(await seatsOf(deposit, at(day, '15:00'))).toBe(0);
    await relogin();
  });

  test('attended → deposit refunded and points awarded once; a no-show keeps the deposit and is counted once', async () => {
    const s = await app.login();
    const t = await app.login();
    const a = (await book(s.accessToken, { serviceId: deposit, start: at(day, '16:00') })).body.booking;
    const b = (await book(t.accessToken, { serviceId: deposit, start: at(day, '16:00') })).body.booking;
    await payDeposit(await intentOf(a.id));
    await payDeposit(await intentOf(b.id));
    // The day of the visit, 16:05.
    app.clock.travel(Date.parse(at(day, '16:05')) - app.clock.now().getTime());
    await relogin();
    const codeA = (await bookingModel(app.conn).findById(a.id).lean())!.code;
    expect((await app.call('POST', '/api/staff/bookings/check-in', { token: clerkA.accessToken, body: { code: codeA } })).body.code).toBe('STORE_SCOPE');
    const first = await app.call('POST', '/api/staff/bookings/check-in', { token: clerkB.accessToken, body: { code: codeA } });
    expect(first.body).toMatchObject({ state: 'attended', depositState: 'refunding' });
    const again = await app.call('POST', '/api/staff/bookings/check-in', { token: clerkB.accessToken, body: { code: codeA } });
    expect(again.body.state).toBe('attended');
    await app.sim.pay.settleRefunds();
    await app.sim.pay.whenIdle();
    expect((await bookingModel(app.conn).findById(a.id).lean())!.depositState).toBe('refunded');
    // t never comes: the slot ends 17:00, + 30 min grace.
    app.clock.travel(Date.parse(at(day, '17:31')) - app.clock.now().getTime());
    expect(await app.services.booking.markNoShows()).toBeGreaterThanOrEqual(1);
    expect(await app.services.booking.markNoShows()).toBe(0);
    await app.services.booking.finishSteps();
    const nb = (await bookingModel(app.conn).findById(b.id).lean())!;
    expect(nb).toMatchObject({ state: 'no_show', depositState: 'kept' });
    expect((await memberModel(app.conn).findById(t.member.id).lean())!.noShows).toBe(1);
    await relogin();
  });
});

describe('check-in, points and no-shows', () => {
  test('staff check in by code or phone on the day; points once; store B’s clerk sees nothing of store A', async () => {
    const s = await app.login();
    const today = shanghaiDay(app.clock.now());
    const slots = (await app.call('GET', `/api/booking/services/${design}/slots?date=${addDays(today, 1)}`)).body.slots;
    const b = (await book(s.accessToken, { serviceId: design, start: slots[0].start, phone: '13912345678' })).body.booking;
    expect((await app.call('POST', `/api/staff/bookings/${b.id}/check-in`, { token: clerkA.accessToken })).body.code).toBe('BOOKING_CHECKIN_NOT_TODAY');
    app.clock.travel(Date.parse(slots[0].start) - app.clock.now().getTime());
    await relogin();
    const list = await app.call('GET', '/api/staff/bookings', { token: clerkA.accessToken });
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(b.id);
    expect((await app.call('GET', '/api/staff/bookings', { token: clerkB.accessToken })).body.items.map((x: { id: string }) => x.id)).not.toContain(b.id);
    expect((await app.call('GET', `/api/staff/bookings?storeId=${storeA}`, { token: clerkB.accessToken })).body.code).toBe('STORE_SCOPE');
    expect((await app.call('POST', `/api/staff/bookings/${b.id}/check-in`, { token: clerkB.accessToken })).body.code).toBe('STORE_SCOPE');
    const byPhone = await app.call('GET', '/api/staff/bookings?phone=13912345678', { token: clerkA.accessToken });
    expect(byPhone.body.items.map((x: { id: string }) => x.id)).toEqual([b.id]);
    const before = (await app.services.points.summary(s.member.id)).balance;
    const results = await parallel(5, () => app.call('POST', `/api/staff/bookings/${b.id}/check-in`, { token: clerkA.accessToken }));
    expect(results.every((r) => r.body.state === 'attended')).toBe(true);
    expect((await app.services.points.summary(s.member.id)).balance).toBe(before + 50);
    const shopper = await app.login((await app.services.members.get(s.member.id))!.openid);
    const mine = await app.call('GET', `/api/bookings/${b.id}`, { token: shopper.accessToken });
    expect(mine.body).toMatchObject({ state: 'attended', pointsAwarded: 50 });
    expect((await app.call('GET', '/api/staff/bookings', { token: shopper.accessToken })).status).toBe(403);
  });

  test('a clerk marks a no-show only after the start', async () => {
    const s = await app.login();
    const today = shanghaiDay(app.clock.now());
    const slots = (await app.call('GET', `/api/booking/services/${visit}/slots?date=${addDays(today, 2)}`)).body.slots;
    expect(slots.length).toBeGreaterThan(0);
    const b = (await book(s.accessToken, { serviceId: visit, start: slots[slots.length - 1].start })).body.booking;
    expect((await app.call('POST', `/api/staff/bookings/${b.id}/no-show`, { token: clerkA.accessToken })).body.code).toBe('BOOKING_NOT_STARTED');
    app.clock.travel(Date.parse(slots[slots.length - 1].start) + 60_000 - app.clock.now().getTime());
    await relogin();
    const r = await app.call('POST', `/api/staff/bookings/${b.id}/no-show`, { token: clerkA.accessToken });
    expect(r.body).toMatchObject({ state: 'no_show', noShowCount: 1 });
    expect((await app.call('POST', `/api/staff/bookings/${b.id}/check-in`, { token: clerkA.accessToken })).body.code).toBe('BOOKING_NOT_ACTIVE');
  });
});

test('capacity lowered by an admin: existing bookings stay, no new one beyond the new capacity', async () => {
  const target = addDays(shanghaiDay(app.clock.now()), 5);
  const svc = await app.call('PUT', `/api/admin/stores/${storeB}/services/visit`, { token: admin.accessToken, body: { durationMin: 60, intervalMin: 60, horizonDays: 14, leadMinutes: 0, cutoffMinutes: 0, depositFen: 0, capacity: 4 } });
  const slot = (await app.call('GET', `/api/booking/services/${svc.body.id}/slots?date=${target}`)).body.slots[0];
  for (let i = 0; i < 3; i++) expect((await book((await app.login()).accessToken, { serviceId: svc.body.id, start: slot.start })).status).toBe(201);
  await app.call('PUT', `/api/admin/stores/${storeB}/services/visit`, { token: admin.accessToken, body: { durationMin: 60, intervalMin: 60, horizonDays: 14, leadMinutes: 0, cutoffMinutes: 0, depositFen: 0, capacity: 2 } });
  expect((await book((await app.login()).accessToken, { serviceId: svc.body.id, start: slot.start })).body.code).toBe('BOOKING_SLOT_FULL');
  expect(await seatsOf(svc.body.id, slot.start)).toBe(3);
  expect((await app.call('GET', `/api/booking/services/${svc.body.id}/slots?date=${target}`)).body.slots[0].remaining).toBe(0);
});

test('reminders: confirmation, the day before at 18:00 and 2 h before, each once; no consent → none, nothing fails', async () => {
  const [yes, no] = await Promise.all([app.login(), app.login()]);
  const openid = async (id: string) => (await app.services.members.get(id))!.openid;
  await http(app.sim.url, 'POST', '/control/subscribe', { body: { openid: await openid(yes.member.id), templateIds: ['TPL_BOOKING_CONFIRM', 'TPL_BOOKING_REMINDER'], times: 2 } });
  const target = addDays(shanghaiDay(app.clock.now()), 3);
  const slot = (await app.call('GET', `/api/booking/services/${design}/slots?date=${target}`)).body.slots[3];
  const a = (await book(yes.accessToken, { serviceId: design, start: slot.start, reminderConsent: true })).body.booking;
  await book(no.accessToken, { serviceId: design, start: slot.start, reminderConsent: false });
  const messages = async (id: string) => (await http(app.sim.url, 'GET', `/control/messages?openid=${await openid(id)}`)).body.items as { templateId: string; data: Record<string, { value: string }> }[];
  expect((await messages(yes.member.id)).map((m) => m.templateId)).toEqual(['TPL_BOOKING_CONFIRM']);
  await app.services.booking.sendReminders();
  expect(await messages(yes.member.id)).toHaveLength(1);
  // The day before at 18:00, then 2 h before: one each, however often the job runs.
  app.clock.travel(Date.parse(shanghaiInstant(addDays(target, -1), 18 * 60).toISOString()) - app.clock.now().getTime());
  await app.services.booking.sendReminders();
  await app.services.booking.sendReminders();
  expect((await messages(yes.member.id)).map((m) => m.templateId)).toEqual(['TPL_BOOKING_CONFIRM', 'TPL_BOOKING_REMINDER']);
  app.clock.travel(Date.parse(slot.start) - 2 * 3600_000 - app.clock.now().getTime());
  await Promise.all([app.services.booking.sendReminders(), app.services.booking.sendReminders()]);
  const all = await messages(yes.member.id);
  expect(all).toHaveLength(3);
  expect(all[2].data.character_string4.value).toBe(a.code);
  expect(await messages(no.member.id)).toEqual([]);
  const states = (await bookingModel(app.conn).findById(a.id).lean())!.reminders.map((r) => `${r.kind}:${r.state}`);
  expect(states).toEqual(['confirm:sent', 'dayBefore:sent', 'twoHours:sent']);
  await relogin();
});

test('orphan seats left by a crash are released by the repair job; live ones are kept', async () => {
  const s = await app.login();
  const target = addDays(shanghaiDay(app.clock.now()), 4);
  const slot = (await app.call('GET', `/api/booking/services/${visit}/slots?date=${target}`)).body.slots[0];
  const live = (await book(s.accessToken, { serviceId: visit, start: slot.start })).body.booking;
  // A crash after taking a seat, before the booking was written:
  const ghost = new Types.ObjectId();
  const slot2 = (await app.call('GET', `/api/booking/services/${visit}/slots?date=${target}`)).body.slots[1];
  await seatModel(app.conn).create({ _id: `${visit}@${slot2.start}#0`, slotId: `${visit}@${slot2.start}`, serviceId: new Types.ObjectId(visit), start: new Date(slot2.start), bookingId: ghost, createdAt: app.clock.now() });
  expect((await book(s.accessToken, { serviceId: visit, start: slot2.start })).body.code).toBe('BOOKING_SLOT_FULL');
  app.clock.travel(2 * 60_000);
  expect(await app.services.booking.repairSeats()).toBe(1);
  expect(await seatsOf(visit, slot.start)).toBe(1);
  expect((await bookingModel(app.conn).findById(live.id).lean())!.state).toBe('booked');
  await relogin();
  const s2 = await app.login();
  expect((await book(s2.accessToken, { serviceId: visit, start: slot2.start })).status).toBe(201);
});
