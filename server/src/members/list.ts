/**
 * The console's member list, newest first, by key. Every member gets a unique registration number (`seq`) right
 * after the insert that created it (one `$inc` on `member_counters` + one guarded `$set`); a page reads the
 * numbers below the cursor with `$in` on that unique index — never a sort or skip over the collection, which on
 * the embedded engine is a scan of every member (1–3 s at 100,000). Filters (store, tier, registration window,
 * nickname) are applied to those batches and are BOUNDED: at most MAX_EXAMINED numbers per request; a page may
 * then hold fewer rows and `next` continues where it stopped.
 * A member whose number was lost to a crash, and every member of an older database, is numbered by the
 * `members.sequence` job; until its first full pass (`backfilledAt`) the list uses the plain query instead.
 * The cursor stays a member id (the contract's `after`): its number is one read by `_id`.
 */
import { Types, type Connection } from 'mongoose';
import { isDuplicateKey } from '../platform/errors';
import { memberCounterModel, memberModel, type MemberDoc } from './model';

const COUNTER = 'members';
const BATCH = 100;
const MAX_EXAMINED = 1000;

export interface MemberListFilter {
  storeId: string | null;
  tierCode?: string;
  from?: Date;
  to?: Date;
  /** substring of the nickname */
  nickname?: string;
}

export function createMemberList(deps: { conn: Connection }) {
  const Member = memberModel(deps.conn);
  const Counter = memberCounterModel(deps.conn);

  const reserve = async (n: number): Promise<number> =>
    (await Counter.findOneAndUpdate({ _id: COUNTER }, { $inc: { seq: n } }, { upsert: true, returnDocument: 'after', lean: true }))!.seq;

  const matches = (f: MemberListFilter) => (m: MemberDoc) =>
    (!f.storeId || String(m.preferredStoreId) === f.storeId) &&
    (!f.tierCode || m.tierCode === f.tierCode) &&
    (!f.from || m.createdAt >= f.from) &&
    (!f.to || m.createdAt < f.to) &&
    (!f.nickname || m.nickname.includes(f.nickname));

  return {
    /** Give a new member its number (retried on the rare duplicate the engine's concurrent `$inc` can report). */
    async number(memberId: Types.ObjectId): Promise<void> {
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          await Member.updateOne({ _id: memberId, seq: { $exists: false } }, { $set: { seq: await reserve(1) } });
          return;
        } catch (err) {
          if (!isDuplicateKey(err, 'members_seq_unique')) throw err;
        }
      }
    },

    /** Number every member without one (the job: one pass over members); marks the list ready when none is left. */
    async backfill(): Promise<number> {
      let n = 0;
      const numberBatch = async (ids: Types.ObjectId[]) => {
        const end = await reserve(ids.length);
        const ops = ids.map((_id, i) => ({ updateOne: { filter: { _id, seq: { $exists: false } }, update: { $set: { seq: end - ids.length + 1 + i } } } }));
        const res = await Member.bulkWrite(ops, { ordered: false }).catch((err: unknown) => {
          if (!isDuplicateKey(err, 'members_seq_unique')) throw err;
          return null; // the others were numbered; the rest are taken by the next run
        });
        n += res?.modifiedCount ?? 0;
      };
      const batch: Types.ObjectId[] = [];
      for await (const m of Member.find({ seq: { $exists: false } }, { _id: 1 }).lean().cursor()) {
        batch.push(m._id as Types.ObjectId);
        if (batch.length === 500) await numberBatch(batch.splice(0));
      }
      if (batch.length) await numberBatch(batch);
      if (await Member.exists({ seq: { $exists: false } })) return n;
      await Counter.updateOne({ _id: COUNTER, backfilledAt: { $exists: false } }, { $set: { backfilledAt: new Date() }, $setOnInsert: { seq: 0 } }, { upsert: true }).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
      return n;
    },

    /** null: not every member is numbered yet (the caller uses the plain query). */
    async page(f: MemberListFilter, after: string | undefined, limit: number): Promise<{ items: MemberDoc[]; next: string | null } | null> {
      const counter = await Counter.findById(COUNTER).lean();
      if (!counter?.backfilledAt) return null;
      let top = counter.seq;
      if (after) {
        const from = await Member.findById(new Types.ObjectId(after), { seq: 1 }).lean();
        if (typeof from?.seq !== 'number') return null;
        top = from.seq - 1;
      }
      const ok = matches(f);
      const items: MemberDoc[] = [];
      let last: MemberDoc | null = null;
      let examined = 0;
      while (top >= 1 && items.length < limit && examined < MAX_EXAMINED) {
        const size = Math.min(BATCH, top, MAX_EXAMINED - examined);
        const seqs = Array.from({ length: size }, (_, i) => top - i);
        const docs = (await Member.find({ seq: { $in: seqs } }).lean<MemberDoc[]>()).sort((a, b) => b.seq! - a.seq!);
        for (const d of docs) {
          last = d;
          if (ok(d)) items.push(d);
          if (items.length === limit) break;
        }
        top = items.length === limit ? last!.seq! - 1 : top - size;
        examined += size;
        // Numbers follow registration: below the window's start nothing can match.
        if (f.from && docs.length && docs[docs.length - 1].createdAt < f.from) top = 0;
      }
      const more = top >= 1 && last !== null;
      return { items, next: more ? String(last!._id) : null };
    },
  };
}

export type MemberList = ReturnType<typeof createMemberList>;
