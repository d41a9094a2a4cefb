/** The messages module's one collection: the chain's subscribe-message mapping, one versioned document. */
import { Schema, type Connection } from 'mongoose';
import type { MessageTemplateSetting } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';

export interface MessageSettingsDoc {
  _id: string;
  templates: MessageTemplateSetting[];
  revision: number;
  updatedAt: Date;
}

const schema = new Schema<MessageSettingsDoc>(
  {
    _id: { type: String },
    templates: { type: Schema.Types.Mixed, default: [] },
    revision: { type: Number, default: 0 },
    updatedAt: { type: Date },
  },
  { collection: 'message_settings', versionKey: false, minimize: false },
);

export const messageSettingsModel = (conn: Connection) => modelOn(conn, 'MessageSettings', schema);
