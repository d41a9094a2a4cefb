/**
 * The nightly expiry of the account lots (lots.calc.ts). Members whose
 * `points.nextExpiry` is due are visited in `_id` order (a job: it may scan).
 * For each due lot, oldest first, what is left of it is expired by one ledger
 * entry keyed (member, lot, what was left) — so a rerun or a second instance
 * expires it once; held points never expire (only what is available is taken,
 * the rest stays in the past-due lot for a later run). Lots with nothing left
 * are then removed and `nextExpiry` moved on: the removal returns the account,
 * and a lot an earning added meanwhile lowers `nextExpiry` again by `$min`
 * (earnings only ever add lots, so none is missed).
 */
import { AppError } from '../platform/errors';
import { shanghaiDate, type Clock } from '../platform/clock';
import type { MemberDoc, MemberSlice } from '../members/service';
import type { Ledger } from './ledger';
import { earliestExpiry, openLots } from './lots.calc';

export function createExpiry(deps: { clock: Clock; memberSlice: MemberSlice; ledger: Ledger }) {
  const Member = deps.memberSlice;

  async function expireMember(m0: MemberDoc, now: Date): Promise<{ lots: number; points: number }> {
    let m: MemberDoc | null = m0;
    let lots = 0;
    let points = 0;
    const due = openLots(m0.points?.lots, m0.points?.balance ?? 0).filter((l) => l.expiresAt && l.expiresAt <= now);
    for (const lot of due) {
      const current = m ? openLots(m.points?.lots, m.points?.balance ?? 0).find((l) => l.key === lot.key) : null;
      const amount = Math.min(current?.remaining ?? 0, Math.max(0, m?.points?.available ?? 0));
      if (!current || amount <= 0) continue;
      try {
        await deps.ledger.apply({
          memberId: String(m0._id),
          kind: 'expire',
          reason: 'expire',
          source: 'expiry',
          reference: `${m0._id}:${lot.key}`,
          leg: `remaining-${current.remaining}`,
          delta: -amount,
          heldDelta: 0,
          lotKey: lot.key,
          note: `${shanghaiDate(lot.expiresAt!)} 到期`,
        });
        lots += 1;
        points += amount;
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'POINTS_INSUFFICIENT')) throw err;
      }
      m = await Member.findById(m0._id, { points: 1 });
    }
    if (!m) return { lots, points };
    // Remove due lots with nothing left; the next expiry is the earliest lot still there.
    const emptied = openLots(m.points?.lots, m.points?.balance ?? 0).filter((l) => l.expiresAt && l.expiresAt <= now && l.remaining === 0).map((l) => l.key);
    const kept = Object.fromEntries(Object.entries(m.points?.lots ?? {}).filter(([k]) => !emptied.includes(k)));
    const next = earliestExpiry(kept);
    const unset: Record<string, ''> = Object.fromEntries(emptied.map((k) => [`points.lots.${k}`, '']));
    const update = next ? { $set: { 'points.nextExpiry': next }, ...(emptied.length ? { $unset: unset } : {}) } : { $unset: { ...unset, 'points.nextExpiry': '' } };
    const after = await Member.findOneAndUpdate({ _id: m0._id }, update, { points: 1 });
    const earliest = earliestExpiry(after?.points?.lots);
    if (earliest && (!after?.points?.nextExpiry || earliest < after.points.nextExpiry)) {
      await Member.updateOne({ _id: m0._id }, { $min: { 'points.nextExpiry': earliest } });
    }
    return { lots, points };
  }

  return async function expireDue(limit = 500): Promise<{ lots: number; points: number }> {
    const now = deps.clock.now();
    const members = await Member.find({ 'points.nextExpiry': { $lte: now } }, { projection: { points: 1 }, sort: { _id: 1 }, limit });
    const total = { lots: 0, points: 0 };
    for (const m of members) {
      const r = await expireMember(m, now);
      total.lots += r.lots;
      total.points += r.points;
    }
    return total;
  };
}
