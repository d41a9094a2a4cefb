/**
 * Lifecycle stages for a long purchase cycle (furniture, appliances: years
 * between purchases). Pure: the nightly job feeds the facts and the previous
 * stage, and records a transition whenever the result differs.
 */

export const STAGES = ['潜客', '意向', '新客', '活跃', '沉睡', '流失', '回流'] as const;
export type Stage = (typeof STAGES)[number];

export interface StageThresholds {
  /** first purchase at most this many days ago → 新客 */
  newDays: number;
  /** no activity for this many days → 沉睡 */
  sleepDays: number;
  /** no activity for this many days → 流失 */
  lostDays: number;
  /** a member back from 沉睡/流失 stays 回流 this long, then 活跃 */
  returnDays: number;
}

/** Defaults for home furnishing: a year without activity is 沉睡, two years 流失. */
export const DEFAULT_STAGE_THRESHOLDS: StageThresholds = { newDays: 90, sleepDays: 365, lostDays: 730, returnDays: 180 };

export interface StageFacts {
  firstPaidAt: Date | null;
  lastPaidAt: Date | null;
  /** last booking made, visit or attended booking */
  lastEngagedAt: Date | null;
}

export interface PreviousStage {
  stage: Stage;
  since: Date;
}

const DAY = 86400_000;
const daysBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY);

export function lifecycleStage(facts: StageFacts, now: Date, prev: PreviousStage | null, t: StageThresholds = DEFAULT_STAGE_THRESHOLDS): Stage {
  if (!facts.lastPaidAt || !facts.firstPaidAt) return facts.lastEngagedAt ? '意向' : '潜客';
  const last = facts.lastEngagedAt && facts.lastEngagedAt > facts.lastPaidAt ? facts.lastEngagedAt : facts.lastPaidAt;
  const idle = daysBetween(last, now);
  if (idle >= t.lostDays) return '流失';
  if (idle >= t.sleepDays) return '沉睡';
  if (prev && (prev.stage === '沉睡' || prev.stage === '流失')) return '回流';
  if (prev && prev.stage === '回流' && daysBetween(prev.since, now) < t.returnDays) return '回流';
  if (daysBetween(facts.firstPaidAt, now) < t.newDays) return '新客';
  return '活跃';
}

/** Checks a thresholds object: each positive and sleep < lost. Returns the problems (empty = fine). */
export function stageThresholdProblems(t: StageThresholds): string[] {
  const out: string[] = [];
  for (const k of ['newDays', 'sleepDays', 'lostDays', 'returnDays'] as const) if (!Number.isInteger(t[k]) || t[k] < 1) out.push(`${k} 必须是正整数`);
  if (t.sleepDays >= t.lostDays) out.push('沉睡天数必须小于流失天数');
  return out;
}
