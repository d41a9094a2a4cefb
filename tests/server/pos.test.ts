/**
 * Store POS API (/pos/v1): per-store API keys, HMAC request signatures with a
 * timestamp window and single-use nonces, member-code resolve → quote →
 * commit (idempotent by POS transaction id) → reversals, the admin key routes,
 * the demo key and the example client — against the real engine.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import { couponModel } from '../../server/src/coupons/model';
import { orderModel } from '../../server/src/orders/model';
import { entryModel } from '../../server/src/points/model';
import { posKeyModel, posNonceModel } from '../../server/src/pos/model';
import { createLogger } from '../../server/src/platform/logger';
import { seedDemoPosKey } from '../../server/src/seed/pos-demo';
import { checkout, commitWithRetry, formatReceipt, PosApiError, PosClient, type PreparedRequest } from '../../server/examples/pos-client';
import { startTestApp, type TestApp } from '../support/app';
import { parallel } from '../support/http';

let app: TestApp;
let storeA = '';
let storeB = '';
let templateId = '';
let admin: Awaited<ReturnType<TestApp['login']>>;
let keyA: { keyId: string; secret: string };
let keyB: { keyId: string; secret: string };
let posA: PosClient;
let posB: PosClient;

const client = (k: { keyId: string; secret: string }) => new PosClient({ base: app.url, keyId: k.keyId, secret: k.secret, now: () => app.clock.now().getTime() });

async function createKey(storeId: string, label: string) {
  const r = await app.call('POST', `/api/admin/stores/${storeId}/pos-keys`, { token: admin.accessToken, body: { label } });
  expect(r.status).toBe(201);
  return r.body as { keyId: string; secret: string; storeId: string; label: string; revokedAt: null };
}

beforeAll(async () => {
  app = await startTestApp();
  storeA = String((await app.services.stores.upsert({ code: 'P1', name: '徐汇店', city: '上海', address: 'a', phone: '1', location: { lat: 31, lng: 121 } }))._id);
  storeB = String((await app.services.stores.upsert({ code: 'P2', name: '浦东店', city: '上海', address: 'b', phone: '2', location: { lat: 31, lng: 121 } }))._id);
  admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  templateId = (
    await app.call('POST', '/api/admin/coupons/templates', {
      token: admin.accessToken,
      body: { name: '满300减50', type: 'full_reduction', amountOffFen: 5000, thresholdFen: 30000, perMemberLimit: 5, validity: { mode: 'relative', days: 30 }, channel: 'claim_center' },
    })
  ).body.id;
  keyA = await createKey(storeA, '徐汇店收银');
  keyB = await createKey(storeB, '浦东店收银');
  posA = client(keyA);
  posB = client(keyB);
});
afterAll(async () => {
  await app.close();
});

const summary = (memberId: string) => app.services.points.summary(memberId);

async function shopperWith(points: number) {
  const s = await app.login();
  const coupon = (await app.call('POST', '/api/coupons/claim', { token: s.accessToken, body: { templateId } })).body;
  if (points) await app.services.points.earn({ memberId: s.member.id, amount: points, reason: 'purchase', source: 'order', reference: `seed-${s.member.id}`, leg: 'earn' });
  return { ...s, couponId: coupon.id as string };
}

const codeOf = (memberId: string) => app.services.membership.currentCode(memberId);
async function scan(memberId: string, pos = posA): Promise<string> {
  return (await pos.resolveMemberCode(await codeOf(memberId))).memberToken;
}

/** Send a prepared request as is: {status, body}, never throws on an error answer. */
async function send(req: PreparedRequest): Promise<{ status: number; body: any }> {
  const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
/** The error code of a client call that must fail. */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PosApiError) return `${err.status} ${err.code}`;
    throw err;
  }
  throw new Error('expected the call to fail');
}

const LINES = [
  { id: 'sofa', name: '布艺沙发', amountFen: 30000 },
  { id: 'lamp', name: '落地灯', amountFen: 8000 },
  { id: 'rug', name: '地毯', amountFen: 2000 },
];
const txn = () => `T-${randomUUID()}`;
const ordersOf = (memberId: string) => orderModel(app.conn).find({ memberId: new Types.ObjectId(memberId) }).lean();

