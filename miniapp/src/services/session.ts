/**
 * The signed-in member, shared by every page through a tiny external store
 * (`useSession()` is useSyncExternalStore, so no provider is needed).
 *
 * Launch: with a stored session, GET /api/me refreshes the member (the API
 * client renews expired tokens); without one, a silent login runs:
 * platform login code → POST /api/auth/login → tokens + member stored.
 *
 * Invites: when the app is opened through a partner's shared card, link or
 * poster code, the launch remembers the inviter (services/invite.ts); every
 * login sends it (`inviter`, and the entry `scene` on WeChat) until one
 * succeeds, then it is dropped. The server binds only the login that creates
 * the member, so sending it for an existing member does nothing.
 */
import { useSyncExternalStore } from 'react';
import Taro from '@tarojs/taro';
import type { MemberView, Role, SessionResponse } from '@homeclub/shared';
import { call, configureAuth, isApiError, showErrorToast } from './api';
import { clearStoredSession, getRefreshToken, getStoredMember, storeMember, storeSession } from './storage';
import { getLoginCode } from '../platform/login-code';
import { readLaunchInvite } from '../platform/launch-invite';
import { clearPendingInvite, getPendingInvite, storePendingInvite, type PendingInvite } from './invite';

export type SessionStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface SessionState {
  status: SessionStatus;
  member: MemberView | null;
  /** Chinese message of the last login failure. */
  error: string | null;
  /** this launch's login registered the member (首页 greets 「欢迎加入」, not 「欢迎回来」) */
  isNew: boolean;
}

let state: SessionState = { status: 'idle', member: null, error: null, isNew: false };
const listeners = new Set<() => void>();

function setState(patch: Partial<SessionState>): void {
  state = { ...state, ...patch };
  listeners.forEach((listener) => listener());
}

export function getSessionState(): SessionState {
  return state;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribeSession, getSessionState, getSessionState);
}

export function hasRole(member: MemberView | null, ...roles: Role[]): boolean {
  return !!member && member.roles.some((role) => roles.includes(role));
}

function setMember(member: MemberView): MemberView {
  storeMember(member);
  setState({ status: 'ready', member, error: null });
  return member;
}

// ---------------------------------------------------------------- login

let loginInFlight: Promise<MemberView> | null = null;

function loginBody(code: string, invite: PendingInvite | null): { code: string; inviter?: string; scene?: number } {
  if (!invite) return { code };
  return invite.scene === undefined ? { code, inviter: invite.inviter } : { code, inviter: invite.inviter, scene: invite.scene };
}

/** POST /api/auth/login with the pending invite; it is dropped once a login succeeds. */
async function loginWithInvite(): Promise<SessionResponse> {
  const invite = getPendingInvite();
  try {
    const session = await call('login', { body: loginBody(await getLoginCode(), invite), toast: false });
    clearPendingInvite();
    return session;
  } catch (err) {
    // An invite the server will not parse must never lock the shopper out: drop it and log in without it.
    const refusedInvite =
      isApiError(err) && err.code === 'VALIDATION_FAILED' && !!err.fields?.some((f) => /^body\.(inviter|scene)\b/.test(f.path));
    if (!invite || !refusedInvite) throw err;
    clearPendingInvite();
    return call('login', { body: { code: await getLoginCode() }, toast: false });
  }
}

/** Silent login (single-flight): platform code → POST /api/auth/login. Does not toast. */
export function login(): Promise<MemberView> {
  if (loginInFlight) return loginInFlight;
  loginInFlight = (async () => {
    setState({ status: 'loading', error: null });
    try {
      const session = await loginWithInvite();
      storeSession(session);
      setState({ status: 'ready', member: session.member, error: null, isNew: session.isNew });
      return session.member;
    } catch (err) {
      setState({ status: 'error', member: null, error: err instanceof Error ? err.message : null });
      throw err;
    }
  })().finally(() => {
    loginInFlight = null;
  });
  return loginInFlight;
}

configureAuth({
  login: async () => {
    await login();
  },
  onSession: (session) => setState({ status: 'ready', member: session.member, error: null }),
  onCleared: () => setState({ status: 'idle', member: null }),
});

/** Remember the invite this launch came with (if any) for the next login. */
export function captureLaunchInvite(): void {
  const invite = readLaunchInvite();
  if (invite) storePendingInvite(invite);
}

/** App launch: remember an invite, then reuse a stored session (refreshing the member) or log in silently. */
export async function bootstrapSession(): Promise<void> {
  captureLaunchInvite();
  if (getRefreshToken()) {
    const cached = getStoredMember();
    if (cached) setState({ status: 'ready', member: cached, error: null });
    // failures are toasted by the API client; a cached member stays usable offline
    await refreshMember().catch((err: unknown) => {
      if (!state.member) setState({ status: 'error', error: err instanceof Error ? err.message : null });
    });
    return;
  }
  await login().catch(showErrorToast);
}

/** GET /api/me → the current member. */
export async function refreshMember(): Promise<MemberView> {
  return setMember(await call('me'));
}

/** POST /api/auth/phone with a getPhoneNumber code; toasts 「绑定成功」. */
export async function bindPhone(code: string): Promise<MemberView> {
  const member = setMember(await call('bindPhone', { body: { code } }));
  void Taro.showToast({ title: '绑定成功', icon: 'success' });
  return member;
}

/** Revoke the refresh token (best effort) and forget the session. */
export async function signOut(): Promise<void> {
  const refreshToken = getRefreshToken();
  if (refreshToken) {
    await call('logout', { body: { refreshToken }, toast: false }).catch(() => undefined);
  }
  clearStoredSession();
  setState({ status: 'idle', member: null, error: null });
}
