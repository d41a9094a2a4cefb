/** The chain's binding rule (one document): permanent by default, as WeChat's 顾问 model. */
import type { GuideSettings } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import type { GuideModels } from './model';

export const DEFAULT_GUIDE_SETTINGS: GuideSettings = { mode: 'permanent', protectDays: 30 };

export function createGuideSettings(deps: { models: GuideModels; clock: Clock }) {
  const { Settings } = deps.models;
  return {
    async get(): Promise<GuideSettings> {
      const doc = await Settings.findById('default').lean();
      return doc ? { mode: doc.mode, protectDays: doc.protectDays } : DEFAULT_GUIDE_SETTINGS;
    },
    async put(s: GuideSettings): Promise<GuideSettings> {
      await Settings.updateOne(
        { _id: 'default' },
        { $set: { mode: s.mode, protectDays: s.protectDays, updatedAt: deps.clock.now() } },
        { upsert: true },
      );
      return this.get();
    },
  };
}
export type GuideSettingsStore = ReturnType<typeof createGuideSettings>;
