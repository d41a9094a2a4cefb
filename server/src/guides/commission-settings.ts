/** The chain's commission rules (one document, off by default), saved on the revision the console loaded. */
import type { CommissionSettings } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import { isDuplicateKey } from '../platform/errors';
import type { CommissionModels, CommissionSettingsDoc } from './commission-model';
import { DEFAULT_COMMISSION_SETTINGS } from './commission.calc';

export function createCommissionSettings(deps: { models: CommissionModels; clock: Clock }) {
  const { CommissionSettings: Settings } = deps.models;
  const shape = (doc: CommissionSettingsDoc | null): { settings: CommissionSettings; revision: number } => ({
    settings: doc
      ? { active: doc.active, bp: doc.bp, stores: doc.stores.map((x) => ({ storeId: x.storeId, bp: x.bp })), refundWindowDays: doc.refundWindowDays }
      : DEFAULT_COMMISSION_SETTINGS,
    revision: doc?.revision ?? 0,
  });
  return {
    async versioned() {
      return shape(await Settings.findById('default').lean<CommissionSettingsDoc>());
    },
    async get(): Promise<CommissionSettings> {
      return (await this.versioned()).settings;
    },
    /** One guarded update on the revision it was based on: of two saves on one revision, one wins (false: conflict). */
    async putVersioned(s: CommissionSettings, baseRevision: number): Promise<boolean> {
      try {
        const saved = await Settings.findOneAndUpdate(
          { _id: 'default', revision: baseRevision === 0 ? { $in: [0, null] } : baseRevision },
          { $set: { ...s, revision: baseRevision + 1, updatedAt: deps.clock.now() } },
          { upsert: baseRevision === 0, returnDocument: 'after', lean: true },
        );
        return Boolean(saved);
      } catch (err) {
        if (isDuplicateKey(err)) return false; // a concurrent first save created it
        throw err;
      }
    },
  };
}
export type CommissionSettingsStore = ReturnType<typeof createCommissionSettings>;
