/** Pure rules of staff management: what role a member's roles make, the roles a console role gives, who may change whom. */
import type { ConsoleStaffRole, Role } from '@homeclub/shared';
import type { RoleState } from '../members/staff-roles';

export interface Placement {
  role: ConsoleStaffRole;
  storeId: string | null;
}

const STAFF_ROLES: Role[] = ['staff', 'manager', 'admin'];

/** The console role of a roles list (admin wins; a manager without a store is nothing). */
export function placementOf(s: RoleState): Placement | null {
  if (s.roles.includes('admin')) return { role: 'admin', storeId: null };
  if (!s.staffStoreId || !s.roles.includes('staff')) return null;
  return { role: s.roles.includes('manager') ? 'manager' : 'clerk', storeId: s.staffStoreId };
}

/** The roles and store a placement gives (null = no staff role); other roles (member) are kept. */
export function stateFor(current: RoleState, next: Placement | null): RoleState {
  const base = current.roles.filter((r) => !STAFF_ROLES.includes(r));
  if (!base.includes('member')) base.unshift('member');
  if (!next) return { roles: base, staffStoreId: null };
  if (next.role === 'admin') return { roles: [...base, 'admin'], staffStoreId: null };
  return { roles: [...base, 'staff', ...(next.role === 'manager' ? (['manager'] as Role[]) : [])], staffStoreId: next.storeId };
}

export type ChangeVerdict = 'ok' | 'denied' | 'unchanged';

/**
 * May `actor` move a member from `from` to `to`? Admins may do anything (the last-admin rule is checked
 * under the roster lock). A store manager may only add, move within or remove clerks of their own store.
 */
export function mayChange(actor: RoleState, from: Placement | null, to: Placement | null): ChangeVerdict {
  if (same(from, to)) return 'unchanged';
  if (actor.roles.includes('admin')) return 'ok';
  const mine = actor.roles.includes('manager') ? actor.staffStoreId : null;
  if (!mine) return 'denied';
  const clerkHere = (p: Placement | null) => p === null || (p.role === 'clerk' && p.storeId === mine);
  return clerkHere(from) && clerkHere(to) ? 'ok' : 'denied';
}

function same(a: Placement | null, b: Placement | null): boolean {
  if (!a || !b) return a === b;
  return a.role === b.role && (a.role === 'admin' || a.storeId === b.storeId);
}

/** A change that takes the admin role away: it must leave at least one admin (checked under the lock). */
export const losesAdmin = (from: Placement | null, to: Placement | null) => from?.role === 'admin' && to?.role !== 'admin';
