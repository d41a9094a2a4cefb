/** Console session helpers for integration tests: the scan flow through the API, then cookie + CSRF calls. */
import type { TestApp } from './app';

export interface ConsoleJar {
  cookie: string;
  csrf: string;
}

/** Collects `name=value` pairs from Set-Cookie headers (expired ones dropped). */
export function jarFrom(headers: Headers): ConsoleJar {
  const pairs = headers
    .getSetCookie()
    .filter((c) => !/Expires=Thu, 01 Jan 1970/.test(c))
    .map((c) => c.split(';')[0]);
  const csrf = pairs.find((p) => p.startsWith('hc_console_csrf='))?.split('=')[1] ?? '';
  return { cookie: pairs.join('; '), csrf: decodeURIComponent(csrf) };
}

/** Ticket → confirmed by `staffToken` (a mini-program session with console rights) → polled → the console's cookies. */
export async function consoleSignIn(app: TestApp, staffToken: string): Promise<ConsoleJar> {
  const t = await app.call('POST', '/api/console/login-tickets');
  if (t.status !== 201) throw new Error(`ticket: ${t.status} ${JSON.stringify(t.body)}`);
  const c = await app.call('POST', `/api/staff/console-login/${t.body.ticketId}/confirm`, { token: staffToken });
  if (c.status !== 200) throw new Error(`confirm: ${c.status} ${JSON.stringify(c.body)}`);
  const p = await app.call('POST', `/api/console/login-tickets/${t.body.ticketId}/poll`, { body: { pollToken: t.body.pollToken } });
  if (p.body.state !== 'used') throw new Error(`poll: ${p.status} ${JSON.stringify(p.body)}`);
  return jarFrom(p.headers);
}

/** A console call with the session cookie (and the CSRF header on writes). */
export function consoleCall<T = any>(app: TestApp, jar: ConsoleJar, method: string, path: string, opts: { body?: unknown; csrf?: string | null } = {}) {
  const headers: Record<string, string> = { cookie: jar.cookie };
  const csrf = opts.csrf === undefined ? jar.csrf : opts.csrf;
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  return app.call<T>(method, path, { headers, body: opts.body ?? (method === 'GET' ? undefined : {}) });
}
