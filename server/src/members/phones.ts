/**
 * Exact phone lookups by a unique key (`member_phones`, `_id` = the phone), never a scan of members.
 *
 * Protocol (no transaction): binding writes the phone's entry FIRST ($addToSet of the member id, an upsert on
 * `_id`), then the member's phone, then pulls the id from the previous phone's entry. A crash between the steps
 * leaves an extra id, never a missing one, and every read keeps only members whose own `phone` still equals the
 * phone asked for, so a stale id is harmless. Members without a phone have no entry.
 * Phones written before this collection existed (older databases, seeded history) are indexed by the
 * `members.phone-index` job in one pass over members, then the `~backfill` document is marked done; until then
 * a phone without an entry falls back to the member query.
 */
import { Types, type Connection } from 'mongoose';
import { isDuplicateKey } from '../platform/errors';
import { memberModel, memberPhoneModel, type MemberDoc } from './model';

const BACKFILL_ID = '~backfill';
/** at most this many accounts per phone are returned (as the member search always did) */
const PER_PHONE = 20;

export function createMemberPhones(deps: { conn: Connection }) {
  const Phone = memberPhoneModel(deps.conn);
  const Member = memberModel(deps.conn);

  async function backfilled(): Promise<boolean> {
    return Boolean((await Phone.findById(BACKFILL_ID, { doneAt: 1 }).lean())?.doneAt);
  }

  return {
    async add(phone: string, memberId: Types.ObjectId | string): Promise<void> {
      const op = () => Phone.updateOne({ _id: phone }, { $addToSet: { memberIds: new Types.ObjectId(String(memberId)) } }, { upsert: true });
      try {
        await op();
      } catch (err) {
        // Two first binds of one phone at once: the loser of the upsert finds the entry on the second try.
        if (!isDuplicateKey(err)) throw err;
        await op();
      }
    },

    async remove(phone: string, memberId: Types.ObjectId | string): Promise<void> {
      await Phone.updateOne({ _id: phone }, { $pull: { memberIds: new Types.ObjectId(String(memberId)) } });
    },

    /** Members who bound any of these phones: one read by `_id`, one by member `_id` (a fallback before the backfill). */
    async members(phones: string[]): Promise<MemberDoc[]> {
      const wanted = new Set(phones.filter((p) => p && p !== BACKFILL_ID));
      if (!wanted.size) return [];
      const entries = await Phone.find({ _id: { $in: [...wanted] } }).lean();
      const ids = entries.flatMap((e) => e.memberIds.slice(-PER_PHONE));
      const found = ids.length ? (await Member.find({ _id: { $in: ids } }).lean<MemberDoc[]>()).filter((m) => m.phone && wanted.has(m.phone)) : [];
      const missing = [...wanted].filter((p) => !found.some((m) => m.phone === p));
      if (missing.length && !(await backfilled())) {
        const seen = new Set(found.map((m) => String(m._id)));
        found.push(...(await Member.find({ phone: { $in: missing } }).limit(PER_PHONE * missing.length).lean<MemberDoc[]>()).filter((m) => !seen.has(String(m._id))));
      }
      return found;
    },

    backfilled,

    /** Index every member's phone (one pass, idempotent), then mark the backfill done. Returns members indexed (0 once done). */
    async backfill(): Promise<number> {
      if (await backfilled()) return 0;
      let n = 0;
      let batch: { updateOne: { filter: { _id: string }; update: { $addToSet: { memberIds: Types.ObjectId } }; upsert: true } }[] = [];
      const flush = async () => {
        if (batch.length) await Phone.bulkWrite(batch, { ordered: false });
        n += batch.length;
        batch = [];
      };
      for await (const m of Member.find({ phone: { $type: 'string' } }, { phone: 1 }).lean<Pick<MemberDoc, '_id' | 'phone'>[]>().cursor()) {
        batch.push({ updateOne: { filter: { _id: m.phone! }, update: { $addToSet: { memberIds: m._id } }, upsert: true } });
        if (batch.length >= 500) await flush();
      }
      await flush();
      await Phone.updateOne({ _id: BACKFILL_ID }, { $set: { doneAt: new Date() } }, { upsert: true });
      return n;
    },
  };
}

export type MemberPhones = ReturnType<typeof createMemberPhones>;
