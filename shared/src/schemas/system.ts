import { z } from 'zod';

export const healthResponse = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() });
export const readyResponse = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.object({ engine: z.string(), persistent: z.boolean(), reachable: z.boolean() }),
});
