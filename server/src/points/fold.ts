/**
 * One-time move of the legacy lot documents (`points_lots`, before the lots moved
 * onto the points account) into the account's lots (lots.calc.ts), run by the
 * `points.fold-lots` job until none is left. Since the move, debits no longer touch
 * a legacy lot, so what was left of each is frozen: it is added to the account lot
 * of its expiry once — the account lists the lot in `points.folded` in the same
 * update, guarded by it (a crash and rerun never add it twice) — then the lot is
 * marked `folded` and leaves the list. Job only: its queries may scan.
 */
import type { Connection } from 'mongoose';
import type { MemberSlice } from '../members/service';
import { lotModel, type LotDoc } from './model';
import { lotKey } from './lots.calc';

export function createLotFold(deps: { conn: Connection; memberSlice: MemberSlice }) {
  const Lot = lotModel(deps.conn);
  const Member = deps.memberSlice;
  return async function foldLegacyLots(limit = 200): Promise<number> {
    const lots = await Lot.find({ state: { $in: ['open', 'expiring'] } }).limit(limit).lean<LotDoc[]>();
    for (const l of lots) {
      if (l.remaining > 0) {
        const update: Record<string, Record<string, unknown>> = { $inc: { [`points.lots.${lotKey(l.expiresAt)}`]: l.remaining }, $push: { 'points.folded': l._id } };
        if (l.expiresAt.getTime() < 8.64e15) update.$min = { 'points.nextExpiry': l.expiresAt };
        await Member.updateOne({ _id: l.memberId, 'points.folded': { $ne: l._id } }, update);
      }
      await Lot.updateOne({ _id: l._id }, { $set: { state: 'folded', leaseUntil: null } });
      if (l.remaining > 0) await Member.updateOne({ _id: l.memberId }, { $pull: { 'points.folded': l._id } });
    }
    return lots.length;
  };
}
