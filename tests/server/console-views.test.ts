/**
 * Console views and exports, scoped by the server: members (exact phone / card,
 * nickname, paged by key), member detail and ledger with running balance,
 * orders, the booking calendar, admin-only pages, CSV exports (BOM, masking).
 */
import { Types } from 'mongoose';
import { startTestApp, type TestApp } from '../support/app';
import { consoleCall, consoleSignIn, insertBooking, insertOrder, type ConsoleJar } from '../support/console';
import { memberModel } from '../../server/src/members/model';

let app: TestApp;
const store = { a: '', b: '' };
const jar: Record<'admin' | 'plainAdmin' | 'manager', ConsoleJar> = {} as never;
const mem = { a: '', b: '' };

beforeAll(async () => {
  app = await startTestApp();
  for (const k of ['a', 'b'] as const) {
    const s = await app.services.stores.upsert({ code: `V${k}`, name: `门店${k.toUpperCase()}`, city: '上海', address: '路', phone: '021', location: { lat: 31, lng: 121 } });
    store[k] = String(s._id);
  }
  const Member = memberModel(app.conn);
  for (const [role, roles, storeId, perms] of [
    ['admin', ['member', 'admin'], null, ['export']],
    ['plainAdmin', ['member', 'admin'], null, []],
    ['manager', ['member', 'staff', 'manager'], store.a, []],
  ] as const) {
    const s = await app.login();
    await Member.updateOne({ _id: s.member.id }, { $set: { roles: [...roles], staffStoreId: storeId, permissions: [...perms] } });
    jar[role] = await consoleSignIn(app, s.accessToken);
  }
  for (const [k, phone, nickname] of [['a', '13900000001', '顾客甲'], ['b', '13900000002', '顾客乙']] as const) {
    const s = await app.login();
    mem[k] = s.member.id;
    await Member.updateOne({ _id: s.member.id }, { $set: { phone, nickname, preferredStoreId: store[k], cardNo: k === 'a' ? '1234567890' : '2234567890' } });
    await insertOrder(app, { memberId: s.member.id, storeId: store[k], billFen: k === 'a' ? 12800 : 50000, refundedFen: k === 'b' ? 1000 : 0 });
    await insertBooking(app, { memberId: s.member.id, storeId: store[k], start: new Date('2026-03-02T03:00:00Z') });
  }
  await app.services.points.earn({ memberId: mem.a, amount: 300, reason: 'purchase', source: 'test', reference: mem.a, leg: 'e1' });
  await app.services.points.earn({ memberId: mem.a, amount: 200, reason: 'purchase', source: 'test', reference: mem.a, leg: 'e2' });
});
afterAll(() => app.close());

const get = (who: keyof typeof jar, path: string) => consoleCall(app, jar[who], 'GET', path);

test('members: an admin sees every store, a manager only theirs; exact phone and card lookups; nickname search', async () => {
  const all = await get('admin', '/api/console/members?limit=100');
  expect(all.status).toBe(200);
  expect(all.body.items.map((m: any) => m.id)).toEqual(expect.arrayContaining([mem.a, mem.b]));
  const mine = await get('manager', '/api/console/members?limit=100');
  expect(mine.body.items.map((m: any) => m.id)).toEqual([mem.a]);
  expect(mine.body.items[0]).toMatchObject({ phone: '139****0001', storeName: '门店A' });
  expect((await get('admin', '/api/console/members?q=13900000002')).body.items.map((m: any) => m.id)).toEqual([mem.b]);
  expect((await get('admin', '/api/console/members?q=1234567890')).body.items.map((m: any) => m.id)).toEqual([mem.a]);
  // A manager's exact lookup of another store's member finds nothing.
  expect((await get('manager', '/api/console/members?q=13900000002')).body.items).toEqual([]);
  expect((await get('admin', `/api/console/members?q=${encodeURIComponent('乙')}`)).body.items.map((m: any) => m.id)).toEqual([mem.b]);
});

