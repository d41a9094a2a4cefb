import { Schema, type Connection, type Types } from 'mongoose';
import { modelOn } from '../platform/db/connect';

/** One row per refresh token. A refresh rotates it (rotatedAt) and issues the next row of the same family. */
export interface SessionDoc {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  familyId: Types.ObjectId;
  refreshHash: string;
  createdAt: Date;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

const sessionSchema = new Schema<SessionDoc>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    familyId: { type: Schema.Types.ObjectId, required: true },
    refreshHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    rotatedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'sessions', versionKey: false },
);
sessionSchema.index({ refreshHash: 1 }, { unique: true, name: 'sessions_refresh_unique' });
sessionSchema.index({ familyId: 1 }, { name: 'sessions_family' });
sessionSchema.index({ expiresAt: 1 }, { name: 'sessions_expiry' });

export const sessionModel = (conn: Connection) => modelOn(conn, 'Session', sessionSchema);