describe('admin key routes', () => {
  test('need an admin session; the secret is returned once and stored encrypted', async () => {
    const base = `/api/admin/stores/${storeA}/pos-keys`;
    expect((await app.call('POST', base, { body: { label: 'x' } })).body.code).toBe('AUTH_REQUIRED');
    expect((await app.call('GET', base)).body.code).toBe('AUTH_REQUIRED');
    const member = await app.login();
    const staff = await app.login();
    await app.setRoles(staff.member.id, ['member', 'staff'], storeA);
    for (const who of [member, staff]) {
      const create = await app.call('POST', base, { token: who.accessToken, body: { label: 'x' } });
      expect([create.status, create.body.code]).toEqual([403, 'ROLE_REQUIRED']);
      expect((await app.call('GET', base, { token: who.accessToken })).body.code).toBe('ROLE_REQUIRED');
      expect((await app.call('POST', `${base}/${keyA.keyId}/revoke`, { token: who.accessToken })).body.code).toBe('ROLE_REQUIRED');
    }
    expect(keyA.keyId).toMatch(/^pk_[0-9a-f]{24}$/);
    expect(keyA.secret).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    const list = await app.call('GET', base, { token: admin.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([{ keyId: keyA.keyId, storeId: storeA, label: '徐汇店收银', createdAt: expect.any(String), revokedAt: null }]);
    expect(JSON.stringify(list.body)).not.toContain(keyA.secret);
    const doc = (await posKeyModel(app.conn).findOne({ keyId: keyA.keyId }).lean())!;
    expect(JSON.stringify(doc)).not.toContain(keyA.secret);
    expect(JSON.stringify(doc)).not.toContain(keyA.secret.slice(3, 20));
    // Unknown store, key of another store, bad label → refused with codes.
    expect((await app.call('POST', `/api/admin/stores/${new Types.ObjectId()}/pos-keys`, { token: admin.accessToken, body: { label: 'x' } })).body.code).toBe('STORE_NOT_FOUND');
    expect((await app.call('POST', `/api/admin/stores/${storeB}/pos-keys/${keyA.keyId}/revoke`, { token: admin.accessToken })).body.code).toBe('NOT_FOUND');
    expect((await app.call('POST', base, { token: admin.accessToken, body: { label: '' } })).status).toBe(400);
    expect((await app.call('POST', `${base}/nope/revoke`, { token: admin.accessToken })).status).toBe(400);
  });

  test('a revoked key is refused at once; revoking again changes nothing', async () => {
    const k = await createKey(storeA, '临时');
    const pos = client(k);
    const s = await app.login();
    expect((await pos.resolveMemberCode(await codeOf(s.member.id))).memberId).toBe(s.member.id);
    const revoked = await app.call('POST', `/api/admin/stores/${storeA}/pos-keys/${k.keyId}/revoke`, { token: admin.accessToken });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect(await failure(pos.resolveMemberCode(await codeOf(s.member.id)))).toBe('401 POS_AUTH_INVALID');
    const again = await app.call('POST', `/api/admin/stores/${storeA}/pos-keys/${k.keyId}/revoke`, { token: admin.accessToken });
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
  });
});

describe('request signature', () => {
  test('the documented string-to-sign, computed independently here, is accepted', async () => {
    const s = await app.login();
    const body = JSON.stringify({ code: await codeOf(s.member.id) });
    const ts = String(Math.floor(app.clock.now().getTime() / 1000));
    const nonce = randomBytes(12).toString('base64url');
    const target = '/pos/v1/member-code/resolve';
    const toSign = ['POST', target, ts, nonce, createHash('sha256').update(body).digest('hex')].join('\n');
    const sig = createHmac('sha256', keyA.secret).update(toSign).digest('hex');
    const res = await send({ url: `${app.url}${target}`, method: 'POST', body, headers: { 'content-type': 'application/json', 'X-HC-Key': keyA.keyId, 'X-HC-Timestamp': ts, 'X-HC-Nonce': nonce, 'X-HC-Signature': sig } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ memberId: s.member.id, storeId: storeA, memberToken: expect.any(String), tier: { code: expect.any(String) } });
    expect(res.body.availablePoints).toBe((await summary(s.member.id)).available);
  });

  test('bad signature, tampered body, path or headers, missing headers, unknown key → POS_AUTH_INVALID; a refused request burns no nonce', async () => {
    const s = await app.login();
    const code = await codeOf(s.member.id);
    const good = posA.prepare('POST', '/pos/v1/member-code/resolve', { code });
    const variants: [string, PreparedRequest][] = [
      ['wrong secret', { ...good, headers: { ...good.headers, 'X-HC-Signature': client({ keyId: keyA.keyId, secret: keyB.secret }).prepare('POST', '/pos/v1/member-code/resolve', { code }, { timestamp: good.headers['X-HC-Timestamp'], nonce: good.headers['X-HC-Nonce'] }).headers['X-HC-Signature'] } }],
      ['flipped signature', { ...good, headers: { ...good.headers, 'X-HC-Signature': good.headers['X-HC-Signature'].replace(/^./, (c) => (c === '0' ? '1' : '0')) } }],
      ['short signature', { ...good, headers: { ...good.headers, 'X-HC-Signature': good.headers['X-HC-Signature'].slice(0, 40) } }],
      ['tampered body', { ...good, body: JSON.stringify({ code: code.replace(/.$/, (c) => (c === '1' ? '2' : '1')) }) }],
      ['body with a space', { ...good, body: `${good.body} ` }],
      ['tampered path', { ...good, url: `${app.url}/pos/v1/quote` }],
      ['added query', { ...good, url: `${good.url}?x=1` }],
      ['other timestamp', { ...good, headers: { ...good.headers, 'X-HC-Timestamp': String(Number(good.headers['X-HC-Timestamp']) - 1) } }],
      ['other nonce', { ...good, headers: { ...good.headers, 'X-HC-Nonce': `${good.headers['X-HC-Nonce']}x` } }],
      ['other key', { ...good, headers: { ...good.headers, 'X-HC-Key': keyB.keyId } }],
      ['unknown key', { ...good, headers: { ...good.headers, 'X-HC-Key': `pk_${randomBytes(12).toString('hex')}` } }],
      ['malformed key', { ...good, headers: { ...good.headers, 'X-HC-Key': 'pk_../../x' } }],
      ['no signature', { ...good, headers: { ...good.headers, 'X-HC-Signature': '' } }],
      ['no nonce', { ...good, headers: { ...good.headers, 'X-HC-Nonce': '' } }],
      ['short nonce', { ...good, headers: { ...good.headers, 'X-HC-Nonce': 'abc' } }],
      ['no headers', { ...good, headers: { 'content-type': 'application/json' } }],
      ['wrong method', { ...good, method: 'PUT' }],
    ];
    for (const [what, req] of variants) {
      const res = await send(req);
      expect([what, res.status, res.body?.code]).toEqual([what, 401, 'POS_AUTH_INVALID']);
      expect(res.body.message).toBe('收银系统签名校验失败');
    }
    // None of those stored the nonce: the genuine request still goes through, once.
    expect((await send(good)).status).toBe(200);
    expect((await send(good)).body.code).toBe('POS_NONCE_REPLAYED');
  });

  test('stale timestamp in both directions → POS_TIMESTAMP_STALE; within ±300 s is fine', async () => {
    const s = await app.login();
    const now = Math.floor(app.clock.now().getTime() / 1000);
    const at = async (ts: number) => send(posA.prepare('POST', '/pos/v1/member-code/resolve', { code: await codeOf(s.member.id) }, { timestamp: String(ts) }));
    for (const ts of [now - 302, now + 302, now - 86400, 0]) {
      const r = await at(ts);
      expect([ts - now, r.status, r.body.code]).toEqual([ts - now, 401, 'POS_TIMESTAMP_STALE']);
    }
    for (const ts of [now - 290, now + 290]) expect((await at(ts)).status).toBe(200);
    // A bad signature with a stale timestamp reveals nothing more than a bad signature.
    const forged = posA.prepare('POST', '/pos/v1/member-code/resolve', { code: '1' }, { timestamp: String(now - 1000) });
    expect((await send({ ...forged, headers: { ...forged.headers, 'X-HC-Signature': '0'.repeat(64) } })).body.code).toBe('POS_AUTH_INVALID');
  });

  test('a replayed request is refused — sequentially and when 10 copies arrive at once', async () => {
    const s = await app.login();
    const req = posA.prepare('POST', '/pos/v1/member-code/resolve', { code: await codeOf(s.member.id) });
    expect((await send(req)).status).toBe(200);
    const again = await send(req);
    expect([again.status, again.body.code, again.body.message]).toEqual([401, 'POS_NONCE_REPLAYED', '重复的收银系统请求']);

    const burst = posA.prepare('POST', '/pos/v1/member-code/resolve', { code: await codeOf(s.member.id) });
    const results = await parallel(10, () => send(burst));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 200).map((r) => r.body.code)).toEqual(Array(9).fill('POS_NONCE_REPLAYED'));
    // The same nonce with another key is that key's own business.
    const other = posB.prepare('POST', '/pos/v1/member-code/resolve', { code: await codeOf(s.member.id) }, { nonce: burst.headers['X-HC-Nonce'] });
    expect((await send(other)).status).toBe(200);
  });

  test('bad input after a valid signature: codes, never a 500', async () => {
    const s = await app.login();
    const token = await scan(s.member.id);
    const signedRaw = (pathname: string, body: string, contentType = 'application/json') => {
      const req = posA.prepare('POST', pathname, undefined);
      const ts = req.headers['X-HC-Timestamp'];
      const nonce = req.headers['X-HC-Nonce'];
      return send({ ...req, body, headers: { ...req.headers, 'content-type': contentType, 'X-HC-Signature': PosClient.sign(keyA.secret, { method: 'POST', target: pathname, timestamp: ts, nonce, body }) } });
    };
    expect((await signedRaw('/pos/v1/quote', '{not json')).body.code).toBe('INVALID_JSON');
    expect((await signedRaw('/pos/v1/quote', 'billFen=1', 'application/x-www-form-urlencoded')).body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await signedRaw('/pos/v1/quote', '')).body.code).toBe('VALIDATION_FAILED');
    const cases: [string, unknown, string][] = [
      ['/pos/v1/quote', { memberToken: token, billFen: 0 }, 'VALIDATION_FAILED'],
      ['/pos/v1/quote', { memberToken: token, billFen: 1.5 }, 'VALIDATION_FAILED'],
      // The key decides the store: a storeId in the body is refused, not ignored.
      ['/pos/v1/quote', { memberToken: token, billFen: 1000, storeId: storeB }, 'VALIDATION_FAILED'],
      ['/pos/v1/quote', { memberId: s.member.id, billFen: 1000 }, 'VALIDATION_FAILED'],
      ['/pos/v1/quote', { memberToken: 'x'.repeat(40), billFen: 1000 }, 'TILL_MEMBER_TOKEN_INVALID'],
      ['/pos/v1/redemptions', { posTxnId: 'has space', memberToken: token, billFen: 1000 }, 'VALIDATION_FAILED'],
      ['/pos/v1/redemptions', { posTxnId: 'x'.repeat(65), memberToken: token, billFen: 1000 }, 'VALIDATION_FAILED'],
      ['/pos/v1/redemptions', { posTxnId: txn(), memberToken: token, billFen: 1000, lines: [{ id: 'a', amountFen: 999 }] }, 'PRICING_INVALID_AMOUNT'],
      ['/pos/v1/member-code/resolve', { code: '123' }, 'VALIDATION_FAILED'],
      ['/pos/v1/member-code/resolve', { code: '9'.repeat(18) }, 'MEMBER_CODE_OTHER_CHAIN'],
    ];
    for (const [p, body, code] of cases) {
      const r = await send(posA.prepare('POST', p, body));
      expect([p, body, r.body.code]).toEqual([p, body, code]);
      expect(r.status).toBeLessThan(500);
    }
    const nowhere = await send(posA.prepare('GET', '/pos/v1/nowhere'));
    expect([nowhere.status, nowhere.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await send(posA.prepare('GET', '/pos/v1/redemptions/no-such-txn'))).body.code).toBe('NOT_FOUND');
  });
});

