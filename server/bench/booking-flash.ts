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
import type { CommandStartedEvent, Document, IndexSpecification } from 'mongodb';
import { addDays, shanghaiDay, shanghaiInstant, type BookingView, type SlotsResponse } from '@homeclub/shared';
import { startEngine } from '../src/platform/db/engine';
import { bookingModel, seatModel, slotIdOf, ACTIVE_STATES, type BookingDoc, type SeatDoc } from '../src/booking/model';
import { startTestApp, type TestApp } from '../../tests/support/app';
import { benchUri, detail, fmt, label, ms, pct, rate } from './support';

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

interface Shopper {
  memberId: string;
  token: string;
}
interface BenchSlot {
  start: string;
  date: string;
}
type Final = 'booked' | 'sold out' | 'gave up' | 'error';

interface Stats {
  /** every POST /api/bookings (or raw attempt) */
  attempt: number[];
  attemptBooked: number[];
  attemptFull: number[];
  /** each shopper's whole flash: first POST → booked / sold out (re-reads and retries included) */
  shopper: number[];
  /** per POST: `${status} ${code}` */
  outcomes: Map<string, number>;
  /** per shopper: the final outcome and how many POSTs it took */
  finals: Map<string, number>;
  /** the first message seen for each unexpected answer */
  examples: Map<string, string>;
  booked: number;
  posts: number;
  rereads: number;
  seconds: number;
  /** from the start until the last booking was made */
  soldOutSeconds: number;
}
const newStats = (): Stats => ({
  attempt: [],
  attemptBooked: [],
  attemptFull: [],
  shopper: [],
  outcomes: new Map(),
  finals: new Map(),
  examples: new Map(),
  booked: 0,
  posts: 0,
  rereads: 0,
  seconds: 0,
  soldOutSeconds: 0,
});
const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
const lat = (xs: number[]) =>
  `p50 ${fmt(pct(xs, 50)).padStart(7)} ms   p99 ${fmt(pct(xs, 99)).padStart(7)} ms   (n=${xs.length})`;

/** mulberry32: a small seeded PRNG, one stream per shopper so picks do not depend on the interleaving. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const shopperSeed = (i: number) => (SEED * 0x9e3779b1 + i * 0x85ebca77) >>> 0;

/** Commands that are database work (not handshakes, heartbeats or session bookkeeping). */
const WORK = new Set(['insert', 'update', 'findAndModify', 'find', 'getMore', 'aggregate', 'count', 'distinct', 'delete']);

/**
 * One flash: every shopper at once. `book` makes one attempt (201 → booked);
 * `listing` is what a shopper re-reads after a full slot: the bench slots of
 * that date with places left. Both ours (HTTP) and the baseline (raw driver)
 * run through this, so the picks and the retry policy are the same.
 */
