import { z } from 'zod';

export const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-character hex id');

export const errorResponse = z.object({
  code: z.string(),
  message: z.string(),
  requestId: z.string(),
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorResponse = z.infer<typeof errorResponse>;

export const okResponse = z.object({ ok: z.literal(true) });

export const cursorQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
