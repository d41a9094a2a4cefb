/**
 * One WeChat simulator shared by two server instances on one database, as in
 * the README's two-instance setup: a payment created through instance A is
 * confirmed by the notification that lands on instance B; behind a
 * round-robin "load balancer" notifications reach either instance; and the
 * simulator restarted in the middle (stopped, then a new simulator process on
 * the same database and port) still knows the unpaid order, lets it be paid,
 * and delivers the notification the stopped one still owed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { intentModel } from '../../server/src/payments/model';
import { NOTIFY_PATH } from '../../server/src/payments/notify';
import { startSimulator, startTestApp, TEST_APPID, TEST_SECRET, testPayKeys, type RunningSim, type TestApp } from '../support/app';
import { dropTestDb, testDbUri } from '../support/db';
import { http as call } from '../support/http';
import { waitFor } from '../support/pay-sim';

const root = path.resolve(__dirname, '../..');
const dbUri = testDbUri('simshared');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hc-sim-shared-'));
let sim: RunningSim;
let a: TestApp;
let b: TestApp;
let child: ChildProcess | undefined;
const paidOn: Record<string, string> = {};

/** A load balancer stand-in: round-robin over the instances' notify URLs; `down` answers 503 itself. */
const lb = { down: false, next: 0, hits: [] as string[], server: undefined as http.Server | undefined, url: '' };

