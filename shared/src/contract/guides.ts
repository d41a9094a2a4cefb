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
    summary: "Opened a guide's code or share: bind me to that guide (if the chain's rules allow)",
    body: guideBindRequest,
    response: guideBindResponse,
  }),
  guideMine: route({
    method: 'GET',
    path: '/api/guides/mine',
    tag: 'guides',
    access: 'member',
    summary: 'My exclusive guide (专属导购), if any',
    response: myGuideResponse,
  }),
  guideMe: route({
    ...staff({ method: 'GET', path: '/api/staff/guide/me', summary: 'The signed-in guide: code, share path, this month' }),
    response: guideMeResponse,
  }),
  guidePoster: route({
    ...staff({ method: 'GET', path: '/api/staff/guide/poster-code', summary: "The guide's mini-program code (scene g=CODE)" }),
    response: guidePosterResponse,
  }),
  guidePerformance: route({
    ...staff({
      method: 'GET',
      path: '/api/staff/guide/performance',
      summary: "The guide's figures for a period (from the per-day rollup)",
    }),
    query: guidePeriodQuery,
    response: guidePerformance,
  }),
  guideCustomers: route({
    ...staff({ method: 'GET', path: '/api/staff/guide/customers', summary: '我的客户: my bound customers (masked phones)' }),
    response: guideCustomersResponse,
  }),
  guideCustomer: route({
    ...staff({ method: 'GET', path: '/api/staff/guide/customers/:memberId', summary: 'One of my customers (audited)' }),
    params: guideCustomerParams,
    response: guideCustomerDetail,
  }),
  guideAddNote: route({
    ...staff({
      method: 'POST',
      path: '/api/staff/guide/customers/:memberId/notes',
      summary: 'Add a note to one of my customers',
    }),
    status: 201,
    params: guideCustomerParams,
    body: guideNoteRequest,
    response: guideNoteView,
  }),
  guideTasks: route({
    ...staff({ method: 'GET', path: '/api/staff/guide/tasks', summary: 'My open follow-up tasks' }),
    response: guideTasksResponse,
  }),
  guideTaskDone: route({
    ...staff({ method: 'POST', path: '/api/staff/guide/tasks/:taskId/done', summary: 'Mark a follow-up task done' }),
    params: guideTaskParams,
    response: guideTaskView,
  }),
  guideTaskSnooze: route({
    ...staff({ method: 'POST', path: '/api/staff/guide/tasks/:taskId/snooze', summary: 'Snooze a follow-up task for N days' }),
    params: guideTaskParams,
    body: guideSnoozeRequest,
    response: guideTaskView,
  }),

  consoleGuides: route({
    ...con({ method: 'GET', path: '/api/console/guides', summary: 'Guides with their figures for a period (leaderboard order)' }),
    query: consoleGuidesQuery,
    response: consoleGuidesResponse,
  }),
  consoleCreateGuide: route({
    ...con({ method: 'POST', path: '/api/console/guides', summary: 'Give a staff member the guide role in their store' }),
    status: 201,
    body: consoleCreateGuide,
    response: guideView,
  }),
  consoleGuideCustomers: route({
    ...con({ method: 'GET', path: '/api/console/guides/:guideId/customers', summary: "A guide's customers" }),
    params: consoleGuideParams,
    response: consoleGuideCustomers,
  }),
  consoleGuideLeave: route({
    ...con({
      method: 'POST',
      path: '/api/console/guides/:guideId/leave',
      summary: 'The guide left: no new bindings (transfer the customers)',
    }),
    params: consoleGuideParams,
    response: okResponse,
  }),
  consoleGuideSettings: route({
    ...con({ method: 'GET', path: '/api/console/guide-settings', summary: 'Binding rule of the chain' }),
    response: guideSettings,
  }),
  consolePutGuideSettings: route({
    ...con({ method: 'PUT', path: '/api/console/guide-settings', summary: 'Set the binding rule (admin)' }),
    body: guideSettings,
    response: guideSettings,
  }),
  consoleGuideTransfers: route({
    ...con({ method: 'GET', path: '/api/console/guide-transfers', summary: 'Customer transfers with their reports' }),
    response: transfersResponse,
  }),
  consoleCreateGuideTransfer: route({
    ...con({
      method: 'POST',
      path: '/api/console/guide-transfers',
      summary: "Transfer a guide's customers to one guide or spread over a store's guides (a resumable job)",
    }),
    status: 201,
    body: transferRequest,
    response: transferView,
  }),
  consoleGuideTransfer: route({
    ...con({ method: 'GET', path: '/api/console/guide-transfers/:transferId', summary: 'One transfer and its report' }),
    params: transferParams,
    response: transferView,
  }),
} as const;
