import { randomUUID } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import { memberModel, type MemberDoc, type RegisteredVia } from './model';
import { defaultNickname } from './nickname';
import { createMemberPages, type MemberPages } from './member-page';
import { createMembersRollup, type MembersRollup } from './rollup';
import { createMemberSlice, type MemberSlice, type SliceOwner } from './slices';
import { createStaffRoles, type StaffRoles } from './staff-roles';

export type { MemberDoc, RegisteredVia } from './model';
export type { MemberSlice, SliceOwner } from './slices';

export interface MembersService {
  /** Find or create the member for a WeChat openid. Race-free: unique index on openid. */
  upsertByOpenid(input: { openid: string; unionid?: string | null; via?: RegisteredVia }): Promise<{ member: MemberDoc; isNew: boolean }>;
  get(memberId: string): Promise<MemberDoc | null>;
  require(memberId: string): Promise<MemberDoc>;
  bindPhone(memberId: string, phone: { purePhoneNumber: string; countryCode: string }): Promise<MemberDoc>;
  /** Refuse access tokens of a session family from now on (authentication reads only the member). */
  revokeFamily(memberId: Types.ObjectId, familyId: Types.ObjectId): Promise<void>;
  findByPhone(phone: string): Promise<MemberDoc[]>;
  addStaffRole(memberId: string, storeId: Types.ObjectId): Promise<MemberDoc>;
  removeStaffRole(memberId: string): Promise<MemberDoc>;
  listStaff(): Promise<MemberDoc[]>;
  /** Several members by id in one read (missing ids are absent from the map). */
  byIds(ids: (string | Types.ObjectId)[]): Promise<Map<string, MemberDoc>>;
  /** members in id order with what member insight keeps (nightly scores) */
  pages: MemberPages;
  /** per-day figures for the analytics rollups */
  rollup: MembersRollup;
  /** The part of the member document a co-owner module writes (given to it when the modules are wired). */
  slice(owner: SliceOwner): MemberSlice;
  /** staff management: people with a staff/manager/admin role, guarded role changes */
  staffRoles: StaffRoles;
}

export function createMembersService(deps: { conn: Connection; clock: Clock }): MembersService {
  const Member = memberModel(deps.conn);

  async function upsertOnce(openid: string, unionid: string | null | undefined, via: RegisteredVia | undefined) {
    const now = deps.clock.now();
    // Which caller inserted? Engines differ in reporting upserts, so mark the insert with a nonce.
    const nonce = randomUUID();
    const member = (await Member.findOneAndUpdate(
      { openid },
      {
        $setOnInsert: {
          openid,
          nickname: defaultNickname(openid),
          avatarUrl: null,
          phone: null,
          phoneCountryCode: null,
          phoneBoundAt: null,
          roles: ['member'],
          staffStoreId: null,
          createdAt: now,
          insertNonce: nonce,
          points: { balance: 0, held: 0, available: 0, inflight: [] },
          growth: 0,
          growthInflight: [],
          registeredVia: via ?? null,
          ...(unionid ? { unionid } : {}),
        },
        $set: { lastLoginAt: now },
      },
      { upsert: true, returnDocument: 'after', lean: true },
    )) as MemberDoc;
    return { member, isNew: member.insertNonce === nonce };
  }

  return {
    pages: createMemberPages(deps.conn),
    /** per-day figures for the analytics rollups */
    rollup: createMembersRollup(deps),
    slice: (owner) => createMemberSlice(deps.conn, owner),
    staffRoles: createStaffRoles(deps.conn),
    async upsertByOpenid({ openid, unionid, via }) {
      try {
        return await upsertOnce(openid, unionid, via);
      } catch (err) {
        // Two concurrent upserts of a new openid: the loser hits the unique index; now it exists.
        if (isDuplicateKey(err, 'members_openid_unique')) return upsertOnce(openid, unionid, via);
        throw err;
      }
    },
    async get(memberId) {
      if (!Types.ObjectId.isValid(memberId)) return null;
      return Member.findById(memberId).lean<MemberDoc>();
    },
    async require(memberId) {
      const m = Types.ObjectId.isValid(memberId) ? await Member.findById(memberId).lean<MemberDoc>() : null;
      if (!m) throw new AppError('MEMBER_NOT_FOUND', `member ${memberId} not found`);
      return m;
    },
    async revokeFamily(memberId, familyId) {
      await Member.updateOne({ _id: memberId }, { $push: { revokedFamilies: { $each: [familyId], $slice: -100 } } });
    },

    async bindPhone(memberId, phone) {
      const m = await Member.findOneAndUpdate(
        { _id: memberId },
        { $set: { phone: phone.purePhoneNumber, phoneCountryCode: phone.countryCode, phoneBoundAt: deps.clock.now() } },
        { returnDocument: 'after', lean: true },
      );
      if (!m) throw new AppError('MEMBER_NOT_FOUND', `member ${memberId} not found`);
      return m as MemberDoc;
    },
    async findByPhone(phone) {
      return Member.find({ phone }).limit(20).lean<MemberDoc[]>();
    },
    async addStaffRole(memberId, storeId) {
      const m = await Member.findOneAndUpdate(
        { _id: memberId, roles: { $ne: 'staff' } },
        { $addToSet: { roles: 'staff' }, $set: { staffStoreId: storeId } },
        { returnDocument: 'after', lean: true },
      );
      if (m) return m as MemberDoc;
      const existing = await Member.exists({ _id: memberId });
      if (!existing) throw new AppError('MEMBER_NOT_FOUND', `member ${memberId} not found`);
      throw new AppError('STAFF_EXISTS', `member ${memberId} is already staff`);
    },
    async removeStaffRole(memberId) {
      const m = await Member.findOneAndUpdate(
        { _id: memberId, roles: 'staff' },
        // A store manager is staff of that store: leaving the store ends both roles (and console access).
        { $pullAll: { roles: ['staff', 'manager'] }, $set: { staffStoreId: null } },
        { returnDocument: 'after', lean: true },
      );
      if (m) return m as MemberDoc;
      const existing = await Member.exists({ _id: memberId });
      if (!existing) throw new AppError('MEMBER_NOT_FOUND', `member ${memberId} not found`);
      throw new AppError('NOT_FOUND', `member ${memberId} is not staff`);
    },
    async listStaff() {
      return Member.find({ roles: 'staff' }).sort({ createdAt: 1 }).limit(500).lean<MemberDoc[]>();
    },
    async byIds(ids) {
      const unique = [...new Set(ids.map(String))].filter((id) => Types.ObjectId.isValid(id));
      if (!unique.length) return new Map();
      const docs = await Member.find({ _id: { $in: unique.map((id) => new Types.ObjectId(id)) } }).lean<MemberDoc[]>();
      return new Map(docs.map((m) => [String(m._id), m]));
    },
  };
}
