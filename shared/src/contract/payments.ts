/** The payments routes of the API contract (see ../api.ts). */
import { route } from './route';
import {
  anomalyListResponse,
  reconciliationListResponse,
  reconciliationQuery,
  reconciliationReport,
  reconciliationRunRequest,
} from '../schemas/payments';

export const paymentsRoutes = {
  adminReconciliations: route({
    method: 'GET',
    path: '/api/admin/payments/reconciliations',
    tag: 'payments',
    access: 'admin',
    summary: '微信支付每日对账报告（最新在前）',
    response: reconciliationListResponse,
  }),
  adminReconciliation: route({
    method: 'GET',
    path: '/api/admin/payments/reconciliation',
    tag: 'payments',
    access: 'admin',
    summary: '某一天的对账报告',
    query: reconciliationQuery,
    response: reconciliationReport,
  }),
  adminRunReconciliation: route({
    method: 'POST',
    path: '/api/admin/payments/reconciliation',
    tag: 'payments',
    access: 'admin',
    summary: '立即按微信支付交易账单对账某一天',
    body: reconciliationRunRequest,
    response: reconciliationReport,
  }),
  adminPaymentAnomalies: route({
    method: 'GET',
    path: '/api/admin/payments/anomalies',
    tag: 'payments',
    access: 'admin',
    summary: '支付异常：金额不符、关单后支付、未知交易',
    response: anomalyListResponse,
  }),
} as const;
