/** The stores routes of the API contract (see ../api.ts). */
import { route } from './route';
import { storeListResponse } from '../schemas/stores';

export const storesRoutes = {
  stores: route({
    method: 'GET',
    path: '/api/stores',
    tag: 'stores',
    access: 'public',
    summary: '连锁的门店列表',
    response: storeListResponse,
  }),
} as const;
