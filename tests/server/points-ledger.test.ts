/** The points ledger under real concurrency on the real engine: invariants are checked from the database. */
import { Types } from 'mongoose';
import { memberModel } from '../../server/src/members/model';
import { entryModel } from '../../server/src/points/model';
import { lotKey, openLots } from '../../server/src/points/lots.calc';
import { startTestApp, type TestApp } from '../support/app';
import { parallel } from '../support/http';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

async function newMember(): Promise<string> {
  const s = await app.login();
  return s.member.id;
}

/** balance == Σ applied deltas, held == Σ heldDeltas, available == balance − held ≥ 0, lots cover the balance, nothing in flight. */
async function expectConsistent(memberId: string) {
  const m = (await memberModel(app.conn).findById(memberId).lean())!;
  const entries = await entryModel(app.conn).find({ memberId: new Types.ObjectId(memberId), state: 'applied' }).lean();
  const sum = entries.reduce((s, e) => s + e.delta, 0);
  const held = entries.reduce((s, e) => s + e.heldDelta, 0);
  expect(m.points.balance).toBe(sum);
  expect(m.points.held).toBe(held);
  expect(m.points.available).toBe(m.points.balance - m.points.held);
  expect(m.points.available).toBeGreaterThanOrEqual(0);
  expect(m.points.held).toBeGreaterThanOrEqual(0);
  expect(openLots(m.points.lots, m.points.balance).reduce((s, l) => s + l.remaining, 0)).toBe(m.points.balance); // the lots cover the balance
  // settled ids are pulled by the repair job (deferred on the hot path); none may be pending
  await app.services.points.ledger.repairPending();
  expect((await memberModel(app.conn).findById(memberId).lean())!.points.inflight).toEqual([]);
  expect(await entryModel(app.conn).countDocuments({ memberId: new Types.ObjectId(memberId), state: 'pending' })).toBe(0);
  return m.points;
}

test('the same key 50× concurrently → one entry, credited once, every caller gets the first result', async () => {
  const memberId = await newMember();
  const results = await parallel(50, () =>
    app.services.points.earn({ memberId, amount: 321, reason: 'purchase', source: 'order', reference: 'ORDER-1', leg: 'earn' }),
  );
  expect(new Set(results.map((r) => String(r._id))).size).toBe(1);
  expect(await entryModel(app.conn).countDocuments({ key: 'order:ORDER-1:earn' })).toBe(1);
  const p = await expectConsistent(memberId);
  expect(p.balance - 321).toBe((await app.services.membership.getSettings()).signupBonusPoints);
});

test('200 concurrent spends, holds, releases and captures never overdraw; sum(entries) == balance', async () => {
  const memberId = await newMember();
  await app.services.points.earn({ memberId, amount: 1000, reason: 'purchase', source: 'order', reference: 'seed', leg: 'earn' });
  const ops = Array.from({ length: 200 }, (_, i) => i);
  const outcomes = await parallel(200, async (i) => {
    const n = 7 + (i % 13);
    const base = { memberId, source: 'stress', reference: `op-${i}`, reason: 'checkout' };
    try {
      switch (i % 5) {
        case 0:
          await app.services.points.spend({ ...base, leg: 'spend', amount: n });
          break;
        case 1:
          await app.services.points.hold({ ...base, leg: 'hold', amount: n });
          await app.services.points.capture({ ...base, leg: 'capture', amount: n });
          break;
        case 2:
          await app.services.points.hold({ ...base, leg: 'hold', amount: n });
          await app.services.points.release({ ...base, leg: 'release', amount: n });
          break;
        case 3:
          await app.services.points.earn({ ...base, reason: 'purchase', leg: 'earn', amount: 3 });
          break;
        default:
          await app.services.points.hold({ ...base, leg: 'hold', amount: n });
      }
      return 'ok';
    } catch (err) {
      return (err as { code?: string }).code ?? String(err);
    }
  });
  expect(outcomes.filter((o) => o !== 'ok' && o !== 'POINTS_INSUFFICIENT')).toEqual([]);
  expect(outcomes.filter((o) => o === 'POINTS_INSUFFICIENT').length).toBeGreaterThan(0); // the test really ran out
  expect(ops).toHaveLength(200);
  await expectConsistent(memberId);
  // Held points can only be released/captured up to what is held.
  await expect(app.services.points.release({ memberId, source: 'x', reference: 'too-much', leg: 'release', reason: 'checkout', amount: 1_000_000 })).rejects.toMatchObject({ code: 'POINTS_HELD_INSUFFICIENT' });
});

