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

test('failover: the instance running a job dies mid-job; another takes over after the lease and the effect happens once', async () => {
  const dead = new Scheduler({ conn, clock, logger, instanceId: 'dead', pollMs: 50 });
  const alive = new Scheduler({ conn, clock, logger, instanceId: 'alive', pollMs: 50 });
  const runs: string[] = [];
  let started!: () => void;
  const deadStarted = new Promise<void>((r) => (started = r));
  let wake!: () => void;
  const frozen = new Promise<void>((r) => (wake = r));
  // The job's effect, idempotent by job id as every handler must be.
  const effect = (jobId: unknown, by: string) => conn.collection('failover_effects').updateOne({ _id: `job:${jobId}` as never }, { $setOnInsert: { by } }, { upsert: true });
  dead.define('failover', async ({ job }) => {
    runs.push('dead');
    started();
    await frozen; // the process is gone (or frozen) before its effect
    await effect(job._id, 'dead');
  }, { lockMs: 5_000 });
  alive.define('failover', async ({ job }) => {
    runs.push('alive');
    await effect(job._id, 'alive');
  }, { lockMs: 5_000 });
  await alive.schedule('failover', clock.now(), {}, { uniqueKey: 'failover-1' });
  dead.start();
  await deadStarted;
  const deadStopped = dead.stop(); // stops polling; the lock stays with the dead instance
  expect(await alive.runDue()).toBe(0); // within the lease nobody else runs it
  clock.travel(6_000);
  expect(await alive.runDue()).toBe(1);
  expect(runs).toEqual(['dead', 'alive']);
  // The dead instance wakes up late: its effect and its bookkeeping change nothing.
  wake();
  await deadStopped;
  expect(await conn.collection('failover_effects').find({}).toArray()).toEqual([{ _id: expect.stringMatching(/^job:/), by: 'alive' }]);
  expect(await jobModel(conn).findOne({ uniqueKey: 'failover-1' }).lean()).toMatchObject({ status: 'done', lockedBy: null });
  expect(await alive.runDue()).toBe(0);
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
