import { z } from 'zod';

/**
 * What the mini-program celebrates once (the popup on 首页): the welcome gifts a new member actually received
 * (sign-up points and 新人礼 coupons, read from the ledger and the coupons issued) and a tier upgrade.
 */
export const greetingView = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('welcome'),
    key: z.literal('welcome'),
    points: z.number().int(),
    coupons: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
  z.object({
    kind: z.literal('tier_up'),
    key: z.string(),
    tier: z.object({ code: z.string(), name: z.string(), color: z.string() }),
    perks: z.array(z.string()),
  }),
]);
export type GreetingView = z.infer<typeof greetingView>;

export const greetingsResponse = z.object({ items: z.array(greetingView) });

/** `welcome` or `tier:<tier code>`. */
export const greetingKey = z.string().regex(/^(welcome|tier:[a-z][a-z0-9_]{1,19})$/, 'welcome or tier:<code>');
export const greetingsSeenRequest = z.object({ keys: z.array(greetingKey).min(1).max(5) });
