import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db/connect';

/**
 * "This member has seen that greeting": `_id` = `<memberId>|<key>` (key `welcome` or `tier:<code>`), inserted once
 * (a second insert is a duplicate key, i.e. already seen), so each popup shows once whatever the device.
 */
export interface GreetingSeenDoc {
  _id: string;
  at: Date;
}
const greetingSeenSchema = new Schema<GreetingSeenDoc>({ _id: String, at: { type: Date, required: true } }, { collection: 'membership_greetings_seen', versionKey: false });

export const greetingSeenModel = (conn: Connection) => modelOn(conn, 'MembershipGreetingSeen', greetingSeenSchema);