describe('redemptions', () => {
  test('resolve → quote → commit: the coupon is used and the points spent at once, exactly', async () => {
    const s = await shopperWith(10_000);
    const before = await summary(s.member.id);
    const member = await posA.resolveMemberCode(await codeOf(s.member.id));
    expect(member).toMatchObject({ memberId: s.member.id, availablePoints: before.available, usableCoupons: 1, storeId: storeA });
    const q = await posA.quote({ memberToken: member.memberToken, billFen: 40000, couponId: s.couponId, points: 'max', lines: LINES });
    // 10,000 seeded + the sign-up bonus; the cap is 50 % of ¥350.
    expect(q).toMatchObject({ couponDiscountFen: 5000, pointsUsed: before.available, maxPoints: before.available, bestCouponId: s.couponId });
    const quoted = await posA.quote({ memberToken: member.memberToken, billFen: 40000, couponId: s.couponId, points: 10000, lines: LINES });
    expect(quoted).toMatchObject({ couponDiscountFen: 5000, pointsUsed: 10000, cashFen: 25000, pointsEarned: 250 });
    // A quote changes nothing.
    expect(await summary(s.member.id)).toEqual(before);

    const posTxnId = txn();
    const order = await posA.commit({ posTxnId, memberToken: member.memberToken, billFen: 40000, couponId: s.couponId, points: 10000, lines: LINES });
    expect(order).toMatchObject({
      state: 'paid', channel: 'pos', settlement: 'other', storeId: storeA, posTxnId,
      billFen: 40000, couponId: s.couponId, couponDiscountFen: 5000, pointsUsed: 10000, pointsValueFen: 10000, cashFen: 25000, pointsEarned: 250,
      member: { id: s.member.id },
    });
    expect(order.lines.map((l) => [l.id, l.name, l.couponFen + l.pointsFen + l.cashFen === l.amountFen])).toEqual([['sofa', '布艺沙发', true], ['lamp', '落地灯', true], ['rug', '地毯', true]]);
    expect(order.lines.reduce((t, l) => t + l.pointsFen, 0)).toBe(10000);
    expect(await summary(s.member.id)).toMatchObject({ held: 0, balance: before.balance - 10000 + 250, available: before.available - 10000 + 250 });
    expect((await couponModel(app.conn).findById(s.couponId).lean())!.state).toBe('used');
    expect(await entryModel(app.conn).countDocuments({ source: 'order', reference: order.id, leg: 'capture', state: 'applied' })).toBe(1);
    // Read back by POS transaction id.
    expect(await posA.redemption(posTxnId)).toEqual(order);
    // The shopper sees it among their orders.
    const mine = await app.call('GET', `/api/orders/${order.id}`, { token: s.accessToken });
    expect(mine.body).toMatchObject({ state: 'paid', channel: 'pos', posTxnId });
  });

  test('the same posTxnId twice, and 10 times at once: one redemption, one points capture, one coupon use', async () => {
    const s = await shopperWith(10_000);
    const before = await summary(s.member.id);
    const memberToken = await scan(s.member.id);
    const body = { posTxnId: txn(), memberToken, billFen: 40000, couponId: s.couponId, points: 8000, lines: LINES };
    const first = await posA.commit(body);
    const second = await posA.commit(body);
    expect(second).toEqual(first);
    const rawAgain = await send(posA.prepare('POST', '/pos/v1/redemptions', body));
    expect([rawAgain.status, rawAgain.body.id]).toEqual([201, first.id]);

    const s2 = await shopperWith(10_000);
    const before2 = await summary(s2.member.id);
    const body2 = { posTxnId: txn(), memberToken: await scan(s2.member.id), billFen: 40000, couponId: s2.couponId, points: 8000, lines: LINES };
    const burst = await parallel(10, () => send(posA.prepare('POST', '/pos/v1/redemptions', body2)));
    expect(burst.map((r) => `${r.status} ${r.body.code ?? ''}`)).toEqual(Array(10).fill('201 '));
    expect(new Set(burst.map((r) => r.body.id)).size).toBe(1);

    for (const [who, b, start] of [[s, body, before], [s2, body2, before2]] as const) {
      const orders = await ordersOf(who.member.id);
      expect(orders).toHaveLength(1);
      expect(orders[0]).toMatchObject({ state: 'paid', posTxnId: b.posTxnId, pointsUsed: 8000 });
      const id = String(orders[0]._id);
      expect(await entryModel(app.conn).countDocuments({ source: 'order', reference: id, leg: 'capture' })).toBe(1);
      expect(await entryModel(app.conn).countDocuments({ source: 'order', reference: id, leg: 'hold' })).toBe(1);
      expect(await summary(who.member.id)).toMatchObject({ held: 0, balance: start.balance - 8000 + orders[0].pointsEarned });
      expect((await couponModel(app.conn).findById(who.couponId).lean())!.state).toBe('used');
    }
    const read = await posA.redemption(body2.posTxnId);
    expect(read).toMatchObject({ id: burst[0].body.id, state: 'paid' });
  });

  test('the same posTxnId with other terms → POS_TXN_CONFLICT and nothing changes', async () => {
    const s = await shopperWith(10_000);
    const memberToken = await scan(s.member.id);
    const body = { posTxnId: txn(), memberToken, billFen: 40000, couponId: s.couponId, points: 5000, lines: LINES };
    const order = await posA.commit(body);
    const after = await summary(s.member.id);
    const other = await shopperWith(10_000);
    const variants = [
      { billFen: 40001, lines: [...LINES.slice(0, 2), { id: 'rug', name: '地毯', amountFen: 2001 }] },
      { points: 5001 },
      { couponId: null },
      { lines: [{ id: 'sofa', amountFen: 30000 }, { id: 'lamp', amountFen: 9000 }, { id: 'rug', amountFen: 1000 }] },
      { lines: undefined },
      { memberToken: await scan(other.member.id), couponId: other.couponId },
    ];
    for (const v of variants) expect([v, await failure(posA.commit({ ...body, ...v }))]).toEqual([v, '409 POS_TXN_CONFLICT']);
    expect(await ordersOf(s.member.id)).toHaveLength(1);
    expect(await ordersOf(other.member.id)).toHaveLength(0);
    expect(await summary(s.member.id)).toEqual(after);
    expect((await couponModel(app.conn).findById(other.couponId).lean())!.state).toBe('available');
    expect(await posA.commit(body)).toMatchObject({ id: order.id });
  });

  test('reversal by line, then in full: points come back exactly; a retried refundKey reverses once', async () => {
    const s = await shopperWith(10_000);
    const start = await summary(s.member.id);
    const posTxnId = txn();
    const order = await posA.commit({ posTxnId, memberToken: await scan(s.member.id), billFen: 40000, couponId: s.couponId, points: 10000, lines: LINES });
    const lamp = order.lines.find((l) => l.id === 'lamp')!;
    const refundKey = randomUUID();
    const r1 = await posA.reverse(posTxnId, { lineIds: ['lamp'], reason: '顾客退货', refundKey });
    expect(r1.refund).toMatchObject({ amountFen: lamp.cashFen, state: 'SUCCESS' });
    expect(r1.order.lines.find((l) => l.id === 'lamp')!.refunded).toBe(true);
    const mid = await summary(s.member.id);
    expect(mid.balance).toBe(start.balance - 10000 + 250 + Math.floor((10000 * lamp.cashFen) / 25000) - Math.floor((250 * lamp.cashFen) / 25000));
    // Retried (the POS did not get the answer): the same refund, nothing more; 5 concurrent retries too.
    const retries = await parallel(5, () => posA.reverse(posTxnId, { lineIds: ['lamp'], reason: '顾客退货', refundKey }));
    expect(retries.every((r) => r.refund.outRefundNo === r1.refund.outRefundNo)).toBe(true);
    expect(await summary(s.member.id)).toEqual(mid);
    expect(await failure(posA.reverse(posTxnId, { lineIds: ['lamp'], reason: '顾客退货', refundKey: randomUUID() }))).toBe('400 ORDER_REFUND_LINES_INVALID');
    expect(await failure(posA.reverse(posTxnId, { lineIds: ['lamp'], full: true, reason: '顾客退货', refundKey: randomUUID() } as never))).toBe('400 VALIDATION_FAILED');

    const fullKey = randomUUID();
    const rest = await posA.reverse(posTxnId, { full: true, reason: '整单退货', refundKey: fullKey });
    expect(rest.refund).toMatchObject({ amountFen: 25000 - lamp.cashFen, state: 'SUCCESS' });
    expect(rest.order).toMatchObject({ state: 'refunded', refundedFen: 25000 });
    expect(rest.order.refunds).toHaveLength(2);
    const end = await summary(s.member.id);
    expect(end).toMatchObject({ balance: start.balance, available: start.available, held: 0 });
    expect((await couponModel(app.conn).findById(s.couponId).lean())!.state).toBe('available');
    expect((await app.services.membership.card(s.member.id)).growth).toBe(0);
    expect((await posA.reverse(posTxnId, { full: true, reason: '整单退货', refundKey: fullKey })).refund.outRefundNo).toBe(rest.refund.outRefundNo);
    expect(await summary(s.member.id)).toEqual(end);
    expect(await failure(posA.reverse(posTxnId, { full: true, reason: '整单退货', refundKey: randomUUID() }))).toBe('400 PAY_REFUND_EXCEEDS');
    const entries = await entryModel(app.conn).find({ memberId: new Types.ObjectId(s.member.id), state: 'applied' }).lean();
    expect(entries.reduce((t, e) => t + e.delta, 0)).toBe(end.balance);
    expect((await posA.redemption(posTxnId)).refunds.map((r) => `${r.via}:${r.state}`)).toEqual(['other:SUCCESS', 'other:SUCCESS']);
  });

  test("another store's key: cannot read or reverse this store's redemption, cannot use its member token", async () => {
    const s = await shopperWith(10_000);
    const tokenA = await scan(s.member.id, posA);
    const posTxnId = txn();
    const order = await posA.commit({ posTxnId, memberToken: tokenA, billFen: 40000, couponId: s.couponId, points: 1000 });
    expect(await failure(posB.redemption(posTxnId))).toBe('404 NOT_FOUND');
    expect(await failure(posB.reverse(posTxnId, { full: true, reason: '退货', refundKey: randomUUID() }))).toBe('404 NOT_FOUND');
    expect(await failure(posB.quote({ memberToken: tokenA, billFen: 40000 }))).toBe('400 TILL_MEMBER_TOKEN_INVALID');
    expect(await failure(posB.commit({ posTxnId: txn(), memberToken: tokenA, billFen: 1000 }))).toBe('400 TILL_MEMBER_TOKEN_INVALID');
    // Store B using the same POS transaction id is its own transaction (with its own scan).
    const atB = await posB.commit({ posTxnId, memberToken: await scan(s.member.id, posB), billFen: 1000 });
    expect(atB.id).not.toBe(order.id);
    expect(atB.storeId).toBe(storeB);
    expect((await posA.redemption(posTxnId)).id).toBe(order.id);
    // A clerk's till scan is not a POS token either.
    const clerk = await app.login();
    await app.setRoles(clerk.member.id, ['member', 'staff'], storeA);
    const tillToken = (await app.call('POST', '/api/staff/member-code/resolve', { token: clerk.accessToken, body: { code: await codeOf(s.member.id) } })).body.memberToken;
    expect(await failure(posA.quote({ memberToken: tillToken, billFen: 1000 }))).toBe('400 TILL_MEMBER_TOKEN_INVALID');
    // Nor does a session token open the POS API.
    const withSession = await app.call('POST', '/pos/v1/quote', { token: admin.accessToken, body: { memberToken: tokenA, billFen: 1000 } });
    expect(withSession.body.code).toBe('POS_AUTH_INVALID');
    expect((await couponModel(app.conn).findById(s.couponId).lean())!.state).toBe('used');
  });
});

