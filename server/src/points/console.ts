/** Console reads of the points ledger: one member's applied entries, newest first, by key (running balance on each). */
import { Types, type Connection } from 'mongoose';
import { entryModel, type EntryDoc } from './model';

export function createPointsConsole(deps: { conn: Connection }) {
  const Entry = entryModel(deps.conn);
  return {
    async ledgerPage(
      memberId: string,
      after: string | undefined,
      limit: number,
    ): Promise<{ items: EntryDoc[]; next: string | null }> {
      const filter: Record<string, unknown> = { memberId: new Types.ObjectId(memberId), state: 'applied' };
      if (after) filter._id = { $lt: new Types.ObjectId(after) };
      const docs = await Entry.find(filter)
        .sort({ _id: -1 })
        .limit(limit + 1)
        .lean<EntryDoc[]>();
      const items = docs.slice(0, limit);
      return { items, next: docs.length > limit ? String(items[items.length - 1]._id) : null };
    },
  };
}

export type PointsConsole = ReturnType<typeof createPointsConsole>;
