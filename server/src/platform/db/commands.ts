/**
 * Counts the database commands an operation sends, by command and collection,
 * through the driver's command monitoring (the connection needs
 * `monitorCommands=true` in its URI or options). Only database work is counted
 * (not handshakes, heartbeats or session bookkeeping). Counts are
 * deterministic, so budgets on them are real tests, not timing tests.
 */
import type { Connection } from 'mongoose';
import type { CommandStartedEvent } from 'mongodb';

/** Commands that are database work (not handshakes, heartbeats or session bookkeeping). */
export const WORK = new Set(['insert', 'update', 'findAndModify', 'find', 'getMore', 'aggregate', 'count', 'distinct', 'delete']);

/** A command's kind (`other` when it is not database work) and the collection it names. */
export function commandOf(e: CommandStartedEvent): { kind: string; coll: string } {
  const v: unknown = e.command[e.commandName];
  return { kind: WORK.has(e.commandName) ? e.commandName : 'other', coll: typeof v === 'string' ? v : String(e.command.collection ?? '?') };
}

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
    if (!active) return;
    const { kind, coll } = commandOf(e);
    if (kind === 'other') return;
    const key = `${kind} ${coll}`;
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
