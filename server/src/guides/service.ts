/**
 * 导购 (shopping guides): the guide role of staff in a store, bindings (one guide
 * per member in the chain), handoff transfers, attribution of paid orders and
 * refunds, performance from the per-day rollup, and the guide workspace. Plugs
 * into orders (paid step + refund hook) and booking (check-in step).
 */
import { randomBytes } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import type { CommissionSettings, GuideSettings, GuideView, TransferRequest } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Identity } from '../platform/http/context';
import { assertConsoleStore, consoleStoreScope } from '../platform/auth/guard';
import type { Scheduler } from '../platform/jobs/scheduler';
import type { MembersService } from '../members/service';
import type { StoresService } from '../stores/service';
import type { MiniProgramClient } from '../wechat/miniprogram/client';
import { guideModels, type GuideDoc } from './model';
import { createGuideSettings } from './settings';
import { createGuideDays } from './days';
import { createBindings } from './binding';
import { createAttribution } from './attribution';
import { createTransfers } from './transfers';
import { createWorkspace, type WorkspaceDeps } from './workspace';
import { guideCodeFrom, periodOf } from './rules';
import { commissionModels } from './commission-model';
import { createCommissionSettings } from './commission-settings';
import { createCommission } from './commission';

export const GUIDE_PAGE = 'pages/index/index';

