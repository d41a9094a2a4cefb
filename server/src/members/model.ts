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
  /** admin permission flags: 'export' = console exports show full phone numbers */
  permissions?: string[];
  createdAt: Date;
  lastLoginAt: Date;
  /** registration number, unique, given right after the insert (members/list.ts); absent on older documents until backfilled */
  seq?: number;
  /** set by the upsert that created the document (tells the creator it was new) */
  insertNonce?: string;
  /** points: balance = owned, held = reserved by unpaid orders, available = balance − held */
  points: {
    balance: number;
    held: number;
    available: number;
    inflight: Types.ObjectId[];
    /** open lots: points earned per expiry (`e<ms>` / `never`), what is left derived from the balance (points/lots.calc.ts) */
    lots?: Record<string, number>;
    /** the earliest lot expiry (absent: nothing expires); the expiry job's query */
    nextExpiry?: Date;
    /** keys of the points this member owes (points/owed.ts): empty = nothing to settle from an earning */
    owedKeys?: string[];
    /** revision: +1 on every ledger movement (guards the rare lot rebase, points/ledger.ts) */
    rev?: number;
    /** legacy `points_lots` documents already folded into `lots` (points/fold.ts) */
    folded?: Types.ObjectId[];
  };
  growth: number;
  growthInflight: Types.ObjectId[];
  tierCode: string | null;
  tierReviewAt: Date | null;
  birthday: string | null;
  birthdayMonth: number | null;
  birthdayPerkYear: number | null;
  cardNo: string | null;
  codeSecret: string | null;
  homeCity: string | null;
  preferredStoreId: Types.ObjectId | null;
  /** bookings the member did not show up for (each counted once) */
  noShows: number;
  noShowBookingIds: Types.ObjectId[];
  /** session families revoked (logout, refresh-token reuse): access tokens naming one are refused (last 100) */
  revokedFamilies?: Types.ObjectId[];
  /** how the member came (set once, at creation): the invite code and entry scene */
  registeredVia: RegisteredVia | null;
}

export interface RegisteredVia {
  inviter?: string;
  scene?: number;
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
    permissions: { type: [String], default: undefined },
    createdAt: { type: Date, required: true },
    lastLoginAt: { type: Date, required: true },
    insertNonce: { type: String },
    seq: { type: Number },
    points: {
      balance: { type: Number, default: 0 },
      held: { type: Number, default: 0 },
      available: { type: Number, default: 0 },
      inflight: { type: [Schema.Types.ObjectId], default: [] },
      lots: { type: Schema.Types.Mixed, default: undefined },
      nextExpiry: { type: Date, default: undefined },
      owedKeys: { type: [String], default: undefined },
      folded: { type: [Schema.Types.ObjectId], default: undefined },
      rev: { type: Number, default: undefined },
    },
    growth: { type: Number, default: 0 },
    growthInflight: { type: [Schema.Types.ObjectId], default: [] },
    tierCode: { type: String, default: null },
    tierReviewAt: { type: Date, default: null },
    birthday: { type: String, default: null },
    birthdayMonth: { type: Number, default: null },
    birthdayPerkYear: { type: Number, default: null },
    cardNo: { type: String, default: undefined },
    codeSecret: { type: String, default: null },
    homeCity: { type: String, default: null },
    preferredStoreId: { type: Schema.Types.ObjectId, default: null },
    noShows: { type: Number, default: 0 },
    noShowBookingIds: { type: [Schema.Types.ObjectId], default: [] },
    revokedFamilies: { type: [Schema.Types.ObjectId], default: undefined },
    registeredVia: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'members', versionKey: false },
);
memberSchema.index({ openid: 1 }, { unique: true, name: 'members_openid_unique' });
memberSchema.index({ unionid: 1 }, { unique: true, sparse: true, name: 'members_unionid_unique' });
memberSchema.index({ phone: 1 }, { name: 'members_phone' });
memberSchema.index({ roles: 1 }, { name: 'members_roles' });
memberSchema.index({ cardNo: 1 }, { unique: true, sparse: true, name: 'members_card_no_unique' });
// Registration number (members/list.ts): absent until given, so sparse.
memberSchema.index({ seq: 1 }, { unique: true, sparse: true, name: 'members_seq_unique' });
memberSchema.index({ birthdayMonth: 1, birthdayPerkYear: 1 }, { name: 'members_birthday' });
memberSchema.index({ tierReviewAt: 1 }, { name: 'members_tier_review' });
memberSchema.index({ 'points.nextExpiry': 1 }, { name: 'members_points_next_expiry' }); // the expiry job only

export const memberModel = (conn: Connection) => modelOn(conn, 'Member', memberSchema);

/**
 * Phone → the members who bound it, keyed by the phone itself (`_id`): exact phone lookups go by a unique key
 * (members/phones.ts). One WeChat phone may be bound by several accounts, hence a list. Document `~backfill`
 * marks that phones bound before this collection existed have been indexed.
 */
export interface MemberPhoneDoc {
  _id: string;
  memberIds: Types.ObjectId[];
  doneAt?: Date;
}
const memberPhoneSchema = new Schema<MemberPhoneDoc>(
  { _id: { type: String, required: true }, memberIds: { type: [Schema.Types.ObjectId], default: [] }, doneAt: { type: Date } },
  { collection: 'member_phones', versionKey: false },
);
export const memberPhoneModel = (conn: Connection) => modelOn(conn, 'MemberPhone', memberPhoneSchema);

/**
 * `_id: 'members'`: the last registration number given (`members.seq`, unique), and when every member had one
 * (the console's member list then pages by these numbers, members/list.ts).
 */
export interface MemberCounterDoc {
  _id: string;
  seq: number;
  backfilledAt?: Date;
}
const memberCounterSchema = new Schema<MemberCounterDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true, default: 0 }, backfilledAt: { type: Date } },
  { collection: 'member_counters', versionKey: false },
);
export const memberCounterModel = (conn: Connection) => modelOn(conn, 'MemberCounter', memberCounterSchema);
