import { assertOwnFields, SLICE_FIELDS } from '../../server/src/members/slices';

test.each([
  ['points', { $inc: { 'points.balance': 5, 'points.available': 5 }, $push: { 'points.inflight': 'x' } }],
  ['membership', { $inc: { growth: 10 }, $push: { growthInflight: 'x' } }],
  ['membership', { $set: { tierCode: 'gold', tierReviewAt: new Date(0) } }],
  ['booking', { $inc: { noShows: 1 }, $push: { noShowBookingIds: 'b' } }],
] as const)('%s may write its own fields: %j', (owner, update) => {
  expect(() => assertOwnFields(owner, SLICE_FIELDS[owner], update as never)).not.toThrow();
});

test.each([
  ['points', { $inc: { growth: 1 } }, 'growth'],
  ['points', { $set: { 'points.balance': 0, roles: ['admin'] } }, 'roles'],
  ['membership', { $inc: { 'points.balance': 100 } }, 'points.balance'],
  ['booking', { $set: { phone: '13800000000' } }, 'phone'],
  ['booking', { $unset: { openid: 1 } }, 'openid'],
] as const)('%s may not write another owner’s field: %j', (owner, update, field) => {
  expect(() => assertOwnFields(owner, SLICE_FIELDS[owner], update as never)).toThrow(`may not write "${field}"`);
});

test('a replacement document (no operator) is refused', () => {
  expect(() => assertOwnFields('points', SLICE_FIELDS.points, { points: { balance: 0 } } as never)).toThrow('is not an update operator');
});
