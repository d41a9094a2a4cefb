/**
 * MongoDB-backed job scheduler, safe with several server instances.
 *
 * A job is a document. An instance claims a due job with one guarded
 * findOneAndUpdate (status scheduled, runAt ≤ now, lock free or expired), so
 * exactly one instance runs it; a crashed runner's lock expires and another
 * instance picks the job up. Recurring jobs are one document each
 * (`every:<name>`), re-armed after each run. Handlers must be idempotent
 * (a job whose runner crashed mid-way runs again).
 *
 * Why not Agenda: it brings its own driver version and a lock model we would
 * still have to verify on the embedded engine; this is ~150 lines we test.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { isDuplicateKey } from '../errors';
import { jobModel, type JobDoc } from './model';

export interface JobContext {
  job: JobDoc;
  now: Date;
  log: Logger;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

interface Definition {
  handler: JobHandler;
  lockMs: number;
}

export interface SchedulerOptions {
  conn: Connection;
  clock: Clock;
  logger: Logger;
  pollMs?: number;
  instanceId?: string;
  /** told after every run of a handler (metrics, tests waiting for a run) */
  onRun?: (run: { name: string; ok: boolean; seconds: number }) => void;
}

export class Scheduler {
  private readonly Job;
  private readonly defs = new Map<string, Definition>();
  private timer: NodeJS.Timeout | null = null;
  private running = new Set<Promise<void>>();
  private stopped = true;
  readonly instanceId: string;

  constructor(private readonly opts: SchedulerOptions) {
    this.Job = jobModel(opts.conn);
    this.instanceId = opts.instanceId ?? randomUUID();
  }

  define(name: string, handler: JobHandler, opts: { lockMs?: number } = {}): void {
    this.defs.set(name, { handler, lockMs: opts.lockMs ?? 60_000 });
  }

  /** Run `name` every `intervalMs`; the first run is due at once (or at `firstRunAt`). Idempotent. */
  async every(name: string, intervalMs: number, opts: { firstRunAt?: Date; data?: Record<string, unknown> } = {}): Promise<void> {
    const now = this.opts.clock.now();
    try {
      await this.Job.updateOne(
        { uniqueKey: `every:${name}` },
        {
          $setOnInsert: {
            name,
            uniqueKey: `every:${name}`,
            data: opts.data ?? {},
            status: 'scheduled',
            runAt: opts.firstRunAt ?? now,
            lockedUntil: null,
            lockedBy: null,
            attempts: 0,
            maxAttempts: 1_000_000,
            lastRunAt: null,
            lastError: null,
            createdAt: now,
          },
          $set: { intervalMs },
        },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // another instance registered it at the same moment
    }
  }

  /** Schedule a one-off job. The same `uniqueKey` twice schedules it once. Returns false on duplicate. */
  async schedule(name: string, runAt: Date, data: Record<string, unknown> = {}, opts: { uniqueKey?: string; maxAttempts?: number } = {}): Promise<boolean> {
    try {
      await this.Job.create({
        name,
        uniqueKey: opts.uniqueKey ?? `once:${name}:${randomUUID()}`,
        data,
        status: 'scheduled',
        runAt,
        intervalMs: null,
        maxAttempts: opts.maxAttempts ?? 5,
        createdAt: this.opts.clock.now(),
      });
      return true;
    } catch (err) {
      if (isDuplicateKey(err, 'jobs_unique_key')) return false;
      throw err;
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      try {
        await this.runDue({ max: 20 });
      } catch (err) {
        this.opts.logger.error({ err }, 'scheduler poll failed');
      }
      if (!this.stopped) this.timer = setTimeout(loop, this.opts.pollMs ?? 1000);
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.running]);
  }

  /** Claim and run due jobs until none is left (or `max` ran). Returns how many ran. */
  async runDue(opts: { max?: number } = {}): Promise<number> {
    let ran = 0;
    const max = opts.max ?? 100;
    while (ran < max) {
      const job = await this.claim();
      if (!job) break;
      const p = this.execute(job);
      this.running.add(p);
      try {
        await p;
      } finally {
        this.running.delete(p);
      }
      ran += 1;
    }
    return ran;
  }

  private async claim(): Promise<JobDoc | null> {
    const names = [...this.defs.keys()];
    if (!names.length) return null;
    const now = this.opts.clock.now();
    const maxLock = Math.max(...[...this.defs.values()].map((d) => d.lockMs));
    return this.Job.findOneAndUpdate(
      {
        status: 'scheduled',
        name: { $in: names },
        runAt: { $lte: now },
        $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }],
      },
      {
        $set: { lockedUntil: new Date(now.getTime() + maxLock), lockedBy: this.instanceId, lastRunAt: now },
        $inc: { attempts: 1 },
      },
      { sort: { runAt: 1 }, returnDocument: 'after', lean: true },
    ) as Promise<JobDoc | null>;
  }

  private async execute(job: JobDoc): Promise<void> {
    const def = this.defs.get(job.name)!;
    const log = this.opts.logger.child({ job: job.name, jobId: String(job._id) });
    const mine = { _id: job._id, lockedBy: this.instanceId };
    const started = process.hrtime.bigint();
    const report = (ok: boolean) => this.opts.onRun?.({ name: job.name, ok, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    try {
      await def.handler({ job, now: this.opts.clock.now(), log });
      report(true);
      const now = this.opts.clock.now();
      if (job.intervalMs) {
        await this.Job.updateOne(mine, {
          $set: { runAt: new Date(now.getTime() + job.intervalMs), lockedUntil: null, lockedBy: null, attempts: 0, lastError: null },
        });
      } else {
        await this.Job.updateOne(mine, { $set: { status: 'done', lockedUntil: null, lockedBy: null, lastError: null } });
      }
    } catch (err) {
      report(false);
      const now = this.opts.clock.now();
      const message = (err as Error)?.message ?? String(err);
      log.error({ err, attempts: job.attempts }, 'job failed');
      if (!job.intervalMs && job.attempts >= job.maxAttempts) {
        await this.Job.updateOne(mine, { $set: { status: 'failed', lockedUntil: null, lockedBy: null, lastError: message } });
      } else {
        const backoff = Math.min(2 ** Math.min(job.attempts, 10) * 1000, job.intervalMs ?? 3600_000);
        await this.Job.updateOne(mine, {
          $set: { runAt: new Date(now.getTime() + backoff), lockedUntil: null, lockedBy: null, lastError: message },
        });
      }
    }
  }
}
