import { z } from 'zod';

export const storeView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  city: z.string(),
  address: z.string(),
  phone: z.string(),
  location: z.object({ lat: z.number(), lng: z.number() }),
});
export type StoreView = z.infer<typeof storeView>;

export const storeListResponse = z.object({ items: z.array(storeView) });
