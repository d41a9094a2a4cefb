/** The chain's membership settings: one document, edited by admins, read on each use (no process cache). */
import { Schema, type Connection } from 'mongoose';
import { DEFAULT_BOOKING_SETTINGS, DEFAULT_CHECKOUT_SETTINGS, type MembershipSettings } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import { DEFAULT_TIERS, sortTiers } from './tier.calc';

interface SettingsDoc extends MembershipSettings {
  _id: string;
  /** bumped by every versioned save (console); absent on documents written before versions existed (= 0) */
  revision?: number;
  updatedAt: Date;
}

const settingsSchema = new Schema<SettingsDoc>(
  {
    _id: { type: String, required: true },
    tiers: { type: Schema.Types.Mixed, required: true },
    growthPerYuan: { type: Number, required: true },
    reviewMonthDay: { type: String, required: true },
    pointsExpiryYears: { type: Number, required: true },
    signupBonusPoints: { type: Number, required: true },
    checkout: { type: Schema.Types.Mixed, default: null },
    booking: { type: Schema.Types.Mixed, default: null },
    revision: { type: Number, default: 0 },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'membership_settings', versionKey: false, minimize: false },
);

export const DEFAULT_SETTINGS: MembershipSettings = {
  tiers: DEFAULT_TIERS,
  growthPerYuan: 1,
  reviewMonthDay: '01-01',
  pointsExpiryYears: 1,
  signupBonusPoints: 200,
  checkout: DEFAULT_CHECKOUT_SETTINGS,
  booking: DEFAULT_BOOKING_SETTINGS,
};

export function createSettingsStore(deps: { conn: Connection; clock: Clock }) {
  const Settings = modelOn(deps.conn, 'MembershipSettings', settingsSchema);
  return {
    async get(): Promise<MembershipSettings> {
      const doc = await Settings.findById('default').lean<SettingsDoc>();
      if (!doc) return DEFAULT_SETTINGS;
      const { tiers, growthPerYuan, reviewMonthDay, pointsExpiryYears, signupBonusPoints, checkout, booking } = doc;
      return {
        tiers: sortTiers(tiers),
        growthPerYuan,
        reviewMonthDay,
        pointsExpiryYears,
        signupBonusPoints,
        checkout: { ...DEFAULT_CHECKOUT_SETTINGS, ...checkout },
        booking: { ...DEFAULT_BOOKING_SETTINGS, ...booking },
      };
    },
    async revision(): Promise<number> {
      return (await Settings.findById('default', { revision: 1 }).lean<SettingsDoc>())?.revision ?? 0;
    },
    /**
     * A save on top of `baseRevision` (what the editor loaded): one guarded update on the revision, so of two
     * admins saving the same revision exactly one wins and the other gets SETTINGS_CONFLICT. Revision 0 = no
     * settings saved yet: the upsert inserts them, and a concurrent first save hits the unique _id.
     */
    async putVersioned(s: MembershipSettings, baseRevision: number): Promise<number> {
      const base = baseRevision === 0 ? { $in: [0, null] } : baseRevision;
      try {
        const saved = await Settings.findOneAndUpdate(
          { _id: 'default', revision: base },
          { $set: { ...s, tiers: sortTiers(s.tiers), revision: baseRevision + 1, updatedAt: deps.clock.now() } },
          { upsert: baseRevision === 0, returnDocument: 'after', lean: true },
        );
        if (saved) return baseRevision + 1;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      throw new AppError('SETTINGS_CONFLICT', `membership settings moved past revision ${baseRevision}`);
    },
    async put(s: MembershipSettings): Promise<MembershipSettings> {
      // The admin API's unversioned save still moves the revision, so an open console editor sees the conflict.
      await Settings.updateOne({ _id: 'default' }, { $set: { ...s, tiers: sortTiers(s.tiers), updatedAt: deps.clock.now() }, $inc: { revision: 1 } }, { upsert: true });
      return this.get();
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
