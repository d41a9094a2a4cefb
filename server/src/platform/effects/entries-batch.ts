/**
 * Many entries at once (a campaign's batch grant) on the protocol of entries.ts,
 * with a few commands per batch instead of per entry:
 *   1. one unordered insert of every entry `pending`, leased by the insert —
 *      keys that already exist are read in one query and returned or resumed;
 *   2. one unordered bulk of the targets' guarded updates (the same filter and
 *      `$push inflight` as the single path, so each effect is still atomic with
 *      its proof); when fewer targets changed than entries were sent, the
 *      targets are read once and an entry whose id is not in flight finishes
 *      one by one on the single path (its guard refused, or its target is gone);
 *   3. the domain's batch follow-up (`afterMany`, e.g. the lots of the grants);
 *   4. one unordered bulk marking the entries `applied`.
 * A crash anywhere leaves pending entries under a lease; the repair job finishes
 * them exactly as it finishes single ones (`inflight ∋ id` proves step 2).
 */
import { Types, type Model } from 'mongoose';
import { AppError } from '../errors';
import type { EntryBase, EntryDraft, EntryProtocol } from './entries';

export type BatchOutcome<E> = { ok: true; entry: E } | { ok: false; error: AppError };

interface Internals<E extends EntryBase> {
  finish(e: E, fresh: boolean): Promise<E>;
  outcome(id: Types.ObjectId): Promise<E>;
  newLease(): { leaseUntil: Date; leaseToken: string };
}

function pathOf(doc: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v == null ? v : (v as Record<string, unknown>)[k]), doc);
}

/**
 * Step 1 of many entries at once (here and entries-together.ts): every draft inserted `pending`, leased by the
 * insert, in one unordered insert; `existed` holds the indexes of the drafts whose key was already there.
 */
export async function insertPending<E extends EntryBase>(Entry: Model<E>, drafts: EntryDraft<E>[], now: Date, newLease: () => { leaseUntil: Date; leaseToken: string }) {
  const docs = drafts.map((d) => new Entry({ ...d, _id: new Types.ObjectId(), state: 'pending', createdAt: now, ...newLease() }).toObject() as E);
  const existed = new Set<number>();
  try {
    await Entry.collection.insertMany(docs as never[], { ordered: false });
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { index: number; code: number }[] | { index: number; code: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (!list.length || list.some((w) => w.code !== 11000)) throw err;
    for (const w of list) existed.add(w.index);
  }
  return { docs, existed };
}

const asError = (err: unknown) => (err instanceof AppError ? err : new AppError('SERVICE_UNAVAILABLE', (err as Error).message));

export function createBatchApply<E extends EntryBase, T>(p: EntryProtocol<E, T>, x: Internals<E>) {
  const { Entry, Target } = p;

  /** Resolve entries whose key already existed: settled → their outcome, pending → resumed on the single path. */
  async function existing(keys: string[]): Promise<Map<string, BatchOutcome<E>>> {
    const out = new Map<string, BatchOutcome<E>>();
    if (!keys.length) return out;
    const found = await Entry.find({ key: { $in: keys } } as never).lean<E[]>();
    for (const e of found) {
      try {
        out.set(e.key, { ok: true, entry: e.state === 'pending' ? await x.finish(e, false) : await x.outcome(e._id) });
      } catch (err) {
        out.set(e.key, { ok: false, error: asError(err) });
      }
    }
    return out;
  }

  /** Apply each draft once per key; outcomes in the order of `drafts` (a duplicate key in the batch is applied once). */
  return async function applyMany(drafts: EntryDraft<E>[]): Promise<BatchOutcome<E>[]> {
    if (!drafts.length) return [];
    const unique = [...new Map(drafts.map((d) => [d.key, d])).values()];
    const { docs, existed: dupIndexes } = await insertPending(Entry, unique, p.clock.now(), x.newLease);
    const fresh = docs.filter((_, i) => !dupIndexes.has(i));
    const results = await existing(docs.filter((_, i) => dupIndexes.has(i)).map((d) => d.key));

    const ops = fresh.flatMap((e) => {
      const eff = p.effect(e);
      return eff ? [{ filter: { _id: p.targetId(e), [p.inflight]: { $ne: e._id }, ...eff.guard }, update: { ...eff.update, $push: { [p.inflight]: e._id } } }] : [];
    });
    if (fresh.length) p.failpoint?.('target', fresh[0]);
    const changed = await Target.bulkUpdate(ops);
    let done = fresh;
    if (changed < ops.length) {
      const targets = await Target.find({ _id: { $in: [...new Set(fresh.map((e) => String(p.targetId(e))))].map((id) => new Types.ObjectId(id)) } }, { projection: { [p.inflight]: 1 } });
      const inflight = new Set(targets.flatMap((t) => ((pathOf(t, p.inflight) as Types.ObjectId[] | undefined) ?? []).map(String)));
      done = fresh.filter((e) => !p.effect(e) || inflight.has(String(e._id)));
      for (const e of fresh.filter((f) => !done.includes(f))) {
        try {
          results.set(e.key, { ok: true, entry: await x.finish(e, true) }); // still under our lease: the single path
        } catch (err) {
          results.set(e.key, { ok: false, error: asError(err) });
        }
      }
    }
    if (done.length) {
      p.failpoint?.('after', done[0]);
      if (p.afterMany) await p.afterMany(done);
      else for (const e of done) await p.after?.(e, true, null);
      p.failpoint?.('mark', done[0]);
      const marks = done.map((e) => ({ e, fields: { ...p.settled(e, null), state: 'applied' } }));
      await Entry.bulkWrite(marks.map((m) => ({ updateOne: { filter: { _id: m.e._id, state: 'pending' } as never, update: { $set: m.fields } as never } })), { ordered: false });
      for (const m of marks) results.set(m.e.key, { ok: true, entry: { ...m.e, ...m.fields } as E });
    }
    return drafts.map((d) => results.get(d.key) ?? { ok: false, error: new AppError('SERVICE_UNAVAILABLE', `${d.key} was not applied`) });
  };
}
