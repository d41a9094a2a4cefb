/**
 * The one API client. Calls are keyed by the shared contract (`@homeclub/shared`
 * `api`): `call('me')`, `call('login', { body })`,
 * `call('adminRemoveStaff', { params: { memberId } })`, typed by BodyOf/ParamsOf/
 * QueryOf/ResponseOf. The URL comes from the contract's method and path.
 *
 * Auth: member/staff/admin routes send `Authorization: Bearer <accessToken>`.
 * A 401 AUTH_TOKEN_EXPIRED triggers ONE refresh (single-flight: concurrent 401s
 * share the same promise, because a refresh token works once and reusing a
 * rotated one revokes the session), then the request is retried once. If the
 * refresh fails, the session is cleared and the app logs in again silently
 * (through the `login` hook the session module registers with configureAuth).
 *
 * Errors: the server answers `{code, message, requestId, fields?}` with a Chinese
 * message; every failure becomes an ApiError and (unless `toast: false`) is shown
 * with showErrorToast().
 */
import Taro from '@tarojs/taro';
import {
  type BodyOf,
  type ParamsOf,
  type QueryOf,
  type ResponseOf,
  type RouteName,
  type SessionResponse,
} from '@homeclub/shared';
import { clearStoredSession, getAccessToken, getRefreshToken, storeSession } from './storage';

/** Client-side error codes (the server's codes are in shared/src/errors.ts). */
export const NETWORK_ERROR = 'NETWORK_ERROR';
export const BAD_RESPONSE = 'BAD_RESPONSE';
const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';
/**
 * The server sends a Chinese message with every error; these cover answers without one
 * (a proxy's 502, a broken body). shared/src/errors.ts's full table is not bundled (package budget).
 */
const FALLBACK_MESSAGE = '系统繁忙，请稍后再试';
const SIGN_IN_MESSAGE = '请先登录';

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly code: string;
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number;
  readonly requestId?: string;
  readonly fields?: FieldError[];

  constructor(code: string, message: string, status: number, extra: { requestId?: string; fields?: FieldError[] } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.requestId = extra.requestId;
    this.fields = extra.fields;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** The single place that turns an error into a toast (Chinese message from the server when there is one). */
export function showErrorToast(err: unknown): void {
  const title = err instanceof ApiError ? err.message : FALLBACK_MESSAGE;
  void Taro.showToast({ title, icon: 'none', duration: 2500 });
}

// ---------------------------------------------------------------- typing

interface CallSettings {
  /** Show a toast on failure (default true). */
  toast?: boolean;
  /** Extra headers, e.g. Idempotency-Key. */
  header?: Record<string, string>;
}

export type CallOptions<K extends RouteName> = (ParamsOf<K> extends undefined
  ? { params?: undefined }
  : { params: ParamsOf<K> }) &
  (QueryOf<K> extends undefined ? { query?: undefined } : { query?: QueryOf<K> }) &
  (BodyOf<K> extends undefined ? { body?: undefined } : { body: BodyOf<K> }) &
  CallSettings;

/** The options argument is optional when the route needs no params and no body. */
export type CallArgs<K extends RouteName> =
  Partial<CallOptions<K>> extends CallOptions<K> ? [options?: CallOptions<K>] : [options: CallOptions<K>];

interface LooseOptions extends CallSettings {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

// ---------------------------------------------------------------- auth hooks

export interface AuthHooks {
  /** Obtain a fresh session (wx code → /api/auth/login) and store it. */
  login: () => Promise<void>;
  /** A refresh produced a new session (tokens are already stored). */
  onSession: (session: SessionResponse) => void;
  /** The stored session was dropped. */
  onCleared: () => void;
}

const defaultHooks: AuthHooks = {
  login: () => Promise.reject(new ApiError('AUTH_REQUIRED', SIGN_IN_MESSAGE, 401)),
  onSession: () => undefined,
  onCleared: () => undefined,
};
let hooks: AuthHooks = defaultHooks;

/** Registered by the session module; tests may register fakes. */
export function configureAuth(next: Partial<AuthHooks>): void {
  hooks = { ...defaultHooks, ...next };
}

// ---------------------------------------------------------------- url

function apiBase(): string {
  return typeof API_BASE === 'string' ? API_BASE : '';
}

/** The contract's route table, baked in at build time (config/routes.ts; tests set it in their setup). */
function routeOf(name: RouteName): { method: string; path: string; access: string } {
  const route = API_ROUTES[name];
  if (!route) throw new Error(`unknown API route ${name}`);
  return route;
}

/** URL of a route: `:param`s substituted (URL-encoded), query appended, base prefixed. */
export function buildUrl(name: RouteName, params?: Record<string, unknown>, query?: Record<string, unknown>): string {
  const route = routeOf(name);
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_match, key: string) => {
    const value = params?.[key];
    if (value === undefined || value === null || value === '') {
      throw new Error(`buildUrl(${name}): missing path param "${key}"`);
    }
    return encodeURIComponent(String(value));
  });
  const search = Object.entries(query ?? {})
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `${apiBase()}${path}${search ? `?${search}` : ''}`;
}

