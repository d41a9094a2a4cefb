/**
 * Benchmark (not a test): the whole 优惠买单 round trip over real HTTP against
 * the running server, by concurrent shoppers. Each round is
 *   POST /api/checkout/quote → POST /api/orders (a coupon when the shopper has
 *   one left, and points) → the payer confirms on the WeChat Pay simulator,
 *   which sends the signed + encrypted notification to our notify route →
 *   GET /api/orders/:id until the order reads `paid`.
 * Prints orders/s, p50/p99 of the round trip and of each phase, the error
 * breakdown, the database commands one order costs, and an invariant check
 * (every order paid exactly once, ledger sum == balance per member, coupons
 * used == orders with a coupon). Baseline in the same run: the raw MongoDB
 * driver (this process's connection) sending the same number of database
 * commands of each kind to each collection per order as our stack did (counted
 * by command monitoring during our run; see the baseline section), with the
 * same concurrency. The app is the tests' one (tests/support/app.ts) in a
 * process of its own (app-process.ts), as in production; this process holds
 * the shoppers' HTTP clients and the WeChat + WeChat Pay simulators (WeChat's
 * side), and a second instance of the app on the same database that only seeds
 * and reads back. The CPU each process spent per paid order is printed beside
 * the rates (the app, this process, the database engine).
 * Machines here are shared and noisy: read the ratios, not the absolute rates.
 *   npx tsx server/bench/checkout-roundtrip.ts [shoppers=50] [rounds=10]
 * HTTP_MAX_ACTIVE / HTTP_MAX_WAITING set the app's admission (default: production's).
 * Uses MONGODB_URI when set, else starts the embedded engine in memory.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import type { Document } from 'mongodb';
import type { OrderView, QuoteResponse } from '@homeclub/shared';
import { startEngine } from '../src/platform/db/engine';
import { SHARED_SECRET, startTestApp, type TestApp } from '../../tests/support/app';
import { http } from '../../tests/support/http';
import { benchUri, cpuMeter, detail, label, ms } from './support';
import { newStats, PhaseError, printReport, type Phase, type Stats } from './checkout-report';
import { forkApp, type AppProcess } from './app-process';
import { checkoutInvariants } from './checkout-invariants';
import { createRawBaseline } from './checkout-raw';

const SHOPPERS = Number(process.argv[2] ?? 50);
const ROUNDS = Number(process.argv[3] ?? 10);
/**
 * unmeasured rounds per shopper first (CHECKOUT_WARMUP_ROUNDS): connection pools, and the JITs of the app, this
 * process and the engine's JVM. After one round the JVM's compiler alone still took a third of a core.
 */
const WARMUP_ROUNDS = Number(process.env.CHECKOUT_WARMUP_ROUNDS ?? 3);
const BILL_FEN = 40_000; // ¥400: 满300减50 applies, at most 17,500 (with coupon) / 20,000 points
const POINTS_PER_ORDER = 1_000;
const PAID_TIMEOUT_MS = 20_000;
if (!(Number.isInteger(SHOPPERS) && SHOPPERS > 0 && Number.isInteger(ROUNDS) && ROUNDS > 0)) {
  console.error('usage: npx tsx server/bench/checkout-roundtrip.ts [shoppers=50] [rounds=10]');
  process.exit(2);
}

/** the app's admission settings, when given, pass through (platform/http/admission.ts) */
const APP_ENV = Object.fromEntries(['HTTP_MAX_ACTIVE', 'HTTP_MAX_WAITING'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));

interface CreateOrderResponse {
  order: OrderView;
  requestPayment: object | null;
}

interface Shopper {
  memberId: string;
  token: string;
  coupons: string[];
}

const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

