/**
 * One client key = one order (issue #13 defect 5): an instance dies while
 * holding the points of a new order; the shopper's retry with the same client
 * key must never cancel it or create a second order.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { memberModel } from '../../server/src/members/model';
import { orderModel } from '../../server/src/orders/model';
import { entryModel } from '../../server/src/points/model';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
let storeId = '';
beforeAll(async () => {
  app = await startTestApp();
  storeId = String((await app.services.stores.upsert({ code: 'R1', name: '徐汇店', city: '上海', address: 'a', phone: '1', location: { lat: 31, lng: 121 } }))._id);
});
afterAll(async () => {
  await app.close();
});

test('a retry while a dead instance holds the points lease gets a retriable error, the order stays; after the lease the same order comes back', async () => {
  const s = await app.login();
  await app.services.points.earn({ memberId: s.member.id, amount: 5000, reason: 'purchase', source: 'seed', reference: s.member.id, leg: 'earn' });
  const body = { storeId, billFen: 40000, couponId: null, points: 3000, clientKey: randomUUID() };
  const first = await app.call('POST', '/api/orders', { token: s.accessToken, body });
  expect(first.status).toBe(201);
  const orderId = first.body.order.id as string;
  // Rewind to what kill -9 leaves: the hold moved the balance (id in flight) but the entry is still pending under the dead instance's lease.
  const hold = (await entryModel(app.conn).findOne({ key: `order:${orderId}:hold` }).lean())!;
  await entryModel(app.conn).updateOne({ _id: hold._id }, { $set: { state: 'pending', leaseUntil: new Date(app.clock.now().getTime() + 30_000), leaseToken: 'dead-instance' } });
  await memberModel(app.conn).updateOne({ _id: s.member.id }, { $push: { 'points.inflight': hold._id } });

  const retry = await app.call('POST', '/api/orders', { token: s.accessToken, body });
  expect(retry.status).toBe(503);
  expect(retry.body.code).toBe('SERVICE_UNAVAILABLE');
  expect((await orderModel(app.conn).findById(orderId).lean())!.state).toBe('pending_payment');

  app.clock.travel(31_000); // the dead lease expires
  const again = await app.call('POST', '/api/orders', { token: s.accessToken, body });
  expect(again.status).toBe(201);
  expect(again.body.order.id).toBe(orderId);
  expect(await orderModel(app.conn).countDocuments({ memberId: new Types.ObjectId(s.member.id) })).toBe(1);
  const points = await app.services.points.summary(s.member.id);
  expect(points.held).toBe(3000);
  await app.services.points.ledger.repairPending(); // settled ids are pulled by the repair job
  expect((await memberModel(app.conn).findById(s.member.id).lean())!.points.inflight).toEqual([]);
});
