/**
 * The app under test in a process of its own, for benchmarks that must not measure their own load.
 * `forkApp()` (in the benchmark's process) starts this file as a child: the same app the tests build
 * (tests/support/app.ts) on the same database, talking to the benchmark's WeChat simulator over HTTP,
 * signing sessions with the benchmark's secret. So the shoppers' clients and the simulator (WeChat's
 * side) run in the benchmark's event loop, the app in its own, as they would in production.
 * The child counts its own database commands (command monitoring) and answers over the IPC channel:
 *   count on|off   start counting afresh / stop and return the counts by `kind\tcollection`, and
 *                  the app's own answer times (ms, request read → answer written) of the payment
 *                  notification meanwhile
 *   phase <name>   attribute what follows to a phase (null: stop); `phases` returns them
 *   settled        resolves once the app's after-paid steps in flight are done (at most 2 s)
 *   cpu            process.cpuUsage() of the app process
 *   close          stops the app and exits
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommandStartedEvent } from 'mongodb';
import { NOTIFY_PATH } from '../src/payments/notify';
import { commandOf } from '../src/platform/db/commands';
import { HTTP_MAX_ACTIVE_DEFAULT } from '../src/platform/config';
import type { SimPayKeys } from '../src/wechat/pay/sim-keys';
import type { RunningSim } from '../../tests/support/app';

export interface AppProcessOptions {
  dbUri: string;
  simUrl: string;
  simPayUrl: string;
  payKeys: SimPayKeys;
  sessionSecret: string;
  /** the app's settings beyond the tests' (e.g. HTTP_MAX_ACTIVE) */
  env?: Record<string, string>;
}

export interface AppProcess {
  url: string;
  count(on: true): Promise<void>;
  count(on: false): Promise<{ counts: Map<string, number>; notifyMs: number[] }>;
  phase(name: string | null): Promise<void>;
  phases(): Promise<Map<string, Map<string, number>>>;
  settled(): Promise<void>;
  cpu(): Promise<NodeJS.CpuUsage>;
  close(): Promise<void>;
}

type Reply = { id: number; value?: unknown; error?: string };

export async function forkApp(opts: AppProcessOptions): Promise<AppProcess> {
  const child: ChildProcess = fork(__filename, [], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_APP_EXEC_ARGV ?? '').split(' ').filter(Boolean)],
    env: { ...process.env, BENCH_APP_PROCESS: JSON.stringify(opts) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let seq = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`app process exited (${code}) before it listened`)));
    child.once('message', (m) => resolve((m as { url: string }).url));
  });
  child.on('message', (m) => {
    const r = m as Reply;
    const w = waiting.get(r.id);
    if (!w) return;
    waiting.delete(r.id);
    if (r.error) w.reject(new Error(r.error));
    else w.resolve(r.value);
  });
  const ask = <T>(op: string, arg?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = ++seq;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, arg });
    });
  const toMap = (entries: [string, number][]) => new Map(entries);
  return {
    url,
    count: (async (on: boolean) => {
      const v = await ask<{ counts: [string, number][]; notifyMs: number[] } | null>('count', on);
      return on || !v ? undefined : { counts: toMap(v.counts), notifyMs: v.notifyMs };
    }) as AppProcess['count'],
    phase: (name) => ask('phase', name),
    phases: async () =>
      new Map((await ask<[string, [string, number][]][]>('phases')).map(([k, v]) => [k, toMap(v)])),
    settled: () => ask('settled'),
    cpu: () => ask('cpu'),
    async close() {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      await ask('close').catch(() => undefined);
      await gone;
    },
  };
}

async function serve(opts: AppProcessOptions): Promise<void> {
  const { startTestApp } = await import('../../tests/support/app');
  // WeChat is the benchmark's simulator: this instance reaches it over HTTP only.
  const sim = {
    url: opts.simUrl,
    payUrl: opts.simPayUrl,
    payKeys: opts.payKeys,
    dbUri: '',
    port: 0,
    pay: { whenIdle: async () => undefined },
    close: async () => undefined,
  } as unknown as RunningSim;
  const app = await startTestApp({
    dbUri: opts.dbUri,
    sim,
    sessionSecret: opts.sessionSecret,
    dropOnClose: false,
    // the production admission setting, not the tests' unlimited one
    env: { HTTP_MAX_ACTIVE: String(HTTP_MAX_ACTIVE_DEFAULT), ...opts.env },
  });
  let counting: Map<string, number> | null = null;
  let notifyMs: number[] = [];
  app.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!counting || req.url !== NOTIFY_PATH) return;
    const t0 = process.hrtime.bigint();
    res.once('finish', () => notifyMs.push(Number(process.hrtime.bigint() - t0) / 1e6));
  });
  let phase: string | null = null;
  const byPhase = new Map<string, Map<string, number>>();
  app.conn.getClient().on('commandStarted', (e: CommandStartedEvent) => {
    const { kind, coll } = commandOf(e);
    const key = kind === 'other' ? kind : `${kind}\t${coll}`;
    if (counting) counting.set(key, (counting.get(key) ?? 0) + 1);
    if (phase && kind !== 'other') {
      const m = byPhase.get(phase) ?? new Map<string, number>();
      m.set(`${kind} ${coll}`, (m.get(`${kind} ${coll}`) ?? 0) + 1);
      byPhase.set(phase, m);
    }
  });
  const ops: Record<string, (arg: unknown) => Promise<unknown> | unknown> = {
    count(on) {
      if (on) {
        notifyMs = [];
        return void (counting = new Map());
      }
      const v = { counts: [...(counting ?? new Map<string, number>())], notifyMs };
      counting = null;
      return v;
    },
    phase: (name) => void (phase = (name as string | null) ?? null),
    phases: () => [...byPhase].map(([k, m]) => [k, [...m]]),
    settled: () => Promise.race([app.services.payments.whenSettled(), new Promise((r) => setTimeout(r, 2000).unref())]),
    cpu: () => process.cpuUsage(),
    async close() {
      await app.close();
      setImmediate(() => process.exit(0));
    },
  };
  process.on('message', (m) => {
    const { id, op, arg } = m as { id: number; op: string; arg: unknown };
    Promise.resolve()
      .then(() => ops[op](arg))
      .then(
        (value) => process.send!({ id, value: value ?? null }),
        (err: Error) => process.send!({ id, error: err.message }),
      );
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ url: app.url });
}

if (process.env.BENCH_APP_PROCESS && process.send) {
  serve(JSON.parse(process.env.BENCH_APP_PROCESS) as AppProcessOptions).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
