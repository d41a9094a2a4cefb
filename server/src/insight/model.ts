/**
 * Member insight collections (private to this folder; service.ts and its
 * helpers are the only writers). Shard keys: profiles/transitions by member id
 * (`_id` starts with it), campaign deliveries by run (`_id` = run:member), the
 * rest are small.
 */
import { Schema, type Connection } from 'mongoose';
import type { RfmGroup, RfmParams, Stage } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';

/** One per member (`_id` = member id): facts, scores and stage of the last nightly run, plus manual tags. */
export interface ProfileDoc {
  _id: string;
  registeredAt: Date;
  tierCode: string | null;
  storeId: string | null;
  birthdayMonth: number | null;
  partner: boolean;
  source: string | null;
  tags: string[];
  firstPaidAt: Date | null;
  lastPaidAt: Date | null;
  orders365: number;
  paidFen365: number;
  lastBookedAt: Date | null;
  lastAttendedAt: Date | null;
  /** the last booking when no purchase followed it (segments: booked but not bought) */
  bookedNotBoughtAt: Date | null;
  /** the last attended booking when no purchase followed it (trigger: attended, no purchase within N days) */
  attendedNotBoughtAt: Date | null;
  /** the recency event (last paid order, or attended booking when they count): days since it = R */
  recencyAt: Date | null;
  /** the member's exclusive guide (导购), null when none */
  guideId: string | null;
  r: number | null;
  f: number | null;
  m: number | null;
  rfmGroup: RfmGroup | null;
  stage: Stage;
  stageSince: Date;
  stageSeq: number;
}
const profileSchema = new Schema<ProfileDoc>(
  {
    _id: String,
    registeredAt: Date,
    tierCode: { type: String, default: null },
    storeId: { type: String, default: null },
    birthdayMonth: { type: Number, default: null },
    partner: { type: Boolean, default: false },
    source: { type: String, default: null },
    tags: { type: [String], default: [] },
    firstPaidAt: { type: Date, default: null },
    lastPaidAt: { type: Date, default: null },
    orders365: { type: Number, default: 0 },
    paidFen365: { type: Number, default: 0 },
    lastBookedAt: { type: Date, default: null },
    lastAttendedAt: { type: Date, default: null },
    bookedNotBoughtAt: { type: Date, default: null },
    attendedNotBoughtAt: { type: Date, default: null },
    recencyAt: { type: Date, default: null },
    guideId: { type: String, default: null },
    r: { type: Number, default: null },
    f: { type: Number, default: null },
    m: { type: Number, default: null },
    rfmGroup: { type: String, default: null },
    stage: String,
    stageSince: Date,
    stageSeq: { type: Number, default: 0 },
  },
  { collection: 'insight_profiles', versionKey: false, minimize: false },
);
profileSchema.index({ stage: 1 }, { name: 'insight_profiles_stage' });
profileSchema.index({ tags: 1 }, { name: 'insight_profiles_tags' });
profileSchema.index({ guideId: 1 }, { name: 'insight_profiles_guide' });

/** A stage change (`_id` = member:seq, unique): stage counts per month and the flows between stages. */
export interface TransitionDoc {
  _id: string;
  memberId: string;
  seq: number;
  from: Stage | null;
  to: Stage;
  month: string;
  at: Date;
}
const transitionSchema = new Schema<TransitionDoc>(
  { _id: String, memberId: String, seq: Number, from: { type: String, default: null }, to: String, month: String, at: Date },
  { collection: 'insight_transitions', versionKey: false },
);
transitionSchema.index({ month: 1 }, { name: 'insight_transitions_month' });

/** What a run counted while scoring (each batch's counts added with its checkpoint, so exactly once): the rollups. */
export interface ScoresRunCounts {
  stages: Record<string, number>;
  rfm: Record<string, { n: number; fen: number }>;
  unscored: number;
  /** `from>to` (from `new` for a member's first stage) → members */
  flows: Record<string, number>;
}

/** A nightly scores run: its checkpoint (`_id` = scores:YYYY-MM-DD). */
export interface ScoresRunDoc {
  _id: string;
  date: string;
  phase: 'facts' | 'score' | 'rollup' | 'done';
  /** the last member scored (score phase) */
  cursor: string | null;
  /** the chain's RFM model, fixed when the facts pass ends (a resumed run scores with the same one) */
  model?: RfmParams | null;
  counts?: ScoresRunCounts;
  batches: number;
  scoredBatches: number;
  members: number;
  transitions: number;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  /** One runner at a time: who holds the run and until when (a crashed runner's lease lapses). */
  leaseBy?: string | null;
  leaseUntil?: Date | null;
}
const scoresRunSchema = new Schema<ScoresRunDoc>(
  {
    _id: String,
    date: String,
    phase: String,
    cursor: { type: String, default: null },
    model: { type: Schema.Types.Mixed, default: null },
    counts: { type: Schema.Types.Mixed, default: () => ({ stages: {}, rfm: {}, unscored: 0, flows: {} }) },
    batches: { type: Number, default: 0 },
    scoredBatches: { type: Number, default: 0 },
    members: { type: Number, default: 0 },
    transitions: { type: Number, default: 0 },
    startedAt: Date,
    updatedAt: Date,
    finishedAt: { type: Date, default: null },
    leaseBy: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
  },
  { collection: 'insight_score_runs', versionKey: false, minimize: false },
);

/** Rollups the console reads: `stages:YYYY-MM`, `flows:YYYY-MM`, `rfm:latest`. */
export interface RollupDoc {
  _id: string;
  data: Record<string, unknown>;
  updatedAt: Date;
}
const rollupSchema = new Schema<RollupDoc>({ _id: String, data: Schema.Types.Mixed, updatedAt: Date }, { collection: 'insight_rollups', versionKey: false, minimize: false });

/** The chain's insight settings (`_id` = 'chain'). */
export interface InsightSettingsDoc {
  _id: string;
  recencyCountsBookings: boolean;
  windowDays: number;
  thresholds: { newDays: number; sleepDays: number; lostDays: number; returnDays: number };
  /** campaign contacts per member per calendar month (Asia/Shanghai), across campaigns */
  monthlyCap: number;
  /** hours [start, end) Asia/Shanghai in which campaigns do not run */
  quietHours: { start: number; end: number };
  /** moves on every save; the console saves on the revision it loaded (absent on documents saved before it) */
  revision?: number;
  updatedAt: Date;
}
const settingsSchema = new Schema<InsightSettingsDoc>(
  { _id: String, recencyCountsBookings: Boolean, windowDays: Number, thresholds: Schema.Types.Mixed, monthlyCap: Number, quietHours: Schema.Types.Mixed, revision: Number, updatedAt: Date },
  { collection: 'insight_settings', versionKey: false },
);

export const insightModels = (conn: Connection) => ({
  Profile: modelOn(conn, 'InsightProfile', profileSchema),
  Transition: modelOn(conn, 'InsightTransition', transitionSchema),
  ScoresRun: modelOn(conn, 'InsightScoresRun', scoresRunSchema),
  Rollup: modelOn(conn, 'InsightRollup', rollupSchema),
  Settings: modelOn(conn, 'InsightSettings', settingsSchema),
});
export type InsightModels = ReturnType<typeof insightModels>;
