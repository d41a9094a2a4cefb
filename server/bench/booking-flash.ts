/**
 * Benchmark (not a test): a booking flash — N concurrent shoppers booking
 * one store service whose S slots hold C places each (defaults 500 shoppers,
 * 20 slots × 5 = 100 places), over real HTTP against the running server.
 * Each shopper picks a slot at random (seeded, so every run and the baseline
 * make the same first picks) and POSTs /api/bookings; on BOOKING_SLOT_FULL it
 * re-reads the slot list (GET /api/booking/services/:id/slots, as the
 * mini-program does) and tries a slot with places left, until it books or the
 * list shows none anywhere (sold out). Because nobody gives up while a place
 * is listed, and nothing in this run releases a seat, the flash must end with
 * exactly min(shoppers, slots × capacity) bookings: that is checked, with the
 * per-slot invariants read from the database (seats ≤ capacity and == booked
 * bookings, every booking's seat exists and points back to it, no member
 * twice in a slot, the HTTP answers agree with the database).
 * Prints bookings/s, p50/p99 of each POST and of each shopper's whole flash
 * (retries included), the outcome breakdown by error code, and the database
 * commands one POST costs. Baseline in the same run: the raw MongoDB driver
 * (the app's own connection) doing the same writes — seat inserts `slot#0…`
 * until one succeeds, then the booking insert (a clone of a real booking,
 * with the same unique keys) — into twins of the two collections with the
 * same indexes and starting data, the same slot picks, the same re-read of
 * the seats of the day on a full slot, and the same concurrency.
 * The stack is the tests' one (tests/support/app.ts: the app on an ephemeral
 * port, the WeChat simulators on another), all in this process with the
 * shoppers' HTTP clients, so the event loop is shared. Machines here are
 * shared and noisy: read the ratios, not the absolute rates.
 *   npx tsx server/bench/booking-flash.ts [shoppers=500] [slots=20] [capacity=5]
 * Uses MONGODB_URI when set, else starts the embedded engine in memory.
 * BENCH_SEED changes the slot picks (default 1).
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { CommandStartedEvent, Document } from 'mongodb';
import { addDays, shanghaiDay, shanghaiInstant, type BookingView, type SlotsResponse } from '@homeclub/shared';
import { startEngine } from '../src/platform/db/engine';
import { bookingModel, type BookingDoc } from '../src/booking/model';
import { startTestApp, type TestApp } from '../../tests/support/app';
import { benchUri, detail, fmt, label, pct, rate } from './support';
import { commandOf } from '../src/platform/db/commands';
import { bump, flash, lat, type BenchSlot, type Shopper, type Stats } from './booking-flash-run';
import { createRawBookings } from './booking-flash-raw';
import { bookingChecks } from './booking-flash-checks';

const SHOPPERS = Number(process.argv[2] ?? 500);
const SLOTS = Number(process.argv[3] ?? 20);
const CAPACITY = Number(process.argv[4] ?? 5);
const SEED = Number(process.env.BENCH_SEED ?? 1);
/** opening hours 10:00–20:00 every day, 30-minute slots: 20 a day */
const OPEN_MIN = 10 * 60;
const CLOSE_MIN = 20 * 60;
const SLOT_MIN = 30;
const SLOTS_PER_DAY = (CLOSE_MIN - OPEN_MIN) / SLOT_MIN;
const DAYS = Math.ceil(SLOTS / SLOTS_PER_DAY);
/** a shopper stops before this many POSTs even if places are still listed (then the total check fails) */
const MAX_TRIES = SLOTS * CAPACITY + 2;
const FLASH = { seed: SEED, maxTries: MAX_TRIES };
if (!(
  Number.isInteger(SHOPPERS) &&
  SHOPPERS > 0 &&
  Number.isInteger(SLOTS) &&
  SLOTS > 0 &&
  DAYS <= 60 &&
  Number.isInteger(CAPACITY) &&
  CAPACITY >= 1 &&
  CAPACITY <= 100 &&
  Number.isInteger(SEED)
)) {
  console.error(
    `usage: npx tsx server/bench/booking-flash.ts [shoppers=500] [slots=20 (≤ ${60 * SLOTS_PER_DAY})] [capacity=5 (1–100)]`,
  );
  process.exit(2);
}

