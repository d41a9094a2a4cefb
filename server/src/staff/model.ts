import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db/connect';

/**
 * A lease that serialises the changes taking the admin role away (`_id` 'admins'): under it the admins are
 * counted and one of them demoted, so two admins removing each other at once can never leave none.
 * A crashed holder's lease ends by itself (`until`).
 */
export interface StaffLockDoc {
  _id: string;
  holder: string | null;
  until: Date;
}

const lockSchema = new Schema<StaffLockDoc>(
  { _id: { type: String }, holder: { type: String, default: null }, until: { type: Date, required: true } },
  { collection: 'staff_locks', versionKey: false },
);

export const staffLockModel = (conn: Connection) => modelOn(conn, 'StaffLock', lockSchema);
