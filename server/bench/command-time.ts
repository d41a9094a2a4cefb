/**
 * Where a benchmark's time goes: database time per command and collection
 * (driver command monitoring; the connection needs `monitorCommands=true`,
 * see `benchUri`). `profile(conn)` returns a printer that prints the top
 * twelve since the last print and starts over.
 */
import type { Connection } from 'mongoose';
export function profile(conn: Connection): (label: string) => void {
  const client = conn.getClient();
  const open = new Map<number, { key: string; t: bigint }>();
  let tot = new Map<string, { n: number; ms: number }>();
  client.on('commandStarted', (e) => {
    const v: unknown = e.command[e.commandName];
    open.set(e.requestId, { key: `${e.commandName} ${typeof v === 'string' ? v : ''}`, t: process.hrtime.bigint() });
  });
  const end = (e: { requestId: number }) => {
    const o = open.get(e.requestId);
    if (!o) return;
    open.delete(e.requestId);
    const x = tot.get(o.key) ?? { n: 0, ms: 0 };
    x.n += 1; x.ms += Number(process.hrtime.bigint() - o.t) / 1e6;
    tot.set(o.key, x);
  };
  client.on('commandSucceeded', end);
  client.on('commandFailed', end);
  return (label: string) => {
    const rows = [...tot].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12);
    console.log(`-- ${label}: ` + rows.map(([k, v]) => `${k} ×${v.n} ${v.ms.toFixed(0)}ms`).join(' | '));
    tot = new Map();
  };
}
