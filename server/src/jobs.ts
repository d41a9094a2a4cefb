/** Background jobs of every module (their `jobs` in module.ts), registered on the MongoDB-backed scheduler. */
import type { Scheduler } from './platform/jobs/scheduler';
import { armJobs, defineJobs, type JobTimes } from './platform/modules';
import { modules } from './modules';
import type { Services } from './services';

export { nextShanghaiHour } from './platform/jobs/shanghai-hour';

export function registerJobs(services: Services): void {
  defineJobs(modules, services.scheduler, services);
}

/** Recurring schedules, armed once per database (idempotent across instances). */
export async function armRecurringJobs(scheduler: Scheduler, opts: JobTimes): Promise<void> {
  await armJobs(modules, scheduler, opts);
}
