/** Member insight and campaigns: settings, segment rules, campaigns and their reports. */
import { z } from 'zod';
import { objectId } from './common';
import { RFM_GROUPS } from '../insight/rfm';
import { STAGES } from '../insight/stage';
import { contentImage, contentLink } from './content';

export const stageName = z.enum(STAGES);
export const rfmGroupName = z.enum(RFM_GROUPS);

const days = z.number().int().min(1).max(3650);

export const insightSettings = z.object({
  recencyCountsBookings: z.boolean(),
  windowDays: days,
  thresholds: z
    .object({ newDays: days, sleepDays: days, lostDays: days, returnDays: days })
    .refine((t) => t.sleepDays < t.lostDays, { message: '沉睡天数必须小于流失天数', path: ['sleepDays'] }),
  monthlyCap: z.number().int().min(1).max(100),
  quietHours: z.object({ start: z.number().int().min(0).max(23), end: z.number().int().min(0).max(23) }),
});
export type InsightSettingsView = z.infer<typeof insightSettings>;
/** The settings with their revision (the console's editor saves on it). */
export const versionedInsightSettings = z.object({ settings: insightSettings, revision: z.number().int().min(0) });
export type VersionedInsightSettings = z.infer<typeof versionedInsightSettings>;
export const putVersionedInsightSettings = z.object({ settings: insightSettings, baseRevision: z.number().int().min(0) });

/** One condition of a segment rule (all on the member's insight profile of the last nightly run, tags live). */
export const segmentCondition = z.discriminatedUnion('field', [
  z.object({ field: z.literal('tier'), in: z.array(z.string().min(1).max(40)).min(1).max(20) }),
  z.object({ field: z.literal('store'), in: z.array(objectId).min(1).max(200) }),
  z.object({ field: z.literal('stage'), in: z.array(stageName).min(1) }),
  z.object({ field: z.literal('rfmGroup'), in: z.array(rfmGroupName).min(1) }),
  z.object({ field: z.enum(['r', 'f', 'm']), min: z.number().int().min(1).max(5), max: z.number().int().min(1).max(5) }),
  z.object({ field: z.literal('birthdayMonth'), in: z.array(z.number().int().min(1).max(12)).min(1).max(12) }),
  z.object({ field: z.literal('registeredAt'), from: z.iso.date().optional(), to: z.iso.date().optional() }),
  z.object({ field: z.enum(['lastPurchase', 'lastVisit']), withinDays: days.optional(), olderThanDays: days.optional() }),
  z.object({ field: z.literal('bookedNotBought'), withinDays: days }),
  z.object({ field: z.literal('partner'), is: z.boolean() }),
  z.object({ field: z.literal('source'), in: z.array(z.string().min(1).max(40)).min(1).max(20) }),
  z.object({ field: z.literal('tags'), any: z.array(z.string().min(1).max(20)).min(1).max(20) }),
  /** 专属导购: any guide, none, or one of these guides (member ids of the guides) */
  z.object({ field: z.literal('guide'), has: z.union([z.enum(['any', 'none']), z.array(objectId).min(1).max(50)]) }),
]);
export type SegmentCondition = z.infer<typeof segmentCondition>;

const groupOp = z.enum(['and', 'or']);
/** AND / OR of conditions or of one level of nested groups. */
export const segmentRule = z.object({
  op: groupOp,
  rules: z.array(z.union([segmentCondition, z.object({ op: groupOp, rules: z.array(segmentCondition).min(1).max(20) })])).min(1).max(20),
});
export type SegmentRule = z.infer<typeof segmentRule>;

export const segmentInput = z.object({ name: z.string().min(1).max(40), rule: segmentRule });
export const segmentView = z.object({
  id: objectId,
  name: z.string(),
  kind: z.enum(['dynamic', 'snapshot']),
  rule: segmentRule,
  /** snapshot: the frozen member count; dynamic: the count when last previewed */
  members: z.number().int(),
  createdAt: z.string(),
});
export type SegmentView = z.infer<typeof segmentView>;
export const segmentList = z.object({ items: z.array(segmentView) });
export const previewResponse = z.object({ members: z.number().int(), sample: z.array(z.object({ memberId: objectId, stage: stageName, rfmGroup: rfmGroupName.nullable(), paidFen365: z.number().int() })) });
export const idParams = z.object({ id: objectId });

export const tagsRequest = z.object({ memberIds: z.array(objectId).min(1).max(1000), tags: z.array(z.string().min(1).max(20)).min(1).max(10), remove: z.boolean().default(false) });
/** CSV text: one member per line, `memberId,tag[,tag…]` (a header line `memberId,…` is skipped). */
export const tagsCsvRequest = z.object({ csv: z.string().min(1).max(500_000) });
export const tagsResponse = z.object({ updated: z.number().int(), unknown: z.array(z.string()), badLines: z.array(z.number().int()) });

