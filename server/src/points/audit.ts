/**
 * Points ledger audit, one batch of members at a time by `_id` range: the sum
 * of each member's applied entries must equal points.balance, the sum of their
 * held changes points.held (the open holds), available = balance − held; no
 * entry stays pending and no id stays in points.inflight past `staleMs`
 * (settled ids are pulled by the repair job, so a fresh one is not a finding).
 * Read-only: it reports, the repair jobs fix.
 */
import { Types, type Connection } from 'mongoose';
import type { AuditFinding } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import type { MemberSlice } from '../members/service';
import { entryModel, type EntryDoc } from './model';

export interface AuditBatch {
  checked: number;
  findings: AuditFinding[];
  /** pass as `after` for the next batch; null when done */
  next: string | null;
}

export function createPointsAudit(deps: { conn: Connection; clock: Clock; memberSlice: MemberSlice }) {
  const Member = deps.memberSlice;
  const Entry = entryModel(deps.conn);
  return async function auditPointsBatch(opts: { after: string | null; size: number; staleMs: number }): Promise<AuditBatch> {
    const filter = opts.after ? { _id: { $gt: new Types.ObjectId(opts.after) } } : {};
    const members = await Member.find(filter, { projection: { points: 1 }, sort: { _id: 1 }, limit: opts.size });
    if (!members.length) return { checked: 0, findings: [], next: null };
    const ids = members.map((m) => m._id);
    const sums = new Map(
      (await Entry.aggregate<{ _id: Types.ObjectId; balance: number; held: number }>([
        { $match: { memberId: { $in: ids }, state: 'applied' } },
        { $group: { _id: '$memberId', balance: { $sum: '$delta' }, held: { $sum: '$heldDelta' } } },
      ])).map((s) => [String(s._id), s]),
    );
    const staleBefore = new Date(deps.clock.now().getTime() - opts.staleMs);
    const findings: AuditFinding[] = [];
    const finding = (kind: AuditFinding['kind'], subject: string, detail: string, expected: number | null = null, actual: number | null = null) =>
      findings.push({ kind, subject, memberId: subject, detail, expected, actual });
    for (const m of members) {
      const p = m.points ?? { balance: 0, held: 0, available: 0, inflight: [] };
      const s = sums.get(String(m._id)) ?? { balance: 0, held: 0 };
      const id = String(m._id);
      if (s.balance !== p.balance) finding('points_balance_mismatch', id, `ledger sum ${s.balance}, member balance ${p.balance}`, s.balance, p.balance);
      if (s.held !== p.held) finding('points_held_mismatch', id, `open holds ${s.held}, member held ${p.held}`, s.held, p.held);
      if (p.available !== p.balance - p.held) finding('points_available_mismatch', id, `available ${p.available}, balance − held ${p.balance - p.held}`, p.balance - p.held, p.available);
    }
    const pending = await Entry.find({ memberId: { $in: ids }, state: 'pending', createdAt: { $lt: staleBefore } }, { memberId: 1, key: 1, createdAt: 1 }).lean<EntryDoc[]>();
    for (const e of pending) finding('points_stale_pending', String(e.memberId), `entry ${e._id} (${e.key}) pending since ${e.createdAt.toISOString()}`);
    const inflightIds = members.flatMap((m) => m.points?.inflight ?? []);
    if (inflightIds.length) {
      const entries = new Map((await Entry.find({ _id: { $in: inflightIds } }, { state: 1, createdAt: 1 }).lean<EntryDoc[]>()).map((e) => [String(e._id), e]));
      for (const m of members) {
        for (const eid of m.points?.inflight ?? []) {
          const e = entries.get(String(eid));
          // A settled id waits for the repair job's pull (deferred on the hot path): stale only past staleMs.
          if (!e || e.createdAt < staleBefore) {
            finding('points_stale_inflight', String(m._id), `inflight ${eid}: entry ${e ? `${e.state} since ${e.createdAt.toISOString()}` : 'missing'}`);
          }
        }
      }
    }
    return { checked: members.length, findings, next: members.length < opts.size ? null : String(members[members.length - 1]._id) };
  };
}
