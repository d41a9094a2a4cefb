/** The 导购 (shopping guide) routes of the API contract (see ../api.ts). */
import { route } from './route';
import { okResponse } from '../schemas/common';
import {
  consoleCreateGuide,
  consoleGuideCustomers,
  consoleGuideParams,
  consoleGuidesQuery,
  consoleGuidesResponse,
  guideBindRequest,
  guideBindResponse,
  guideCustomerDetail,
  guideCustomerParams,
  guideCustomersResponse,
  guideMeResponse,
  guideNoteRequest,
  guideNoteView,
  guidePeriodQuery,
  guidePerformance,
  guidePosterResponse,
  guideSettings,
  guideSnoozeRequest,
  guideTaskParams,
  guideTasksResponse,
  guideTaskView,
  guideView,
  myGuideResponse,
  transferParams,
  transferRequest,
  transfersResponse,
  transferView,
} from '../schemas/guides';
import {
  consoleSettlementsQuery,
  consoleSettlementsResponse,
  guideCommissionResponse,
  putVersionedCommissionSettings,
  versionedCommissionSettings,
} from '../schemas/guide-commission';

const staff = <M extends 'GET' | 'POST', P extends string>(c: { method: M; path: P; summary: string }) => ({
  ...c,
  tag: 'guides',
  access: 'staff' as const,
});
const con = <M extends 'GET' | 'POST' | 'PUT', P extends string>(c: { method: M; path: P; summary: string }) => ({
  ...c,
  tag: 'console',
  access: 'console' as const,
});

export const guidesRoutes = {
  guideBind: route({
    method: 'POST',
    path: '/api/guides/bind',
    tag: 'guides',
    access: 'member',
    summary: '打开导购的码或分享卡片：绑定到该导购（按连锁的绑定规则）',
    body: guideBindRequest,
    response: guideBindResponse,
  }),
  guideMine: route({
    method: 'GET',
    path: '/api/guides/mine',
    tag: 'guides',
    access: 'member',
    summary: '我的专属导购（如有）',
    response: myGuideResponse,
  }),
  guideMe: route({
    ...staff({ method: 'GET', path: '/api/staff/guide/me', summary: '当前导购：导购码、分享路径、本月业绩' }),
    response: guideMeResponse,
  }),
  guidePoster: route({
    ...staff({ method: 'GET', path: '/api/staff/guide/poster-code', summary: '导购的小程序码（scene g=CODE）' }),
    response: guidePosterResponse,
  }),
  guidePerformance: route({
    ...staff({
      method: 'GET',
      path: '/api/staff/guide/performance',
      summary: '导购某时段的业绩（按日汇总）',
    }),
    query: guidePeriodQuery,
    response: guidePerformance,
  }),
  guideCommission: route({
    ...staff({
      method: 'GET',
      path: '/api/staff/guide/commission',
      summary: '导购提成：待结算金额与近 6 个月的计提、结算、追回',
    }),
    response: guideCommissionResponse,
  }),
  guideCustomers: route({
    ...staff({ method: 'GET', path: '/api/staff/guide/customers', summary: '我的客户：绑定给我的客户（手机号脱敏）' }),
    response: guideCustomersResponse,
  }),
  guideCustomer: route({
    ...staff({ method: 'GET', path: '/api/staff/guide/customers/:memberId', summary: '我的一位客户详情（记录审计）' }),
    params: guideCustomerParams,
    response: guideCustomerDetail,
  }),
  guideAddNote: route({
    ...staff({
      method: 'POST',
      path: '/api/staff/guide/customers/:memberId/notes',
      summary: '为我的客户添加备注',
    }),
    status: 201,
    params: guideCustomerParams,
    body: guideNoteRequest,
    response: guideNoteView,
  }),
  guideTasks: route({
    ...staff({ method: 'GET', path: '/api/staff/guide/tasks', summary: '我的待办跟进任务' }),
    response: guideTasksResponse,
  }),
  guideTaskDone: route({
    ...staff({ method: 'POST', path: '/api/staff/guide/tasks/:taskId/done', summary: '将跟进任务标记为完成' }),
    params: guideTaskParams,
    response: guideTaskView,
  }),
  guideTaskSnooze: route({
    ...staff({ method: 'POST', path: '/api/staff/guide/tasks/:taskId/snooze', summary: '将跟进任务推迟 N 天' }),
    params: guideTaskParams,
    body: guideSnoozeRequest,
    response: guideTaskView,
  }),

  consoleGuides: route({
    ...con({ method: 'GET', path: '/api/console/guides', summary: '导购列表及某时段业绩（按排行）' }),
    query: consoleGuidesQuery,
    response: consoleGuidesResponse,
  }),
  consoleCreateGuide: route({
    ...con({ method: 'POST', path: '/api/console/guides', summary: '设为本店导购（给店员导购角色）' }),
    status: 201,
    body: consoleCreateGuide,
    response: guideView,
  }),
  consoleGuideCustomers: route({
    ...con({ method: 'GET', path: '/api/console/guides/:guideId/customers', summary: '某导购的客户' }),
    params: consoleGuideParams,
    response: consoleGuideCustomers,
  }),
  consoleGuideLeave: route({
    ...con({
      method: 'POST',
      path: '/api/console/guides/:guideId/leave',
      summary: '停用导购：不再绑定新客户（请转移其客户）',
    }),
    params: consoleGuideParams,
    response: okResponse,
  }),
  consoleGuideSettings: route({
    ...con({ method: 'GET', path: '/api/console/guide-settings', summary: '连锁的导购绑定规则' }),
    response: guideSettings,
  }),
  consolePutGuideSettings: route({
    ...con({ method: 'PUT', path: '/api/console/guide-settings', summary: '设置导购绑定规则（管理员）' }),
    body: guideSettings,
    response: guideSettings,
  }),
  consoleGuideCommission: route({
    ...con({ method: 'GET', path: '/api/console/guide-commission', summary: '导购提成规则（含修订号）' }),
    response: versionedCommissionSettings,
  }),
  consolePutGuideCommission: route({
    ...con({
      method: 'PUT',
      path: '/api/console/guide-commission',
      summary: '设置导购提成规则（管理员；baseRevision 不是最新修订号时返回冲突）',
    }),
    body: putVersionedCommissionSettings,
    response: versionedCommissionSettings,
  }),
  consoleGuideSettlements: route({
    ...con({
      method: 'GET',
      path: '/api/console/guide-settlements',
      summary: '某月各导购的提成结算（计提、追回、结转、应发；管理员）',
    }),
    query: consoleSettlementsQuery,
    response: consoleSettlementsResponse,
  }),
  consoleGuideTransfers: route({
    ...con({ method: 'GET', path: '/api/console/guide-transfers', summary: '客户转移记录及报告' }),
    response: transfersResponse,
  }),
  consoleCreateGuideTransfer: route({
    ...con({
      method: 'POST',
      path: '/api/console/guide-transfers',
      summary: '将导购的客户转给指定导购或平均分给门店导购（可续跑的任务）',
    }),
    status: 201,
    body: transferRequest,
    response: transferView,
  }),
  consoleGuideTransfer: route({
    ...con({ method: 'GET', path: '/api/console/guide-transfers/:transferId', summary: '一次客户转移及其报告' }),
    params: transferParams,
    response: transferView,
  }),
} as const;