describe('OpenAPI, demo key and example client', () => {
  test('the POS routes and key routes are documented with the posSignature scheme', async () => {
    const doc = (await app.call('GET', '/api/openapi.json')).body;
    expect(doc.components.securitySchemes.posSignature).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-HC-Signature', description: expect.stringContaining('HMAC-SHA256') });
    for (const [p, m] of [['/pos/v1/member-code/resolve', 'post'], ['/pos/v1/quote', 'post'], ['/pos/v1/redemptions', 'post'], ['/pos/v1/redemptions/{posTxnId}', 'get'], ['/pos/v1/redemptions/{posTxnId}/reversals', 'post']]) {
      const op = doc.paths[p]?.[m];
      expect(op).toBeDefined();
      expect(op.security).toEqual([{ posSignature: [] }]);
      expect(op.parameters.filter((x: { in: string }) => x.in === 'header').map((x: { name: string }) => x.name)).toEqual(['X-HC-Key', 'X-HC-Timestamp', 'X-HC-Nonce', 'X-HC-Signature']);
    }
    expect(doc.paths['/pos/v1/redemptions'].post.responses['201']).toBeDefined();
    expect(doc.paths['/pos/v1/redemptions'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['posTxnId', 'memberToken', 'billFen']));
    expect(doc.paths['/api/admin/stores/{storeId}/pos-keys'].post).toMatchObject({ security: [{ bearer: [] }], 'x-access': 'admin' });
    expect(doc.paths['/api/admin/stores/{storeId}/pos-keys/{keyId}/revoke'].post).toBeDefined();
    const html = await (await fetch(`${app.url}/api/docs`)).text();
    expect(html).toContain('/pos/v1/redemptions/{posTxnId}/reversals');
  });

  test('the example client: checkout in-process, and the CLI twice with the same --txn (one redemption) using the demo key file', async () => {
    const s = await shopperWith(3_000);
    const before = await summary(s.member.id);
    const result = await checkout(posA, { code: await codeOf(s.member.id), amountFen: 40000 });
    // best coupon (满300减50) and as many points as available
    expect(result.redemption).toMatchObject({ state: 'paid', couponId: s.couponId, couponDiscountFen: 5000, pointsUsed: before.available });
    expect(formatReceipt(result)).toContain(`${before.available} 积分`);
    expect(await summary(s.member.id)).toMatchObject({ balance: before.balance - before.available + result.redemption.pointsEarned });

    // The answer to a commit is lost (the connection drops after the server committed): the retry gets the same redemption.
    class FlakyClient extends PosClient {
      lost = 0;
      override async commit(c: Parameters<PosClient['commit']>[0]) {
        const r = await super.commit(c);
        if (this.lost++ === 0) throw new TypeError('fetch failed: socket hang up');
        return r;
      }
    }
    const flaky = new FlakyClient({ base: app.url, keyId: keyA.keyId, secret: keyA.secret, now: () => app.clock.now().getTime() });
    const s3 = await shopperWith(5_000);
    const start3 = await summary(s3.member.id);
    const body = { posTxnId: txn(), memberToken: await scan(s3.member.id), billFen: 40000, couponId: s3.couponId, points: 5000 };
    const kept = await commitWithRetry(flaky, body);
    expect(flaky.lost).toBe(2);
    expect(await ordersOf(s3.member.id)).toHaveLength(1);
    expect(kept).toMatchObject({ posTxnId: body.posTxnId, pointsUsed: 5000, state: 'paid' });
    expect(await summary(s3.member.id)).toMatchObject({ balance: start3.balance - 5000 + kept.pointsEarned });
    // A refusal is not retried.
    const refused = new FlakyClient({ base: app.url, keyId: keyA.keyId, secret: 'sk_wrong' });
    expect(await failure(commitWithRetry(refused, body))).toBe('401 POS_AUTH_INVALID');
    expect(refused.lost).toBe(0);

    // The demo seed writes {base, keyId, secret} to a file in DATA_DIR; the CLI reads it.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pos-demo-'));
    try {
      app.services.pos.demo.keyFile = path.join(dir, 'pos-demo-key.json');
      app.services.pos.demo.base = app.url;
      const logger = createLogger('silent');
      const keyId = await seedDemoPosKey(app.services, storeA, logger);
      expect(await seedDemoPosKey(app.services, storeA, logger)).toBe(keyId); // once per store
      const file = JSON.parse(readFileSync(app.services.pos.demo.keyFile, 'utf8'));
      expect(file).toMatchObject({ base: app.url, keyId, secret: expect.stringMatching(/^sk_/) });
      expect(statSync(app.services.pos.demo.keyFile).mode & 0o777).toBe(0o600);

      const shopper = await shopperWith(2_000);
      const start = await summary(shopper.member.id);
      const posTxnId = txn();
      const run = async (extra = ['--amount', '12800', '--coupon', 'none', '--points', '1000', '--txn', posTxnId]) => {
        const args = [require.resolve('tsx/cli'), path.resolve(__dirname, '../../server/examples/pos-client.ts'), '--key-file', app.services.pos.demo.keyFile!, '--code', await codeOf(shopper.member.id), ...extra];
        return new Promise<{ code: number; out: string; err: string }>((resolve) => {
          execFile(process.execPath, args, { timeout: 20_000 }, (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }));
        });
      };
      const first = await run();
      expect(first).toMatchObject({ code: 0, err: '' });
      expect(first.out).toContain(`POS 流水号   ${posTxnId}`);
      expect(first.out).toContain('积分抵现     1000 积分 -¥10.00');
      expect(first.out).toContain('应收现金     ¥118.00');
      const second = await run();
      expect(second.code).toBe(0);
      expect(second.out).toBe(first.out);
      expect(await ordersOf(shopper.member.id)).toHaveLength(1);
      expect(await summary(shopper.member.id)).toMatchObject({ balance: start.balance - 1000 + 118 });
      // Without fixed --coupon/--points a rerun would price the bill again on the changed balance: it finds the redemption instead.
      const rerun = await run(['--amount', '12800', '--txn', posTxnId]);
      expect(rerun.code).toBe(0);
      expect(rerun.out).toBe(first.out);
      const otherBill = await run(['--amount', '9900', '--txn', posTxnId]);
      expect(otherBill.code).toBe(1);
      expect(otherBill.err).toContain('already committed');
      expect(await ordersOf(shopper.member.id)).toHaveLength(1);
      // A wrong secret: the CLI reports the API error and exits 1.
      const bad = await new Promise<{ code: number; err: string }>((resolve) => {
        execFile(process.execPath, [require.resolve('tsx/cli'), path.resolve(__dirname, '../../server/examples/pos-client.ts'), '--base', app.url, '--key', keyId, '--secret', 'sk_wrong', '--code', '0'.repeat(18), '--amount', '100'], { timeout: 20_000 }, (error, _out, err) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, err }),
        );
      });
      expect(bad.code).toBe(1);
      expect(bad.err).toContain('POS_AUTH_INVALID');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

// Last: it moves the clock forward.
describe('nonce cleanup', () => {
  test('the nonce cleanup job deletes nonces older than 10 minutes; an old request stays refused by its timestamp', async () => {
    const Nonce = posNonceModel(app.conn);
    const s = await app.login();
    const old = posA.prepare('POST', '/pos/v1/member-code/resolve', { code: await codeOf(s.member.id) });
    expect((await send(old)).status).toBe(200);
    app.clock.travel(5 * 60_000);
    const recent = posA.prepare('POST', '/pos/v1/member-code/resolve', { code: await codeOf(s.member.id) });
    expect((await send(recent)).status).toBe(200);
    app.clock.travel(5 * 60_000 + 5_000);
    // Through the scheduler, as in production.
    await app.services.scheduler.every('pos.purge-nonces', 5 * 60_000);
    await app.services.scheduler.runDue();
    expect(await Nonce.countDocuments({ keyId: keyA.keyId, nonce: old.headers['X-HC-Nonce'] })).toBe(0);
    expect(await Nonce.countDocuments({ keyId: keyA.keyId, nonce: recent.headers['X-HC-Nonce'] })).toBe(1);
    expect(await Nonce.countDocuments({ createdAt: { $lt: new Date(app.clock.now().getTime() - 10 * 60_000) } })).toBe(0);
    const replay = await send(old);
    expect([replay.status, replay.body.code]).toEqual([401, 'POS_TIMESTAMP_STALE']);
  });
});
