import { z } from 'zod';

export const healthResponse = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() });
export const readyResponse = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.object({ engine: z.string(), persistent: z.boolean(), reachable: z.boolean() }),
  /** the instance is shutting down: finishing its requests, taking no new work */
  draining: z.boolean(),
});
