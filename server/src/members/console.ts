/**
 * Console reads and role changes on members (operator console): lookups by the
 * unique card number, by phone, by openid; a page of members by key (never skip);
 * the store-manager role and admin permission flags.
 */
import { Types, type Connection } from 'mongoose';
import { AppError } from '../platform/errors';
import { memberModel, type MemberDoc } from './model';
import type { MemberPhones } from './phones';
import type { MemberList } from './list';

export interface MemberPageQuery {
  /** null = every store; else members whose preferred store is this one */
  storeId: string | null;
  tierCode?: string;
  /** registration window [from, to) */
  from?: Date;
  to?: Date;
  /** substring of the nickname (a scan: the console's slow path) */
  nickname?: string;
  /** the last _id of the previous page (pages go newest first by _id) */
  after?: string;
  limit: number;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createMembersConsole(deps: { conn: Connection; phones: MemberPhones; list: MemberList }) {
  const Member = memberModel(deps.conn);
  return {
    async findByOpenid(openid: string): Promise<MemberDoc | null> {
      return Member.findOne({ openid }).lean<MemberDoc>();
    },

    /** By card number (unique index). */
    async findByCardNo(cardNo: string): Promise<MemberDoc | null> {
      return Member.findOne({ cardNo }).lean<MemberDoc>();
    },

    /** By phone, through its unique key (members/phones.ts). */
    async findByPhone(phone: string): Promise<MemberDoc[]> {
      return deps.phones.members([phone]);
    },

    /** Members with any of these phones or card numbers, by unique keys ($in), for batch coupon issue. */
    async findByPhonesOrCards(phones: string[], cardNos: string[]): Promise<MemberDoc[]> {
      const [byPhone, byCard] = await Promise.all([
        phones.length ? deps.phones.members(phones) : [],
        cardNos.length ? Member.find({ cardNo: { $in: cardNos } }).lean<MemberDoc[]>() : [],
      ]);
      return [...byPhone, ...byCard];
    },

    /**
     * Tier preview (console, before saving settings): members per growth band [thresholds[i], thresholds[i+1])
     * and per current tier, each one aggregation on the database (no documents come to the server).
     */
    async growthBands(thresholds: number[]): Promise<{ bands: number[]; byTier: Map<string, number>; total: number }> {
      const bounds = [...new Set(thresholds)].sort((a, b) => a - b);
      const edges = [...bounds, Number.MAX_SAFE_INTEGER];
      const [buckets, tiers] = await Promise.all([
        bounds.length ? Member.aggregate<{ _id: number | string; n: number }>([{ $bucket: { groupBy: { $ifNull: ['$growth', 0] }, boundaries: edges, default: 'below', output: { n: { $sum: 1 } } } }]) : [],
        Member.aggregate<{ _id: string | null; n: number }>([{ $group: { _id: '$tierCode', n: { $sum: 1 } } }]),
      ]);
      const at = new Map(buckets.map((b) => [b._id, b.n]));
      const byTier = new Map(tiers.map((t) => [t._id ?? '', t.n]));
      return { bands: bounds.map((b) => at.get(b) ?? 0), byTier, total: tiers.reduce((n, t) => n + t.n, 0) };
    },

    /** How many members a store has (null = all): the export's row estimate. */
    async count(storeId: string | null): Promise<number> {
      return storeId ? Member.countDocuments({ preferredStoreId: new Types.ObjectId(storeId) }) : Member.estimatedDocumentCount();
    },

    /**
     * One page by key: by registration number (members/list.ts, bounded, no scan); before every member is
     * numbered, the plain query (`limit + 1` read to know whether another page follows).
     */
    async page(q: MemberPageQuery): Promise<{ items: MemberDoc[]; next: string | null }> {
      const byNumber = await deps.list.page({ storeId: q.storeId, tierCode: q.tierCode, from: q.from, to: q.to, nickname: q.nickname }, q.after, q.limit);
      if (byNumber) return byNumber;
      const filter: Record<string, unknown> = {};
      if (q.storeId) filter.preferredStoreId = new Types.ObjectId(q.storeId);
      if (q.tierCode) filter.tierCode = q.tierCode;
      if (q.from || q.to) filter.createdAt = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lt: q.to } : {}) };
      if (q.nickname) filter.nickname = { $regex: escapeRegex(q.nickname) };
      if (q.after) filter._id = { $lt: new Types.ObjectId(q.after) };
      const docs = await Member.find(filter)
        .sort({ _id: -1 })
        .limit(q.limit + 1)
        .lean<MemberDoc[]>();
      const items = docs.slice(0, q.limit);
      return { items, next: docs.length > q.limit ? String(items[items.length - 1]._id) : null };
    },

    /** Make a staff member of a store its manager (roles staff + manager). */
    async setManager(memberId: string, storeId: string): Promise<MemberDoc> {
      const m = await Member.findOneAndUpdate(
        { _id: memberId },
        { $addToSet: { roles: { $each: ['staff', 'manager'] } }, $set: { staffStoreId: new Types.ObjectId(storeId) } },
        { returnDocument: 'after', lean: true },
      );
      if (!m) throw new AppError('MEMBER_NOT_FOUND', `member ${memberId} not found`);
      return m as MemberDoc;
    },

    /** Take the manager role away (the member stays staff of the store). */
    async removeManager(memberId: string): Promise<MemberDoc> {
      const m = await Member.findOneAndUpdate(
        { _id: memberId },
        { $pull: { roles: 'manager' } },
        { returnDocument: 'after', lean: true },
      );
      if (!m) throw new AppError('MEMBER_NOT_FOUND', `member ${memberId} not found`);
      return m as MemberDoc;
    },

    async setPermissions(memberId: string, permissions: string[]): Promise<MemberDoc> {
      const m = await Member.findOneAndUpdate(
        { _id: memberId },
        { $set: { permissions } },
        { returnDocument: 'after', lean: true },
      );
      if (!m) throw new AppError('MEMBER_NOT_FOUND', `member ${memberId} not found`);
      return m as MemberDoc;
    },
  };
}

export type MembersConsole = ReturnType<typeof createMembersConsole>;
