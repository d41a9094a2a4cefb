/** Platform services every module may use: metrics, the job scheduler, rate limits. */
import { defineModule } from './modules';
import { createMetrics } from './metrics/metrics';
import { Scheduler } from './jobs/scheduler';
import { createRateLimiter } from './ratelimit/limiter';

export const platformModule = defineModule({
  name: 'platform',
  create: (deps) => {
    const metrics = createMetrics();
    const scheduler = new Scheduler({
      conn: deps.conn,
      clock: deps.clock,
      logger: deps.logger,
      pollMs: deps.config.JOB_POLL_MS,
      instanceId: deps.instanceId,
      onRun: (r) => metrics.observeJob(r.name, r.ok, r.seconds),
    });
    return { metrics, scheduler, rateLimiter: createRateLimiter({ conn: deps.conn, clock: deps.clock }) };
  },
  jobs: [
    {
      name: 'platform.purge-rate-limits',
      every: 10 * 60_000,
      run: async (s, { log }) => {
        const n = await s.rateLimiter.purge();
        if (n) log.info({ deleted: n }, 'ended rate-limit windows purged');
      },
    },
  ],
});