(async () => {
  const dbName = `bench_checkout_${Date.now()}`;
  const engine = await startEngine({ uri: process.env.MONGODB_URI, dbName, skipMongod: true });
  console.log(`engine: ${engine.description}`);
  // The machine may be shared: the load beside the figures says how far to trust absolute times.
  const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min) on ${cpus().length} cores`;
  console.log(load());
  let app: TestApp | null = null;
  let child: AppProcess | null = null;
  let exitCode = 0;
  try {
    app = await startTestApp({ dbUri: benchUri(engine.uri, dbName), dropOnClose: false });
    const a = app;
    // The app under test, in its own process, on the same database and simulator.
    child = await forkApp({ dbUri: benchUri(engine.uri, dbName), simUrl: a.sim.url, simPayUrl: a.sim.payUrl, payKeys: a.sim.payKeys, sessionSecret: SHARED_SECRET, env: APP_ENV });
    const target = child;
    const call: TestApp['call'] = (method, path, o) => http(target.url, method, path, o);
    /** WeChat has delivered every notification and the app has finished the steps they started */
    const idle = async () => {
      await a.sim.pay.whenIdle();
      await target.settled();
    };

    // ---- seed: a store, a coupon template (admin API), shoppers with points and coupons ----
    const storeId = String(
      (
        await a.services.stores.upsert({
          code: 'B1',
          name: '徐汇店',
          city: '上海',
          address: 'a',
          phone: '1',
          location: { lat: 31, lng: 121 },
        })
      )._id,
    );
    const admin = await a.login();
    await a.setRoles(admin.member.id, ['member', 'admin']);
    const allRounds = WARMUP_ROUNDS + ROUNDS;
    const couponsEach = Math.min(100, Math.ceil(allRounds / 2) + 1); // every other order uses a coupon; one spare for the calibration order
    const tpl = await a.call<{ id: string }>('POST', '/api/admin/coupons/templates', {
      token: (await a.login(admin.openid)).accessToken,
      body: {
        name: '满300减50',
        type: 'full_reduction',
        amountOffFen: 5000,
        thresholdFen: 30000,
        perMemberLimit: couponsEach,
        validity: { mode: 'relative', days: 30 },
        channel: 'claim_center',
      },
    });
    if (tpl.status !== 201) throw new Error(`template: ${label(tpl)}`);
    const shoppers: Shopper[] = [];
    for (let i = 0; i < SHOPPERS; i += 10) {
      shoppers.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(10, SHOPPERS - i) }, async () => {
            const s = await a.login();
            const coupons: string[] = [];
            for (let c = 0; c < couponsEach; c++) {
              const r = await a.call<{ id: string }>('POST', '/api/coupons/claim', {
                token: s.accessToken,
                body: { templateId: tpl.body.id },
              });
              if (r.status !== 201) throw new Error(`claim: ${label(r)}`);
              coupons.push(r.body.id);
            }
            await a.services.points.earn({
              memberId: s.member.id,
              amount: allRounds * POINTS_PER_ORDER,
              reason: 'purchase',
              source: 'bench',
              reference: `seed-${s.member.id}`,
              leg: 'earn',
            });
            return { memberId: s.member.id as string, token: s.accessToken, coupons };
          }),
        )),
      );
    }
    console.log(
      `seeded ${SHOPPERS} shoppers: ${couponsEach} coupons each (满300减50), ${allRounds * POINTS_PER_ORDER} points + sign-up bonus`,
    );

    // ---- ours: the round trip over HTTP ----
    async function roundTrip(s: Shopper, round: number, st: Stats, onPhase: (p: Phase) => Promise<void> | void = () => undefined): Promise<void> {
      const t0 = process.hrtime.bigint();
      await onPhase('quote');
      const couponId = round % 2 === 0 ? (s.coupons.at(-1) ?? null) : null;
      try {
        let t = process.hrtime.bigint();
        const q = await call<QuoteResponse>('POST', '/api/checkout/quote', {
          token: s.token,
          body: { storeId, billFen: BILL_FEN, couponId, points: POINTS_PER_ORDER },
        });
        if (q.status !== 200) throw new PhaseError('quote', label(q), detail(q));
        st.phase.quote.push(ms(t));

        await onPhase('create');
        t = process.hrtime.bigint();
        const c = await call<CreateOrderResponse>('POST', '/api/orders', {
          token: s.token,
          body: { storeId, billFen: BILL_FEN, couponId: q.body.couponId, points: q.body.pointsUsed, clientKey: randomUUID() },
        });
        if (c.status !== 201) throw new PhaseError('create', label(c), detail(c));
        st.phase.create.push(ms(t));
        const order = c.body.order;
        if (couponId) s.coupons.pop();
        if (measuring && order.outTradeNo) measuredTrades.add(order.outTradeNo);
        if (!c.body.requestPayment || !order.outTradeNo)
          throw new PhaseError('create', `no payment needed (state ${order.state})`);

        await onPhase('pay');
        t = process.hrtime.bigint();
        const p = await http(a.sim.payUrl, 'POST', '/control/pay', {
          body: { out_trade_no: order.outTradeNo, action: 'confirm' },
        });
        if (p.status !== 200) throw new PhaseError('pay', label(p), detail(p));
        st.phase.pay.push(ms(t));

        // The simulator delivers the notification on its own; the shopper's page polls its order.
        await onPhase('settle');
        t = process.hrtime.bigint();
        const end = Date.now() + PAID_TIMEOUT_MS;
        for (let wait = 1; ; wait = Math.min(wait * 2, 16)) {
          const g = await call<OrderView>('GET', `/api/orders/${order.id}`, { token: s.token });
          st.polls += 1;
          if (g.status !== 200) throw new PhaseError('settle', label(g), detail(g));
          if (g.body.state === 'paid') break;
          if (g.body.state !== 'pending_payment') throw new PhaseError('settle', `order ${g.body.state}`);
          if (Date.now() > end) throw new PhaseError('settle', `not paid within ${PAID_TIMEOUT_MS} ms`);
          await sleep(wait);
        }
        st.phase.settle.push(ms(t));
        st.total.push(ms(t0));
        st.ok += 1;
      } catch (err) {
        const key = err instanceof PhaseError ? err.message : `unexpected: ${(err as Error).message}`;
        st.errors.set(key, (st.errors.get(key) ?? 0) + 1);
        if (!st.examples.has(key) && err instanceof PhaseError && err.detail) st.examples.set(key, err.detail);
      }
    }
    /** the measured run's payments (its notifications are the ones timed) */
    let measuring = false;
    const measuredTrades = new Set<string>();
    let roundsDone = 0;
    async function runOurs(rounds: number): Promise<Stats> {
      const st = newStats();
      const first = roundsDone;
      roundsDone += rounds;
      const t0 = process.hrtime.bigint();
      await Promise.all(
        shoppers.map(async (s) => {
          for (let r = first; r < first + rounds; r++) await roundTrip(s, r, st);
        }),
      );
      st.seconds = ms(t0) / 1000;
      return st;
    }

    const warm = await runOurs(WARMUP_ROUNDS);
    if (warm.errors.size)
      console.log(
        `warm-up errors: ${[...warm.errors.entries()].map(([k, v]) => `${k} ×${v} (${warm.examples.get(k) ?? ''})`).join(', ')}`,
      );
    await idle();
    // What the database holds when the measured run begins: the baseline starts from the same.
    const snapshot = new Map<string, Document[]>();
    for (const c of await a.conn.db!.listCollections({}, { nameOnly: true }).toArray()) {
      if (!c.name.startsWith('system.')) snapshot.set(c.name, await a.conn.db!.collection(c.name).find().toArray());
    }
    const cpuOurs = cpuMeter(() => target.cpu());
    await cpuOurs.start();
    await target.count(true);
    measuring = true;
    const ours = await runOurs(ROUNDS);
    await idle(); // paid steps may finish after the order already reads `paid`: count them too
    const { counts: oursCounts, notifyMs: appNotifyMs } = (await target.count(false))!;
    measuring = false;
    const oursCpu = await cpuOurs.stop();
    // Where the commands go: one more round trip (with a coupon), alone, attributed to its phases.
    const calibration = newStats();
    await roundTrip(shoppers[0], 0, calibration, (ph) => target.phase(ph));
    await target.phase('after paid (steps still running)');
    await idle();
    await target.phase(null);
    const byPhase = await target.phases();

    // ---- baseline: the raw driver, the same commands per order, the same concurrency (checkout-raw.ts) ----
    const { plan, run: runRaw } = await createRawBaseline({ db: a.conn.db!, counts: oursCounts, snapshot, shoppers, countedOrders: SHOPPERS * ROUNDS });
    await runRaw(Math.max(1, Math.ceil(ROUNDS / 5))); // warm-up
    // Best of two, each from the same starting data: the raw runs are the shorter, noisier ones.
    const cpuRaw = cpuMeter();
    await cpuRaw.start();
    const rawA = await runRaw(ROUNDS);
    const rawB = await runRaw(ROUNDS);
    const rawCpu = await cpuRaw.stop();

    const { checks, deliveries, failedDeliveries, orderCount } = await checkoutInvariants(a, shoppers);

    // ---- report (checkout-report.ts) ----
    const ackMs = deliveries.filter((d) => measuredTrades.has(d.out_trade_no)).map((d) => d.duration_ms);
    printReport({
      setup: { shoppers: SHOPPERS, rounds: ROUNDS, warmupRounds: WARMUP_ROUNDS, billFen: BILL_FEN, points: POINTS_PER_ORDER },
      ours,
      oursCounts,
      oursCpu,
      byPhase: calibration.ok ? byPhase : new Map(),
      plan,
      raw: [rawA, rawB],
      rawCpu,
      notifications: { deliveries: deliveries.length, payments: orderCount, failed: failedDeliveries.map((d) => String(d.status)), wechatMs: ackMs, appMs: appNotifyMs },
    });
    for (const [name, ok, info] of checks) console.log(`  invariant ${name}: ${ok ? 'OK' : 'VIOLATED'} — ${info}`);
    console.log(`at the end: ${load()}`);
    if (!checks.every(([, ok]) => ok) || ours.errors.size > 0) exitCode = 1;
    await a.conn.dropDatabase();
  } catch (err) {
    console.error(err);
    exitCode = 1;
  } finally {
    await child?.close();
    await app?.close();
    await engine.stop();
  }
  process.exit(exitCode);
})();
