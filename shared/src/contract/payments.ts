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
    summary: 'Daily WeChat Pay reconciliation reports (latest first)',
    response: reconciliationListResponse,
  }),
  adminReconciliation: route({
    method: 'GET',
    path: '/api/admin/payments/reconciliation',
    tag: 'payments',
    access: 'admin',
    summary: 'The reconciliation report of one day',
    query: reconciliationQuery,
    response: reconciliationReport,
  }),
  adminRunReconciliation: route({
    method: 'POST',
    path: '/api/admin/payments/reconciliation',
    tag: 'payments',
    access: 'admin',
    summary: 'Reconcile one day against the WeChat Pay trade bill now',
    body: reconciliationRunRequest,
    response: reconciliationReport,
  }),
  adminPaymentAnomalies: route({
    method: 'GET',
    path: '/api/admin/payments/anomalies',
    tag: 'payments',
    access: 'admin',
    summary: 'Payment anomalies: amount mismatches, payments after close, unknown trades',
    response: anomalyListResponse,
  }),
} as const;
