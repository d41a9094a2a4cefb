/** Member insight: nightly scores, stages and RFM rollups, segments, campaigns and their reports, the shopper's gift inbox. */
import { Types, type Connection } from 'mongoose';
import type { CampaignInput, CampaignView, InsightSettingsView } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import { shanghaiDate, type Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { MembersService } from '../members/service';
import type { OrdersService } from '../orders/service';
import type { BookingService } from '../booking/service';
import type { ReferralService } from '../referrals/service';
import type { CouponsService } from '../coupons/service';
import type { PointsService } from '../points/service';
import type { AuditService } from '../system/audit';
import type { MiniProgramClient } from '../wechat/miniprogram/client';
import type { GuideMemberStats } from '../guides/member-stats';
import { insightModels } from './model';
import { campaignModels, toRunView, type CampaignDoc, type RunDoc } from './campaign-model';
import { createInsightSettings } from './settings';
import { createScores } from './scores';
import { createSegments } from './segments';
import { createCampaignRunner } from './campaign-run';
import { createReports } from './report';
import { dueRunKey } from './schedule.calc';
import { createCampaignBanners } from './campaign-banner';

export function createInsightService(deps: {
  conn: Connection;
  clock: Clock;
  logger: Logger;
  members: MembersService;
  orders: OrdersService;
  booking: BookingService;
  referrals: ReferralService;
  coupons: CouponsService;
  points: PointsService;
  audit: AuditService;
  wechat: MiniProgramClient;
  /** each member's guide (segment condition 专属导购); read by the scores job */
  guideStats?: GuideMemberStats;
}) {
  const insight = insightModels(deps.conn);
  const campaigns = campaignModels(deps.conn);
  const { clock } = deps;
  const settings = createInsightSettings(insight, clock);
  const segments = createSegments({ insight, campaigns, clock });
  const banners = createCampaignBanners({ conn: deps.conn, campaigns, clock });
  const runner = createCampaignRunner({ insight, campaigns, segments, settings, clock, logger: deps.logger, coupons: deps.coupons, points: deps.points, members: deps.members, wechat: deps.wechat, banners });
  const reports = createReports({ campaigns, clock, coupons: deps.coupons, orders: deps.orders });
  const scores = createScores({
    models: insight,
    clock,
    logger: deps.logger,
    members: deps.members,
    orderStats: deps.orders.memberStats,
    bookingStats: deps.booking.memberStats,
    guideStats: deps.guideStats,
    activePartnerIds: () => deps.referrals.memberStats.activePartnerIds(),
    settings: settings.get,
  });

  async function requireCampaign(id: string): Promise<CampaignDoc> {
    const c = Types.ObjectId.isValid(id) ? await campaigns.Campaign.findById(id).lean<CampaignDoc>() : null;
    if (!c) throw new AppError('INSIGHT_CAMPAIGN_NOT_FOUND', `campaign ${id}`);
    return c;
  }

  async function view(c: CampaignDoc): Promise<CampaignView> {
    const runs = await campaigns.Run.find({ campaignId: String(c._id) }).sort({ startedAt: -1 }).limit(24).lean<RunDoc[]>();
    return {
      id: String(c._id),
      name: c.name,
      segmentId: String(c.segmentId),
      action: c.action.kind === 'coupon' ? { kind: 'coupon', templateId: String(c.action.templateId) } : c.action,
      schedule: c.schedule,
      holdoutShare: c.holdoutShare,
      budget: c.budget,
      giftTitle: c.giftTitle,
      measureDays: c.measureDays,
      status: c.status,
      spent: c.spent,
      createdAt: c.createdAt.toISOString(),
      runs: runs.map(toRunView),
    };
  }

  return {
    settings,
    scores,
    segments,
    /** Stage and RFM group of the last nightly run, by member id (`_id` lookups; for the guide workspace). */
    async profilesOf(memberIds: string[]): Promise<Map<string, { stage: string; rfmGroup: string | null; lastAttendedAt: Date | null }>> {
      if (!memberIds.length) return new Map();
      const docs = await insight.Profile.find({ _id: { $in: memberIds } }, { stage: 1, rfmGroup: 1, lastAttendedAt: 1 }).lean();
      return new Map(docs.map((d) => [String(d._id), { stage: d.stage, rfmGroup: d.rfmGroup ?? null, lastAttendedAt: d.lastAttendedAt ?? null }]));
    },
    /** Admin API save (unversioned), audited before → after. */
    async putSettings(actorId: string, s: InsightSettingsView) {
      const before = await settings.get();
      const saved = await settings.put(s);
      await deps.audit.record(actorId, 'insight.settings', { before, after: saved });
      return saved;
    },
    /** Console save on the loaded revision (SETTINGS_CONFLICT when another admin saved first), audited before → after. */
    async putSettingsVersioned(actorId: string, s: InsightSettingsView, baseRevision: number) {
      const before = await settings.get();
      const revision = await settings.putVersioned(s, baseRevision);
      await deps.audit.record(actorId, 'insight.settings', { revision, before, after: s });
      return { settings: s, revision };
    },

    async stages(months: number) {
      // Latest months first, by `_id` range (kind:YYYY-MM).
      const rollups = async (kind: string) => insight.Rollup.find({ _id: { $gt: `${kind}:`, $lt: `${kind};` } }).sort({ _id: -1 }).limit(months).lean();
      const [stageDocs, flowDocs] = await Promise.all([rollups('stages'), rollups('flows')]);
      const last = await scores.latest();
      return {
        months: stageDocs.map((r) => ({ month: r._id.slice(7), counts: (r.data as { counts: Record<string, number> }).counts })).reverse(),
        flows: flowDocs.flatMap((r) => (r.data as { flows: { from: never; to: never; members: number }[] }).flows.map((f) => ({ month: r._id.slice(6), ...f }))),
        lastRun: last ? { date: last.date, phase: last.phase, members: last.members, batches: last.batches, scoredBatches: last.scoredBatches } : null,
      };
    },
    async rfm() {
      const r = await insight.Rollup.findById('rfm:latest').lean();
      const d = (r?.data ?? { date: null, groups: [], unscored: 0 }) as { date: string | null; groups: never[]; unscored: number };
      return { date: d.date, groups: d.groups, unscored: d.unscored };
    },

    async createCampaign(actorId: string, input: CampaignInput): Promise<CampaignView> {
      await segments.require(input.segmentId);
      if (input.action.kind === 'coupon') {
        const t = (await deps.coupons.listTemplates()).find((x) => x.id === (input.action as { templateId: string }).templateId);
        if (!t || t.channel !== 'campaign' || t.status !== 'active') throw new AppError('INSIGHT_CAMPAIGN_INVALID', `template ${input.action.templateId} is not an active campaign template`);
      }
      const c = await campaigns.Campaign.create({ ...input, segmentId: new Types.ObjectId(input.segmentId), status: 'active', spent: { gifts: 0, points: 0 }, createdAt: clock.now(), createdBy: actorId });
      await deps.audit.record(actorId, 'insight.campaign.create', { campaignId: String(c._id), name: input.name });
      return view(c.toObject());
    },
    async listCampaigns(): Promise<CampaignView[]> {
      const all = await campaigns.Campaign.find().sort({ createdAt: -1 }).limit(200).lean<CampaignDoc[]>();
      return Promise.all(all.map(view));
    },
    async campaign(id: string) {
      return view(await requireCampaign(id));
    },
    /** Pause, resume or end: one guarded update (an ended campaign stays ended). */
    async setStatus(actorId: string, id: string, status: CampaignDoc['status']): Promise<CampaignView> {
      const c = await campaigns.Campaign.findOneAndUpdate({ _id: (await requireCampaign(id))._id, status: { $ne: 'ended' } }, { $set: { status } }, { returnDocument: 'after', lean: true });
      if (!c) throw new AppError('INSIGHT_CAMPAIGN_ENDED', `campaign ${id} has ended`);
      await deps.audit.record(actorId, 'insight.campaign.status', { campaignId: id, status });
      return view(c as CampaignDoc);
    },
    async report(id: string, fresh = false) {
      return reports.get(await requireCampaign(id), fresh ? 0 : 3600_000);
    },

    /** Job: every active campaign with a run due now (or one left running/deferred) — start or resume it. */
    async runDueCampaigns(log: Logger = deps.logger): Promise<number> {
      const today = shanghaiDate(clock.now());
      const run = await scores.latest();
      const scoredToday = !!run && run.date === today && run.phase === 'done';
      let n = 0;
      for (const c of await campaigns.Campaign.find({ status: 'active' }).lean<CampaignDoc[]>()) {
        const open = await campaigns.Run.find({ campaignId: String(c._id), state: { $ne: 'done' } }).lean<RunDoc[]>();
        const keys = new Set(open.map((r) => r.key));
        const due = dueRunKey(c.schedule, clock.now(), scoredToday);
        if (due) keys.add(due);
        for (const key of keys) {
          const r = await runner.run(c, key, log);
          if (r.state === 'done') n += 1;
        }
      }
      return n;
    },
    /** Run one campaign's due run at once (console 「立即执行」 and tests). */
    async runCampaign(id: string, key?: string) {
      const c = await requireCampaign(id);
      const today = shanghaiDate(clock.now());
      const run = await scores.latest();
      const k = key ?? dueRunKey(c.schedule, clock.now(), !!run && run.date === today && run.phase === 'done');
      if (!k) throw new AppError('INSIGHT_CAMPAIGN_INVALID', `campaign ${id} has no run due now`);
      return runner.run(c, k);
    },

    // ---- shopper -------------------------------------------------------------
    /** Banner campaigns' home banners for this member (treated members only; GET /api/home). */
    homeBanners: (memberId: string) => banners.forMember(memberId),
    async gifts(memberId: string) {
      const inbox = await campaigns.Inbox.findById(memberId).lean();
      const byId = new Map((inbox?.gifts ?? []).map((g) => [g.id, g]));
      return { items: [...byId.values()].slice(-20).map((g) => ({ ...g, at: g.at.toISOString() })) };
    },
    async giftsSeen(memberId: string, ids: string[]) {
      await campaigns.Inbox.updateOne({ _id: memberId }, { $pull: { gifts: { id: { $in: ids } } } });
      return { ok: true as const };
    },
  };
}

export type InsightService = ReturnType<typeof createInsightService>;
