/**
 * Every authorization decision goes through these three functions: route
 * access by role, ownership of a member's resource, and store scope for staff.
 */
import type { Access } from '@homeclub/shared';
import { AppError } from '../errors';
import type { Identity } from '../http/context';

export function requireAccess(identity: Identity | undefined, access: Access): Identity | undefined {
  if (access === 'public') return identity;
  if (!identity) throw new AppError('AUTH_REQUIRED', 'no access token');
  if (access === 'member') return identity;
  if (access === 'admin' && !identity.roles.includes('admin')) {
    throw new AppError('ROLE_REQUIRED', `member ${identity.memberId} is not admin`);
  }
  // Admins supervise every store, so staff routes are open to them too (store scope still applies).
  if (access === 'staff' && !identity.roles.includes('staff') && !identity.roles.includes('admin')) {
    throw new AppError('ROLE_REQUIRED', `member ${identity.memberId} is not staff`);
  }
  return identity;
}

/** The resource belongs to the caller (admins may read any). Not-owned looks like not-found. */
export function assertOwns(identity: Identity, ownerMemberId: string | { toString(): string }, opts: { adminMay?: boolean } = {}): void {
  if (String(ownerMemberId) === identity.memberId) return;
  if (opts.adminMay && identity.roles.includes('admin')) return;
  throw new AppError('NOT_FOUND', `member ${identity.memberId} does not own this resource`);
}

/** Staff act only for their own store; admins for any. */
export function assertStoreScope(identity: Identity, storeId: string | { toString(): string }): void {
  if (identity.roles.includes('admin')) return;
  if (identity.roles.includes('staff') && identity.staffStoreId === String(storeId)) return;
  throw new AppError('STORE_SCOPE', `member ${identity.memberId} is not staff of store ${String(storeId)}`);
}
