/**
 * Every authorization decision goes through these functions: route access by
 * role, ownership of a member's resource, store scope for staff, and the
 * console's scope (admin: every store; store manager: their store only).
 */
import type { Access } from '@homeclub/shared';
import { AppError } from '../errors';
import type { Identity } from '../http/context';

export function requireAccess(identity: Identity | undefined, access: Access): Identity | undefined {
  if (access === 'public') return identity;
  if (!identity) throw new AppError('AUTH_REQUIRED', 'no access token');
  if (access === 'member') return identity;
  if (access === 'console') {
    // Only the console's own cookie session opens console routes (never a mini-program token).
    if (identity.channel !== 'console') throw new AppError('AUTH_REQUIRED', 'console routes need a console session');
    if (!canUseConsole(identity)) throw new AppError('CONSOLE_NOT_ALLOWED', `member ${identity.memberId} is neither admin nor manager`);
    return identity;
  }
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

/** Chain admins and store managers (of a store) may use the operator console; clerks may not. */
export function canUseConsole(identity: Pick<Identity, 'roles' | 'staffStoreId'>): boolean {
  return identity.roles.includes('admin') || (identity.roles.includes('manager') && identity.staffStoreId !== null);
}

/**
 * The store a console request may see: an admin any (`requested`, or null = all
 * stores); a manager only their own (another store asked for is STORE_SCOPE).
 */
export function consoleStoreScope(identity: Identity, requested?: string | null): string | null {
  if (identity.roles.includes('admin')) return requested ?? null;
  if (identity.roles.includes('manager') && identity.staffStoreId) {
    if (requested && requested !== identity.staffStoreId) {
      throw new AppError('STORE_SCOPE', `manager ${identity.memberId} asked for store ${requested}`);
    }
    return identity.staffStoreId;
  }
  throw new AppError('CONSOLE_NOT_ALLOWED', `member ${identity.memberId} has no console scope`);
}

/** A console read of something that belongs to `storeId` (null = no store): refused outside the caller's scope. */
export function assertConsoleStore(identity: Identity, storeId: string | { toString(): string } | null): void {
  const scope = consoleStoreScope(identity);
  if (scope === null) return;
  if (storeId === null || String(storeId) !== scope) {
    throw new AppError('STORE_SCOPE', `manager ${identity.memberId} may not read store ${String(storeId)}`);
  }
}
