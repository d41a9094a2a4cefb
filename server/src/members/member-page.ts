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

export function createMemberPages(conn: Connection) {
  const Member = memberModel(conn);
  return {
    async pageAfter(afterId: string | null, limit: number): Promise<MemberInsightRow[]> {
      const filter = afterId ? { _id: { $gt: new Types.ObjectId(afterId) } } : {};
      const docs = await Member.find(filter, { createdAt: 1, tierCode: 1, birthdayMonth: 1, preferredStoreId: 1, registeredVia: 1 })
        .sort({ _id: 1 })
        .limit(limit)
        .lean<MemberDoc[]>();
      return docs.map((m) => ({
        memberId: String(m._id),
        createdAt: m.createdAt,
        tierCode: m.tierCode ?? null,
        birthdayMonth: m.birthdayMonth ?? null,
        preferredStoreId: m.preferredStoreId ? String(m.preferredStoreId) : null,
        source: m.registeredVia?.inviter ? 'invite' : m.registeredVia?.scene != null ? `scene:${m.registeredVia.scene}` : null,
      }));
    },
    /** openids of members (for subscribe messages), by id. */
    async openids(ids: string[]): Promise<Map<string, string>> {
      const docs = await Member.find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }, { openid: 1 }).lean<MemberDoc[]>();
      return new Map(docs.map((m) => [String(m._id), m.openid]));
    },
  };
}

export type MemberPages = ReturnType<typeof createMemberPages>;
