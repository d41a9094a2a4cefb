/**
 * Handoff (转移客户): an admin moves a guide's customers to one guide or spreads
 * them over a store's guides. The transfer is a document; the `guides.transfer`
 * job moves customers batch by batch, each by one guarded update on the binding
 * (still the old guide's → the new one), so a crash or a second runner resumes
 * where it stopped and never moves anyone twice. The report is counted from the
 * history entries of the transfer, so it is exact whatever was interrupted.
 */
import { Types } from 'mongoose';
import type { TransferRequest, TransferView } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Scheduler } from '../platform/jobs/scheduler';
import type { BindingDoc, GuideDoc, GuideModels, TransferDoc } from './model';
import type { Bindings } from './binding';
import { spreadTarget } from './rules';

export const TRANSFER_JOB = 'guides.transfer';
const BATCH = 100;

export function createTransfers(deps: {
  models: GuideModels;
  clock: Clock;
  logger: Logger;
  scheduler: Scheduler;
  bindings: Bindings;
}) {
  const { Transfer, Guide, Binding, Event } = deps.models;
  /** test seam: called before each move, may throw to simulate a crash */
  let beforeMove: ((memberId: string) => void) | null = null;

  async function view(t: TransferDoc): Promise<TransferView> {
    const ids = [t.fromGuideId, ...t.targetIds];
    const names = new Map(
      (await Guide.find({ _id: { $in: ids } }, { nickname: 1 }).lean<GuideDoc[]>()).map((g) => [String(g._id), g.nickname]),
    );
    const moved = new Map(t.report.map((r) => [String(r.guideId), r.moved]));
    return {
      id: String(t._id),
      fromGuideId: String(t.fromGuideId),
      fromNickname: names.get(String(t.fromGuideId)) ?? '导购',
      state: t.state,
      targets: t.targetIds.map((g) => ({
        guideId: String(g),
        nickname: names.get(String(g)) ?? '导购',
        moved: moved.get(String(g)) ?? 0,
      })),
      moved: t.moved,
      createdAt: t.createdAt.toISOString(),
      finishedAt: t.finishedAt?.toISOString() ?? null,
    };
  }

  /** Move what is left, then count the report from the history and close the transfer (once). */
  async function run(t: TransferDoc): Promise<void> {
    const targets = await Guide.find({ _id: { $in: t.targetIds } }).lean<GuideDoc[]>();
    const byId = new Map(targets.map((g) => [String(g._id), g]));
    const ids = t.targetIds.map(String);
    for (;;) {
      const batch = await Binding.find({ guideId: t.fromGuideId }, { _id: 1 }).sort({ _id: 1 }).limit(BATCH).lean<BindingDoc[]>();
      if (batch.length === 0) break;
      for (const b of batch) {
        beforeMove?.(String(b._id));
        const to = byId.get(spreadTarget(String(t._id), String(b._id), ids))!;
        await deps.bindings.move(b._id, t.fromGuideId, to, t._id);
      }
    }
    for (const b of await Binding.find({ transferId: t._id, logged: false }).lean<BindingDoc[]>()) await deps.bindings.log(b);
    const events = await Event.find({ transferId: t._id }, { guideId: 1 }).lean();
    const counts = new Map<string, number>();
    for (const e of events) counts.set(String(e.guideId), (counts.get(String(e.guideId)) ?? 0) + 1);
    const report = ids.map((g) => ({ guideId: new Types.ObjectId(g), moved: counts.get(g) ?? 0 }));
    await Transfer.updateOne(
      { _id: t._id, state: 'running' },
      { $set: { state: 'done', report, moved: events.length, finishedAt: deps.clock.now() } },
    );
  }

  return {
    async create(actorId: string, req: TransferRequest): Promise<TransferView> {
      const from = await Guide.findById(req.fromGuideId).lean<GuideDoc>();
      if (!from) throw new AppError('GUIDE_NOT_FOUND', `no guide ${req.fromGuideId}`);
      const targets =
        'toGuideId' in req
          ? await Guide.find({ _id: new Types.ObjectId(req.toGuideId), status: 'active' }).lean<GuideDoc[]>()
          : await Guide.find({ storeId: new Types.ObjectId(req.spreadStoreId), status: 'active' }).lean<GuideDoc[]>();
      const to = targets.filter((g) => String(g._id) !== String(from._id));
      if (to.length === 0) throw new AppError('GUIDE_TRANSFER_INVALID', `no active target guide for transfer from ${from._id}`);
      if (req.deactivate) await Guide.updateOne({ _id: from._id }, { $set: { status: 'left' } });
      const t = (
        await Transfer.create({
          fromGuideId: from._id,
          targetIds: to.map((g) => g._id),
          deactivate: req.deactivate,
          state: 'running',
          report: [],
          moved: 0,
          createdBy: new Types.ObjectId(actorId),
          createdAt: deps.clock.now(),
          finishedAt: null,
        })
      ).toObject() as TransferDoc;
      await deps.scheduler.schedule(
        TRANSFER_JOB,
        deps.clock.now(),
        { transferId: String(t._id) },
        { uniqueKey: `${TRANSFER_JOB}:${t._id}` },
      );
      return view(t);
    },
    /** Job: every running transfer (the one just created, or one a crash interrupted). */
    async runOpen(): Promise<number> {
      const open = await Transfer.find({ state: 'running' }).sort({ createdAt: 1 }).lean<TransferDoc[]>();
      for (const t of open) await run(t);
      return open.length;
    },
    async one(id: string): Promise<TransferView> {
      const t = await Transfer.findById(id).lean<TransferDoc>();
      if (!t) throw new AppError('NOT_FOUND', `no transfer ${id}`);
      return view(t);
    },
    async list(): Promise<TransferView[]> {
      const all = await Transfer.find({}).sort({ createdAt: -1 }).limit(50).lean<TransferDoc[]>();
      return Promise.all(all.map(view));
    },
    setBeforeMove(fn: typeof beforeMove) {
      beforeMove = fn;
    },
  };
}
export type Transfers = ReturnType<typeof createTransfers>;
