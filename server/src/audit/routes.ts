import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { LedgerAuditService } from './service';

export function ledgerAuditRoutes(router: Router<AppState>, audits: LedgerAuditService): void {
  bind(router, api.adminRunLedgerAudit, () => audits.run('admin'));
  bind(router, api.adminLedgerAudits, async ({ query }) => ({ items: await audits.list(query.limit) }));
  bind(router, api.adminLedgerAudit, ({ params }) => audits.get(params.auditId));
}
