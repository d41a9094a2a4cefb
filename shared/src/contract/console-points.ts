/** Console: points adjustments and their approval (积分调整 · 积分审批; see ../api.ts). Chain admins only. */
import { route } from './route';
import { memberIdParams } from '../schemas/membership';
import {
  adjustList,
  adjustListQuery,
  adjustReject,
  adjustRequestParams,
  adjustRequestView,
  adjustSettingsPut,
  adjustSettingsView,
  consolePointsAdjust,
} from '../schemas/console-points';

export const consolePointsRoutes = {
  consoleAdjustPoints: route({
    method: 'POST', path: '/api/console/members/:memberId/points-adjust', tag: 'console', access: 'console', idempotencyKey: 'required',
    summary: '后台：调整会员积分（增加或扣减，须填原因；超过审批门槛的成为待审批申请，由另一位管理员审批；同一幂等键只调整一次）',
    params: memberIdParams, body: consolePointsAdjust, response: adjustRequestView,
  }),
  consoleAdjustments: route({
    method: 'GET', path: '/api/console/points-adjust', tag: 'console', access: 'console',
    summary: '后台：积分调整记录与待审批申请（最新在前，最多 200 条）',
    query: adjustListQuery, response: adjustList,
  }),
  consoleApproveAdjustment: route({
    method: 'POST', path: '/api/console/points-adjust/:requestId/approve', tag: 'console', access: 'console',
    summary: '后台：批准积分调整申请（申请人本人不能批准；积分只变动一次）',
    params: adjustRequestParams, response: adjustRequestView,
  }),
  consoleRejectAdjustment: route({
    method: 'POST', path: '/api/console/points-adjust/:requestId/reject', tag: 'console', access: 'console',
    summary: '后台：驳回积分调整申请（须填原因；积分不变）',
    params: adjustRequestParams, body: adjustReject, response: adjustRequestView,
  }),
  consoleAdjustSettings: route({
    method: 'GET', path: '/api/console/points-adjust-settings', tag: 'console', access: 'console',
    summary: '后台：积分调整审批门槛（含版本号）',
    response: adjustSettingsView,
  }),
  consolePutAdjustSettings: route({
    method: 'PUT', path: '/api/console/points-adjust-settings', tag: 'console', access: 'console',
    summary: '后台：修改审批门槛（基于版本号；他人已先保存时返回 SETTINGS_CONFLICT）',
    body: adjustSettingsPut, response: adjustSettingsView,
  }),
} as const;
