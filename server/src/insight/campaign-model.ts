/** Segments and campaigns (private to insight/). Deliveries are sharded by run: `_id` = campaign:runKey:member. */
import { Schema, type Connection, type Types } from 'mongoose';
import type { CampaignAction, CampaignSchedule, SegmentRule } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';

export interface SegmentDoc {
  _id: Types.ObjectId;
  name: string;
  kind: 'dynamic' | 'snapshot';
  rule: SegmentRule;
  members: number;
  createdAt: Date;
  createdBy: string;
}
const segmentSchema = new Schema<SegmentDoc>(
  { name: String, kind: String, rule: Schema.Types.Mixed, members: Number, createdAt: Date, createdBy: String },
  { collection: 'insight_segments', versionKey: false, minimize: false },
);

/** A frozen member of a snapshot segment (`_id` = segment:member). */
export interface SnapshotMemberDoc {
  _id: string;
  memberId: string;
}
const snapshotMemberSchema = new Schema<SnapshotMemberDoc>({ _id: String, memberId: String }, { collection: 'insight_snapshot_members', versionKey: false });

export interface CampaignDoc {
  _id: Types.ObjectId;
  name: string;
  segmentId: Types.ObjectId;
  action: CampaignAction;
  schedule: CampaignSchedule;
  holdoutShare: number;
  budget: { maxGifts: number | null; maxPoints: number | null };
  giftTitle: string;
  measureDays: number;
  status: 'active' | 'paused' | 'ended';
  spent: { gifts: number; points: number };
  createdAt: Date;
  createdBy: string;
}
const campaignSchema = new Schema<CampaignDoc>(
  {
    name: String,
    segmentId: Schema.Types.ObjectId,
    action: Schema.Types.Mixed,
    schedule: Schema.Types.Mixed,
    holdoutShare: Number,
    budget: Schema.Types.Mixed,
    giftTitle: String,
    measureDays: Number,
    status: String,
    spent: { gifts: { type: Number, default: 0 }, points: { type: Number, default: 0 } },
    createdAt: Date,
    createdBy: String,
  },
  { collection: 'insight_campaigns', versionKey: false, minimize: false },
);
campaignSchema.index({ status: 1 }, { name: 'insight_campaigns_status' });

/** One run of a campaign (`_id` = campaign:key, e.g. once, 2026-12, stage:2026-12-06): its checkpoint and progress. */
export interface RunDoc {
  _id: string;
  campaignId: string;
  key: string;
  state: 'running' | 'deferred' | 'done';
  cursor: string | null;
  audience: number;
  treated: number;
  control: number;
  skipped: Record<string, number>;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}
const runSchema = new Schema<RunDoc>(
  {
    _id: String,
    campaignId: String,
    key: String,
    state: String,
    cursor: { type: String, default: null },
    audience: { type: Number, default: 0 },
    treated: { type: Number, default: 0 },
    control: { type: Number, default: 0 },
    skipped: { type: Schema.Types.Mixed, default: {} },
    startedAt: Date,
    updatedAt: Date,
    finishedAt: { type: Date, default: null },
  },
  { collection: 'insight_campaign_runs', versionKey: false, minimize: false },
);
runSchema.index({ campaignId: 1, startedAt: -1 }, { name: 'insight_campaign_runs_campaign' });

/** What one member got from one run: exactly one per (run, member) by `_id`. */
export interface DeliveryDoc {
  _id: string;
  runId: string;
  campaignId: string;
  memberId: string;
  group: 'treated' | 'control';
  state: 'pending' | 'sending' | 'given' | 'skipped' | 'control';
  reason: string | null;
  couponId: string | null;
  points: number;
  at: Date;
  /** banner campaigns: when the member's home first showed the banner (campaign-banner.ts) */
  seenAt?: Date | null;
}
const deliverySchema = new Schema<DeliveryDoc>(
  {
    _id: String,
    runId: String,
    campaignId: String,
    memberId: String,
    group: String,
    state: String,
    reason: { type: String, default: null },
    couponId: { type: String, default: null },
    points: { type: Number, default: 0 },
    at: Date,
    seenAt: { type: Date, default: null },
  },
  { collection: 'insight_deliveries', versionKey: false },
);
deliverySchema.index({ campaignId: 1 }, { name: 'insight_deliveries_campaign' });

/** Campaign contacts of a member in a month (`_id` = member:YYYY-MM): the frequency cap, the delivery ids that asked in order (the first `cap` pass). */
export interface ContactDoc {
  _id: string;
  keys: string[];
}
const contactSchema = new Schema<ContactDoc>({ _id: String, keys: [String] }, { collection: 'insight_contacts', versionKey: false });

/** A member of a 「进入人群」 campaign's segment (`_id` = campaign:member): when last seen in it and since when (entries). */
export interface EntryDoc {
  _id: string;
  seen: string;
  since: string | null;
}
const entrySchema = new Schema<EntryDoc>({ _id: String, seen: String, since: { type: String, default: null } }, { collection: 'insight_segment_entries', versionKey: false });

/** Gifts a member has not seen yet (`_id` = member; each entry added once by `$addToSet`): the mini-program's popup reads this one document. */
export interface InboxDoc {
  _id: string;
  gifts: { id: string; title: string; kind: 'coupon' | 'points'; couponId: string | null; points: number; at: Date }[];
}
const inboxSchema = new Schema<InboxDoc>({ _id: String, gifts: { type: Schema.Types.Mixed, default: [] } }, { collection: 'insight_gift_inbox', versionKey: false, minimize: false });

/** The last computed report of a campaign (`_id` = campaign id). */
export interface ReportDoc {
  _id: string;
  report: Record<string, unknown>;
  computedAt: Date;
}
const reportSchema = new Schema<ReportDoc>({ _id: String, report: Schema.Types.Mixed, computedAt: Date }, { collection: 'insight_campaign_reports', versionKey: false, minimize: false });

export const campaignModels = (conn: Connection) => ({
  Segment: modelOn(conn, 'InsightSegment', segmentSchema),
  SnapshotMember: modelOn(conn, 'InsightSnapshotMember', snapshotMemberSchema),
  Campaign: modelOn(conn, 'InsightCampaign', campaignSchema),
  Run: modelOn(conn, 'InsightCampaignRun', runSchema),
  Delivery: modelOn(conn, 'InsightDelivery', deliverySchema),
  Contact: modelOn(conn, 'InsightContact', contactSchema),
  Inbox: modelOn(conn, 'InsightGiftInbox', inboxSchema),
  Entry: modelOn(conn, 'InsightSegmentEntry', entrySchema),
  Report: modelOn(conn, 'InsightCampaignReport', reportSchema),
});
export type CampaignModels = ReturnType<typeof campaignModels>;

export const toRunView = (r: RunDoc) => ({
  id: r._id,
  key: r.key,
  state: r.state,
  audience: r.audience,
  treated: r.treated,
  control: r.control,
  skipped: r.skipped,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});
