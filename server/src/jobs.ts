/** Background jobs of every domain, registered on the MongoDB-backed scheduler. */
import type { Scheduler } from './platform/jobs/scheduler';
import type { AuthService } from './auth/service';

export function registerJobs(s: { scheduler: Scheduler; auth: AuthService }): void {
  s.scheduler.define('auth.purge-expired-sessions', async ({ log }) => {
    const n = await s.auth.purgeExpired();
    if (n) log.info({ deleted: n }, 'expired sessions purged');
  });
}

/** Recurring schedules, armed once per database (idempotent across instances). */
export async function armRecurringJobs(scheduler: Scheduler): Promise<void> {
  await scheduler.every('auth.purge-expired-sessions', 6 * 3600_000);
}
