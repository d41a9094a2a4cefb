/**
 * Rate limits hold across instances: two apps on one database, requests
 * alternating between them, count against the same window. Each limit:
 * login and refresh per IP, invite lookups per IP, member-code resolve,
 * coupon verify and booking check-in per staff member and per store.
 * Each test uses its own client IP (X-Forwarded-For, TRUST_PROXY=1).
 */
import { loadConfig } from '../../server/src/platform/config';
import { TravelClock } from '../../server/src/platform/clock';
import { rateWindowModel } from '../../server/src/platform/ratelimit/model';
import { startSimulator, startTestApp, type RunningSim, type TestApp } from '../support/app';
import { dropTestDb, testDbUri } from '../support/db';

const env = {
  ACCESS_TOKEN_TTL_SECONDS: '86400', // the tests move the clock by minutes
  RATE_LIMITS_ENABLED: 'true',
  TRUST_PROXY: 'true',
  RATE_LIMIT_LOGIN_PER_IP: '3/60',
  RATE_LIMIT_REFRESH_PER_IP: '3/60',
  RATE_LIMIT_INVITE_PER_IP: '4/60',
  RATE_LIMIT_MEMBER_CODE_PER_STAFF: '3/60',
  RATE_LIMIT_MEMBER_CODE_PER_STORE: '5/60',
  RATE_LIMIT_COUPON_VERIFY_PER_STAFF: '3/60',
  RATE_LIMIT_COUPON_VERIFY_PER_STORE: '5/60',
  RATE_LIMIT_CHECK_IN_PER_STAFF: '3/60',
  RATE_LIMIT_CHECK_IN_PER_STORE: '5/60',
};

let sim: RunningSim;
let a: TestApp;
let b: TestApp;
/** Time stands still unless a test moves it: a request never straddles a window boundary by chance. */
class FrozenClock extends TravelClock {
  private at = Date.now();
  override now(): Date {
    return new Date(this.at);
  }
  override travel(ms: number): void {
    this.at += ms;
  }
}
const clock = new FrozenClock();
const dbUri = testDbUri('ratelimit');
let ipSeq = 0;
const newIp = () => ({ 'x-forwarded-for': `203.0.113.${++ipSeq}` });
type Session = Awaited<ReturnType<TestApp['login']>>;
let staff1: Session;
let staff2: Session;
let otherStoreStaff: Session;

