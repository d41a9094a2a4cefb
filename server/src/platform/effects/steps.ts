/**
 * Step lists: the effects of one state change of a source document (an order
 * became paid, a booking was attended) run in order by one runner.
 *
 * Protocol: the state change itself is one guarded update that also resets
 * `steps: {}` and `stepsDone: false` on the document. The runner then runs every
 * step that is due and not yet marked in `steps`, in list order; each step is
 * idempotent by its own key (a ledger entry, a coupon transition guarded by its
 * state, a refund with a stable out_refund_no), so running it again after a
 * crash repeats work, never effects. The marks of the steps run are written
 * with `stepsDone: true` in ONE update at the end (a failing step writes the
 * marks before it and rethrows). A crash anywhere leaves `stepsDone: false`;
 * `finishOpen` (a job on the MongoDB scheduler) runs the list again, and any
 * duplicate runner (a retried request, a second notification) converges to the
 * same result.
 * Each run creates its own context (`context()`, e.g. the settings read at most
 * once for all its steps) and passes it down to every step: scoped to that one
 * run, never kept between runs.
 */
import type { Model, Types } from 'mongoose';
import type { Logger } from '../logger';

export interface Step<D, C = undefined> {
  name: string;
  due(doc: D): boolean;
  run(doc: D, ctx: C): Promise<void>;
}

export interface StepDoc {
  _id: Types.ObjectId;
  steps?: Record<string, boolean> | null;
  stepsDone?: boolean;
}

export function createStepList<D extends StepDoc, C = undefined>(opts: {
  Model: Model<D>;
  /** the steps in order (a function: modules may register more steps after creation) */
  steps: () => Step<D, C>[];
  /** a fresh context per run, handed to each step */
  context?: () => C;
  /** whether the document's state calls for the steps at all (e.g. an order that is paid) */
  ready?: (doc: D) => boolean;
  logger: Logger;
  label: string;
}) {
  const { Model } = opts;
  /** test seam: called before each step, may throw to simulate a crash */
  let beforeStep: ((step: string, doc: D) => void) | null = null;

  async function run(id: Types.ObjectId, loaded?: D): Promise<D> {
    const doc = loaded ?? (await Model.findById(id).lean<D>());
    if (!doc) throw new Error(`${opts.label} ${String(id)} missing`);
    if (opts.ready && !opts.ready(doc)) return doc;
    const marks: Record<string, true> = {};
    const ctx = opts.context?.() as C;
    try {
      for (const s of opts.steps()) {
        if (doc.steps?.[s.name] || !s.due(doc)) continue;
        beforeStep?.(s.name, doc);
        await s.run(doc, ctx);
        marks[`steps.${s.name}`] = true;
      }
    } catch (err) {
      if (Object.keys(marks).length) await Model.updateOne({ _id: doc._id } as never, { $set: marks } as never);
      throw err;
    }
    return (await Model.findOneAndUpdate({ _id: doc._id } as never, { $set: { ...marks, stepsDone: true } } as never, { returnDocument: 'after', lean: true })) as D;
  }

  return {
    run,
    /** Job: documents whose steps a crash interrupted (`filter` narrows to the states that have steps). */
    async finishOpen(filter: Record<string, unknown>, limit: number): Promise<number> {
      const open = await Model.find({ stepsDone: false, ...filter } as never, { _id: 1 }).limit(limit).lean<D[]>();
      for (const d of open) {
        await run(d._id).catch((err) => opts.logger.warn({ err: (err as Error).message, id: String(d._id) }, `${opts.label} steps not finished`));
      }
      return open.length;
    },
    setBeforeStep(fn: typeof beforeStep) {
      beforeStep = fn;
    },
  };
}
