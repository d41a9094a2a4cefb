/** Console routes for the ledger audit reports (账务核对; thin, chain admins) over audit/service.ts. */
import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import type { LedgerAuditService } from '../audit/service';
import { requireConsoleAdmin } from './views';

export function consoleLedgerRoutes(router: Router<AppState>, deps: { ledgerAudit: LedgerAuditService }): void {
  bind(router, api.consoleRunLedgerAudit, ({ identity }) => {
    requireConsoleAdmin(identity);
    return deps.ledgerAudit.run('admin');
  });
  bind(router, api.consoleLedgerAudits, async ({ identity, query }) => {
    requireConsoleAdmin(identity);
    return { items: await deps.ledgerAudit.list(query.limit) };
  });
  bind(router, api.consoleLedgerAudit, ({ identity, params }) => {
    requireConsoleAdmin(identity);
    return deps.ledgerAudit.get(params.auditId);
  });
}
