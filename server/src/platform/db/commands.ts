/**
 * Counts the database commands an operation sends, by command and collection,
 * through the driver's command monitoring (the connection needs
 * `monitorCommands=true` in its URI or options). Only database work is counted
 * (not handshakes, heartbeats or session bookkeeping). Counts are
 * deterministic, so budgets on them are real tests, not timing tests.
 */
import type { Connection } from 'mongoose';
import type { CommandStartedEvent } from 'mongodb';

const WORK = new Set(['insert', 'update', 'findAndModify', 'find', 'getMore', 'aggregate', 'count', 'distinct', 'delete']);

export interface CommandCounts {
  total: number;
  /** `command collection` → n */
  by: Map<string, number>;
}

export interface CommandCounter {
  /** Count the commands sent while `fn` runs (and until `settle` resolves, when given). */
  measure<T>(fn: () => Promise<T>, settle?: () => Promise<unknown>): Promise<{ result: T; counts: CommandCounts }>;
  detach(): void;
}

export function describeCounts(c: CommandCounts): string {
  return [...c.by.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ');
}

export function countCommands(conn: Connection): CommandCounter {
  const client = conn.getClient();
  let active: CommandCounts | null = null;
  const listener = (e: CommandStartedEvent) => {
    if (!active || !WORK.has(e.commandName)) return;
    const v: unknown = e.command[e.commandName];
    const coll = typeof v === 'string' ? v : String(e.command.collection ?? '?');
    const key = `${e.commandName} ${coll}`;
    active.by.set(key, (active.by.get(key) ?? 0) + 1);
    active.total += 1;
  };
  client.on('commandStarted', listener);
  return {
    async measure(fn, settle) {
      if (active) throw new Error('command counter: one measurement at a time');
      const counts: CommandCounts = { total: 0, by: new Map() };
      active = counts;
      try {
        const result = await fn();
        if (settle) await settle();
        return { result, counts };
      } finally {
        active = null;
      }
    },
    detach() {
      client.off('commandStarted', listener);
    },
  };
}
