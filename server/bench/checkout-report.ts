/**
 * The checkout benchmark's figures (checkout-roundtrip.ts): what one run of shoppers measured, and the report
 * printed from it beside the raw driver's baseline and the CPU each process spent.
 */
import { cpus } from 'node:os';
import { fmt, pct, rate, type CpuSpent } from './support';

const cores = () => cpus().length;
import type { RawRun } from './checkout-raw';

export type Phase = 'quote' | 'create' | 'pay' | 'settle';
export const PHASES: Phase[] = ['quote', 'create', 'pay', 'settle'];

/** a round trip that failed in `phase` */
export class PhaseError extends Error {
  constructor(
    readonly phase: Phase,
    readonly label: string,
    readonly detail = '',
  ) {
    super(`${phase}: ${label}`);
  }
}

export interface Stats {
  total: number[];
  phase: Record<Phase, number[]>;
  errors: Map<string, number>;
  /** the first message seen for each error kind */
  examples: Map<string, string>;
  polls: number;
  ok: number;
  seconds: number;
}

export const newStats = (): Stats => ({
  total: [],
  phase: { quote: [], create: [], pay: [], settle: [] },
  errors: new Map(),
  examples: new Map(),
  polls: 0,
  ok: 0,
  seconds: 0,
});

export interface Report {
  setup: { shoppers: number; rounds: number; warmupRounds: number; billFen: number; points: number };
  ours: Stats;
  /** our commands by `kind\tcollection` over the measured run */
  oursCounts: Map<string, number>;
  oursCpu: CpuSpent;
  /** one order alone, its commands by phase (empty when that order failed) */
  byPhase: Map<string, Map<string, number>>;
  plan: { cmd: string; total: number }[];
  raw: [RawRun, RawRun];
  rawCpu: CpuSpent;
  notifications: { deliveries: number; payments: number; failed: string[]; wechatMs: number[]; appMs: number[] };
}

const list = (m: Map<string, number>, f: (v: number) => string) =>
  [...m.entries()]
    .sort((x, y) => y[1] - x[1])
    .map(([k, v]) => `${k} ${f(v)}`)
    .join(', ');

export function printReport(r: Report): void {
  const { setup, ours, raw } = r;
  const measuredOrders = ours.ok + [...ours.errors.values()].reduce((x, y) => x + y, 0);
  const rawBest = raw[0].seconds <= raw[1].seconds ? raw[0] : raw[1];
  console.log(
    `\ncheckout round trip: ${setup.shoppers} concurrent shoppers × ${setup.rounds} rounds (after ${setup.warmupRounds} warm-up rounds), bill ¥${setup.billFen / 100}, ${setup.points} points, a 满300减50 coupon on ~half`,
  );
  console.log(`  ours   ${rate(ours.ok / ours.seconds)} paid orders/s over ${fmt(ours.seconds, 2)} s (${ours.ok}/${measuredOrders} round trips ok)`);
  console.log(`  round trip p50 ${fmt(pct(ours.total, 50))} ms, p99 ${fmt(pct(ours.total, 99))} ms`);
  for (const ph of PHASES)
    console.log(`    ${ph.padEnd(7)} p50 ${fmt(pct(ours.phase[ph], 50)).padStart(7)} ms   p99 ${fmt(pct(ours.phase[ph], 99)).padStart(7)} ms`);
  console.log(
    `    (quote: POST /api/checkout/quote; create: POST /api/orders incl. the prepay call; pay: payer confirms on the simulator; settle: notification → order reads paid, ${fmt(ours.polls / Math.max(1, ours.ok), 1)} polls/order)`,
  );
  console.log(`  errors: ${[...ours.errors.entries()].map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'}`);
  for (const [k, v] of ours.examples) console.log(`    e.g. ${k}: ${v}`);

  const byKind = new Map<string, number>();
  for (const o of r.plan) byKind.set(o.cmd, (byKind.get(o.cmd) ?? 0) + o.total);
  const perOrder = (n: number) => fmt(n / Math.max(1, measuredOrders));
  const other = r.oursCounts.get('other');
  console.log(
    `  database commands per order: ${perOrder(r.plan.reduce((t, o) => t + o.total, 0))} = ${list(byKind, perOrder)}${other ? ` (+${perOrder(other)} other)` : ''}`,
  );
  if (r.byPhase.size) {
    console.log('  the same, one order (coupon + points) alone, by phase (command collection ×n):');
    for (const [ph, m] of r.byPhase) console.log(`    ${ph}: ${[...m.values()].reduce((x, y) => x + y, 0)} = ${list(m, (v) => `×${v}`)}`);
  }

  console.log(
    `  raw    ${rate(rawBest.ok / rawBest.seconds)} orders/s (best of 2: ${rate(raw[0].ok / raw[0].seconds)}, ${rate(raw[1].ok / raw[1].seconds)}), p50 ${fmt(pct(rawBest.total, 50))} ms, p99 ${fmt(pct(rawBest.total, 99))} ms — the same commands per order and collection, same concurrency`,
  );
  const cpu = (c: CpuSpent, n: number, withApp: boolean) =>
    `${withApp ? `app process ${fmt(c.app / n)} ms, ` : ''}this process ${fmt(c.bench / n)} ms, database engine ${fmt(c.engine / n)} ms`;
  console.log(`  CPU per paid order, ours: ${cpu(r.oursCpu, Math.max(1, ours.ok), true)} (this process: the shoppers' clients and the WeChat simulator)`);
  console.log(`  CPU per order, raw: ${cpu(r.rawCpu, raw[0].ok + raw[1].ok, false)} (the raw driver)`);
  // What the machine allows: its cores' CPU-seconds over the CPU one order costs across the processes.
  const perOrderTotal = (c: CpuSpent, n: number) => (c.app + c.bench + c.engine) / Math.max(1, n);
  const oursPer = perOrderTotal(r.oursCpu, ours.ok);
  const rawRate = rawBest.ok / rawBest.seconds;
  const budget = (cores() * 1000) / (0.6 * rawRate);
  console.log(
    `  CPU ceiling on ${cores()} cores: ours ≤ ${rate((cores() * 1000) / oursPer)} orders/s at ${fmt(oursPer)} ms per order (ran at ${fmt((100 * ours.ok) / ours.seconds / ((cores() * 1000) / oursPer), 0)} % of it); 0.6× raw (${rate(0.6 * rawRate)}/s) allows ${fmt(budget)} ms per order in all, of which the shoppers and the simulator already take ${fmt(r.oursCpu.bench / Math.max(1, ours.ok))} ms`,
  );
  console.log(
    `  ratio ours/raw: throughput ${fmt(ours.ok / ours.seconds / (rawBest.ok / rawBest.seconds), 3)}, p50 latency ${fmt(pct(ours.total, 50) / pct(rawBest.total, 50), 2)}×, p99 latency ${fmt(pct(ours.total, 99) / pct(rawBest.total, 99), 2)}×`,
  );

  const n = r.notifications;
  console.log(
    `  notification deliveries: ${n.deliveries} for ${n.payments} payments, ${n.failed.length} not acknowledged${n.failed.length ? ` (${[...new Set(n.failed)].join(', ')})` : ''}`,
  );
  console.log(
    `  the measured run's ${n.wechatMs.length} notifications: answered as WeChat saw it p50 ${fmt(pct(n.wechatMs, 50))} ms, p99 ${fmt(pct(n.wechatMs, 99))} ms (WeChat waits 5 s); in the app (request read → answer written) p50 ${fmt(pct(n.appMs, 50))} ms, p99 ${fmt(pct(n.appMs, 99))} ms`,
  );
}
