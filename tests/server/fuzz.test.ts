/**
 * Fuzz pass over every operation of the OpenAPI document: malformed JSON,
 * wrong types, operator injection ({"$gt": ""}), huge strings, bad ids, no
 * auth and every role. Whatever the input, the answer is never a 5xx.
 */
import { startTestApp, type TestApp } from '../support/app';
import { consoleSignIn, type ConsoleJar } from '../support/console';

let app: TestApp;
const tokens: Record<string, string | undefined> = { none: undefined };
/** console routes fuzzed with a console admin session too (cookie + CSRF), not only refused bearer tokens */
const CONSOLE_FUZZED = ['/api/console/staff', '/api/console/members/{memberId}/points-adjust', '/api/console/points-adjust', '/api/console/ledger-audits', '/api/console/referrals', '/api/console/messages'];
let consoleJar: ConsoleJar;

beforeAll(async () => {
  app = await startTestApp();
  const store = String((await app.services.stores.upsert({ code: 'FZ1', name: '模糊店', city: '上海', address: '路', phone: '021', location: { lat: 31, lng: 121 } }))._id);
  const [member, staff, admin] = [await app.login(), await app.login(), await app.login()];
  await app.setRoles(staff.member.id, ['member', 'staff'], store);
  await app.setRoles(admin.member.id, ['member', 'admin']);
  Object.assign(tokens, { member: member.accessToken, staff: staff.accessToken, admin: admin.accessToken });
  consoleJar = await consoleSignIn(app, admin.accessToken);
});
afterAll(async () => {
  await app.close();
});

type Json = { type?: string | string[]; properties?: Record<string, Json>; anyOf?: Json[] };
interface Op {
  method: string;
  path: string;
  parameters: { name: string; in: string }[];
  body?: Json;
}

const HUGE = 'x'.repeat(20_000);
const INJECT = { $gt: '' };
const idValues = ['0123456789abcdef01234567', 'zzz', encodeURIComponent(JSON.stringify(INJECT)), '%24gt', HUGE.slice(0, 5000), '..%2F..%2Fetc'];

/** Bodies that are wrong in every way we can think of, from the body's schema. */
function badBodies(schema: Json | undefined): (string | undefined)[] {
  const props = Object.keys(schema?.properties ?? {});
  const variants: unknown[] = [INJECT, [], null, 'text', 12, { __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }];
  variants.push(Object.fromEntries(props.map((p) => [p, INJECT])));
  variants.push(Object.fromEntries(props.map((p) => [p, HUGE])));
  variants.push(Object.fromEntries(props.map((p) => [p, -1e308])));
  variants.push(Object.fromEntries(props.map((p) => [p, [INJECT]])));
  variants.push(Object.fromEntries(props.map((p) => [p, { nested: { $where: 'sleep(1000)' } }])));
  return [...variants.map((v) => JSON.stringify(v)), '{', '{"a":', '\u0000', '[1,2', undefined];
}

function queries(op: Op): string[] {
  const names = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  if (!names.length) return [''];
  const q = (v: string) => `?${names.map((n) => `${n}=${v}`).join('&')}`;
  return [q(encodeURIComponent(JSON.stringify(INJECT))), q('-1'), q(HUGE.slice(0, 4000)), `?${names.map((n) => `${n}[$gt]=&${n}=a&${n}=b`).join('&')}`];
}

const fill = (path: string, v: string) => path.replace(/\{[^}]+\}/g, v);

test('no route answers 5xx to malformed, hostile or unauthorised input', async () => {
  const doc = (await app.call('GET', '/api/openapi.json')).body;
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema });
    }
  }
  expect(ops.length).toBeGreaterThan(50);
  const failures: string[] = [];
  let sent = 0;
  const send = async (method: string, url: string, raw: string | undefined, auth: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': 'fuzz-key-0001' };
    if (auth === 'console') Object.assign(headers, { cookie: consoleJar.cookie, 'x-csrf-token': consoleJar.csrf });
    const r = await app.call(method, url, { raw, token: tokens[auth], headers }).catch((e: Error) => ({ status: 599, body: e.message }));
    sent += 1;
    if (r.status >= 500) failures.push(`${r.status} ${auth} ${method} ${url.slice(0, 120)} ${String(raw).slice(0, 80)} → ${JSON.stringify(r.body).slice(0, 160)}`);
  };
  const tasks: (() => Promise<void>)[] = [];
  const queue = (method: string, url: string, raw: string | undefined, auth: string) => tasks.push(() => send(method, url, raw, auth));
  for (const op of ops) {
    const bodies = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(op.method) ? badBodies(op.body) : [undefined];
    for (const id of idValues) {
      const url = fill(op.path, id);
      for (const q of queries(op)) queue(op.method, url + q, bodies[0], 'admin');
    }
    const url = fill(op.path, idValues[0]);
    const auths = CONSOLE_FUZZED.some((p) => op.path.startsWith(p)) ? ['console', 'admin', 'staff', 'member'] : ['admin', 'staff', 'member'];
    if (auths[0] === 'console') for (const id of idValues) for (const q of queries(op)) queue(op.method, fill(op.path, id) + q, bodies[0], 'console');
    for (const raw of bodies) for (const auth of auths) queue(op.method, url, raw, auth);
    queue(op.method, url, bodies[0], 'none');
  }
  // Six clients at a time: also shakes out races between hostile requests.
  await Promise.all(Array.from({ length: 6 }, async () => {
    for (let t = tasks.shift(); t; t = tasks.shift()) await t();
  }));
  expect(sent).toBeGreaterThan(1000); // the whole document was exercised
  expect(failures).toEqual([]);
}, 300_000);