beforeAll(async () => {
  sim = await startSimulator({ dbUri });
  a = await startTestApp({ sim, dbUri, instanceId: 'instance-a' });
  b = await startTestApp({ sim, dbUri, instanceId: 'instance-b' });
  for (const [name, app] of [['A', a], ['B', b]] as const) {
    app.services.payments.registerPurpose('shared', { onPaid: async (i) => void (paidOn[i.outTradeNo] = name) });
  }
  lb.server = http.createServer((req, res) => {
    if (lb.down) {
      req.resume();
      res.writeHead(503).end();
      return;
    }
    const target = [a, b][lb.next++ % 2];
    lb.hits.push(target === a ? 'A' : 'B');
    const up = http.request(`${target.url}${NOTIFY_PATH}`, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((r) => lb.server!.listen(0, '127.0.0.1', () => r()));
  lb.url = `http://127.0.0.1:${(lb.server.address() as AddressInfo).port}${NOTIFY_PATH}`;
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await new Promise<void>((r) => lb.server?.close(() => r()));
  await a.close();
  await dropTestDb(b.conn);
  await b.close();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

let seq = 0;
const newIntent = (app: TestApp) =>
  app.services.payments.createIntent({
    purpose: 'shared',
    reference: `shared-${Date.now()}-${++seq}`,
    openid: 'oSharedPayer000000000000001',
    amountFen: 1990 + seq,
    description: '共享模拟器',
    expireAt: new Date(Date.now() + 900_000),
  });
const stateOf = async (no: string) => (await intentModel(a.conn).findOne({ outTradeNo: no }).lean())?.state;

/** The simulator as its own process (server/simulator/main.ts) on `port`, state in `dbUri`. */
async function startSimProcess(port: number): Promise<ChildProcess> {
  mkdirSync(path.join(dataDir, 'wechat-pay-sim'), { recursive: true });
  writeFileSync(path.join(dataDir, 'wechat-pay-sim', 'keys.json'), JSON.stringify(testPayKeys()));
  const proc = spawn(path.join(root, 'node_modules/.bin/tsx'), ['server/simulator/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      SIM_MONGODB_URI: dbUri,
      SIM_PORT: String(port),
      DATA_DIR: dataDir,
      WECHAT_APPID: TEST_APPID,
      WECHAT_SECRET: TEST_SECRET,
      PAY_SIM_TIME_SCALE: '0.01',
      SIM_POLL_MS: '100',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator process did not start: ${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`simulator process exited (${code}): ${out}`)));
  });
  return proc;
}

test('a payment created through instance A is confirmed by the notification that lands on instance B', async () => {
  a.wechatPay.options.notifyUrl = `${b.url}${NOTIFY_PATH}`;
  const { intent } = await newIntent(a);
  expect(await stateOf(intent.outTradeNo)).toBe('NOTPAY');
  const paid = await call(sim.payUrl, 'POST', '/control/pay', { body: { prepay_id: intent.prepayId } });
  expect(paid.status).toBe(200);
  await waitFor(async () => (await stateOf(intent.outTradeNo)) === 'SUCCESS' && paidOn[intent.outTradeNo], 10_000, 50);
  expect(paidOn[intent.outTradeNo]).toBe('B');
  const deliveries = (await call(sim.payUrl, 'GET', `/control/deliveries?out_trade_no=${intent.outTradeNo}`)).body.items;
  expect(deliveries.map((d: { url: string; status: number }) => [d.url, d.status])).toEqual([[`${b.url}${NOTIFY_PATH}`, 204]]);
});

test('behind a round-robin balancer notifications reach either instance; each payment is applied once', async () => {
  a.wechatPay.options.notifyUrl = lb.url;
  b.wechatPay.options.notifyUrl = lb.url;
  lb.hits.length = 0;
  const intents = [await newIntent(a), await newIntent(b), await newIntent(a), await newIntent(b)].map((r) => r.intent);
  for (const i of intents) expect((await call(sim.payUrl, 'POST', '/control/pay', { body: { out_trade_no: i.outTradeNo } })).status).toBe(200);
  await waitFor(async () => (await Promise.all(intents.map((i) => stateOf(i.outTradeNo)))).every((s) => s === 'SUCCESS'), 10_000, 50);
  await waitFor(() => intents.every((i) => paidOn[i.outTradeNo]), 5000, 20);
  expect(new Set(lb.hits)).toEqual(new Set(['A', 'B']));
  expect(new Set(intents.map((i) => paidOn[i.outTradeNo]))).toEqual(new Set(['A', 'B']));
});

test('a simulator restart in the middle: the new process on the same database pays the earlier prepay and delivers what the old one owed', async () => {
  a.wechatPay.options.notifyUrl = lb.url;
  // unpaid when the simulator stops
  const { intent: unpaid } = await newIntent(a);
  // paid, but its notification still owed: the balancer answers 503 while the old simulator runs
  const { intent: owed } = await newIntent(a);
  lb.down = true;
  expect((await call(sim.payUrl, 'POST', '/control/pay', { body: { out_trade_no: owed.outTradeNo } })).status).toBe(200);
  await waitFor(async () => (await call(sim.payUrl, 'GET', `/control/deliveries?out_trade_no=${owed.outTradeNo}`)).body.items.length > 0, 5000, 20);
  const port = sim.port;
  await sim.close();
  expect(await stateOf(owed.outTradeNo)).toBe('NOTPAY');
  lb.down = false;

  child = await startSimProcess(port);
  const base = `http://127.0.0.1:${port}/sim/pay`;
  // the owed notification is delivered by the new process from the queue in the database
  await waitFor(async () => (await stateOf(owed.outTradeNo)) === 'SUCCESS', 15_000, 50);
  // the earlier prepay is still known and payable
  const orders = (await call(base, 'GET', `/control/orders?out_trade_no=${unpaid.outTradeNo}`)).body.items;
  expect(orders.map((o: { trade_state: string }) => o.trade_state)).toEqual(['NOTPAY']);
  expect((await call(base, 'POST', '/control/pay', { body: { prepay_id: unpaid.prepayId } })).status).toBe(200);
  await waitFor(async () => (await stateOf(unpaid.outTradeNo)) === 'SUCCESS', 15_000, 50);
  // the instances' clients reach the new process at the same address: a query answers SUCCESS
  expect((await a.wechatPay.client.query(unpaid.outTradeNo))?.trade_state).toBe('SUCCESS');
  await waitFor(() => paidOn[unpaid.outTradeNo] && paidOn[owed.outTradeNo], 5000, 20);
}, 90_000);