export const campaignAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('coupon'), templateId: objectId }),
  z.object({ kind: z.literal('points'), amount: z.number().int().min(1).max(1_000_000) }),
  z.object({ kind: z.literal('message'), templateId: z.string().min(1).max(64), page: z.string().max(200), title: z.string().min(1).max(20) }),
  /** a home banner shown to the treated members only, for `days` after their run (server/src/insight/campaign-banner.ts) */
  z.object({ kind: z.literal('banner'), title: z.string().trim().min(1).max(40), image: contentImage, link: contentLink.nullable().default(null), days: z.number().int().min(1).max(90) }),
]);
export type CampaignAction = z.infer<typeof campaignAction>;

export const campaignSchedule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once'), at: z.iso.datetime({ offset: true }) }),
  /** 会员日: every month on `day` at `hour` (Asia/Shanghai) */
  z.object({ kind: z.literal('monthly'), day: z.number().int().min(1).max(28), hour: z.number().int().min(0).max(23) }),
  z.object({
    kind: z.literal('trigger'),
    on: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('stage'), stage: stageName }),
      /** a member enters the campaign's segment (was not in it at the campaign's previous run) */
      z.object({ kind: z.literal('segment') }),
      z.object({ kind: z.literal('attended_no_purchase'), days }),
      z.object({ kind: z.literal('birthday') }),
      z.object({ kind: z.literal('coupon_expiring'), days: z.number().int().min(1).max(30) }),
    ]),
  }),
]);
export type CampaignSchedule = z.infer<typeof campaignSchedule>;

export const campaignInput = z.object({
  name: z.string().min(1).max(40),
  segmentId: objectId,
  action: campaignAction,
  schedule: campaignSchedule,
  /** share of the audience held out as the control group (receives nothing) */
  holdoutShare: z.number().min(0).max(0.5).default(0.1),
  /** most coupons / points the campaign may give over all its runs (null: no cap) */
  budget: z.object({ maxGifts: z.number().int().min(1).nullable(), maxPoints: z.number().int().min(1).nullable() }).default({ maxGifts: null, maxPoints: null }),
  /** the popup text in the mini-program, e.g. 会员日礼包已到账 */
  giftTitle: z.string().min(1).max(20).default('会员日礼包已到账'),
  measureDays: z.number().int().min(1).max(365).default(30),
});
export type CampaignInput = z.infer<typeof campaignInput>;

export const runView = z.object({
  id: z.string(),
  key: z.string(),
  state: z.enum(['running', 'deferred', 'done']),
  audience: z.number().int(),
  treated: z.number().int(),
  control: z.number().int(),
  skipped: z.record(z.string(), z.number().int()),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export const campaignView = campaignInput.extend({
  id: objectId,
  status: z.enum(['active', 'paused', 'ended']),
  spent: z.object({ gifts: z.number().int(), points: z.number().int() }),
  runs: z.array(runView),
  createdAt: z.string(),
});
export type CampaignView = z.infer<typeof campaignView>;
export const campaignList = z.object({ items: z.array(campaignView) });
export const campaignStatusRequest = z.object({ status: z.enum(['active', 'paused', 'ended']) });

const interval = z.object({ diff: z.number(), low: z.number(), high: z.number(), significant: z.boolean() }).nullable();
const side = z.object({ members: z.number().int(), buyers: z.number().int(), orders: z.number().int(), salesFen: z.number().int(), redeemed: z.number().int() });
export const campaignReport = z.object({
  campaignId: objectId,
  from: z.string(),
  to: z.string(),
  treated: side,
  control: side,
  /** coupons used / coupons given (treated only: the control got none) */
  redemptionRate: z.number().nullable(),
  conversion: interval,
  ordersPerMember: interval,
  salesPerMemberFen: interval,
  incrementalSales: z.object({ fen: z.number().int(), lowFen: z.number().int(), highFen: z.number().int(), significant: z.boolean() }).nullable(),
  /** banner campaigns: treated members given the banner, and those whose home has shown it (null for other actions) */
  banner: z.object({ targeted: z.number().int(), shown: z.number().int() }).nullable().default(null),
  computedAt: z.string(),
});
export type CampaignReport = z.infer<typeof campaignReport>;

export const stagesResponse = z.object({
  months: z.array(z.object({ month: z.string(), counts: z.record(z.string(), z.number().int()) })),
  flows: z.array(z.object({ month: z.string(), from: stageName.nullable(), to: stageName, members: z.number().int() })),
  lastRun: z.object({ date: z.string(), phase: z.string(), members: z.number().int(), batches: z.number().int(), scoredBatches: z.number().int() }).nullable(),
});
export const rfmResponse = z.object({ date: z.string().nullable(), groups: z.array(z.object({ group: rfmGroupName, members: z.number().int(), paidFen: z.number().int() })), unscored: z.number().int() });
export const monthsQuery = z.object({ months: z.coerce.number().int().min(1).max(24).default(12) });

export const giftView = z.object({ id: z.string(), title: z.string(), kind: z.enum(['coupon', 'points']), couponId: z.string().nullable(), points: z.number().int(), at: z.string() });
export const giftsResponse = z.object({ items: z.array(giftView) });
export const giftsSeenRequest = z.object({ ids: z.array(z.string().max(80)).min(1).max(50) });
