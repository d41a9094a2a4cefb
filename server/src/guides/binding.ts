/**
 * Bindings: a member has at most one guide in the chain. Binding is one guarded
 * write — an insert under the member's `_id` for a first binding, a CAS on the
 * binding's `seq` for a rebind after the protection lapsed or a transfer — so two
 * guides scanning at once → one wins. Each change then writes its history entry
 * (unique by member + seq) and its rollup movements (applied once by key) and is
 * marked logged; `guides.repair` finishes changes a crash left unlogged.
 */
import { Types } from 'mongoose';
import { shanghaiDay, type GuideBindingSource } from '@homeclub/shared';
import { isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { BindingDoc, GuideDoc, GuideModels } from './model';
import type { GuideSettingsStore } from './settings';
import { bindVerdict, protectedUntil, type BindVerdict } from './rules';
import type { GuideDays } from './days';

export interface BindOutcome {
  verdict: BindVerdict | 'unknown';
  bound: boolean;
  binding: BindingDoc | null;
}

export function createBindings(deps: { models: GuideModels; clock: Clock; settings: GuideSettingsStore; days: GuideDays }) {
  const { Binding, Event, Guide } = deps.models;

  /** History entry + rollups of the binding's current change, then the mark. Idempotent. */
  async function log(b: BindingDoc): Promise<void> {
    try {
      await Event.create({
        _id: `${b._id}:${b.seq}`,
        memberId: b._id,
        seq: b.seq,
        guideId: b.guideId,
        fromGuideId: b.fromGuideId,
        source: b.source,
        transferId: b.transferId,
        at: b.boundAt,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const day = shanghaiDay(b.boundAt);
    const key = `b:${b._id}:${b.seq}`;
    const moved = b.fromGuideId !== null && String(b.fromGuideId) !== String(b.guideId);
    await deps.days.apply(String(b.guideId), day, key, {
      gained: moved || b.seq === 1 ? 1 : 0,
      newBindings: b.source !== 'transfer' && (moved || b.seq === 1) ? 1 : 0,
    });
    if (moved) {
      await deps.days.apply(String(b.fromGuideId), day, key, { lost: 1 });
      // the customer's open follow-ups go with them
      await deps.models.Task.updateMany(
        { memberId: b._id, guideId: b.fromGuideId, state: { $ne: 'done' } },
        { $set: { guideId: b.guideId } },
      );
    }
    await Binding.updateOne({ _id: b._id, seq: b.seq }, { $set: { logged: true } });
  }

  async function activeGuide(guideId: string): Promise<GuideDoc | null> {
    if (!Types.ObjectId.isValid(guideId)) return null;
    const g = await Guide.findById(guideId).lean<GuideDoc>();
    return g && g.status === 'active' ? g : null;
  }

  /** Bind `memberId` to `guide` if the chain's rule allows; a lost race reports the winner's binding. */
  async function bind(memberId: string, guide: GuideDoc, source: Exclude<GuideBindingSource, 'transfer'>): Promise<BindOutcome> {
    const s = await deps.settings.get();
    const mid = new Types.ObjectId(memberId);
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = deps.clock.now();
      const current = await Binding.findById(mid).lean<BindingDoc>();
      const verdict = bindVerdict(
        s,
        memberId,
        String(guide._id),
        current ? { guideId: String(current.guideId), protectedUntil: current.protectedUntil } : null,
        now,
      );
      if (verdict === 'self' || verdict === 'taken' || verdict === 'already_yours')
        return { verdict, bound: false, binding: current };
      const fields = {
        guideId: guide._id,
        storeId: guide.storeId,
        source,
        boundAt: now,
        protectedUntil: protectedUntil(s, now),
        transferId: null,
        logged: false,
      };
      let b: BindingDoc | null;
      if (!current) {
        try {
          b = (await Binding.create({ _id: mid, ...fields, seq: 1, fromGuideId: null })).toObject() as BindingDoc;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          continue; // another guide bound first: look again
        }
      } else {
        b = await Binding.findOneAndUpdate(
          { _id: mid, seq: current.seq },
          { $set: { ...fields, fromGuideId: current.guideId }, $inc: { seq: 1 } },
          { returnDocument: 'after', lean: true },
        );
        if (!b) continue;
      }
      await log(b);
      return { verdict, bound: true, binding: b };
    }
    const now = await Binding.findById(mid).lean<BindingDoc>();
    return { verdict: now && String(now.guideId) === String(guide._id) ? 'already_yours' : 'taken', bound: false, binding: now };
  }

  return {
    log,
    bind,
    activeGuide,
    /** Bind by a guide's member id (check-in, till): only when that staff member is an active guide. */
    async bindByGuideId(memberId: string, guideId: string, source: 'checkin' | 'till'): Promise<BindOutcome> {
      const g = await activeGuide(guideId);
      if (!g) return { verdict: 'unknown', bound: false, binding: null };
      return bind(memberId, g, source);
    },
    /** Transfer step: move one customer from → to (guarded on the current guide); false if they were no longer from's. */
    async move(memberId: Types.ObjectId, from: Types.ObjectId, to: GuideDoc, transferId: Types.ObjectId): Promise<boolean> {
      const s = await deps.settings.get();
      const now = deps.clock.now();
      const b = await Binding.findOneAndUpdate(
        { _id: memberId, guideId: from },
        {
          $set: {
            guideId: to._id,
            storeId: to.storeId,
            source: 'transfer',
            boundAt: now,
            protectedUntil: protectedUntil(s, now),
            fromGuideId: from,
            transferId,
            logged: false,
          },
          $inc: { seq: 1 },
        },
        { returnDocument: 'after', lean: true },
      );
      if (!b) return false;
      await log(b);
      return true;
    },
    /** Job: changes whose history or rollups a crash interrupted. */
    async repair(limit = 500): Promise<number> {
      const open = await Binding.find({ logged: false }).limit(limit).lean<BindingDoc[]>();
      for (const b of open) await log(b);
      return open.length;
    },
    of: (memberId: string) => Binding.findById(new Types.ObjectId(memberId)).lean<BindingDoc>(),
  };
}
export type Bindings = ReturnType<typeof createBindings>;
