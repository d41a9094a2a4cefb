/** Helpers shared by the benchmark scripts: timing, percentiles, formatting, answers, the bench database URI. */
import { readdirSync, readFileSync } from 'node:fs';

export const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

export function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '—');
export const rate = (n: number) => fmt(n, n < 100 ? 1 : 0);

/** `${status} ${code}` of an API answer */
export const label = (r: { status: number; body: unknown }) => `${r.status} ${(r.body as { code?: string } | undefined)?.code ?? ''}`.trim();
export const detail = (r: { body: unknown }) => (typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? '')).slice(0, 200);

/** The same database with its own name, and command monitoring on (to count what an operation costs). */
export function benchUri(uri: string, dbName: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(?:\?(.*))?$/.exec(uri);
  if (!m) throw new Error(`cannot parse MongoDB URI ${uri}`);
  return `${m[1]}/${dbName}?${m[2] ? `${m[2]}&` : ''}monitorCommands=true`;
}

/**
 * The end of every benchmark on a test app: `body` returns whether its goals and invariants held; then its
 * database is dropped, the app and the engine stopped, and the process exits 0 (held) or 1 (not, or it threw).
 */
export async function runOnApp<A extends { conn: { dropDatabase(): Promise<unknown> }; close(): Promise<void> }>(
  engine: { stop(): Promise<void> },
  start: () => Promise<A>,
  body: (app: A) => Promise<boolean>,
): Promise<never> {
  let app: A | null = null;
  let ok = false;
  try {
    app = await start();
    ok = await body(app);
    await app.conn.dropDatabase();
  } catch (err) {
    console.error(err);
    ok = false;
  } finally {
    await app?.close();
    await engine.stop();
  }
  process.exit(ok ? 0 : 1);
}

/** A process's /proc stat line: its command name and the fields after it (state first); null once it is gone. */
function procStat(pid: number | string): { comm: string; fields: string[] } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const end = stat.lastIndexOf(')');
    return { comm: stat.slice(stat.indexOf('(') + 1, end), fields: stat.slice(end + 2).split(' ') };
  } catch {
    return null;
  }
}

/** CPU time (user + system, ms) a process has spent so far, from /proc (Linux); NaN where it cannot be read. */
export function processCpuMs(pid: number): number {
  // after the command name: utime and stime are the 12th and 13th fields, in clock ticks (100/s)
  const f = procStat(pid)?.fields;
  return f ? ((Number(f[11]) + Number(f[12])) * 1000) / 100 : NaN;
}

/** Pids of this process's children running `command` (e.g. the embedded engine's `java`). */
export function childPids(command: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      const s = procStat(d);
      return s !== null && s.comm === command && Number(s.fields[1]) === process.pid;
    })
    .map(Number);
}

/** CPU time (ms) spent by an app in a process of its own, this process, and the embedded database engine. */
export interface CpuSpent {
  app: number;
  bench: number;
  engine: number;
}

/** Measures CpuSpent between start() and stop(); `appCpu` reads the app process's process.cpuUsage() (none: 0). */
export function cpuMeter(appCpu?: () => Promise<NodeJS.CpuUsage>) {
  const engines = childPids('java');
  const engineMs = () => engines.reduce((t, pid) => t + processCpuMs(pid), 0);
  const msOf = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  const appMs = async () => (appCpu ? msOf(await appCpu()) : 0);
  let at: CpuSpent = { app: 0, bench: 0, engine: 0 };
  return {
    async start() {
      at = { app: await appMs(), bench: msOf(process.cpuUsage()), engine: engineMs() };
    },
    async stop(): Promise<CpuSpent> {
      return { app: (await appMs()) - at.app, bench: msOf(process.cpuUsage()) - at.bench, engine: engineMs() - at.engine };
    },
  };
}
