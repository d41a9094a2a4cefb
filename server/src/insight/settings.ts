/** The chain's insight settings, with defaults for a long purchase cycle. */
import { DEFAULT_STAGE_THRESHOLDS, type InsightSettingsView } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import type { InsightModels } from './model';

export type InsightSettings = InsightSettingsView;

export const DEFAULT_INSIGHT_SETTINGS: InsightSettings = {
  recencyCountsBookings: true,
  windowDays: 365,
  thresholds: DEFAULT_STAGE_THRESHOLDS,
  monthlyCap: 4,
  quietHours: { start: 21, end: 9 },
};

export function createInsightSettings(models: InsightModels, clock: Clock) {
  return {
    async get(): Promise<InsightSettings> {
      const d = await models.Settings.findById('chain').lean();
      if (!d) return DEFAULT_INSIGHT_SETTINGS;
      return { recencyCountsBookings: d.recencyCountsBookings, windowDays: d.windowDays, thresholds: d.thresholds, monthlyCap: d.monthlyCap, quietHours: d.quietHours };
    },
    async put(s: InsightSettings): Promise<InsightSettings> {
      await models.Settings.replaceOne({ _id: 'chain' }, { ...s, updatedAt: clock.now() }, { upsert: true });
      return s;
    },
  };
}
export type InsightSettingsStore = ReturnType<typeof createInsightSettings>;

/** True when `now` falls in the quiet hours [start, end) Asia/Shanghai (the span may cross midnight). */
export function inQuietHours(now: Date, q: { start: number; end: number }): boolean {
  if (q.start === q.end) return false;
  const h = new Date(now.getTime() + 8 * 3600_000).getUTCHours();
  return q.start < q.end ? h >= q.start && h < q.end : h >= q.start || h < q.end;
}

/** The end of the current quiet hours (the next `end`:00 Asia/Shanghai after now). */
export function quietHoursEnd(now: Date, q: { start: number; end: number }): Date {
  const local = now.getTime() + 8 * 3600_000;
  const dayStart = Math.floor(local / 86400_000) * 86400_000;
  let t = dayStart + q.end * 3600_000;
  if (t <= local) t += 86400_000;
  return new Date(t - 8 * 3600_000);
}
