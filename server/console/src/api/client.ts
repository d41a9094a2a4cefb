/**
 * The console's typed client over the shared zod contract: `call('consoleSession')`,
 * `call('consoleMembers', { query })`, typed by BodyOf/ParamsOf/QueryOf/ResponseOf.
 * The session is an httpOnly cookie (sent by the browser, same origin); every write
 * carries the CSRF token from the readable `hc_console_csrf` cookie in `X-CSRF-Token`.
 * A failure becomes an ApiError with the server's stable code and Chinese message.
 */
import { api, errorMessage, IDEMPOTENCY_KEY_HEADER, type BodyOf, type ParamsOf, type QueryOf, type ResponseOf, type RouteName } from '@homeclub/shared';

export const NETWORK_ERROR = 'NETWORK_ERROR';
export const CSRF_COOKIE = 'hc_console_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly requestId?: string;
  /** the server's field errors (`body.location.lat` …), shown at the form field */
  readonly fields: { path: string; message: string }[];

  constructor(code: string, message: string, status: number, requestId?: string, fields: { path: string; message: string }[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.requestId = requestId;
    this.fields = fields;
  }
}

/** The Chinese text for any error (server message when there is one). */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return errorMessage('INTERNAL');
}

type Options<K extends RouteName> = (ParamsOf<K> extends undefined ? { params?: undefined } : { params: ParamsOf<K> }) &
  (QueryOf<K> extends undefined ? { query?: undefined } : { query?: QueryOf<K> }) &
  (BodyOf<K> extends undefined ? { body?: undefined } : { body: BodyOf<K> }) & { signal?: AbortSignal; idempotencyKey?: string };

type Args<K extends RouteName> = Partial<Options<K>> extends Options<K> ? [options?: Options<K>] : [options: Options<K>];

export function readCookie(name: string): string | null {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}

/** URL of a route: `:param`s substituted, empty query values dropped. */
export function buildUrl(name: RouteName, params?: Record<string, unknown>, query?: Record<string, unknown>): string {
  const path = api[name].path.replace(/:([A-Za-z0-9_]+)/g, (_m, key: string) => encodeURIComponent(String(params?.[key] ?? '')));
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export function writeHeaders(): Record<string, string> {
  const csrf = readCookie(CSRF_COOKIE);
  return csrf ? { [CSRF_HEADER]: csrf } : {};
}

export async function toApiError(res: Response): Promise<ApiError> {
  const data = (await res.json().catch(() => null)) as { code?: unknown; message?: unknown; requestId?: unknown; fields?: unknown } | null;
  if (data && typeof data.code === 'string') {
    const message = typeof data.message === 'string' && data.message ? data.message : errorMessage(data.code);
    const fields = Array.isArray(data.fields)
      ? (data.fields as unknown[]).filter((f): f is { path: string; message: string } => typeof (f as { path?: unknown })?.path === 'string' && typeof (f as { message?: unknown }).message === 'string')
      : [];
    return new ApiError(data.code, message, res.status, typeof data.requestId === 'string' ? data.requestId : undefined, fields);
  }
  return new ApiError('INTERNAL', errorMessage('INTERNAL'), res.status);
}

/** Listeners told when the server says the session is gone (401): the app shows the login page. */
const signedOutListeners = new Set<() => void>();
export function onSignedOut(fn: () => void): () => void {
  signedOutListeners.add(fn);
  return () => signedOutListeners.delete(fn);
}

export async function call<K extends RouteName>(name: K, ...args: Args<K>): Promise<ResponseOf<K>> {
  const opts = (args[0] ?? {}) as {
    params?: Record<string, unknown>;
    query?: Record<string, unknown>;
    body?: unknown;
    signal?: AbortSignal;
    idempotencyKey?: string;
  };
  const route = api[name];
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (route.method !== 'GET') Object.assign(headers, writeHeaders());
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  // A retried write made safe by the page's own key (routes with `idempotencyKey: 'required'`).
  if (opts.idempotencyKey) headers[IDEMPOTENCY_KEY_HEADER] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(buildUrl(name, opts.params, opts.query), {
      method: route.method,
      headers,
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(NETWORK_ERROR, '网络连接失败，请检查网络后重试', 0);
  }
  if (res.ok) return (await res.json()) as ResponseOf<K>;
  const error = await toApiError(res);
  if (res.status === 401 && name !== 'consoleSession') signedOutListeners.forEach((fn) => fn());
  throw error;
}
