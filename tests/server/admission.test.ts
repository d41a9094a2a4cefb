/**
 * Admission (platform/http/admission.ts): an instance works on at most HTTP_MAX_ACTIVE requests at once,
 * the rest wait first come first served, past HTTP_MAX_WAITING they are turned away with 503 + Retry-After,
 * and WeChat Pay's notification and the health probes never wait. First the middleware alone over real
 * HTTP, then the app as wired (a request whose body never ends holds the only slot).
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { admission } from '../../server/src/platform/http/admission';
import { errorHandler } from '../../server/src/platform/http/error-handler';
import { NOTIFY_PATH } from '../../server/src/payments/notify';
import { startTestApp } from '../support/app';

interface Held {
  release(): void;
}

async function serveWithAdmission(limit: number, queueLimit: number) {
  const order: string[] = [];
  const held = new Map<string, Held>();
  const gate = admission({ limit, queueLimit, priority: (p) => p.startsWith('/first') });
  const app = new Koa();
  app.silent = true;
  app.use(errorHandler());
  app.use(gate.middleware);
  app.use(async (ctx) => {
    const name = ctx.path.slice(1);
    order.push(name);
    if (ctx.query.hold) await new Promise<void>((r) => held.set(name, { release: r }));
    if (ctx.query.fail) throw new Error('handler failed');
    ctx.body = { name };
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = (path: string) => fetch(`${base}${path}`).then(async (r) => ({ status: r.status, body: await r.json(), retryAfter: r.headers.get('retry-after') }));
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(ok()).toBe(true);
  };
  return { gate, order, held, get, until, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('at most `limit` at once; the others are served in arrival order as slots free up', async () => {
  const s = await serveWithAdmission(2, 10);
  try {
    const a = s.get('/a?hold=1');
    const b = s.get('/b?hold=1');
    await s.until(() => s.held.size === 2);
    const c = s.get('/c?hold=1');
    await s.until(() => s.gate.waiting === 1);
    const d = s.get('/d');
    await s.until(() => s.gate.waiting === 2);
    expect(s.order).toEqual(['a', 'b']);
    expect(s.gate.active).toBe(2);

    s.held.get('a')!.release();
    expect((await a).status).toBe(200);
    await s.until(() => s.held.has('c'));
    expect(s.order).toEqual(['a', 'b', 'c']); // c came before d
    s.held.get('b')!.release();
    expect((await d).status).toBe(200);
    s.held.get('c')!.release();
    await Promise.all([b, c]);
    expect(s.order).toEqual(['a', 'b', 'c', 'd']);
    await s.until(() => s.gate.active === 0 && s.gate.waiting === 0);
  } finally {
    await s.close();
  }
});

test('priority requests pass a full instance, and finishing one does not strand a waiting request', async () => {
  const s = await serveWithAdmission(1, 10);
  try {
    const p = s.get('/first-held?hold=1'); // a priority request in flight does not take the slot
    await s.until(() => s.held.has('first-held'));
    const a = s.get('/a?hold=1');
    await s.until(() => s.held.has('a'));
    const b = s.get('/b');
    await s.until(() => s.gate.waiting === 1);
    // the instance is full and b waits, yet the priority request is answered at once
    expect(await s.get('/first-fast')).toMatchObject({ status: 200, body: { name: 'first-fast' } });
    s.held.get('first-held')!.release();
    expect((await p).status).toBe(200);
    expect(s.gate.waiting).toBe(1); // still behind a, not lost
    s.held.get('a')!.release();
    expect((await b).status).toBe(200);
    await a;
    expect(s.gate.priorityActive).toBe(0);
    expect(s.gate.active).toBe(0);
  } finally {
    await s.close();
  }
});

test('past the queue limit: 503 SERVICE_UNAVAILABLE with Retry-After; a failed request frees its slot', async () => {
  const s = await serveWithAdmission(1, 1);
  try {
    const a = s.get('/a?hold=1');
    await s.until(() => s.held.has('a'));
    const b = s.get('/b?fail=1');
    await s.until(() => s.gate.waiting === 1);
    const turned = await s.get('/c');
    expect(turned).toMatchObject({ status: 503, retryAfter: '1', body: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' } });
    expect(s.order).toEqual(['a']); // c never reached a handler
    s.held.get('a')!.release();
    await a;
    expect((await b).status).toBe(500); // b ran (and failed) ...
    expect((await s.get('/d')).status).toBe(200); // ... and gave its slot back
    expect(s.gate.active).toBe(0);
  } finally {
    await s.close();
  }
});

test('limit 0: no limit', async () => {
  const s = await serveWithAdmission(0, 0);
  try {
    const held = ['a', 'b', 'c'].map((n) => s.get(`/${n}?hold=1`));
    await s.until(() => s.held.size === 3);
    expect(s.gate.waiting).toBe(0);
    for (const h of s.held.values()) h.release();
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200, 200]);
  } finally {
    await s.close();
  }
});

test('the app: with its one slot held, a shopper request is turned away; the probes, static files and the WeChat Pay notification are not', async () => {
  const token = 'metrics-token-0123456789abcdef';
  const app = await startTestApp({ env: { HTTP_MAX_ACTIVE: '1', HTTP_MAX_WAITING: '0', METRICS_TOKEN: token } });
  const { port, hostname } = new URL(app.url);
  // A POST whose body never finishes holds the slot: admission comes before the body is read.
  const socket = net.connect(Number(port), hostname);
  try {
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write('POST /api/checkout/quote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"storeId":');
    for (let i = 0; i < 100; i++) {
      const r = await app.call('GET', '/api/stores');
      if (r.status === 503) break;
      await new Promise((res) => setTimeout(res, 10));
    }
    const busy = await app.call('GET', '/api/stores');
    expect(busy.status).toBe(503);
    expect(busy.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(busy.headers.get('retry-after')).toBe('1');
    expect((await app.call('GET', '/api/health')).status).toBe(200);
    expect((await app.call('GET', '/api/ready')).status).toBe(200);
    // the metrics say how busy the instance is (and /metrics itself never waits)
    const metrics = await app.call<string>('GET', '/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^homeclub_http_requests_active 1$/m);
    expect(metrics.body).toMatch(/^homeclub_http_requests_waiting 0$/m);
    // static files (the console's pages here) never wait either
    expect((await app.call('GET', '/console/')).status).not.toBe(503);
    // An unsigned notification gets the notify route's own answer (signature refused), not a busy one.
    const note = await app.call('POST', NOTIFY_PATH, { raw: '{}', headers: { 'content-type': 'application/json' } });
    expect(note.status).not.toBe(503);
    expect(note.status).toBeGreaterThanOrEqual(400);
  } finally {
    socket.destroy();
    await app.close();
  }
});
