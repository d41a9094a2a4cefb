/** The chain's membership settings: one document, edited by admins, read on each use (no process cache). */
import { Schema, type Connection } from 'mongoose';
import { DEFAULT_BOOKING_SETTINGS, DEFAULT_CHECKOUT_SETTINGS, type MembershipSettings } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';
import type { Clock } from '../platform/clock';
import { DEFAULT_TIERS, sortTiers } from './tier.calc';

interface SettingsDoc extends MembershipSettings {
  _id: string;
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
    async put(s: MembershipSettings): Promise<MembershipSettings> {
      await Settings.updateOne({ _id: 'default' }, { $set: { ...s, tiers: sortTiers(s.tiers), updatedAt: deps.clock.now() } }, { upsert: true });
      return this.get();
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
