/**
 * The member document belongs to the members module; a few other modules own
 * parts of it (the points account, growth and tier, the booking no-show
 * record). They get a slice: the same guarded single-document updates they ran
 * on the model before (so no extra database commands), but an update may only
 * touch the fields its owner was granted — `assertOwnFields` throws otherwise.
 * Reads of a slice may project any field (guards and reads are not writes).
 * Slices are handed out once, when the modules are wired (`modules.ts`).
 */
import type { Connection, Types } from 'mongoose';
import { memberModel, type MemberDoc } from './model';

/** Top-level member fields each co-owner module may write. */
export const SLICE_FIELDS = {
  points: ['points'],
  membership: ['growth', 'growthInflight', 'tierCode', 'tierReviewAt', 'birthday', 'birthdayMonth', 'birthdayPerkYear', 'cardNo', 'codeSecret', 'nickname', 'avatarUrl', 'homeCity', 'preferredStoreId'],
  booking: ['noShows', 'noShowBookingIds'],
} as const;

export type SliceOwner = keyof typeof SLICE_FIELDS;
export type MemberFilter = Record<string, unknown>;
export type MemberUpdate = Record<string, Record<string, unknown>>;
export type Projection = Record<string, 0 | 1>;
type Id = string | Types.ObjectId;

export interface MemberSlice {
  findById(id: Id, projection?: Projection): Promise<MemberDoc | null>;
  findOne(filter: MemberFilter, projection?: Projection): Promise<MemberDoc | null>;
  find(filter: MemberFilter, opts?: { projection?: Projection; sort?: Record<string, 1 | -1>; limit?: number }): Promise<MemberDoc[]>;
  /** One guarded update returning the document after it (null: the filter did not match). */
  findOneAndUpdate(filter: MemberFilter, update: MemberUpdate, projection?: Projection): Promise<MemberDoc | null>;
  updateOne(filter: MemberFilter, update: MemberUpdate): Promise<{ matchedCount: number; modifiedCount: number }>;
  /** Many guarded updates in one command (unordered, e.g. a batch grant); returns how many members changed. */
  bulkUpdate(ops: { filter: MemberFilter; update: MemberUpdate }[]): Promise<number>;
}

/** Throws unless every path the update writes starts with one of `fields` (pure; table-tested). */
export function assertOwnFields(owner: string, fields: readonly string[], update: MemberUpdate): void {
  for (const [op, paths] of Object.entries(update)) {
    if (!op.startsWith('$') || typeof paths !== 'object' || paths === null) throw new Error(`member slice ${owner}: "${op}" is not an update operator`);
    for (const path of Object.keys(paths)) {
      if (!fields.includes(path.split('.')[0])) throw new Error(`member slice ${owner} may not write "${path}"`);
    }
  }
}

export function createMemberSlice(conn: Connection, owner: SliceOwner): MemberSlice {
  const Member = memberModel(conn);
  const fields = SLICE_FIELDS[owner];
  return {
    findById: (id, projection) => Member.findById(id, projection ?? null).lean<MemberDoc>(),
    findOne: (filter, projection) => Member.findOne(filter, projection ?? null).lean<MemberDoc>(),
    find: (filter, opts = {}) => {
      const q = Member.find(filter, opts.projection ?? null);
      if (opts.sort) q.sort(opts.sort);
      if (opts.limit) q.limit(opts.limit);
      return q.lean<MemberDoc[]>();
    },
    async findOneAndUpdate(filter, update, projection) {
      assertOwnFields(owner, fields, update);
      const doc = await Member.findOneAndUpdate(filter, update, { returnDocument: 'after', lean: true, ...(projection ? { projection } : {}) });
      return doc as MemberDoc | null;
    },
    async updateOne(filter, update) {
      assertOwnFields(owner, fields, update);
      const res = await Member.updateOne(filter, update);
      return { matchedCount: res.matchedCount, modifiedCount: res.modifiedCount };
    },
    async bulkUpdate(ops) {
      for (const o of ops) assertOwnFields(owner, fields, o.update);
      if (!ops.length) return 0;
      const res = await Member.bulkWrite(ops.map((o) => ({ updateOne: { filter: o.filter, update: o.update } })), { ordered: false });
      return res.modifiedCount;
    },
  };
}
