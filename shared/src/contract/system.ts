/** The system routes of the API contract (see ../api.ts). */
import { route } from './route';
import { healthResponse, readyResponse } from '../schemas/system';

export const systemRoutes = {
  health: route({
    method: 'GET',
    path: '/api/health',
    summary: '存活检查：进程在运行',
    tag: 'system',
    access: 'public',
    response: healthResponse,
  }),
  ready: route({
    method: 'GET',
    path: '/api/ready',
    summary: '就绪检查：数据库可连接',
    tag: 'system',
    access: 'public',
    response: readyResponse,
  }),
} as const;
