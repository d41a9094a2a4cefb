/** Readable order and refund numbers (server/src/orders/number.ts): date + sequence, unique under concurrency. */
import { randomUUID } from 'node:crypto';
import { formatNumber, nextNumber } from '../../server/src/orders/number';
import { orderModel } from '../../server/src/orders/model';
import { startTestApp, type TestApp } from '../support/app';
import { parallel } from '../support/http';

let app: TestApp;
let storeId = '';

beforeAll(async () => {
  app = await startTestApp();
  storeId = String((await app.services.stores.upsert({ code: 'N1', name: '徐汇店', city: '上海', address: 'a', phone: '1', location: { lat: 31, lng: 121 } }))._id);
});
afterAll(async () => {
  await app.close();
});

test.each([
  ['order', '2026-12-06', 1, '2026120600001'],
  ['order', '2026-12-06', 123456, '20261206123456'],
  ['refund', '2027-01-01', 42, 'R2027010100042'],
] as const)('formatNumber(%s, %s, %i) = %s', (kind, day, seq, expected) => {
  expect(formatNumber(kind, day, seq)).toBe(expected);
});

test('100 parallel first-of-the-day numbers → 100 distinct numbers of that day; the next day starts at 1 (Shanghai date)', async () => {
  const at = new Date('2026-12-06T15:59:00Z'); // 23:59 in Shanghai
  const numbers = await parallel(100, () => nextNumber(app.conn, 'order', at));
  expect(new Set(numbers).size).toBe(100);
  for (const n of numbers) expect(n).toMatch(/^20261206\d{5}$/);
  // sequences stay small (a number skipped by a retry is a gap, never a duplicate)
  expect(Math.max(...numbers.map((n) => Number(n.slice(8))))).toBeLessThanOrEqual(200);
  expect(await nextNumber(app.conn, 'order', new Date('2026-12-06T16:00:00Z'))).toBe('2026120700001');
  // refunds count on their own
  expect(await nextNumber(app.conn, 'refund', at)).toBe('R2026120600001');
});

test('orders carry their number (unique index), shown in the view instead of the hex id', async () => {
  const s = await app.login();
  const created = await parallel(10, () => app.call('POST', '/api/orders', { token: s.accessToken, body: { storeId, billFen: 10000, couponId: null, points: 0, clientKey: randomUUID() } }));
  expect(created.map((r) => r.status)).toEqual(Array(10).fill(201));
  const numbers = created.map((r) => r.body.order.number as string);
  expect(new Set(numbers).size).toBe(10);
  for (const n of numbers) expect(n).toMatch(/^\d{13,}$/);
  const read = await app.call('GET', `/api/orders/${created[0].body.order.id}`, { token: s.accessToken });
  expect(read.body.number).toBe(numbers[0]);
  const indexes = await orderModel(app.conn).listIndexes();
  expect(indexes.map((i) => i.name)).toEqual(expect.arrayContaining(['orders_number_unique', 'orders_refund_number_unique']));
});