test('a rejected movement stays rejected for its key, and writes nothing', async () => {
  const memberId = await newMember();
  const before = await expectConsistent(memberId);
  await expect(app.services.points.spend({ memberId, amount: 10_000_000, reason: 'checkout', source: 'order', reference: 'big', leg: 'spend' })).rejects.toMatchObject({ code: 'POINTS_INSUFFICIENT' });
  await app.services.points.earn({ memberId, amount: 20_000_000, reason: 'purchase', source: 'order', reference: 'rich', leg: 'earn' });
  // Retrying the same key does not suddenly succeed: the key's outcome is fixed.
  await expect(app.services.points.spend({ memberId, amount: 10_000_000, reason: 'checkout', source: 'order', reference: 'big', leg: 'spend' })).rejects.toMatchObject({ code: 'POINTS_INSUFFICIENT' });
  const after = await expectConsistent(memberId);
  expect(after.balance).toBe(before.balance + 20_000_000);
});

test('lots are consumed oldest-expiry first across the year boundary; the expiry job expires only what is left, once', async () => {
  const memberId = await newMember();
  const bonus = (await expectConsistent(memberId)).balance;
  // Take the sign-up bonus out of the picture.
  if (bonus) await app.services.points.spend({ memberId, amount: bonus, reason: 'checkout', source: 't', reference: 'bonus', leg: 'spend' });
  const y1 = new Date(app.clock.now().getTime() + 10 * 86400_000);
  const y2 = new Date(app.clock.now().getTime() + 400 * 86400_000);
  await app.services.points.earn({ memberId, amount: 100, reason: 'purchase', source: 'order', reference: 'late-lot', leg: 'earn', expiresAt: y2 });
  await app.services.points.earn({ memberId, amount: 100, reason: 'purchase', source: 'order', reference: 'early-lot', leg: 'earn', expiresAt: y1 });
  await app.services.points.spend({ memberId, amount: 60, reason: 'checkout', source: 'order', reference: 'fifo', leg: 'spend' });
  const account = (await memberModel(app.conn).findById(memberId).lean())!.points;
  const lots = openLots(account.lots, account.balance).filter((l) => l.expiresAt && [y1.getTime(), y2.getTime()].includes(l.expiresAt.getTime()));
  expect(lots.map((l) => l.remaining)).toEqual([40, 100]); // the early lot was spent first
  const summary = await app.services.points.summary(memberId);
  expect(summary.expiring[0].amount).toBe(40);

  app.clock.travel(11 * 86400_000);
  const first = await app.services.points.expireDue();
  const second = await app.services.points.expireDue();
  expect(first.points).toBeGreaterThanOrEqual(40);
  expect(second).toEqual({ lots: 0, points: 0 });
  const expiries = await entryModel(app.conn).find({ memberId: new Types.ObjectId(memberId), kind: 'expire' }).lean();
  expect(expiries.reduce((s, e) => s + e.delta, 0)).toBe(-40);
  const p = await expectConsistent(memberId);
  expect(p.balance).toBe(100);
});

test('held points do not expire until released', async () => {
  const memberId = await newMember();
  const bonus = (await expectConsistent(memberId)).balance;
  if (bonus) await app.services.points.spend({ memberId, amount: bonus, reason: 'checkout', source: 't', reference: 'bonus2', leg: 'spend' });
  await app.services.points.earn({ memberId, amount: 50, reason: 'purchase', source: 'order', reference: 'h', leg: 'earn', expiresAt: new Date(app.clock.now().getTime() + 1000) });
  await app.services.points.hold({ memberId, amount: 30, reason: 'checkout', source: 'order', reference: 'h', leg: 'hold' });
  app.clock.travel(2000);
  await app.services.points.expireDue();
  let p = await expectConsistent(memberId);
  expect(p).toMatchObject({ balance: 30, held: 30, available: 0 });
  await app.services.points.release({ memberId, amount: 30, reason: 'checkout', source: 'order', reference: 'h', leg: 'release' });
  app.clock.travel(3600_000 + 1000);
  await app.services.points.expireDue();
  p = await expectConsistent(memberId);
  expect(p.balance).toBe(0);
});

test('a crash after the balance moved (or before) is finished by the repair job exactly once', async () => {
  const memberId = await newMember();
  const before = await expectConsistent(memberId);
  const Entry = entryModel(app.conn);
  const Member = memberModel(app.conn);
  const now = app.clock.now();
  // Crash 1: entry written, balance not touched.
  await Entry.create({ key: 'crash:a:earn', memberId: new Types.ObjectId(memberId), kind: 'earn', reason: 'purchase', source: 'crash', reference: 'a', leg: 'earn', delta: 70, heldDelta: 0, expiresAt: new Date(now.getTime() + 86400_000), state: 'pending', createdAt: new Date(now.getTime() - 120_000) });
  // Crash 2: entry written and balance moved (id in flight), entry not marked, lot not created.
  const e2 = await Entry.create({ key: 'crash:b:earn', memberId: new Types.ObjectId(memberId), kind: 'earn', reason: 'purchase', source: 'crash', reference: 'b', leg: 'earn', delta: 30, heldDelta: 0, expiresAt: new Date(now.getTime() + 86400_000), state: 'pending', createdAt: new Date(now.getTime() - 120_000) });
  await Member.updateOne({ _id: memberId }, { $inc: { 'points.balance': 30, 'points.available': 30, [`points.lots.${lotKey(e2.expiresAt)}`]: 30 }, $push: { 'points.inflight': e2._id } });
  // A retry of the same request meanwhile resumes instead of double-applying.
  await app.services.points.earn({ memberId, amount: 30, reason: 'purchase', source: 'crash', reference: 'b', leg: 'earn' });
  await app.services.points.ledger.repairPending();
  await app.services.points.ledger.repairPending();
  const after = await expectConsistent(memberId);
  expect(after.balance).toBe(before.balance + 100);
});

