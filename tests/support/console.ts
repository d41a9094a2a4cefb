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

/** A raw paid order / booking document (console reads only need their stored shape). */
export async function insertOrder(app: TestApp, f: { memberId: string; storeId: string; billFen: number; refundedFen?: number }) {
  const { Types } = await import('mongoose');
  const now = app.clock.now();
  const _id = new Types.ObjectId();
  await app.conn.collection('orders').insertOne({
    _id, memberId: new Types.ObjectId(f.memberId), storeId: new Types.ObjectId(f.storeId), idemKey: `t:${String(_id)}`, clientKey: String(_id),
    channel: 'till', settlement: 'other', staffId: null, posTxnId: null, state: 'paid', billFen: f.billFen,
    lines: [], couponId: null, couponName: null, couponDiscountFen: 0, pointsUsed: 0, pointsValueFen: 0, cashFen: f.billFen, pointsEarned: 0,
    growthGained: 0, outTradeNo: null, expireAt: now, steps: null, stepsDone: true, cancelReason: null, createdAt: now, paidAt: now,
    refundedFen: f.refundedFen ?? 0, refunds: [], refundCount: f.refundedFen ? 1 : 0, localRefundedWeight: 0, refundedLineIds: [],
  });
  return String(_id);
}

export async function insertBooking(app: TestApp, f: { memberId: string; storeId: string; start: Date }) {
  const { Types } = await import('mongoose');
  const _id = new Types.ObjectId();
  await app.conn.collection('bookings').insertOne({
    _id, code: String(Math.floor(1e9 + Math.random() * 9e9)), memberId: new Types.ObjectId(f.memberId), clientKey: String(_id), storeId: new Types.ObjectId(f.storeId),
    serviceId: new Types.ObjectId(), serviceName: '到店体验', kind: 'visit', state: 'booked', start: f.start, end: new Date(f.start.getTime() + 3600_000),
    cutoffMinutes: 120, name: '测试', phone: '13800000000', address: null, note: '', depositFen: 0, depositState: 'none', pointsAwarded: 0,
    attendedAt: null, cancelledAt: null, createdAt: app.clock.now(),
  });
  return String(_id);
}
