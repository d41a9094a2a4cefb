import { Schema, type Connection, type Types } from 'mongoose';
import type { Role } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';

export interface MemberDoc {
  _id: Types.ObjectId;
  openid: string;
  unionid?: string | null;
  nickname: string;
  avatarUrl: string | null;
  phone: string | null;
  phoneCountryCode: string | null;
  phoneBoundAt: Date | null;
  roles: Role[];
  staffStoreId: Types.ObjectId | null;
  createdAt: Date;
  lastLoginAt: Date;
  /** set by the upsert that created the document (tells the creator it was new) */
  insertNonce?: string;
}

const memberSchema = new Schema<MemberDoc>(
  {
    openid: { type: String, required: true },
    unionid: { type: String, default: undefined },
    nickname: { type: String, required: true },
    avatarUrl: { type: String, default: null },
    phone: { type: String, default: null },
    phoneCountryCode: { type: String, default: null },
    phoneBoundAt: { type: Date, default: null },
    roles: { type: [String], default: ['member'] },
    staffStoreId: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true },
    lastLoginAt: { type: Date, required: true },
    insertNonce: { type: String },
  },
  { collection: 'members', versionKey: false },
);
memberSchema.index({ openid: 1 }, { unique: true, name: 'members_openid_unique' });
memberSchema.index({ unionid: 1 }, { unique: true, sparse: true, name: 'members_unionid_unique' });
memberSchema.index({ phone: 1 }, { name: 'members_phone' });
memberSchema.index({ roles: 1 }, { name: 'members_roles' });

export const memberModel = (conn: Connection) => modelOn(conn, 'Member', memberSchema);
