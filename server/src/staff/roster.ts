/**
 * Staff and roles from the console (员工与权限): add by phone, move, promote, demote, remove. Each change is one
 * guarded update of the member's roles (on the roles read before: a concurrent change → STAFF_CHANGED); roles are
 * read on every request, so a removed or demoted person's console session and mini-program staff access stop on
 * their next request. Taking the admin role away runs under a lease (staff_locks) that counts the admins first:
 * the last admin cannot remove themself, and two admins removing each other at once leave one.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { maskPhone, type ConsoleStaffRow } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Identity } from '../platform/http/context';
import type { MembersService, MemberDoc } from '../members/service';
import type { StoresService } from '../stores/service';
import type { AuditService } from '../system/audit';
import type { RoleState } from '../members/staff-roles';
import { staffLockModel } from './model';
import { losesAdmin, mayChange, placementOf, stateFor, type Placement } from './roles.calc';

const LEASE_MS = 10_000;
const stateOf = (m: Pick<MemberDoc, 'roles' | 'staffStoreId'>): RoleState => ({ roles: m.roles, staffStoreId: m.staffStoreId ? String(m.staffStoreId) : null });

export function createStaffRoster(deps: { conn: Connection; clock: Clock; members: MembersService; stores: StoresService; audit: AuditService }) {
  const Lock = staffLockModel(deps.conn);
  const roles = deps.members.staffRoles;

  async function withAdminLock<T>(fn: () => Promise<T>): Promise<T> {
    const holder = randomUUID();
    for (let attempt = 0; ; attempt++) {
      const now = deps.clock.now();
      const got = await Lock.findOneAndUpdate(
        { _id: 'admins', $or: [{ holder: null }, { until: { $lt: now } }] },
        { $set: { holder, until: new Date(now.getTime() + LEASE_MS) } },
        { upsert: true, returnDocument: 'after', lean: true },
      ).catch((err: { code?: number }) => (err?.code === 11000 ? null : Promise.reject(err)));
      if (got?.holder === holder) break;
      if (attempt >= 80) throw new AppError('STAFF_CHANGED', 'admin roster lock busy');
      await new Promise((r) => setTimeout(r, 25));
    }
    try {
      return await fn();
    } finally {
      await Lock.updateOne({ _id: 'admins', holder }, { $set: { holder: null, until: new Date(0) } });
    }
  }

  async function row(m: MemberDoc): Promise<ConsoleStaffRow> {
    const p = placementOf(stateOf(m));
    const store = p?.storeId ? await deps.stores.get(p.storeId) : null;
    return { memberId: String(m._id), nickname: m.nickname, phoneMasked: maskPhone(m.phone), role: p?.role ?? 'clerk', storeId: p?.storeId ?? null, storeName: store?.name ?? null };
  }

  async function change(actor: Identity, target: MemberDoc, next: Placement | null, field: string): Promise<MemberDoc> {
    const from = placementOf(stateOf(target));
    const verdict = mayChange({ roles: actor.roles, staffStoreId: actor.staffStoreId }, from, next);
    if (verdict === 'denied') throw new AppError('STAFF_ROLE_DENIED', `${actor.memberId} may not move ${String(target._id)} from ${JSON.stringify(from)} to ${JSON.stringify(next)}`);
    if (verdict === 'unchanged') return target;
    if (next?.storeId) {
      const store = await deps.stores.get(next.storeId);
      if (!store) throw new AppError('STORE_NOT_FOUND', `store ${next.storeId}`, { fields: [{ path: 'body.storeId', message: '门店不存在' }] });
    }
    const apply = async () => {
      const updated = await roles.set(String(target._id), stateOf(target), stateFor(stateOf(target), next));
      if (!updated) throw new AppError('STAFF_CHANGED', `roles of ${String(target._id)} changed meanwhile`, { fields: [{ path: field, message: '该员工刚被其他人修改，请刷新后重试' }] });
      return updated;
    };
    const updated = !losesAdmin(from, next)
      ? await apply()
      : await withAdminLock(async () => {
          // Under the lease: the actor must still be an admin, and one admin must remain afterwards.
          const me = await deps.members.get(actor.memberId);
          if (!me?.roles.includes('admin')) throw new AppError('STAFF_ROLE_DENIED', `${actor.memberId} is no longer admin`);
          if ((await roles.adminCount()) <= 1) throw new AppError('STAFF_LAST_ADMIN', `${String(target._id)} is the last admin`);
          return apply();
        });
    await deps.audit.record(actor.memberId, next ? 'staff.role' : 'staff.remove', { memberId: String(target._id), before: from, after: next });
    return updated;
  }

  async function requireTarget(memberId: string): Promise<MemberDoc> {
    const m = await deps.members.get(memberId);
    if (!m) throw new AppError('MEMBER_NOT_FOUND', `member ${memberId}`);
    return m;
  }

  return {
    /** Admins: every store (or the one asked for); a store manager: their own store's staff only. */
    async list(actor: Identity, storeId?: string): Promise<ConsoleStaffRow[]> {
      const admin = actor.roles.includes('admin');
      const scope = admin ? storeId : (actor.staffStoreId ?? undefined);
      if (!admin && storeId && storeId !== scope) throw new AppError('STORE_SCOPE', `manager ${actor.memberId} asked for store ${storeId}`);
      const people = await roles.people(scope);
      const rows = await Promise.all(people.filter((m) => placementOf(stateOf(m))).map(row));
      return rows.sort((a, b) => ['admin', 'manager', 'clerk'].indexOf(a.role) - ['admin', 'manager', 'clerk'].indexOf(b.role));
    },
    async add(actor: Identity, input: { phone: string; role: Placement['role']; storeId?: string | null }): Promise<ConsoleStaffRow> {
      const found = await deps.members.findByPhone(input.phone);
      if (!found.length) throw new AppError('STAFF_PHONE_UNKNOWN', `no member with phone ${maskPhone(input.phone)}`, { fields: [{ path: 'body.phone', message: '该手机号还没有注册会员' }] });
      if (found.length > 1) throw new AppError('VALIDATION_FAILED', 'phone names several members', { fields: [{ path: 'body.phone', message: '该手机号对应多个会员，请联系技术支持' }] });
      const target = found[0];
      if (placementOf(stateOf(target))) throw new AppError('STAFF_EXISTS', `member ${String(target._id)} is already staff`, { fields: [{ path: 'body.phone', message: '该会员已是员工，请在列表中修改角色' }] });
      return row(await change(actor, target, { role: input.role, storeId: input.role === 'admin' ? null : (input.storeId ?? null) }, 'body.phone'));
    },
    async assign(actor: Identity, memberId: string, input: { role: Placement['role']; storeId?: string | null }): Promise<ConsoleStaffRow> {
      const target = await requireTarget(memberId);
      if (!placementOf(stateOf(target))) throw new AppError('NOT_FOUND', `member ${memberId} is not staff`);
      return row(await change(actor, target, { role: input.role, storeId: input.role === 'admin' ? null : (input.storeId ?? null) }, 'body.role'));
    },
    async remove(actor: Identity, memberId: string): Promise<void> {
      const target = await requireTarget(memberId);
      if (!placementOf(stateOf(target))) throw new AppError('NOT_FOUND', `member ${memberId} is not staff`);
      await change(actor, target, null, 'params.memberId');
    },
  };
}

export type StaffRoster = ReturnType<typeof createStaffRoster>;
