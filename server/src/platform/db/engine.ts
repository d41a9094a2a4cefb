/**
 * Chooses the database engine, in this order:
 *  1. MONGODB_URI (or TEST_MONGODB_URI in tests) → use it, start nothing;
 *  2. a real mongod through mongodb-memory-server (MONGOD_BINARY, or a download
 *     bounded in time) as a 1-node replica set, persistent under DATA_DIR;
 *  3. mongo-java-server: H2 file store under DATA_DIR (persistent) or memory.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import path from 'node:path';
import { javaEngineAvailable, startJavaEngine } from './java-engine';

const DOWNLOAD_HOST = 'fastdl.mongodb.org';

export type EngineKind = 'external' | 'mongod' | 'java-h2' | 'java-memory';

export interface EngineHandle {
  kind: EngineKind;
  uri: string;
  persistent: boolean;
  /** what to tell the operator */
  description: string;
  stop(): Promise<void>;
}

export interface EngineOptions {
  uri?: string;
  dbName: string;
  /** directory for persistent data; omitted → in-memory (tests) */
  dataDir?: string;
  skipMongod?: boolean;
  mongodBinary?: string;
  mongodTimeoutMs?: number;
  /** false: use a mongod only if one is installed or cached, never download (tests) */
  downloadMongod?: boolean;
  log?: (msg: string) => void;
}

export async function startEngine(opts: EngineOptions): Promise<EngineHandle> {
  const log = opts.log ?? (() => undefined);
  if (opts.uri) {
    return {
      kind: 'external',
      uri: opts.uri,
      persistent: true,
      description: `external MongoDB at ${redactUri(opts.uri)}`,
      stop: async () => undefined,
    };
  }
  const errors: string[] = [];
  if (!opts.skipMongod) {
    try {
      return await startMongod(opts, log);
    } catch (err) {
      const msg = (err as Error).message.split('\n')[0];
      errors.push(`mongod: ${msg}`);
      log(`No real mongod available (${msg.slice(0, 160)}); using the embedded Java engine.`);
    }
  }
  if (!javaEngineAvailable()) {
    throw new Error(
      `No database engine: install Java 17 + Maven for the embedded engine, or set MONGODB_URI. (${errors.join('; ')})`,
    );
  }
  const h2File = opts.dataDir ? path.join(opts.dataDir, 'db', 'homeclub.h2') : undefined;
  if (h2File) log(existsSync(h2File) ? `Reusing data in ${h2File}` : `Creating data store ${h2File}`);
  const java = await startJavaEngine({ h2File, dbName: opts.dbName });
  return {
    kind: h2File ? 'java-h2' : 'java-memory',
    uri: java.uri,
    persistent: Boolean(h2File),
    description: h2File
      ? `embedded mongo-java-server (H2 file ${h2File}, data persists)`
      : 'embedded mongo-java-server (in memory, data is discarded on stop)',
    stop: java.stop,
  };
}

async function startMongod(opts: EngineOptions, log: (m: string) => void): Promise<EngineHandle> {
  const timeoutMs = opts.mongodTimeoutMs ?? 15000;
  if (opts.mongodBinary) process.env.MONGOMS_SYSTEM_BINARY = opts.mongodBinary;
  const mms = await import('mongodb-memory-server-core');
  let binary: string | undefined;
  if (opts.mongodBinary) {
    log(`Starting mongod from ${opts.mongodBinary}`);
    binary = await mms.DryMongoBinary.getSystemPath(opts.mongodBinary);
    if (!binary) throw new Error(`MONGOD_BINARY ${opts.mongodBinary} not found`);
  } else {
    binary = await mms.DryMongoBinary.locateBinary(await mms.DryMongoBinary.generateOptions());
    if (!binary) {
      if (opts.downloadMongod === false) throw new Error('no installed or cached mongod (downloads disabled)');
      // Fail fast instead of waiting on a download that cannot succeed (no internet here).
      await withTimeout(lookup(DOWNLOAD_HOST), 3000, `cannot resolve ${DOWNLOAD_HOST}`);
      log('Downloading mongod once (cached afterwards)…');
      binary = await withTimeout(mms.MongoBinary.getPath(), timeoutMs, 'mongod binary not obtainable in time');
    }
  }
  const dbPath = opts.dataDir ? path.join(opts.dataDir, 'mongod') : undefined;
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  const replSet = await withTimeout(
    mms.MongoMemoryReplSet.create({
      binary: { systemBinary: binary },
      replSet: { count: 1, storageEngine: 'wiredTiger', name: 'rs0' },
      instanceOpts: dbPath ? [{ dbPath, storageEngine: 'wiredTiger' }] : undefined,
    }),
    Math.max(timeoutMs, 30000),
    'mongod did not start in time',
  );
  const base = replSet.getUri();
  const uri = base.replace(/\/(\?|$)/, `/${opts.dbName}$1`);
  return {
    kind: 'mongod',
    uri,
    persistent: Boolean(dbPath),
    description: `mongod ${binary} (replica set rs0${dbPath ? `, data in ${dbPath}` : ', in memory'})`,
    stop: async () => {
      await replSet.stop({ doCleanup: !dbPath, force: false });
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(what)), ms);
    t.unref();
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}
