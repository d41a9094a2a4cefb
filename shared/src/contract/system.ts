/** The system routes of the API contract (see ../api.ts). */
import { route } from './route';
import { healthResponse, readyResponse } from '../schemas/system';

export const systemRoutes = {
  health: route({
    method: 'GET',
    path: '/api/health',
    summary: 'Process is up',
    tag: 'system',
    access: 'public',
    response: healthResponse,
  }),
  ready: route({
    method: 'GET',
    path: '/api/ready',
    summary: 'Database reachable',
    tag: 'system',
    access: 'public',
    response: readyResponse,
  }),
} as const;
