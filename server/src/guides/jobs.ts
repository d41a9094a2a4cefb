/** The guide domain's background jobs (registered from ../jobs.ts). */
import type { Scheduler } from '../platform/jobs/scheduler';
import type { GuidesService } from './service';
import { TRANSFER_JOB } from './transfers';

export function registerGuideJobs(scheduler: Scheduler, guides: GuidesService): void {
  scheduler.define(
    TRANSFER_JOB,
    async ({ log }) => {
      const n = await guides.transfers.runOpen();
      if (n) log.info({ transfers: n }, 'guide transfers run');
    },
    { lockMs: 10 * 60_000 },
  );
  scheduler.define('guides.repair', async () => {
    await guides.bindings.repair();
  });
  scheduler.define(
    'guides.follow-ups',
    async ({ log }) => {
      const n = await guides.workspace.generate();
      if (n) log.info({ tasks: n }, 'guide follow-up tasks created');
    },
    { lockMs: 30 * 60_000 },
  );
}

export async function armGuideJobs(scheduler: Scheduler): Promise<void> {
  // The recurring transfer run resumes a transfer whose one-off job was interrupted.
  await scheduler.every(TRANSFER_JOB, 5 * 60_000);
  await scheduler.every('guides.repair', 5 * 60_000);
  await scheduler.every('guides.follow-ups', 3600_000);
}
