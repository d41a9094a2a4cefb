/**
 * Liveness and readiness, and graceful shutdown of a booted server: a request
 * in flight when stop() begins is answered, the job running then finishes and
 * releases its lock, new connections are refused afterwards.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { loadConfig } from '../../server/src/platform/config';
import { boot } from '../../server/src/main';
import { drainHttp } from '../../server/src/platform/http/shutdown';
import { startTestApp } from '../support/app';
import { testDbUri } from '../support/db';

test('liveness stays up while readiness fails with the database connection closed', async () => {
  const app = await startTestApp();
  try {
    const ready = await app.call('GET', '/api/ready');
    expect([ready.status, ready.body.status, ready.body.database.reachable]).toEqual([200, 'ready', true]);
    app.services.lifecycle.draining = true;
    const draining = await app.call('GET', '/api/ready');
    expect([draining.status, draining.body.draining]).toEqual([503, true]);
    app.services.lifecycle.draining = false;
    await app.conn.dropDatabase();
    await app.conn.close();
    const down = await app.call('GET', '/api/ready');
    expect([down.status, down.body.status, down.body.database.reachable]).toEqual([503, 'not_ready', false]);
    const live = await app.call('GET', '/api/health');
    expect([live.status, live.body.status]).toEqual([200, 'ok']);
  } finally {
    await app.close();
  }
});

/** A POST whose body arrives in two parts, `gapMs` apart: in flight for that long. */
function slowPost(url: string, pathName: string, body: string, gapMs: number, onFirstPart: () => void): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, path: pathName, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    setTimeout(onFirstPart, 20);
    setTimeout(() => req.end(body.slice(half)), gapMs);
  });
}

test('graceful stop: the request in flight is answered, the running job finishes, then the port is closed', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hc-ops-shutdown-'));
  const uri = testDbUri('shutdown');
  const config = loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', MONGODB_URI: uri, DATA_DIR: dataDir, HOMECLUB_SKIP_MONGOD: '1',
    WECHAT_MODE: 'sim', SEED_DEMO: '0', JOBS_ENABLED: '1', JOB_POLL_MS: '50', SHUTDOWN_GRACE_MS: '5000', MINIAPP_H5_DIR: dataDir,
  });
  const server = await boot(config, { log: () => undefined });
  const observer = await mongoose.createConnection(uri).asPromise();
  try {
    let jobStarted!: () => void;
    const started = new Promise<void>((r) => (jobStarted = r));
    server.services.scheduler.define('test.slow', async () => {
      jobStarted();
      await new Promise((r) => setTimeout(r, 400));
      await observer.collection('shutdown_marks').insertOne({ job: 'finished' });
    });
    await server.services.scheduler.schedule('test.slow', new Date(0));
    await started;

    let stopped: Promise<void> | null = null;
    const answer = await slowPost(server.url, '/api/auth/refresh', JSON.stringify({ refreshToken: 'not-a-refresh-token-0123456789' }), 300, () => {
      stopped = server.stop();
    });
    // Answered by the app (the token is refused), not cut by the shutdown.
    expect([answer.status, JSON.parse(answer.body).code]).toEqual([401, expect.stringMatching(/^[A-Z_]+$/)]);
    await stopped;
    expect(await observer.collection('shutdown_marks').countDocuments({ job: 'finished' })).toBe(1);
    const job = await observer.collection('jobs').findOne({ name: 'test.slow' });
    expect([job?.status, job?.lockedBy]).toEqual(['done', null]);
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  } finally {
    await server.stop();
    await observer.dropDatabase().catch(() => undefined);
    await observer.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a connection still open after the grace period is cut', async () => {
  const srv = http.createServer(() => undefined); // never answers
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  const hanging = fetch(`http://127.0.0.1:${port}/`).catch((e: Error) => e);
  await new Promise((r) => setTimeout(r, 50));
  const drained = await drainHttp(srv, 200);
  expect(drained.forced).toBe(true);
  expect(String(await hanging)).toMatch(/TypeError: fetch failed/);
});
