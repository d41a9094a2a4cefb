/**
 * Database commands per hot-path operation, counted with the driver's command
 * monitoring (deterministic, so a real test, not a timing test). LIMITS are
 * what the code achieves today, so any change that adds a command fails here;
 * issue #12's BUDGETS are the target (tests/support/command-ops.ts) and each
 * limit must stay at or below the count measured before the cuts.
 */
import { dropTestDb, testDbUri } from '../support/db';
import { startTestApp, type TestApp } from '../support/app';
import { BUDGETS, OPERATIONS, prepareOperations, type Operation } from '../support/command-ops';
import { describeCounts } from '../../server/src/platform/db/commands';

/** before the cuts (server/bench/commands.ts on the same stack): paid order 70, spend 7, claim 8, card 6, booking 14 */
const BEFORE: Record<Operation, number> = { 'paid order': 70, 'points spend': 7, 'coupon claim': 8, 'member card read': 5, 'booking a seat': 14 };
/**
 * paid order: includes 2 for the readable order number (orders/number.ts: counter $inc + unique reservation).
 * Every HTTP operation authenticates with one read (the member, handed to the route), no session read.
 * paid order: + 1 for the guide credit step (the member's guide binding, by _id).
 * points spend 3 and card 2 since the lots live on the points account (a debit changes no lot; the card reads no lots);
 * paid order 37: the growth step recomputes the tier from what its own update returned (no member re-read).
 * paid order 30: the capture and the earn in one account update (platform/effects/entries-together.ts), the
 * order's insert reserves its number (unique index), its WeChat Pay number is fixed at insert (no order
 * update), the prepay id is not stored, the referral reward reads its settings only for a referred buyer.
 * coupon claim 3: the claim sends the count the claim centre showed (`claimedByMe`, as the mini-program does), the
 * seq's hint, so the member's claim counter is not bumped (a wrong hint costs commands, never correctness: coupons.test.ts).
 */
const LIMITS: Record<Operation, number> = { 'paid order': 30, 'points spend': 3, 'coupon claim': 3, 'member card read': 2, 'booking a seat': 4 };

let app: TestApp;
let ops: Awaited<ReturnType<typeof prepareOperations>>;
beforeAll(async () => {
  app = await startTestApp({ dbUri: `${testDbUri('budget')}?monitorCommands=true` });
  ops = await prepareOperations(app);
}, 30_000);
afterAll(async () => {
  ops.counter.detach();
  await dropTestDb(app.conn);
  await app.close();
});

test('the limits never exceed the counts before the cuts; the budgets of issue #12 are never looser than the limits', () => {
  for (const op of OPERATIONS) {
    expect(LIMITS[op]).toBeLessThanOrEqual(BEFORE[op]);
    expect(BUDGETS[op]).toBeLessThanOrEqual(LIMITS[op]);
  }
});

test.each(OPERATIONS.map((op) => [op]))('%s stays within its command limit (second run, caches warm)', async (op) => {
  await ops.run(op as Operation);
  const counts = await ops.run(op as Operation);
  if (counts.total > LIMITS[op as Operation]) throw new Error(`${op}: ${counts.total} commands > ${LIMITS[op as Operation]}: ${describeCounts(counts)}`);
  expect(counts.total).toBeGreaterThan(0);
});

test('a paid order inserts one order and stores one notification; membership settings are read once per phase (quote, create, paid steps)', async () => {
  const counts = await ops.run('paid order');
  // quote and create read them once each (checkout/pricing.ts); the paid steps once for all steps (their run's context).
  expect(counts.by.get('find membership_settings') ?? 0).toBeLessThanOrEqual(3);
  // the create request reuses authentication's member and pricing's store
  expect(counts.by.get('find stores') ?? 0).toBeLessThanOrEqual(2);
  expect(counts.by.get('insert orders')).toBe(1);
  expect(counts.by.get('insert payment_notifications')).toBe(1);
});
