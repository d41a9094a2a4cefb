import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../db/connect';

/**
 * One fixed-window counter: `_id` = `<limit>:<subject>:<window start ms>`, so a
 * hit is one upsert by `_id` (the unique key), shared by every instance.
 * Old windows are deleted by the `platform.purge-rate-limits` job (no TTL index).
 */
export interface RateWindowDoc {
  _id: string;
  limit: string;
  count: number;
  windowStart: Date;
  expiresAt: Date;
}

const rateWindowSchema = new Schema<RateWindowDoc>(
  {
    _id: { type: String, required: true },
    limit: { type: String, required: true },
    count: { type: Number, required: true },
    windowStart: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'rate_windows', versionKey: false },
);
// Only the purge job reads by expiry (a scan on the embedded engine is fine there).
rateWindowSchema.index({ expiresAt: 1 }, { name: 'rate_windows_expiry' });

export const rateWindowModel = (conn: Connection) => modelOn(conn, 'RateWindow', rateWindowSchema);
