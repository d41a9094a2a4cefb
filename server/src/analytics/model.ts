/**
 * Analytics collections. `analytics_daily`: one rollup document per business
 * day (Asia/Shanghai) and store, `_id` = `YYYY-MM-DD|storeId` ('-' = members
 * without a home store), each holding the dashboard's metric families; read
 * only by _id. `analytics_days`: one marker per rolled-up day (when, and
 * whether it was today's live figures), so missing days are found by _id.
 * Shard key (both): { _id: 1 } — a ranged key on day-prefixed ids keeps a
 * chain's year on few chunks.
 */
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db/connect';
import type { DailyFigures } from './compose.calc';

export interface RollupDoc extends DailyFigures {
  _id: string;
  day: string;
  storeId: string;
  computedAt: Date;
}

const rollupSchema = new Schema<RollupDoc>(
  {
    _id: { type: String, required: true },
    day: { type: String, required: true },
    storeId: { type: String, required: true },
    members: { type: Schema.Types.Mixed, required: true },
    sales: { type: Schema.Types.Mixed, required: true },
    coupons: { type: Schema.Types.Mixed, required: true },
    points: { type: Schema.Types.Mixed, required: true },
    bookings: { type: Schema.Types.Mixed, required: true },
    referrals: { type: Schema.Types.Mixed, required: true },
    computedAt: { type: Date, required: true },
  },
  { collection: 'analytics_daily', versionKey: false, minimize: false },
);
rollupSchema.index({ day: 1, storeId: 1 }, { name: 'analytics_daily_day_store' });

export interface DayMarkerDoc {
  _id: string;
  computedAt: Date;
  /** today's figures, computed live (refreshed when older than a minute) */
  live: boolean;
  stores: string[];
}

const markerSchema = new Schema<DayMarkerDoc>(
  {
    _id: { type: String, required: true },
    computedAt: { type: Date, required: true },
    live: { type: Boolean, required: true },
    stores: { type: [String], default: [] },
  },
  { collection: 'analytics_days', versionKey: false },
);

export const rollupModel = (conn: Connection) => modelOn(conn, 'AnalyticsDaily', rollupSchema);
export const dayMarkerModel = (conn: Connection) => modelOn(conn, 'AnalyticsDay', markerSchema);
