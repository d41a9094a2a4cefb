import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { BODY_LIMIT_BYTES: '2048' } });
});
afterAll(async () => {
  await app.close();
});

function expectErrorShape(body: any, code: string) {
  expect(body).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
  expect(body.message).toMatch(/[\u4e00-\u9fa5]/); // Chinese for the user
  expect(JSON.stringify(body)).not.toMatch(/stack|at Object|node_modules/);
}

test('invalid JSON → 400 INVALID_JSON', async () => {
  const res = await app.call('POST', '/api/auth/login', { raw: '{"code": ', headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(400);
  expectErrorShape(res.body, 'INVALID_JSON');
});

test('missing fields → 400 VALIDATION_FAILED with the failing fields', async () => {
  const res = await app.call('POST', '/api/auth/login', { body: {} });
  expect(res.status).toBe(400);
  expectErrorShape(res.body, 'VALIDATION_FAILED');
  expect(res.body.fields).toEqual([expect.objectContaining({ path: 'body.code' })]);
});

test('wrong types and empty body → 400, never 500', async () => {
  for (const body of [{ code: 123 }, { code: '' }, [], 'text', null]) {
    const res = await app.call('POST', '/api/auth/login', { body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  }
  const empty = await app.call('POST', '/api/auth/login', { raw: '', headers: { 'content-type': 'application/json' } });
  expect(empty.status).toBe(400);
});

test('oversized body → 413 BODY_TOO_LARGE (declared and streamed)', async () => {
  const big = JSON.stringify({ code: 'x'.repeat(5000) });
  const res = await app.call('POST', '/api/auth/login', { raw: big, headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(413);
  expectErrorShape(res.body, 'BODY_TOO_LARGE');
});

test('non-JSON content type → 415', async () => {
  const res = await app.call('POST', '/api/auth/login', { raw: 'code=abc', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(res.status).toBe(415);
  expectErrorShape(res.body, 'UNSUPPORTED_MEDIA_TYPE');
});

test('bad path params and query → 400 with fields', async () => {
  const admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  const res = await app.call('DELETE', '/api/admin/staff/not-an-id', { token: admin.accessToken });
  expect(res.status).toBe(400);
  expect(res.body.fields[0].path).toBe('params.memberId');
  const q = await app.call('GET', '/api/admin/members?phone=123', { token: admin.accessToken });
  expect(q.status).toBe(400);
  expect(q.body.fields[0].path).toBe('query.phone');
});

test('unknown API route → 404 JSON; request id echoed on every response', async () => {
  const res = await app.call('GET', '/api/nope');
  expect(res.status).toBe(404);
  expectErrorShape(res.body, 'NOT_FOUND');
  expect(res.headers.get('x-request-id')).toBe(res.body.requestId);
  const ok = await app.call('GET', '/api/health', { headers: { 'x-request-id': 'client-req-12345' } });
  expect(ok.headers.get('x-request-id')).toBe('client-req-12345');
});

test('bad authorization header → 401 AUTH_TOKEN_INVALID', async () => {
  const res = await app.call('GET', '/api/me', { headers: { authorization: 'Basic abc' } });
  expect(res.status).toBe(401);
  expect(res.body.code).toBe('AUTH_TOKEN_INVALID');
});

test('an unexpected failure is a 500 with a request id and no internals', async () => {
  // The database going away mid-request is the realistic unknown error.
  const broken = await startTestApp({ sim: app.sim });
  const login = await broken.login();
  await broken.conn.close();
  const res = await broken.call('GET', '/api/stores', { token: undefined });
  expect(res.status).toBe(500);
  expectErrorShape(res.body, 'INTERNAL');
  expect(JSON.stringify(res.body)).not.toMatch(/mongo|Mongo|client|closed/i);
  expect(login.isNew).toBe(true);
  await broken.close();
});
