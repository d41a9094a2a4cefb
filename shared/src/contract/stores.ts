/** The stores routes of the API contract (see ../api.ts). */
import { route } from './route';
import { storeListResponse } from '../schemas/stores';

export const storesRoutes = {
  stores: route({
    method: 'GET',
    path: '/api/stores',
    tag: 'stores',
    access: 'public',
    summary: "The chain's stores",
    response: storeListResponse,
  }),
} as const;