async function flash(
  slots: BenchSlot[],
  shoppers: Shopper[],
  book: (s: Shopper, slot: BenchSlot) => Promise<{ status: number; code: string; detail?: string }>,
  listing: (date: string) => Promise<BenchSlot[]>,
): Promise<Stats> {
  const st = newStats();
  const dates = [...new Set(slots.map((s) => s.date))];
  const t0 = process.hrtime.bigint();
  await Promise.all(
    shoppers.map(async (s, i) => {
      const random = rng(shopperSeed(i));
      let slot: BenchSlot | undefined = slots[Math.floor(random() * slots.length)];
      const home = slot.date; // the day the shopper is looking at: re-read first
      const t1 = process.hrtime.bigint();
      let final: Final = 'gave up';
      let posts = 0;
      while (slot && posts < MAX_TRIES) {
        const t2 = process.hrtime.bigint();
        let r: { status: number; code: string; detail?: string };
        try {
          r = await book(s, slot);
        } catch (err) {
          r = { status: 0, code: 'THROWN', detail: (err as Error).message };
        }
        const took = ms(t2);
        posts += 1;
        st.posts += 1;
        st.attempt.push(took);
        const key = `${r.status} ${r.code}`.trim();
        bump(st.outcomes, key);
        if (r.status === 201) {
          st.attemptBooked.push(took);
          st.booked += 1;
          st.soldOutSeconds = Math.max(st.soldOutSeconds, ms(t0) / 1000);
          final = 'booked';
          break;
        }
        if (r.code !== 'BOOKING_SLOT_FULL') {
          if (!st.examples.has(key) && r.detail) st.examples.set(key, r.detail);
          final = 'error';
          break;
        }
        st.attemptFull.push(took);
        // Full: re-read the list (that date first, then the others) and pick a slot with places left.
        slot = undefined;
        for (const date of [home, ...dates.filter((d) => d !== home)]) {
          st.rereads += 1;
          const open = await listing(date);
          if (open.length) {
            slot = open[Math.floor(random() * open.length)];
            break;
          }
        }
        if (!slot) final = 'sold out';
      }
      st.shopper.push(ms(t1));
      bump(st.finals, final === 'booked' ? `booked at POST #${posts}` : `${final} after ${posts} POST${posts > 1 ? 's' : ''}`);
    }),
  );
  st.seconds = ms(t0) / 1000;
  return st;
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
      const name = WORK.has(e.commandName) ? e.commandName : 'other';
      const v: unknown = e.command[e.commandName];
      const coll = typeof v === 'string' ? v : String(e.command.collection ?? '?');
      bump(counting.counts, name === 'other' ? name : `${name} ${coll}`);
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
    );
    const unexpected = (st: Stats) => [...st.outcomes.keys()].filter((k) => k !== '201' && k !== '409 BOOKING_SLOT_FULL');
    if (unexpected(warm).length)
      console.log(`warm-up answers: ${[...warm.outcomes.entries()].map(([k, v]) => `${k} ×${v}`).join(', ')}`);
    const Booking = bookingModel(a.conn);
    const Seat = seatModel(a.conn);
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
    const ours = await flash(slots, shoppers, httpBook(serviceId), httpListing(serviceId));
    counting.on = false;
    const oursCounts = new Map(counting.counts);

    // ---- baseline: the raw driver, the same writes, the same picks, the same concurrency ----
    // Twins `raw_booking_seats` / `raw_bookings` with the real collections' indexes, reset
    // before each run to what the real ones held when our measured run began. One attempt is
    //   seat insert `${slotId}#0`, `#1`, … until one succeeds (a duplicate key → the next one);
    //   then the booking insert: a clone of a real booking (fresh _id, code, clientKey, the
    //   shopper's memberId, the slot, seat, memberSlot and quotaKey), so the five unique /
    //   sparse indexes and the others cost the same.
    // A full slot answers 409 BOOKING_SLOT_FULL and the shopper re-reads the seats of that date
    // (the query the slot list makes). Not done by the baseline: the HTTP, auth, validation, our
    // reads before the insert (clientKey lookup, service, store, settings, member-slot check),
    // the seat-holder read after each duplicate key, the reminder job the create route runs.
    const db = a.conn.db!;
    const twin = (coll: string) => db.collection(`raw_${coll}`);
    for (const coll of ['booking_seats', 'bookings']) {
      await twin(coll)
        .drop()
        .catch(() => undefined);
      await db.createCollection(`raw_${coll}`);
      for (const ix of await db.collection(coll).indexes()) {
        if (ix.name === '_id_') continue;
        await twin(coll).createIndex(ix.key as IndexSpecification, {
          name: ix.name,
          ...(ix.unique ? { unique: true } : {}),
          ...(ix.sparse ? { sparse: true } : {}),
          ...(ix.partialFilterExpression ? { partialFilterExpression: ix.partialFilterExpression } : {}),
        });
      }
    }
    const template = await Booking.findOne({ serviceId: new Types.ObjectId(serviceId) }).lean<BookingDoc>();
    if (!template) throw new Error('no booking made: nothing to clone for the baseline');
    const service = { _id: new Types.ObjectId(serviceId) };
    const dayRange = (date: string) => {
      const ofDay = slots.filter((s) => s.date === date).map((s) => new Date(s.start));
      return { $gte: ofDay[0], $lte: ofDay[ofDay.length - 1] };
    };
    const seatTwin = db.collection<SeatDoc>('raw_booking_seats');
    let rawSeq = 0;
    const rawBook = async (s: Shopper, slot: BenchSlot) => {
      const start = new Date(slot.start);
      const slotId = slotIdOf(service._id, start);
      const bookingId = new Types.ObjectId();
      let seatId: string | null = null;
      for (let n = 0; n < CAPACITY && !seatId; n++) {
        try {
          await seatTwin.insertOne({
            _id: `${slotId}#${n}`,
            slotId,
            serviceId: service._id,
            start,
            bookingId,
            createdAt: new Date(),
          });
          seatId = `${slotId}#${n}`;
        } catch (err) {
          if ((err as { code?: number }).code !== 11000) throw err;
        }
      }
      if (!seatId) return { status: 409, code: 'BOOKING_SLOT_FULL' };
      rawSeq += 1;
      await twin('bookings').insertOne({
        ...template,
        _id: bookingId,
        code: String(9_000_000_000 + rawSeq),
        memberId: new Types.ObjectId(s.memberId),
        clientKey: randomUUID(),
        slotId,
        seatId,
        start,
        end: new Date(start.getTime() + SLOT_MIN * 60_000),
        memberSlot: `${s.memberId}|${slotId}`,
        quotaKey: `${s.memberId}|0`,
        createdAt: new Date(),
      });
      return { status: 201, code: '' };
    };
    const rawListing = async (date: string) => {
      const seats = await twin('booking_seats')
        .find({ serviceId: service._id, start: dayRange(date) }, { projection: { start: 1 } })
        .toArray();
      const taken = new Map<string, number>();
      for (const x of seats) bump(taken, (x.start as Date).toISOString());
      return slots.filter((s) => s.date === date && (taken.get(s.start) ?? 0) < CAPACITY);
    };
    async function runRaw(count = false): Promise<{ st: Stats; counts: Map<string, number> }> {
      for (const coll of ['booking_seats', 'bookings']) {
        await twin(coll).deleteMany({});
        const docs = snapshot.get(coll) ?? [];
        if (docs.length) await twin(coll).insertMany(docs.map((d) => ({ ...d })));
      }
      counting.counts = new Map();
      counting.on = count;
      const st = await flash(slots, shoppers, rawBook, rawListing);
      counting.on = false;
      return { st, counts: counting.counts };
    }
    await runRaw(); // warm-up
    const { st: rawA, counts: rawCounts } = await runRaw(true);
    const { st: rawB } = await runRaw();
    const rawBest = rawA.seconds <= rawB.seconds ? rawA : rawB;

    // ---- invariants, from the database ----
    const sid = new Types.ObjectId(serviceId);
    const seats = await Seat.find({ serviceId: sid }).lean<SeatDoc[]>();
    const bookings = await Booking.find({ serviceId: sid }).lean<BookingDoc[]>();
    const booked = bookings.filter((b) => b.state === 'booked');
    const bySlot = new Map<string, { seats: number; booked: number }>();
    for (const s of slots) bySlot.set(slotIdOf(sid, new Date(s.start)), { seats: 0, booked: 0 });
    const offGrid: string[] = [];
    for (const s of seats) {
      const e = bySlot.get(s.slotId);
      if (e) e.seats += 1;
      else offGrid.push(s._id);
    }
    for (const b of booked) {
      const e = bySlot.get(b.slotId);
      if (e) e.booked += 1;
      else offGrid.push(String(b._id));
    }
    const overCapacity = [...bySlot.entries()].filter(([, v]) => v.seats > CAPACITY);
    const seatsNeBooked = [...bySlot.entries()].filter(([, v]) => v.seats !== v.booked);
    const badSeatNumber = seats.filter((s) => {
      const [slotId, n] = s._id.split('#');
      return slotId !== s.slotId || !(Number(n) >= 0 && Number(n) < CAPACITY) || !Number.isInteger(Number(n));
    });
    const seatById = new Map(seats.map((s) => [s._id, s]));
    const bookingById = new Map(bookings.map((b) => [String(b._id), b]));
    const seatMissing = booked.filter((b) => {
      const s = seatById.get(b.seatId);
      return !s || String(s.bookingId) !== String(b._id) || s.slotId !== b.slotId;
    });
    const orphanSeats = seats.filter((s) => {
      const b = bookingById.get(String(s.bookingId));
      return !b || b.state !== 'booked' || b.seatId !== s._id;
    });
    const twice = await Booking.aggregate<{ _id: { memberId: Types.ObjectId; slotId: string }; n: number }>([
      { $match: { serviceId: sid, state: { $in: ACTIVE_STATES } } },
      { $group: { _id: { memberId: '$memberId', slotId: '$slotId' }, n: { $sum: 1 } } },
      { $match: { n: { $gt: 1 } } },
    ]);
    const perMember = new Map<string, number>();
    for (const b of bookings) bump(perMember, String(b.memberId));
    const memberTwice = [...perMember.values()].filter((n) => n > 1).length;
    const notBooked = bookings.filter((b) => b.state !== 'booked');
    const expected = Math.min(SHOPPERS, SLOTS * CAPACITY);
    const listed = (await Promise.all(dates.map((d) => listSlots(serviceId, d))))
      .flat()
      .filter((s) => benchStarts.has(s.start))
      .reduce((n, s) => n + s.remaining, 0);
    const rawSeats = await twin('booking_seats').countDocuments({ serviceId: sid });
    const rawBookings = await twin('bookings').countDocuments({ serviceId: sid });

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

    const checks: [string, boolean, string][] = [
      [
        'per slot: seats ≤ capacity',
        overCapacity.length === 0 && badSeatNumber.length === 0 && offGrid.length === 0,
        `${SLOTS} slots, ${overCapacity.length} over capacity${overCapacity.length ? ` (${overCapacity.map(([k, v]) => `${k}: ${v.seats}`).join(', ')})` : ''}, ${badSeatNumber.length} seats numbered outside 0…${CAPACITY - 1}, ${offGrid.length} seats/bookings outside the bench slots`,
      ],
      [
        'per slot: seats == booked bookings',
        seatsNeBooked.length === 0,
        `${seats.length} seats, ${booked.length} booked${seatsNeBooked.length ? `; off in ${seatsNeBooked.map(([k, v]) => `${k.split('@')[1]}: ${v.seats} seats / ${v.booked} booked`).join(', ')}` : ''}`,
      ],
      [
        'every booking holds its seat, every seat its booking',
        seatMissing.length === 0 && orphanSeats.length === 0,
        `${seatMissing.length} booked bookings whose seat is missing or held by another, ${orphanSeats.length} seats without their booked booking`,
      ],
      [
        'no member twice in a slot',
        twice.length === 0 && memberTwice === 0,
        `${twice.length} (member, slot) pairs with >1 active booking, ${memberTwice} members with >1 booking of the service (each shopper books at most once)`,
      ],
      [
        'HTTP answers == database',
        bookings.length === ours.booked && notBooked.length === 0,
        `${ours.booked} answered 201, ${bookings.length} bookings stored (${notBooked.length} not booked)`,
      ],
      [
        `total booked == min(shoppers, slots × capacity) = ${expected}`,
        booked.length === expected && listed === SLOTS * CAPACITY - booked.length,
        `${booked.length} booked; the slot list shows ${listed} places left (want ${SLOTS * CAPACITY - expected})`,
      ],
      [
        'baseline did the same',
        rawBest.booked === expected && rawSeats === expected && rawBookings === expected,
        `raw: ${rawBest.booked} booked, ${rawSeats} seats, ${rawBookings} bookings in its twins`,
      ],
    ];
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