test('members are paged by key: pages never overlap and end with next = null', async () => {
  const seen: string[] = [];
  let next: string | null = null;
  do {
    const page: any = await get('admin', `/api/console/members?limit=2${next ? `&after=${next}` : ''}`);
    seen.push(...page.body.items.map((m: any) => m.id));
    next = page.body.next;
  } while (next);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.length).toBe(5); // three console users and two shoppers
});

test('member detail and ledger: running balance on each entry; another store’s member is refused to a manager', async () => {
  const d = await get('manager', `/api/console/members/${mem.a}`);
  expect(d.status).toBe(200);
  expect(d.body.member).toMatchObject({ nickname: '顾客甲', pointsBalance: 700 }); // 200 sign-up bonus + 300 + 200
  expect(d.body.orders).toHaveLength(1);
  expect(d.body.bookings).toHaveLength(1);
  const ledger = await get('manager', `/api/console/members/${mem.a}/points?limit=10`);
  const rows = ledger.body.items.map((e: any) => [e.amount, e.balanceAfter]);
  expect(rows.slice(0, 2)).toEqual([[200, 700], [300, 500]]);
  // Newest first: each balance is the older one plus this entry's amount.
  for (let i = 0; i + 1 < rows.length; i++) expect(rows[i][1]).toBe(rows[i + 1][1] + rows[i][0]);
  const other = await get('manager', `/api/console/members/${mem.b}`);
  expect(other.status).toBe(403);
  expect(other.body.code).toBe('STORE_SCOPE');
  expect((await get('manager', `/api/console/members/${mem.b}/points`)).body.code).toBe('STORE_SCOPE');
});

test('orders and refunds across stores; a manager asking for another store is refused', async () => {
  const all = await get('admin', '/api/console/orders');
  expect(all.body.items).toHaveLength(2);
  const refunds = await get('admin', '/api/console/orders?refunded=1');
  expect(refunds.body.items.map((o: any) => o.storeId)).toEqual([store.b]);
  const mine = await get('manager', '/api/console/orders');
  expect(mine.body.items.map((o: any) => o.storeId)).toEqual([store.a]);
  expect((await get('manager', `/api/console/orders?storeId=${store.b}`)).body.code).toBe('STORE_SCOPE');
});

