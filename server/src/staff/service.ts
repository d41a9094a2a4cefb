import { Types } from 'mongoose';
import type { StaffView } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { MembersService } from '../members/service';
import type { StoresService } from '../stores/service';
import { toStoreView } from '../stores/service';
import { toMemberView } from '../members/view';
import type { AuditService } from '../system/audit';
import type { Connection } from 'mongoose';
import type { Clock } from '../platform/clock';
import { createStaffRoster } from './roster';

/** Staff are members with the staff role bound to one store. Admins grant and remove it. */
export function createStaffService(deps: { conn: Connection; clock: Clock; members: MembersService; stores: StoresService; audit: AuditService }) {
  return {
    /** the console's staff management (roles, stores, the last-admin rule) */
    roster: createStaffRoster(deps),
    async me(memberId: string): Promise<StaffView> {
      const member = await deps.members.require(memberId);
      if (!member.staffStoreId) throw new AppError('NOT_FOUND', `member ${memberId} has no store`);
      const store = await deps.stores.require(String(member.staffStoreId));
      return { member: toMemberView(member), store: toStoreView(store) };
    },
    async list(): Promise<StaffView[]> {
      const staff = await deps.members.listStaff();
      const stores = await deps.stores.byIds(staff.map((s) => String(s.staffStoreId)));
      return staff
        .filter((s) => s.staffStoreId && stores.has(String(s.staffStoreId)))
        .map((s) => ({ member: toMemberView(s), store: toStoreView(stores.get(String(s.staffStoreId))!) }));
    },
    async create(actorId: string, input: { memberId: string; storeId: string }): Promise<StaffView> {
      const store = await deps.stores.require(input.storeId);
      const member = await deps.members.addStaffRole(input.memberId, new Types.ObjectId(input.storeId));
      await deps.audit.record(actorId, 'staff.create', { memberId: input.memberId, storeId: input.storeId });
      return { member: toMemberView(member), store: toStoreView(store) };
    },
    async remove(actorId: string, memberId: string): Promise<void> {
      await deps.members.removeStaffRole(memberId);
      await deps.audit.record(actorId, 'staff.remove', { memberId });
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
