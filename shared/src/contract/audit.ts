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
    summary: '立即运行账本稽核（积分合计与冻结、滞留记录、锁定的券、无主座位）并保存报告',
    response: ledgerAuditView,
  }),
  adminLedgerAudits: route({
    method: 'GET',
    path: '/api/admin/ledger-audits',
    tag: 'admin',
    access: 'admin',
    summary: '账本稽核报告列表（最新在前）',
    query: ledgerAuditListQuery,
    response: ledgerAuditListResponse,
  }),
  adminLedgerAudit: route({
    method: 'GET',
    path: '/api/admin/ledger-audits/:auditId',
    tag: 'admin',
    access: 'admin',
    summary: '一份账本稽核报告及其发现项',
    params: ledgerAuditParams,
    response: ledgerAuditView,
  }),
} as const;