// ---------------------------------------------------------------- transport

interface RawResponse {
  status: number;
  data: unknown;
}

async function send(
  name: RouteName,
  url: string,
  body: unknown,
  token: string | null,
  extraHeader?: Record<string, string>,
): Promise<RawResponse> {
  const header: Record<string, string> = { Accept: 'application/json', ...extraHeader };
  if (body !== undefined) header['Content-Type'] = 'application/json';
  if (token) header.Authorization = `Bearer ${token}`;
  try {
    const res = await Taro.request({
      url,
      method: routeOf(name).method as keyof Taro.request.Method,
      header,
      data: body as Taro.request.Option['data'],
      dataType: 'json',
    });
    return { status: res.statusCode, data: res.data };
  } catch {
    throw new ApiError(NETWORK_ERROR, NETWORK_MESSAGE, 0);
  }
}

function errorCodeOf(data: unknown): string | null {
  if (data && typeof data === 'object' && typeof (data as { code?: unknown }).code === 'string') {
    return (data as { code: string }).code;
  }
  return null;
}

/** Turn a non-2xx answer into an ApiError, keeping the server's code and Chinese message. */
export function toApiError(status: number, data: unknown): ApiError {
  const code = errorCodeOf(data);
  if (code) {
    const body = data as { message?: unknown; requestId?: unknown; fields?: unknown };
    const message = typeof body.message === 'string' && body.message ? body.message : FALLBACK_MESSAGE;
    return new ApiError(code, message, status, {
      requestId: typeof body.requestId === 'string' ? body.requestId : undefined,
      fields: Array.isArray(body.fields) ? (body.fields as FieldError[]) : undefined,
    });
  }
  return new ApiError(BAD_RESPONSE, FALLBACK_MESSAGE, status);
}

function unwrap<T>(res: RawResponse): T {
  if (res.status >= 200 && res.status < 300) return res.data as T;
  throw toApiError(res.status, res.data);
}

// ---------------------------------------------------------------- session renewal

let renewal: Promise<void> | null = null;

async function relogin(): Promise<void> {
  clearStoredSession();
  hooks.onCleared();
  await hooks.login();
}

async function refreshOrRelogin(): Promise<void> {
  const refreshToken = getRefreshToken();
  if (refreshToken) {
    try {
      const res = await send('refresh', buildUrl('refresh'), { refreshToken }, null);
      const session = unwrap<SessionResponse>(res);
      storeSession(session);
      hooks.onSession(session);
      return;
    } catch (err) {
      // Offline: keep the session, the next attempt may succeed.
      if (err instanceof ApiError && err.code === NETWORK_ERROR) throw err;
      // AUTH_REFRESH_INVALID and friends: the session is gone, start a new one.
    }
  }
  await relogin();
}

/**
 * Renew the session after a 401 seen with `staleToken` (single-flight).
 * If another call already replaced that token, there is nothing to do.
 */
function renew(kind: 'refresh' | 'login', staleToken: string | null): Promise<void> {
  if (renewal) return renewal;
  const current = getAccessToken();
  if (current && current !== staleToken) return Promise.resolve();
  renewal = (kind === 'refresh' ? refreshOrRelogin() : relogin()).finally(() => {
    renewal = null;
  });
  return renewal;
}

/** Wait for a renewal in progress (its errors are reported to whoever started it). */
async function settledRenewal(): Promise<void> {
  if (renewal) await renewal.catch(() => undefined);
}

// ---------------------------------------------------------------- call

async function perform<K extends RouteName>(name: K, options: LooseOptions): Promise<ResponseOf<K>> {
  const url = buildUrl(name, options.params, options.query);
  if (routeOf(name).access === 'public') {
    return unwrap<ResponseOf<K>>(await send(name, url, options.body, null, options.header));
  }

  await settledRenewal();
  let token = getAccessToken();
  if (!token) {
    await renew('login', null);
    token = getAccessToken();
  }
  let res = await send(name, url, options.body, token, options.header);
  if (res.status === 401) {
    const code = errorCodeOf(res.data);
    if (code === 'AUTH_TOKEN_EXPIRED' || code === 'AUTH_TOKEN_INVALID' || code === 'AUTH_REQUIRED') {
      await renew(code === 'AUTH_TOKEN_EXPIRED' ? 'refresh' : 'login', token);
      res = await send(name, url, options.body, getAccessToken(), options.header);
    }
  }
  return unwrap<ResponseOf<K>>(res);
}

/** Call a contract route. Throws ApiError (already toasted unless `toast: false`). */
export async function call<K extends RouteName>(name: K, ...args: CallArgs<K>): Promise<ResponseOf<K>> {
  const options: LooseOptions = (args[0] ?? {}) as LooseOptions;
  try {
    return await perform(name, options);
  } catch (err) {
    if (options.toast !== false) showErrorToast(err);
    throw err;
  }
}
