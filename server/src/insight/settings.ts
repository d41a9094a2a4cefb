/**
 * The chain's insight settings, with defaults for a long purchase cycle. One document (`_id` 'chain') whose
 * revision moves on every save: the console saves on the revision it loaded (one guarded update; a second
 * admin's save on the same revision is SETTINGS_CONFLICT, nothing overwritten), the admin API saves unversioned.
 */
import { DEFAULT_STAGE_THRESHOLDS, type InsightSettingsView } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { InsightModels, InsightSettingsDoc } from './model';

export type InsightSettings = InsightSettingsView;

export const DEFAULT_INSIGHT_SETTINGS: InsightSettings = {
  recencyCountsBookings: true,
  windowDays: 365,
  thresholds: DEFAULT_STAGE_THRESHOLDS,
  monthlyCap: 4,
  quietHours: { start: 21, end: 9 },
};

const fields = (d: InsightSettingsDoc): InsightSettings => ({
  recencyCountsBookings: d.recencyCountsBookings,
  windowDays: d.windowDays,
  thresholds: d.thresholds,
  monthlyCap: d.monthlyCap,
  quietHours: d.quietHours,
});

export function createInsightSettings(models: InsightModels, clock: Clock) {
  const read = () => models.Settings.findById('chain').lean();
  return {
    async get(): Promise<InsightSettings> {
      const d = await read();
      return d ? fields(d) : DEFAULT_INSIGHT_SETTINGS;
    },
    async getVersioned(): Promise<{ settings: InsightSettings; revision: number }> {
      const d = await read();
      return d ? { settings: fields(d), revision: d.revision ?? 0 } : { settings: DEFAULT_INSIGHT_SETTINGS, revision: 0 };
    },
    /** Saves `s` if the stored revision is still `baseRevision`; returns the new revision. */
    async putVersioned(s: InsightSettings, baseRevision: number): Promise<number> {
      const base = baseRevision === 0 ? { $in: [0, null] } : baseRevision;
      try {
        const saved = await models.Settings.findOneAndUpdate(
          { _id: 'chain', revision: base },
          { $set: { ...s, revision: baseRevision + 1, updatedAt: clock.now() } },
          { upsert: baseRevision === 0, returnDocument: 'after', lean: true },
        );
        if (saved) return baseRevision + 1;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // an upsert racing an existing document: someone saved first
      }
      throw new AppError('SETTINGS_CONFLICT', `insight settings moved past revision ${baseRevision}`);
    },
    async put(s: InsightSettings): Promise<InsightSettings> {
      // Unversioned (admin API), but the revision still moves so an open console editor sees the conflict.
      await models.Settings.updateOne({ _id: 'chain' }, { $set: { ...s, updatedAt: clock.now() }, $inc: { revision: 1 } }, { upsert: true });
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