(async () => {
  const dbName = `bench_booking_${Date.now()}`;
  const engine = await startEngine({ uri: process.env.MONGODB_URI, dbName, skipMongod: true });
  console.log(`engine: ${engine.description}`);
  let app: TestApp | null = null;
  let exitCode = 0;
  try {
    app = await startTestApp({ dbUri: benchUri(engine.uri, dbName), dropOnClose: false });
    const a = app;
    const counting = { on: false, counts: new Map<string, number>() };
    a.conn.getClient().on('commandStarted', (e: CommandStartedEvent) => {
      if (!counting.on) return;
      const { kind, coll } = commandOf(e);
      bump(counting.counts, kind === 'other' ? kind : `${kind} ${coll}`);
    });

    // ---- the clock: 08:00 in Shanghai, the flash books the next day(s), so every slot is ahead ----
    const at = (date: string, min: number) => shanghaiInstant(date, min);
    a.clock.travel(at(addDays(shanghaiDay(a.clock.now()), 1), 8 * 60).getTime() - a.clock.now().getTime());
    const firstDay = addDays(shanghaiDay(a.clock.now()), 1);
    const dates = Array.from({ length: DAYS }, (_, d) => addDays(firstDay, d));

    // ---- seed: a store with hours, the services (admin API), shoppers logged in ----
    const storeId = String(
      (
        await a.services.stores.upsert({
          code: 'B1',
          name: '徐汇店',
          city: '上海',
          address: '漕溪北路 1 号',
          phone: '1',
          location: { lat: 31, lng: 121 },
        })
      )._id,
    );
    const admin = await a.login();
    await a.setRoles(admin.member.id, ['member', 'admin']);
    const adminToken = (await a.login(admin.openid)).accessToken;
    const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
    const hours = Array.from({ length: 7 }, () => [{ open: hhmm(OPEN_MIN), close: hhmm(CLOSE_MIN) }]);
    const profile = await a.call('PUT', `/api/admin/stores/${storeId}/profile`, { token: adminToken, body: { hours } });
    if (profile.status !== 200) throw new Error(`store profile: ${label(profile)} ${detail(profile)}`);
    const putService = async (kind: string, body: Record<string, unknown>) => {
      const r = await a.call<{ id: string }>('PUT', `/api/admin/stores/${storeId}/services/${kind}`, {
        token: adminToken,
        body: { durationMin: SLOT_MIN, intervalMin: SLOT_MIN, horizonDays: DAYS + 2, leadMinutes: 60, depositFen: 0, ...body },
      });
      if (r.status !== 200) throw new Error(`service ${kind}: ${label(r)} ${detail(r)}`);
      return r.body.id;
    };
    const serviceId = await putService('design', { capacity: CAPACITY, cutoffMinutes: 120 });
    // The warm-up books another service (cut-off 0, so its bookings can be cancelled right after).
    const warmServiceId = await putService('visit', { capacity: CAPACITY, cutoffMinutes: 0 });

    const listSlots = async (sid: string, date: string) => {
      const r = await a.call<SlotsResponse>('GET', `/api/booking/services/${sid}/slots?date=${date}`);
      if (r.status !== 200) throw new Error(`slots ${date}: ${label(r)} ${detail(r)}`);
      return r.body.slots;
    };
    const benchSlots = async (sid: string): Promise<BenchSlot[]> => {
      const out: BenchSlot[] = [];
      for (const date of dates) out.push(...(await listSlots(sid, date)).map((s) => ({ start: s.start, date })));
      return out.slice(0, SLOTS);
    };
    const slots = await benchSlots(serviceId);
    const warmSlots = await benchSlots(warmServiceId);
    if (slots.length !== SLOTS || warmSlots.length !== SLOTS)
      throw new Error(`only ${slots.length} bookable slots listed over ${DAYS} day(s), ${SLOTS} wanted`);
    const benchStarts = new Set(slots.map((s) => s.start));

    const shoppers: Shopper[] = [];
    for (let i = 0; i < SHOPPERS; i += 25)
      shoppers.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(25, SHOPPERS - i) }, async () => {
            const s = await a.login();
            return { memberId: String(s.member.id), token: s.accessToken };
          }),
        )),
      );
    console.log(
      `seeded: store hours ${hhmm(OPEN_MIN)}–${hhmm(CLOSE_MIN)}, ${SLOTS} slots of ${SLOT_MIN} min over ${DAYS} day(s) from ${firstDay} (clock at 08:00 the day before), capacity ${CAPACITY}, ${SHOPPERS} shoppers logged in`,
    );

    // ---- ours: POST /api/bookings over HTTP ----
    const httpBook =
      (sid: string) =>
      async (s: Shopper, slot: BenchSlot): Promise<{ status: number; code: string; detail?: string }> => {
        const r = await a.call<{ booking: BookingView; code?: string }>('POST', '/api/bookings', {
          token: s.token,
          body: { serviceId: sid, start: slot.start, name: '王女士', phone: '13800138000', clientKey: randomUUID() },
        });
        return { status: r.status, code: r.status === 201 ? '' : (r.body?.code ?? ''), detail: detail(r) };
      };
    const httpListing = (sid: string) => async (date: string) =>
      (await listSlots(sid, date))
        .filter((s) => s.remaining > 0 && benchStarts.has(s.start))
        .map((s) => ({ start: s.start, date }));

    // Warm-up (not measured): the same flash on the other service, then its bookings cancelled so
    // every shopper again holds no active booking (the per-member limit starts from zero).
    const warm = await flash(warmSlots, shoppers, httpBook(warmServiceId), async (date) =>
      (await listSlots(warmServiceId, date))
        .filter((s) => s.remaining > 0 && warmSlots.some((w) => w.start === s.start))
        .map((s) => ({ start: s.start, date })),
      FLASH,
    );
    const unexpected = (st: Stats) => [...st.outcomes.keys()].filter((k) => k !== '201' && k !== '409 BOOKING_SLOT_FULL');
    if (unexpected(warm).length)
      console.log(`warm-up answers: ${[...warm.outcomes.entries()].map(([k, v]) => `${k} ×${v}`).join(', ')}`);
    const Booking = bookingModel(a.conn);
    const warmBooked = await Booking.find(
      { serviceId: new Types.ObjectId(warmServiceId), state: 'booked' },
      { memberId: 1 },
    ).lean<BookingDoc[]>();
    const tokenOf = new Map(shoppers.map((s) => [s.memberId, s.token]));
    for (let i = 0; i < warmBooked.length; i += 25)
      await Promise.all(
        warmBooked.slice(i, i + 25).map(async (b) => {
          const r = await a.call('POST', `/api/bookings/${b._id}/cancel`, { token: tokenOf.get(String(b.memberId)) });
          if (r.status !== 200) throw new Error(`warm-up cancel: ${label(r)} ${detail(r)}`);
        }),
      );

    // What the two collections hold when the measured run begins: the baseline starts from the same.
    const snapshot = new Map<string, Document[]>();
    for (const coll of ['booking_seats', 'bookings']) snapshot.set(coll, await a.conn.db!.collection(coll).find().toArray());

    counting.on = true;
    const ours = await flash(slots, shoppers, httpBook(serviceId), httpListing(serviceId), FLASH);
    counting.on = false;
    const oursCounts = new Map(counting.counts);

    // ---- baseline: the raw driver, the same writes, the same picks, the same concurrency (booking-flash-raw.ts) ----
    const template = await Booking.findOne({ serviceId: new Types.ObjectId(serviceId) }).lean<BookingDoc>();
    if (!template) throw new Error('no booking made: nothing to clone for the baseline');
    const raw = await createRawBookings({ db: a.conn.db!, template, serviceId, slots, capacity: CAPACITY, slotMinutes: SLOT_MIN, snapshot });
    async function runRaw(count = false): Promise<{ st: Stats; counts: Map<string, number> }> {
      await raw.reset();
      counting.counts = new Map();
      counting.on = count;
      const st = await flash(slots, shoppers, raw.book, raw.listing, FLASH);
      counting.on = false;
      return { st, counts: counting.counts };
    }
    await runRaw(); // warm-up
    const { st: rawA, counts: rawCounts } = await runRaw(true);
    const { st: rawB } = await runRaw();
    const rawBest = rawA.seconds <= rawB.seconds ? rawA : rawB;

    // ---- invariants, from the database (booking-flash-checks.ts) ----
    const expected = Math.min(SHOPPERS, SLOTS * CAPACITY);
    const listed = (await Promise.all(dates.map((d) => listSlots(serviceId, d))))
      .flat()
      .filter((s) => benchStarts.has(s.start))
      .reduce((n, s) => n + s.remaining, 0);
    const checks = await bookingChecks({ conn: a.conn, serviceId, slots, capacity: CAPACITY, expected, oursBooked: ours.booked, listed, raw: { booked: rawBest.booked, ...(await raw.stored()) } });

    // ---- report ----
    console.log(
      `\nbooking flash: ${SHOPPERS} concurrent shoppers, ${SLOTS} slots × capacity ${CAPACITY} = ${SLOTS * CAPACITY} places, seed ${SEED} (after a warm-up flash on another service)`,
    );
    const report = (name: string, st: Stats) => {
      console.log(
        `  ${name.padEnd(4)} ${rate(st.booked / st.seconds)} bookings/s (${st.booked} booked over ${fmt(st.seconds, 2)} s, sold out after ${fmt(st.soldOutSeconds, 2)} s), ${rate(st.posts / st.seconds)} attempts/s (${st.posts} attempts, ${st.rereads} slot-list re-reads)`,
      );
      console.log(`    per attempt       ${lat(st.attempt)}`);
      console.log(`      booked          ${lat(st.attemptBooked)}`);
      console.log(`      full            ${lat(st.attemptFull)}`);
      console.log(`    per shopper       ${lat(st.shopper)}   (first POST → booked / sold out, retries included)`);
    };
    report('ours', ours);
    console.log(
      `    answers: ${[...ours.outcomes.entries()]
        .sort((x, y) => y[1] - x[1])
        .map(([k, v]) => `${k || '?'} ×${v}`)
        .join(', ')}`,
    );
    for (const [k, v] of ours.examples) console.log(`      e.g. ${k}: ${v}`);
    const finalOrder = (k: string) => [
      k.startsWith('booked') ? 0 : k.startsWith('sold') ? 1 : 2,
      Number(/\d+/.exec(k)?.[0] ?? 0),
    ];
    console.log(
      `    shoppers: ${[...ours.finals.entries()]
        .sort(([x], [y]) => finalOrder(x)[0] - finalOrder(y)[0] || finalOrder(x)[1] - finalOrder(y)[1])
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ')}`,
    );
    const perPost = (counts: Map<string, number>, posts: number) => {
      const total = [...counts.entries()].filter(([k]) => k !== 'other').reduce((t, [, v]) => t + v, 0);
      return `${fmt(total / Math.max(1, posts))} = ${[...counts.entries()]
        .filter(([k]) => k !== 'other')
        .sort((x, y) => y[1] - x[1])
        .map(([k, v]) => `${k} ${fmt(v / Math.max(1, posts), 2)}`)
        .join(', ')}`;
    };
    console.log(`    database commands per attempt (slot-list re-reads included): ${perPost(oursCounts, ours.posts)}`);
    report('raw', rawBest);
    console.log(
      `    best of 2 (${rate(rawA.booked / rawA.seconds)}, ${rate(rawB.booked / rawB.seconds)} bookings/s); answers: ${[...rawBest.outcomes.entries()].map(([k, v]) => `${k} ×${v}`).join(', ')}`,
    );
    console.log(`    database commands per attempt: ${perPost(rawCounts, rawA.posts)}`);
    console.log(
      `  ratio ours/raw: throughput ${fmt(ours.booked / ours.seconds / (rawBest.booked / rawBest.seconds), 3)}, per attempt p50 ${fmt(pct(ours.attempt, 50) / pct(rawBest.attempt, 50), 2)}× p99 ${fmt(pct(ours.attempt, 99) / pct(rawBest.attempt, 99), 2)}×, per shopper p50 ${fmt(pct(ours.shopper, 50) / pct(rawBest.shopper, 50), 2)}× p99 ${fmt(pct(ours.shopper, 99) / pct(rawBest.shopper, 99), 2)}×`,
    );

    for (const [name, ok, info] of checks) console.log(`  invariant ${name}: ${ok ? 'OK' : 'VIOLATED'} — ${info}`);
    if (!checks.every(([, ok]) => ok) || unexpected(ours).length > 0) exitCode = 1;
    await a.conn.dropDatabase();
  } catch (err) {
    console.error(err);
    exitCode = 1;
  } finally {
    await app?.close();
    await engine.stop();
  }
  process.exit(exitCode);
})();
