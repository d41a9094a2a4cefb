import { connectDb } from '../../server/src/platform/db/connect';
import { TravelClock } from '../../server/src/platform/clock';
import { createLogger } from '../../server/src/platform/logger';
import { Scheduler } from '../../server/src/platform/jobs/scheduler';
import { jobModel } from '../../server/src/platform/jobs/model';
import { testDbUri, dropTestDb } from '../support/db';
import type { Connection } from 'mongoose';

let conn: Connection;
const clock = new TravelClock();
const logger = createLogger('silent');

beforeAll(async () => {
  conn = await connectDb(testDbUri('sched'));
  await jobModel(conn).createIndexes();
});
afterAll(async () => {
  await dropTestDb(conn);
  await conn.close();
});

test('a failing job is retried with backoff and ends failed after maxAttempts', async () => {
  const s = new Scheduler({ conn, clock, logger });
  let calls = 0;
  s.define('flaky', async () => {
    calls += 1;
    throw new Error('boom');
  });
  await s.schedule('flaky', clock.now(), {}, { uniqueKey: 'flaky-1', maxAttempts: 3 });
  await s.runDue();
  expect(calls).toBe(1);
  await s.runDue();
  expect(calls).toBe(1); // backoff: not due yet
  for (let i = 0; i < 3; i++) {
    clock.travel(60_000);
    await s.runDue();
  }
  expect(calls).toBe(3);
  const job = await jobModel(conn).findOne({ uniqueKey: 'flaky-1' }).lean();
  expect(job).toMatchObject({ status: 'failed', attempts: 3, lastError: 'boom' });
});

test('a job whose runner died is taken over after its lock expires', async () => {
  const crashed = new Scheduler({ conn, clock, logger, instanceId: 'dead' });
  const healthy = new Scheduler({ conn, clock, logger, instanceId: 'alive' });
  const runs: string[] = [];
  crashed.define('takeover', async () => {
    runs.push('dead');
    await new Promise(() => undefined); // never finishes: the process "died"
  }, { lockMs: 5_000 });
  healthy.define('takeover', async () => {
    runs.push('alive');
  }, { lockMs: 5_000 });
  await healthy.schedule('takeover', clock.now(), {}, { uniqueKey: 'takeover-1' });
  void crashed.runDue();
  await new Promise((r) => setTimeout(r, 200));
  expect(runs).toEqual(['dead']);
  expect(await healthy.runDue()).toBe(0); // still locked
  clock.travel(6_000);
  expect(await healthy.runDue()).toBe(1);
  expect(runs).toEqual(['dead', 'alive']);
  expect((await jobModel(conn).findOne({ uniqueKey: 'takeover-1' }).lean())!.status).toBe('done');
});

test('jobs run in due order and not before their time', async () => {
  const s = new Scheduler({ conn, clock, logger });
  const order: number[] = [];
  s.define('ordered', async ({ job }) => {
    order.push(job.data.n as number);
  });
  const now = clock.now().getTime();
  await s.schedule('ordered', new Date(now + 3000), { n: 3 });
  await s.schedule('ordered', new Date(now + 1000), { n: 1 });
  await s.schedule('ordered', new Date(now + 2000), { n: 2 });
  await s.schedule('ordered', new Date(now + 3_600_000), { n: 99 });
  clock.travel(5000);
  await s.runDue();
  expect(order).toEqual([1, 2, 3]);
});
