/**
 * Starts one database engine for the whole jest run, with the same chooser as
 * the app: TEST_MONGODB_URI → a real MongoDB; else an installed or cached mongod
 * (MONGOD_BINARY, or one npm start downloaded; skipped with
 * HOMECLUB_SKIP_MONGOD=1); else the in-memory Java engine.
 * Each test file then uses its own database on it.
 */
import { startEngine, type EngineHandle } from '../../server/src/platform/db/engine';

declare global {
  var __HOMECLUB_ENGINE__: EngineHandle | undefined;
}

export default async function globalSetup(): Promise<void> {
  const skip = ['1', 'true', 'yes'].includes(String(process.env.HOMECLUB_SKIP_MONGOD ?? ''));
  const engine = await startEngine({
    uri: process.env.TEST_MONGODB_URI,
    dbName: 'homeclub_test',
    skipMongod: skip,
    mongodBinary: process.env.MONGOD_BINARY,
    mongodTimeoutMs: 10_000,
    downloadMongod: false,
    log: (m) => process.stderr.write(`[test engine] ${m}\n`),
  });
  process.stderr.write(`[test engine] ${engine.description}\n`);
  globalThis.__HOMECLUB_ENGINE__ = engine;
  process.env.HOMECLUB_TEST_ENGINE_URI = engine.uri;
  process.env.HOMECLUB_TEST_ENGINE_KIND = engine.kind;
}
