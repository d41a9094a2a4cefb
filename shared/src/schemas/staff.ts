import { z } from 'zod';
import { objectId } from './common';
import { memberView } from './auth';
import { storeView } from './stores';

export const createStaffRequest = z.object({
  memberId: objectId,
  storeId: objectId,
});
export type CreateStaffRequest = z.infer<typeof createStaffRequest>;

export const staffParams = z.object({ memberId: objectId });

export const staffView = z.object({
  member: memberView,
  store: storeView,
});
export type StaffView = z.infer<typeof staffView>;

export const staffListResponse = z.object({ items: z.array(staffView) });

export const memberLookupQuery = z.object({
  phone: z.string().regex(/^1\d{10}$/, 'must be an 11-digit mainland mobile').optional(),
  memberId: objectId.optional(),
});
export const memberLookupResponse = z.object({ items: z.array(memberView) });
