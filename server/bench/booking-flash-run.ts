/**
 * The booking flash's run (booking-flash.ts): every shopper at once, picking slots from a seeded stream and
 * re-reading the list after a full slot, with the stats one run collects. Ours (HTTP) and the raw baseline
 * both run through `flash`, so their picks and retry policy are the same.
 */
import { fmt, ms, pct } from './support';

export interface Shopper {
  memberId: string;
  token: string;
}
export interface BenchSlot {
  start: string;
  date: string;
}
export type Final = 'booked' | 'sold out' | 'gave up' | 'error';

export interface Stats {
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
export const newStats = (): Stats => ({
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
export const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
export const lat = (xs: number[]) =>
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
const shopperSeed = (seed: number, i: number) => (seed * 0x9e3779b1 + i * 0x85ebca77) >>> 0;

/**
 * One flash: every shopper at once. `book` makes one attempt (201 → booked);
 * `listing` is what a shopper re-reads after a full slot: the bench slots of
 * that date with places left. Both ours (HTTP) and the baseline (raw driver)
 * run through this, so the picks and the retry policy are the same. `seed` fixes the picks, `maxTries`
 * bounds each shopper's POSTs.
 */
export async function flash(
  slots: BenchSlot[],
  shoppers: Shopper[],
  book: (s: Shopper, slot: BenchSlot) => Promise<{ status: number; code: string; detail?: string }>,
  listing: (date: string) => Promise<BenchSlot[]>,
  opts: { seed: number; maxTries: number },
): Promise<Stats> {
  const st = newStats();
  const dates = [...new Set(slots.map((s) => s.date))];
  const t0 = process.hrtime.bigint();
  await Promise.all(
    shoppers.map(async (s, i) => {
      const random = rng(shopperSeed(opts.seed, i));
      let slot: BenchSlot | undefined = slots[Math.floor(random() * slots.length)];
      const home = slot.date; // the day the shopper is looking at: re-read first
      const t1 = process.hrtime.bigint();
      let final: Final = 'gave up';
      let posts = 0;
      while (slot && posts < opts.maxTries) {
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
