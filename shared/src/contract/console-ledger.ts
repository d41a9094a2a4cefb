/** Console: ledger audit reports (账务核对; see ../api.ts) — the admin routes of ./audit.ts under /api/console, chain admins only. */
import { auditRoutes as admin } from './audit';
import type { RouteContract } from './route';

type ConsoleOf<R extends RouteContract> = Omit<R, 'path' | 'tag' | 'access' | 'summary'> & { path: string; tag: 'console'; access: 'console'; summary: string };

function forConsole<const R extends RouteContract>(r: R, summary: string): ConsoleOf<R> {
  return { ...r, path: r.path.replace('/api/admin/', '/api/console/'), tag: 'console', access: 'console', summary };
}

export const consoleLedgerRoutes = {
  consoleRunLedgerAudit: forConsole(admin.adminRunLedgerAudit, '后台：立即核对账务（积分余额与流水、冻结、卡住的券与座位）并保存报告'),
  consoleLedgerAudits: forConsole(admin.adminLedgerAudits, '后台：账务核对报告，最新在前'),
  consoleLedgerAudit: forConsole(admin.adminLedgerAudit, '后台：一份账务核对报告及其差异明细（可跳转到会员）'),
} as const;