export function createGuidesService(
  deps: Omit<WorkspaceDeps, 'models' | 'attribution'> & {
    conn: Connection;
    stores: StoresService;
    members: MembersService;
    wechat: MiniProgramClient;
    scheduler: Scheduler;
    logger: Logger;
    clock: Clock;
  },
) {
  const models = guideModels(deps.conn);
  const { Guide, Poster } = models;
  const settings = createGuideSettings({ models, clock: deps.clock });
  const days = createGuideDays({ models });
  const bindings = createBindings({ models, clock: deps.clock, settings, days });
  const cModels = commissionModels(deps.conn);
  const commissionSettings = createCommissionSettings({ models: cModels, clock: deps.clock });
  const commission = createCommission({ models: { ...models, ...cModels }, clock: deps.clock, logger: deps.logger, settings: commissionSettings, days });
  const attribution = createAttribution({ models, clock: deps.clock, bindings, days, commission });
  const transfers = createTransfers({ models, clock: deps.clock, logger: deps.logger, scheduler: deps.scheduler, bindings });
  const workspace = createWorkspace({ ...deps, models, attribution });

  deps.orders.onPaid({ step: 'guideCredit', run: (o) => attribution.onOrderPaid(o) });
  deps.orders.onRefund({ name: 'guide', run: (o, share) => attribution.onOrderRefund(o, share) });
  deps.booking.onAttended({
    step: 'guideBinding',
    run: async (b) => {
      if (b.checkedInBy) await bindings.bindByGuideId(String(b.memberId), String(b.checkedInBy), 'checkin');
    },
  });

  async function view(g: GuideDoc): Promise<GuideView> {
    const store = await deps.stores.get(String(g.storeId));
    return {
      memberId: String(g._id),
      nickname: g.nickname,
      storeId: String(g.storeId),
      storeName: store?.name ?? '门店',
      code: g.code,
      status: g.status,
      createdAt: g.createdAt.toISOString(),
    };
  }

  /** The caller as an active guide of their current store (the role is read on every request). */
  async function requireGuide(identity: Identity): Promise<GuideDoc> {
    const g = await Guide.findById(new Types.ObjectId(identity.memberId)).lean<GuideDoc>();
    if (!g || g.status !== 'active' || !identity.roles.includes('staff') || identity.staffStoreId !== String(g.storeId)) {
      throw new AppError('GUIDE_NOT_GUIDE', `member ${identity.memberId} is not an active guide of their store`);
    }
    return g;
  }

  async function consoleGuide(identity: Identity, guideId: string): Promise<GuideDoc> {
    const g = await Guide.findById(new Types.ObjectId(guideId)).lean<GuideDoc>();
    if (!g) throw new AppError('GUIDE_NOT_FOUND', `no guide ${guideId}`);
    assertConsoleStore(identity, g.storeId);
    return g;
  }

  const adminOnly = (identity: Identity) => {
    if (!identity.roles.includes('admin'))
      throw new AppError('CONSOLE_ADMIN_ONLY', `member ${identity.memberId} is not a chain admin`);
  };

  return {
    settings,
    bindings,
    transfers,
    workspace,
    days,
    attribution,
    commission,
    commissionSettings,
    requireGuide,

    /** A member opened a guide's code or share card. */
    async bindByCode(memberId: string, code: string) {
      const g = await Guide.findOne({ code }).lean<GuideDoc>();
      if (!g || g.status !== 'active') return { bound: false, reason: 'unknown' as const, guide: null };
      const r = await bindings.bind(memberId, g, 'code');
      const store = await deps.stores.get(String(g.storeId));
      const info = { nickname: g.nickname, storeName: store?.name ?? '门店' };
      const reason =
        r.verdict === 'bind'
          ? ('bound' as const)
          : r.verdict === 'renew'
            ? ('renewed' as const)
            : r.verdict === 'unknown'
              ? ('unknown' as const)
              : r.verdict;
      return { bound: r.bound, reason, guide: reason === 'taken' || reason === 'self' ? null : info };
    },
    async mine(memberId: string) {
      const b = await bindings.of(memberId);
      const g = b ? await Guide.findById(b.guideId).lean<GuideDoc>() : null;
      if (!g) return { guide: null };
      const store = await deps.stores.get(String(g.storeId));
      return { guide: { nickname: g.nickname, storeName: store?.name ?? '门店', code: g.code } };
    },

    async me(identity: Identity) {
      const g = await requireGuide(identity);
      const p = periodOf(deps.clock.now(), {});
      return {
        ...(await view(g)),
        sharePath: `/${GUIDE_PAGE}?guide=${g.code}`,
        month: await days.performance(String(g._id), p.from, p.to),
      };
    },
    async performance(identity: Identity, q: { from?: string; to?: string }) {
      const g = await requireGuide(identity);
      const p = periodOf(deps.clock.now(), q);
      return days.performance(String(g._id), p.from, p.to);
    },
    async myCommission(identity: Identity) {
      const g = await requireGuide(identity);
      return commission.summary(String(g._id), String(g.storeId));
    },
    /** The guide's mini-program code (scene `g=CODE`), made once by WeChat and kept. */
    async posterCode(identity: Identity) {
      const g = await requireGuide(identity);
      const scene = `g=${g.code}`;
      let png = (await Poster.findById(g.code).lean())?.png;
      if (!png) {
        png = await deps.wechat.getUnlimitedQrCode({ scene, page: GUIDE_PAGE, checkPath: false, width: 430 });
        await Poster.updateOne({ _id: g.code }, { $setOnInsert: { png, createdAt: deps.clock.now() } }, { upsert: true });
      }
      const bytes = Buffer.isBuffer(png) ? png : Buffer.from((png as unknown as { buffer: Uint8Array }).buffer);
      return { scene, page: GUIDE_PAGE, pngBase64: bytes.toString('base64'), code: g.code, nickname: g.nickname };
    },

    // ---- console ----
    /** Give a staff member the guide role in their store (again after leaving: reactivated, same code). */
    async createGuide(identity: Identity, memberId: string): Promise<GuideView> {
      const m = await deps.members.get(memberId);
      if (!m) throw new AppError('MEMBER_NOT_FOUND', `no member ${memberId}`);
      if (!m.roles.includes('staff') || !m.staffStoreId)
        throw new AppError('GUIDE_NOT_STAFF', `member ${memberId} is not staff of a store`);
      assertConsoleStore(identity, m.staffStoreId);
      for (let i = 0; i < 5; i++) {
        try {
          const g = await Guide.findOneAndUpdate(
            { _id: m._id },
            {
              $set: { storeId: m.staffStoreId, nickname: m.nickname, status: 'active' },
              $setOnInsert: { code: guideCodeFrom(randomBytes(5)), createdAt: deps.clock.now() },
            },
            { upsert: true, returnDocument: 'after', lean: true },
          );
          await deps.audit.record(identity.memberId, 'guide.create', { memberId });
          return view(g as GuideDoc);
        } catch (err) {
          if (!isDuplicateKey(err)) throw err; // a code collision (or a concurrent create): try again
        }
      }
      throw new Error(`no free guide code for ${memberId}`);
    },
    async leave(identity: Identity, guideId: string) {
      const g = await consoleGuide(identity, guideId);
      await Guide.updateOne({ _id: g._id }, { $set: { status: 'left' } });
      await deps.audit.record(identity.memberId, 'guide.leave', { guideId });
    },
    /** Guides in scope with their figures for the period, best net sales first (the leaderboard). */
    async list(identity: Identity, q: { storeId?: string; from?: string; to?: string }) {
      const scope = consoleStoreScope(identity, q.storeId ?? null);
      const guides = await Guide.find(scope ? { storeId: new Types.ObjectId(scope) } : {})
        .limit(500)
        .lean<GuideDoc[]>();
      const p = periodOf(deps.clock.now(), q);
      const rows = await Promise.all(
        guides.map(async (g) => ({ ...(await view(g)), performance: await days.performance(String(g._id), p.from, p.to) })),
      );
      return rows.sort(
        (a, b) => b.performance.netSalesFen - a.performance.netSalesFen || b.performance.customers - a.performance.customers,
      );
    },
    async guideCustomers(identity: Identity, guideId: string) {
      const g = await consoleGuide(identity, guideId);
      await deps.audit.record(identity.memberId, 'guide.customers.view', { guideId });
      return (await workspace.listFor(g._id)).map(({ openTasks: _, ...rest }) => rest);
    },
    async putSettings(identity: Identity, s: GuideSettings) {
      adminOnly(identity);
      await deps.audit.record(identity.memberId, 'guide.settings', s);
      return settings.put(s);
    },
    async putCommission(identity: Identity, s: CommissionSettings, baseRevision: number) {
      adminOnly(identity);
      const ids = s.stores.map((x) => x.storeId);
      const known = await Promise.all(ids.map((id) => deps.stores.get(id)));
      if (new Set(ids).size !== ids.length || known.some((k) => !k))
        throw new AppError('GUIDE_COMMISSION_INVALID', `commission stores ${ids.join(',')}: unknown or repeated`);
      const before = await commissionSettings.get();
      if (!(await commissionSettings.putVersioned(s, baseRevision)))
        throw new AppError('SETTINGS_CONFLICT', `guide commission settings moved past ${baseRevision}`);
      const after = await commissionSettings.versioned();
      await deps.audit.record(identity.memberId, 'guide.commission', { revision: after.revision, before, after: after.settings });
      return after;
    },
    async settlements(identity: Identity, period: string) {
      adminOnly(identity);
      const rows = await commission.ofMonth(period);
      const gs = await Guide.find({ _id: { $in: rows.map((r) => r.guideId) } }).lean<GuideDoc[]>();
      const stores = await deps.stores.byIds([...new Set(gs.map((g) => String(g.storeId)))]);
      const byId = new Map(gs.map((g) => [String(g._id), g]));
      return rows.map((r) => {
        const g = byId.get(String(r.guideId));
        return {
          guideId: String(r.guideId),
          nickname: g?.nickname ?? '导购',
          storeName: (g && stores.get(String(g.storeId))?.name) ?? '门店',
          period: r.period,
          state: r.state,
          orders: r.orders ?? 0,
          settledFen: r.commissionFen ?? 0,
          clawbacks: r.clawbacks ?? 0,
          clawbackFen: r.clawbackFen ?? 0,
          carryInFen: r.carryInFen ?? 0,
          payableFen: r.state === 'closed' ? (r.payableFen ?? 0) : null,
        };
      });
    },
    async createTransfer(identity: Identity, req: TransferRequest) {
      adminOnly(identity);
      const t = await transfers.create(identity.memberId, req);
      await deps.audit.record(identity.memberId, 'guide.transfer', { transferId: t.id, fromGuideId: req.fromGuideId });
      return t;
    },
    listTransfers(identity: Identity) {
      adminOnly(identity);
      return transfers.list();
    },
    oneTransfer(identity: Identity, id: string) {
      adminOnly(identity);
      return transfers.one(id);
    },
  };
}
export type GuidesService = ReturnType<typeof createGuidesService>;