beforeAll(async () => {
  sim = await startSimulator();
  a = await startTestApp({ sim, dbUri, clock, env, instanceId: 'rl-a' });
  b = await startTestApp({ sim, dbUri, clock, env, instanceId: 'rl-b' });
  const store = String((await a.services.stores.upsert({ code: 'RL1', name: '限流店', city: '上海', address: '路', phone: '021', location: { lat: 31, lng: 121 } }))._id);
  const store2 = String((await a.services.stores.upsert({ code: 'RL2', name: '限流二店', city: '上海', address: '路', phone: '021', location: { lat: 31, lng: 121 } }))._id);
  const login = async (openid?: string) => {
    const minted = await fetch(`${sim.url}/control/login-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(openid ? { openid } : {}) }).then((r) => r.json());
    const r = await a.call('POST', '/api/auth/login', { body: { code: minted.code }, headers: newIp() });
    if (r.status !== 200) throw new Error(`login ${r.status}`);
    return { ...r.body, openid: minted.openid } as Session;
  };
  [staff1, staff2, otherStoreStaff] = [await login(), await login(), await login()];
  await a.setRoles(staff1.member.id, ['member', 'staff'], store);
  await a.setRoles(staff2.member.id, ['member', 'staff'], store);
  await a.setRoles(otherStoreStaff.member.id, ['member', 'staff'], store2);
});
afterAll(async () => {
  await a.close();
  await dropTestDb(b.conn);
  await b.close();
  await sim.close();
});
// Every test starts at the beginning of a fresh window.
beforeEach(() => clock.travel(60_000 - (clock.now().getTime() % 60_000) + 1));

const both = (i: number) => (i % 2 ? b : a);
const mintCode = async () =>
  (await fetch(`${sim.url}/control/login-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json())).code as string;

function expectLimited(r: { status: number; body: any; headers: Headers }) {
  expect(r.status).toBe(429);
  expect(r.body.code).toBe('RATE_LIMITED');
  expect(r.body.message).toBe('操作太频繁，请稍后再试');
  expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

test('login: 3 per IP per window across both instances, then 429; another IP and the next window are free', async () => {
  const ip = newIp();
  for (let i = 0; i < 3; i++) expect((await both(i).call('POST', '/api/auth/login', { body: { code: await mintCode() }, headers: ip })).status).toBe(200);
  expectLimited(await b.call('POST', '/api/auth/login', { body: { code: await mintCode() }, headers: ip }));
  // malformed attempts are counted too and refused before validation
  expectLimited(await a.call('POST', '/api/auth/login', { body: {}, headers: ip }));
  expect((await a.call('POST', '/api/auth/login', { body: { code: await mintCode() }, headers: newIp() })).status).toBe(200);
  clock.travel(61_000);
  expect((await b.call('POST', '/api/auth/login', { body: { code: await mintCode() }, headers: ip })).status).toBe(200);
});

test('token refresh: 3 per IP per window across both instances', async () => {
  const ip = newIp();
  const results = [];
  for (let i = 0; i < 4; i++) results.push(await both(i).call('POST', '/api/auth/refresh', { body: { refreshToken: `not-a-token-${i}-xxxxxxxxxxxxxxxx` }, headers: ip }));
  expect(results.slice(0, 3).map((r) => r.status)).not.toContain(429);
  expectLimited(results[3]);
});

test('invite lookups: 4 per IP per window', async () => {
  const ip = newIp();
  for (let i = 0; i < 4; i++) expect((await both(i).call('GET', `/api/invites/ZZZZ${i}`, { headers: ip })).status).not.toBe(429);
  expectLimited(await a.call('GET', '/api/invites/ZZZZ9', { headers: ip }));
});

test('20 concurrent lookups from one IP over both instances: exactly the limit (4) get through', async () => {
  const ip = newIp();
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => both(i).call('GET', `/api/invites/CONC${i}`, { headers: ip })));
  expect(results.filter((r) => r.status !== 429)).toHaveLength(4);
});

test('limits are settings: MAX/SECONDS, validated at start', () => {
  expect(loadConfig({ RATE_LIMIT_LOGIN_PER_IP: '10/30' }).RATE_LIMIT_LOGIN_PER_IP).toEqual({ max: 10, windowSeconds: 30 });
  expect(loadConfig({}).RATE_LIMIT_LOGIN_PER_IP).toEqual({ max: 120, windowSeconds: 60 });
  expect(() => loadConfig({ RATE_LIMIT_LOGIN_PER_IP: '0/60' })).toThrow(/RATE_LIMIT_LOGIN_PER_IP/);
  expect(() => loadConfig({ RATE_LIMIT_CHECK_IN_PER_STORE: 'lots' })).toThrow(/RATE_LIMIT_CHECK_IN_PER_STORE/);
});

const staffRoutes: [string, string, (i: number) => unknown][] = [
  ['member-code resolve', '/api/staff/member-code/resolve', (i) => ({ code: String(100000000000000000 + i) })],
  ['coupon verify', '/api/staff/coupons/verify', (i) => ({ code: String(430000000000000000 + i), idempotencyKey: `rl-verify-${i}-xxxx` })],
  ['booking check-in', '/api/staff/bookings/check-in', (i) => ({ code: `RL${i}` })],
];

test.each(staffRoutes)('%s: 3 per staff member and 5 per store, across both instances; other stores unaffected', async (_name, path, body) => {
  const call = (app: TestApp, s: Session, i: number) => app.call('POST', path, { token: s.accessToken, body: body(i), headers: newIp() });
  for (let i = 0; i < 3; i++) expect((await call(both(i), staff1, i)).status).not.toBe(429);
  expectLimited(await call(b, staff1, 3)); // per staff (4th of staff1; the store is at 4)
  expect((await call(a, staff2, 4)).status).not.toBe(429); // store now at 5
  expectLimited(await call(b, staff2, 5)); // per store: staff2's 2nd, the store's 6th
  expect((await call(a, otherStoreStaff, 6)).status).not.toBe(429);
});

test('a booking checked in by id shares the check-in counters', async () => {
  const s = staff1;
  for (let i = 0; i < 3; i++) expect((await both(i).call('POST', `/api/staff/bookings/${'a'.repeat(23)}${i}/check-in`, { token: s.accessToken, headers: newIp() })).status).not.toBe(429);
  expectLimited(await a.call('POST', '/api/staff/bookings/check-in', { token: s.accessToken, body: { code: 'X1' }, headers: newIp() }));
});

test('without TRUST_PROXY the forwarded header is ignored (one socket address, one counter)', async () => {
  const c = await startTestApp({ sim, dbUri, clock, env: { ...env, TRUST_PROXY: 'false' }, dropOnClose: false });
  try {
    for (let i = 0; i < 3; i++) await c.call('POST', '/api/auth/refresh', { body: { refreshToken: `nope-${i}-xxxxxxxxxxxxxxxxxxxx` }, headers: newIp() });
    expectLimited(await c.call('POST', '/api/auth/refresh', { body: { refreshToken: 'nope-x-xxxxxxxxxxxxxxxxxxxx' }, headers: newIp() }));
  } finally {
    await c.close();
  }
});

test('ended windows are purged by the job, current ones kept', async () => {
  const Window = rateWindowModel(a.conn);
  await a.call('GET', '/api/invites/PURGE', { headers: newIp() });
  const before = await Window.countDocuments();
  clock.travel(60_000);
  await a.call('GET', '/api/invites/PURGE', { headers: newIp() });
  const deleted = await a.services.rateLimiter.purge();
  expect(deleted).toBeGreaterThan(0);
  expect(await Window.countDocuments()).toBeLessThan(before + 1);
  expect(await Window.countDocuments({ expiresAt: { $lt: clock.now() } })).toBe(0);
  expect(await Window.countDocuments()).toBeGreaterThan(0);
});