test('a crash between marking an entry applied and pulling its id from inflight (points and growth) is cleared by the repair job', async () => {
  const memberId = await newMember();
  const Member = memberModel(app.conn);
  const earned = await app.services.points.earn({ memberId, amount: 40, reason: 'purchase', source: 'crash', reference: 'c', leg: 'earn' });
  await app.services.membership.addGrowth({ memberId, delta: 400, reason: 'purchase', key: 'crash:c:growth' });
  const growthEntry = await app.conn.collection('growth_entries').findOne({ key: 'crash:c:growth' });
  // The state a kill -9 leaves after step 4 (entry applied) and before step 5 (the pull).
  await Member.updateOne({ _id: memberId }, { $push: { 'points.inflight': earned._id, growthInflight: growthEntry!._id } });
  const before = (await Member.findById(memberId).lean())!;
  await app.services.points.ledger.repairPending();
  await app.services.growth.repairPending();
  const after = (await Member.findById(memberId).lean())!;
  expect(after.points.inflight).toEqual([]);
  expect(after.growthInflight).toEqual([]);
  expect(after.growth).toBe(before.growth);
  await expectConsistent(memberId);
});

test('growth and tiers: upgrade at once, no downgrade before the review date, downgrade at the review', async () => {
  const memberId = await newMember();
  const m = app.services.membership;
  await m.addGrowth({ memberId, delta: 12_000, reason: 'purchase', key: 'order:g1' });
  await m.addGrowth({ memberId, delta: 12_000, reason: 'purchase', key: 'order:g1' }); // same key: once
  let card = await m.card(memberId);
  expect(card.growth).toBe(12_000);
  expect(card.tier.name).toBe('金卡');
  expect(card.nextTier).toMatchObject({ name: '钻石卡', growthNeeded: 38_000, spendNeededFen: 3_800_000 });
  // A refund reverses growth; the tier stays until the review.
  await m.addGrowth({ memberId, delta: -11_000, reason: 'refund', key: 'refund:g1' });
  card = await m.card(memberId);
  expect(card.growth).toBe(1000);
  expect(card.tier.name).toBe('金卡');
  // Reversal never goes below zero.
  expect(await m.addGrowth({ memberId, delta: -5000, reason: 'refund', key: 'refund:g2' })).toBe(-1000);
  expect((await m.card(memberId)).growth).toBe(0);
  expect(await m.reviewTiers()).toBe(0); // not due yet
  const member = await memberModel(app.conn).findById(memberId).lean();
  app.clock.travel(member!.tierReviewAt!.getTime() - app.clock.now().getTime() + 1000);
  expect(await m.reviewTiers()).toBeGreaterThanOrEqual(1);
  card = await m.card(memberId);
  expect(card.tier.name).toBe('普通会员');
  const reviewed = await memberModel(app.conn).findById(memberId).lean();
  expect(reviewed!.tierReviewAt!.getTime()).toBeGreaterThan(app.clock.now().getTime());
});

test('reversals: redeemed points come back as a lot; earned points are taken back only from what is available', async () => {
  const memberId = await newMember();
  const start = (await expectConsistent(memberId)).balance;
  await app.services.points.earn({ memberId, amount: 500, reason: 'purchase', source: 'order', reference: 'rv', leg: 'earn' });
  await app.services.points.spend({ memberId, amount: 300, reason: 'checkout', source: 'order', reference: 'rv', leg: 'redeem' });
  await app.services.points.reverse({ memberId, amount: 300, reason: 'refund', source: 'refund', reference: 'rv-1', leg: 'redeemed-back' });
  await app.services.points.reverse({ memberId, amount: 300, reason: 'refund', source: 'refund', reference: 'rv-1', leg: 'redeemed-back' });
  expect((await expectConsistent(memberId)).balance).toBe(start + 500);
  await app.services.points.reverse({ memberId, amount: -500, reason: 'refund', source: 'refund', reference: 'rv-1', leg: 'earned-back' });
  expect((await expectConsistent(memberId)).balance).toBe(start);
  await expect(app.services.points.reverse({ memberId, amount: -(start + 1), reason: 'refund', source: 'refund', reference: 'rv-2', leg: 'earned-back' })).rejects.toMatchObject({ code: 'POINTS_INSUFFICIENT' });
  await expectConsistent(memberId);
});