test('order search: order number, refund number, 商户订单号, a member\'s phone or card; store scope holds; anything else is a field error', async () => {
  const orders = app.conn.collection('orders');
  const a = await orders.findOne({ memberId: new Types.ObjectId(mem.a) });
  const b = await orders.findOne({ memberId: new Types.ObjectId(mem.b) });
  await orders.updateOne({ _id: a!._id }, { $set: { number: '2026030200007', outTradeNo: 'HC20260302ABCDEFGHIJ1234' } });
  await orders.updateOne({ _id: b!._id }, { $set: { number: '2026030200008', refunds: [{ key: 'k', refundNo: 'RF1', number: 'R2026030300002', amountFen: 1000, weight: 0, lineIds: [], via: 'other', state: 'SUCCESS', reason: '退货', actorId: 'x', applied: true, createdAt: new Date() }] } });
  await app.conn.collection('payment_intents').insertOne({ outTradeNo: 'HC20260302ABCDEFGHIJ1234', purpose: 'order', reference: String(a!._id), memberId: a!.memberId, payerOpenid: 'o', amountFen: 12800, description: 'x', state: 'SUCCESS' });
  const ids = async (who: keyof typeof jar, q: string) => {
    const res = await get(who, `/api/console/orders?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return res.body.items.map((o: any) => o.id);
  };
  expect(await ids('admin', '2026030200007')).toEqual([String(a!._id)]);
  expect(await ids('admin', 'r2026030300002')).toEqual([String(b!._id)]);
  expect(await ids('admin', 'HC20260302ABCDEFGHIJ1234')).toEqual([String(a!._id)]);
  expect(await ids('admin', '13900000002')).toEqual([String(b!._id)]);
  expect(await ids('admin', '1234567890')).toEqual([String(a!._id)]);
  expect(await ids('admin', '2026030299999')).toEqual([]);
  expect(await ids('admin', '13900009999')).toEqual([]);
  // 王芳-style manager of store A: B's order is not found by its number, nor by its member's phone
  expect(await ids('manager', '2026030200008')).toEqual([]);
  expect(await ids('manager', '13900000002')).toEqual([]);
  expect(await ids('manager', '2026030200007')).toEqual([String(a!._id)]);
  const bad = await get('admin', `/api/console/orders?q=${encodeURIComponent('顾客甲')}`);
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'query.q', message: expect.stringContaining('订单号') }] });
});

test('booking calendar for a day or a week, per store', async () => {
  const day = await get('admin', `/api/console/bookings?date=2026-03-02&storeId=${store.b}`);
  expect(day.body.items.map((b: any) => b.memberId)).toEqual([mem.b]);
  expect((await get('admin', '/api/console/bookings?date=2026-03-01&days=7')).body.items).toHaveLength(2);
  expect((await get('admin', '/api/console/bookings?date=2026-03-03')).body.items).toHaveLength(0);
  expect((await get('manager', `/api/console/bookings?date=2026-03-02&storeId=${store.b}`)).body.code).toBe('STORE_SCOPE');
});

test('audit log and reconciliation are for chain admins only', async () => {
  const audit = await get('admin', '/api/console/audit');
  expect(audit.status).toBe(200);
  expect(audit.body.items.some((a: any) => a.action === 'console.login')).toBe(true);
  expect((await get('manager', '/api/console/audit')).body.code).toBe('CONSOLE_ADMIN_ONLY');
  expect((await get('manager', '/api/console/payments/reconciliations')).body.code).toBe('CONSOLE_ADMIN_ONLY');
  expect((await get('admin', '/api/console/payments/anomalies')).status).toBe(200);
});

async function csv(who: keyof typeof jar, kind: string, query = '') {
  const res = await fetch(`${app.url}/api/console/exports/${kind}${query}`, { headers: { cookie: jar[who].cookie } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, text: bytes.toString('utf8') };
}

test('CSV exports: UTF-8 BOM, estimate header, full phones only with the export permission, a manager only their store', async () => {
  const full = await csv('admin', 'members');
  expect(full.res.status).toBe(200);
  expect(full.res.headers.get('content-type')).toMatch(/text\/csv/);
  expect([...full.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(Number(full.res.headers.get('x-export-estimate'))).toBeGreaterThanOrEqual(2);
  expect(full.text).toContain('会员ID,昵称,手机号');
  expect(full.text).toContain('13900000001');
  const masked = await csv('plainAdmin', 'members');
  expect(masked.text).not.toContain('13900000001');
  expect(masked.text).toContain('139****0001');
  const mine = await csv('manager', 'orders');
  expect(mine.text).toContain('128.00');
  expect(mine.text).not.toContain('500.00');
  expect(mine.text).toContain('139****0001');
  expect((await csv('manager', 'orders', `?storeId=${store.b}`)).res.status).toBe(403);
  const coupons = await csv('admin', 'coupons');
  expect(coupons.text.split('\r\n')[0]).toBe('\uFEFF券号,券名称,会员ID,状态,领取时间,有效期至,使用时间');
  expect((await csv('admin', 'nothing')).res.status).toBe(400);
});

test('bad input is a stable 400, never a 500', async () => {
  for (const [path, status] of [
    ['/api/console/bookings?date=2026-13-45', 400],
    ['/api/console/bookings?date=2026-02-30', 400],
    ['/api/console/members?from=2026-02-31', 400],
    ['/api/console/members?after=xyz', 400],
    ['/api/console/members/not-an-id', 400],
    ['/api/console/orders?limit=1000', 400],
    [`/api/console/members?q=${encodeURIComponent('.*(')}`, 200],
  ] as const) {
    const res = await get('admin', path);
    expect([path, res.status]).toEqual([path, status]);
    if (status === 400) expect(res.body.code).toBe('VALIDATION_FAILED');
  }
});
