/**
 * The ledger audit against any database:
 *   MONGODB_URI=mongodb://host/homeclub npx tsx server/src/cli/ledger-audit.ts [--json]
 * Runs the same checks as the nightly job and the admin endpoint, stores the
 * report (trigger "cli") and prints it. Exit code 0 = clean, 1 = findings,
 * 2 = the audit could not run.
 */
import mongoose from 'mongoose';
import { connectDb } from '../platform/db/connect';
import { systemClock } from '../platform/clock';
import { createLogger } from '../platform/logger';
import { createPointsAudit } from '../points/audit';
import { createMemberSlice } from '../members/slices';
import { createCouponsAudit } from '../coupons/audit';
import { createSeatsAudit } from '../booking/audit';
import { createLiveOrders } from '../orders/audit';
import { createLedgerAuditService } from '../audit/service';
import type { LedgerAuditView } from '@homeclub/shared';

export async function runLedgerAuditCli(uri: string, out: (line: string) => void, opts: { json?: boolean } = {}): Promise<{ code: number; report: LedgerAuditView | null }> {
  let conn: mongoose.Connection | null = null;
  try {
    conn = await connectDb(uri);
    const deps = { conn, clock: systemClock };
    const audits = createLedgerAuditService({
      ...deps,
      logger: createLogger('silent'),
      auditors: { members: createPointsAudit({ ...deps, memberSlice: createMemberSlice(conn, 'points') }), coupons: createCouponsAudit({ ...deps, liveOrders: createLiveOrders(deps) }), seats: createSeatsAudit(deps) },
    });
    const report = await audits.run('cli');
    if (opts.json) out(JSON.stringify(report, null, 2));
    else {
      out(`ledger audit ${report.id}: ${report.status}`);
      out(`checked ${report.checked.members} members, ${report.checked.coupons} coupons, ${report.checked.seats} seats`);
      for (const [kind, n] of Object.entries(report.counts)) out(`  ${kind}: ${n}`);
      for (const f of report.findings.slice(0, 50)) out(`  - ${f.kind} ${f.subject}: ${f.detail}`);
    }
    return { code: report.status === 'clean' ? 0 : 1, report };
  } catch (err) {
    out(`ledger audit failed: ${(err as Error).message}`);
    return { code: 2, report: null };
  } finally {
    await conn?.close();
  }
}

if (require.main === module) {
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    console.error('set MONGODB_URI to the database to audit');
    process.exit(2);
  }
  runLedgerAuditCli(uri, (l) => console.log(l), { json: process.argv.includes('--json') }).then((r) => process.exit(r.code));
}
