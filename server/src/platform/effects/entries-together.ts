/**
 * Several entries on ONE target applied together (an order's paid points: the
 * held points captured and the purchase's points earned), on the protocol of
 * entries.ts, in three commands instead of three per entry:
 *   1. one unordered insert of every entry `pending`, leased by the insert;
 *   2. ONE guarded update of the target: the domain's combined effect
 *      (`effectOfMany`, e.g. the sum of the movements, guarded so that the
 *      result stays valid) with `inflight ∌ every id` in the filter and every
 *      id pushed in the same update — all effects and their proofs in one
 *      atomic write, so either all happened or none did;
 *   3. one unordered bulk marking the entries `applied` (each with the domain's
 *      result fields; `later` tells it which entries of the group came after).
 * Anything else — a key that already exists (a retry, a twin), a refused
 * combined guard, a target that changed under a crash — falls back to the
 * single path of entries.ts, entry by entry, in the given order: a fresh entry
 * under the lease its insert took, an existing one by its key. A crash after 1
 * leaves pending entries the repair job finishes like single ones
 * (`inflight ∋ id` proves step 2 for each of them).
 */
import type { EntryBase, EntryDraft, EntryProtocol } from './entries';
import { insertPending } from './entries-batch';

interface Internals<E extends EntryBase> {
  finish(e: E, fresh: boolean): Promise<E>;
  newLease(): { leaseUntil: Date; leaseToken: string };
  apply(draft: EntryDraft<E>): Promise<E>;
}

export function createTogetherApply<E extends EntryBase, T>(p: EntryProtocol<E, T>, x: Internals<E>) {
  const { Entry, Target } = p;

  /** Apply `drafts` (distinct keys, one target) exactly once each; results in the drafts' order. */
  return async function applyTogether(drafts: EntryDraft<E>[]): Promise<E[]> {
    if (drafts.length < 2 || !p.effectOfMany) return Promise.all(drafts.map((d) => x.apply(d)));
    const target = p.targetId(drafts[0] as E);
    if (drafts.some((d) => String(p.targetId(d as E)) !== String(target)) || new Set(drafts.map((d) => d.key)).size !== drafts.length) {
      throw new Error('applyTogether: the entries must have one target and distinct keys');
    }
    const { docs, existed } = await insertPending(Entry, drafts, p.clock.now(), x.newLease);
    const one = (i: number) => (existed.has(i) ? x.apply(drafts[i]) : x.finish(docs[i], true));
    const eff = existed.size === 0 ? p.effectOfMany(docs) : null;
    let moved: T | null = null;
    if (eff) {
      p.failpoint?.('target', docs[0]);
      const ids = docs.map((e) => e._id);
      moved = await Target.findOneAndUpdate(
        { _id: target, [p.inflight]: { $nin: ids }, ...eff.guard },
        { ...eff.update, $push: { [p.inflight]: { $each: ids } } },
        p.projection,
      );
    }
    if (!moved) {
      // the single path, in order (each entry's own guard, its own outcome or rejection); a failure does not
      // stop the entries after it (each converges on its own), the first is rethrown once all were tried
      const out: E[] = [];
      let failure: unknown = null;
      for (let i = 0; i < docs.length; i++) {
        try {
          out.push(await one(i));
        } catch (err) {
          failure ??= err;
        }
      }
      if (failure) throw failure;
      return out;
    }
    p.failpoint?.('after', docs[0]);
    for (const [i, e] of docs.entries()) await p.after?.(e, i === docs.length - 1, i === docs.length - 1 ? moved : null);
    p.failpoint?.('mark', docs[0]);
    const marks = docs.map((e, i) => ({ e, fields: { ...p.settled(e, moved, docs.slice(i + 1)), state: 'applied' } }));
    await Entry.bulkWrite(
      marks.map((m) => ({
        updateOne: { filter: { _id: m.e._id, state: 'pending' } as never, update: { $set: m.fields } as never },
      })),
      { ordered: false },
    );
    p.failpoint?.('pull', docs[0]);
    if (!p.deferPull) await Target.updateOne({ _id: target }, { $pull: { [p.inflight]: { $in: docs.map((e) => e._id) } } });
    return marks.map((m) => ({ ...m.e, ...m.fields }) as E);
  };
}
