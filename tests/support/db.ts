import { randomBytes } from 'node:crypto';

/** A fresh database name per test file (dropped at the end by the harness). */
export function testDbUri(label = 'db'): string {
  const base = process.env.HOMECLUB_TEST_ENGINE_URI;
  if (!base) throw new Error('HOMECLUB_TEST_ENGINE_URI not set: run tests through jest (global setup starts the engine)');
  const name = `t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${process.env.JEST_WORKER_ID ?? 0}_${randomBytes(4).toString('hex')}`;
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Drop a test database at the end of a file. Index builds mongoose started in
 * the background are awaited first (the embedded engine refuses a drop that
 * races one), and a failed drop is retried once: the database is throwaway.
 */
export async function dropTestDb(conn: import('mongoose').Connection): Promise<void> {
  await Promise.all(Object.values(conn.models).map((m) => m.init().catch(() => undefined)));
  try {
    await conn.dropDatabase();
  } catch {
    await new Promise((r) => setTimeout(r, 200));
    await conn.dropDatabase().catch(() => undefined);
  }
}
