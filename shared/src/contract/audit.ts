/** The ledger audit routes of the API contract (see ../api.ts). */
import { route } from './route';
import { ledgerAuditListQuery, ledgerAuditListResponse, ledgerAuditParams, ledgerAuditView } from '../schemas/audit';

export const auditRoutes = {
  adminRunLedgerAudit: route({
    method: 'POST',
    path: '/api/admin/ledger-audits',
    tag: 'admin',
    access: 'admin',
    status: 201,
    summary: 'Run the ledger audit now (points sums and holds, stale entries, locked coupons, orphan seats) and store the report',
    response: ledgerAuditView,
  }),
  adminLedgerAudits: route({
    method: 'GET',
    path: '/api/admin/ledger-audits',
    tag: 'admin',
    access: 'admin',
    summary: 'Ledger audit reports, newest first',
    query: ledgerAuditListQuery,
    response: ledgerAuditListResponse,
  }),
  adminLedgerAudit: route({
    method: 'GET',
    path: '/api/admin/ledger-audits/:auditId',
    tag: 'admin',
    access: 'admin',
    summary: 'One ledger audit report with its findings',
    params: ledgerAuditParams,
    response: ledgerAuditView,
  }),
} as const;
