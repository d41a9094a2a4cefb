/** Members in `_id` order, a page at a time, with what member insight keeps on a profile. */
import { Types, type Connection } from 'mongoose';
import { memberModel, type MemberDoc } from './model';

export interface MemberInsightRow {
  memberId: string;
  createdAt: Date;
  tierCode: string | null;
  birthdayMonth: number | null;
  preferredStoreId: string | null;
  /** 'invite' when a partner invited the member, `scene:<n>` for the entry scene, null when unknown */
  source: string | null;
}

const toRow = (m: MemberDoc): MemberInsightRow => ({
  memberId: String(m._id),
  createdAt: m.createdAt,
  tierCode: m.tierCode ?? null,
  birthdayMonth: m.birthdayMonth ?? null,
  preferredStoreId: m.preferredStoreId ? String(m.preferredStoreId) : null,
  source: m.registeredVia?.inviter ? 'invite' : m.registeredVia?.scene != null ? `scene:${m.registeredVia.scene}` : null,
});
const FIELDS = { createdAt: 1, tierCode: 1, birthdayMonth: 1, preferredStoreId: 1, registeredVia: 1 };

export function createMemberPages(conn: Connection) {
  const Member = memberModel(conn);
  return {
    /** Every member after `afterId` in id order, as one streamed query (one scan, not one per page). */
    async *stream(afterId: string | null): AsyncGenerator<MemberInsightRow> {
      const filter = afterId ? { _id: { $gt: new Types.ObjectId(afterId) } } : {};
      for await (const m of Member.find(filter, FIELDS).sort({ _id: 1 }).lean<MemberDoc[]>().cursor({ batchSize: 1000 })) yield toRow(m as MemberDoc);
    },
    /** openids of members (for subscribe messages), by id. */
    async openids(ids: string[]): Promise<Map<string, string>> {
      const docs = await Member.find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }, { openid: 1 }).lean<MemberDoc[]>();
      return new Map(docs.map((m) => [String(m._id), m.openid]));
    },
  };
}

export type MemberPages = ReturnType<typeof createMemberPages>;
