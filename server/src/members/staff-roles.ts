/**
 * The roles part of the member document, for staff management (staff/ calls it): read the people with a
 * console-relevant role, and change roles with one guarded update on the roles read before (a concurrent
 * change makes the update miss: the caller reports a conflict, nothing is written).
 */
import { Types, type Connection } from 'mongoose';
import type { Role } from '@homeclub/shared';
import { memberModel, type MemberDoc } from './model';

export interface RoleState {
  roles: Role[];
  staffStoreId: string | null;
}

export function createStaffRoles(conn: Connection) {
  const Member = memberModel(conn);
  return {
    /** Staff, managers and admins (a store given: that store's staff only). Not a hot path: at most 1,000. */
    async people(storeId?: string): Promise<MemberDoc[]> {
      const filter: Record<string, unknown> = storeId
        ? { roles: 'staff', staffStoreId: new Types.ObjectId(storeId) }
        : { roles: { $in: ['staff', 'manager', 'admin'] } };
      return Member.find(filter).sort({ _id: 1 }).limit(1000).lean<MemberDoc[]>();
    },
    async adminCount(): Promise<number> {
      return Member.countDocuments({ roles: 'admin' });
    },
    /** `from` → `to` in one update guarded by the exact roles and store read before; null = the state moved on. */
    async set(memberId: string, from: RoleState, to: RoleState): Promise<MemberDoc | null> {
      return Member.findOneAndUpdate(
        { _id: new Types.ObjectId(memberId), roles: from.roles, staffStoreId: from.staffStoreId ? new Types.ObjectId(from.staffStoreId) : null },
        { $set: { roles: to.roles, staffStoreId: to.staffStoreId ? new Types.ObjectId(to.staffStoreId) : null } },
        { returnDocument: 'after', lean: true },
      ) as Promise<MemberDoc | null>;
    },
  };
}

export type StaffRoles = ReturnType<typeof createStaffRoles>;
