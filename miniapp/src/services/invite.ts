/**
 * Invites on the way in (no API calls, so the session module can use it):
 * - inviterFromLaunch(): the partner's code from a page/launch query — a shared
 *   card opens `/pages/index/index?inviter=CODE`; a scanned poster code opens
 *   the same page with `scene=i%3DCODE` (getwxacodeunlimit's scene, URL-encoded).
 * - the pending invite: kept in storage from the launch that brought it until
 *   the first successful login has sent it (POST /api/auth/login {inviter, scene}).
 *   Not a session key: signing out does not drop it.
 */
import Taro from '@tarojs/taro';
import { INVITE_CODE_PATTERN } from '@homeclub/shared';

export const PENDING_INVITE_KEY = 'hc.pendingInvite';

export interface PendingInvite {
  /** the partner's invite code (upper case, valid format) */
  inviter: string;
  /** the WeChat entry scene number (1007 shared card, 1047 scanned code…), when known */
  scene?: number;
}

/** "ab2c" → "AB2C" when it is a well-formed invite code, else null. */
export function normalizeInviteCode(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const code = value.trim().toUpperCase();
  return INVITE_CODE_PATTERN.test(code) ? code : null;
}

/** decodeURIComponent until stable (scenes arrive encoded once, sometimes twice); bad escapes end it. */
export function decodeFully(value: string): string {
  let current = value;
  for (let i = 0; i < 3 && current.includes('%'); i++) {
    try {
      const next = decodeURIComponent(current);
      if (next === current) break;
      current = next;
    } catch {
      break;
    }
  }
  return current;
}

/** The code in a mini-program code's scene: "i=CODE" (or "i%3DCODE"), possibly among other pairs. */
export function inviterFromScene(scene: unknown): string | null {
  if (typeof scene !== 'string' || !scene) return null;
  for (const pair of decodeFully(scene).split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === 'i') return normalizeInviteCode(pair.slice(eq + 1));
  }
  return null;
}

/**
 * The inviter's code from page or launch query params: `inviter` (shared card or
 * link) first, else the poster code's `scene`. Null when there is none or it is
 * malformed (the login would refuse it).
 */
export function inviterFromLaunch(params: Record<string, unknown> | null | undefined): string | null {
  if (!params) return null;
  const raw = params.inviter;
  const direct = typeof raw === 'string' ? normalizeInviteCode(decodeFully(raw)) : null;
  return direct ?? inviterFromScene(params.scene);
}

/** The entry scene number when it is one the login accepts (1000–9999). */
export function entryScene(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1000 && value <= 9999 ? value : undefined;
}

// ---------------------------------------------------------------- pending invite

export function getPendingInvite(): PendingInvite | null {
  let raw: unknown;
  try {
    raw = Taro.getStorageSync(PENDING_INVITE_KEY);
  } catch {
    return null;
  }
  if (typeof raw !== 'string' || !raw) return null;
  try {
    const value = JSON.parse(raw) as { inviter?: unknown; scene?: unknown };
    const inviter = normalizeInviteCode(value.inviter);
    if (!inviter) return null;
    const scene = entryScene(value.scene);
    return scene === undefined ? { inviter } : { inviter, scene };
  } catch {
    return null;
  }
}

/** Remember an invite until a login sends it (a newer invite replaces an older one). */
export function storePendingInvite(invite: PendingInvite): void {
  const inviter = normalizeInviteCode(invite.inviter);
  if (!inviter) return;
  const scene = entryScene(invite.scene);
  try {
    Taro.setStorageSync(PENDING_INVITE_KEY, JSON.stringify(scene === undefined ? { inviter } : { inviter, scene }));
  } catch {
    // storage unavailable: the invite is lost (the member registers without an inviter)
  }
}

export function clearPendingInvite(): void {
  try {
    Taro.removeStorageSync(PENDING_INVITE_KEY);
  } catch {
    // nothing to clear
  }
}
