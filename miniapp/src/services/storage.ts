/**
 * Session persistence in Taro storage (wx storage on weapp, localStorage on H5).
 * Only this module knows the storage keys.
 */
import Taro from '@tarojs/taro';
import type { MemberView, SessionResponse } from '@homeclub/shared';

export const STORAGE_KEYS = {
  accessToken: 'hc.accessToken',
  refreshToken: 'hc.refreshToken',
  member: 'hc.member',
  /** the member code secret, for showing the rotating code offline (cleared with the session) */
  memberCodeSecret: 'hc.memberCodeSecret',
} as const;

function read(key: string): string | null {
  try {
    const value: unknown = Taro.getStorageSync(key);
    return typeof value === 'string' && value !== '' ? value : null;
  } catch {
    return null;
  }
}

export function getAccessToken(): string | null {
  return read(STORAGE_KEYS.accessToken);
}

export function getRefreshToken(): string | null {
  return read(STORAGE_KEYS.refreshToken);
}

export function getStoredMember(): MemberView | null {
  const raw = read(STORAGE_KEYS.member);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as MemberView;
  } catch {
    return null;
  }
}

export function storeMember(member: MemberView): void {
  Taro.setStorageSync(STORAGE_KEYS.member, JSON.stringify(member));
}

/** What GET /api/member/code-secret returned, remembered per member. */
export interface StoredCodeSecret {
  memberId: string;
  cardNo: string;
  secret: string;
  periodSeconds: number;
  chainPrefix: string;
}

/** The stored member code secret of `memberId` (null if none, or if it belongs to someone else). */
export function getStoredCodeSecret(memberId: string): StoredCodeSecret | null {
  const raw = read(STORAGE_KEYS.memberCodeSecret);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredCodeSecret>;
    const valid =
      value.memberId === memberId &&
      typeof value.cardNo === 'string' &&
      typeof value.secret === 'string' &&
      typeof value.chainPrefix === 'string' &&
      typeof value.periodSeconds === 'number';
    return valid ? (value as StoredCodeSecret) : null;
  } catch {
    return null;
  }
}

export function storeCodeSecret(secret: StoredCodeSecret): void {
  Taro.setStorageSync(STORAGE_KEYS.memberCodeSecret, JSON.stringify(secret));
}

export function storeSession(session: SessionResponse): void {
  Taro.setStorageSync(STORAGE_KEYS.accessToken, session.accessToken);
  Taro.setStorageSync(STORAGE_KEYS.refreshToken, session.refreshToken);
  storeMember(session.member);
}

export function clearStoredSession(): void {
  for (const key of Object.values(STORAGE_KEYS)) {
    try {
      Taro.removeStorageSync(key);
    } catch {
      // storage unavailable: nothing to clear
    }
  }
}
