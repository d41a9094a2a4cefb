/** The analytics routes of the API contract (see ../api.ts). */
import { route } from './route';
import { consoleDashboardQuery, consoleDashboardResponse } from '../schemas/analytics';

export const analyticsRoutes = {
  consoleDashboard: route({
    method: 'GET',
    path: '/api/console/dashboard',
    tag: 'console',
    access: 'console',
    summary: '后台概览（店长只看本店）：会员、销售、优惠券、积分、预约、合伙人指标（按日汇总，含上期对比与每日趋势）',
    query: consoleDashboardQuery,
    response: consoleDashboardResponse,
  }),
} as const;
