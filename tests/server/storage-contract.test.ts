/**
 * The storage contract: the exact database operations the app relies on for
 * correctness, run against whatever engine the suite uses (embedded Java
 * engine here, a real MongoDB with TEST_MONGODB_URI). A new engine or MongoDB
 * version shows its differences here first.
 */
import mongoose, { Schema, type Connection } from 'mongoose';
import { connectDb } from '../../server/src/platform/db/connect';
import { isDuplicateKey } from '../../server/src/platform/errors';
import { testDbUri, dropTestDb } from '../support/db';
import { parallel } from '../support/http';

let conn: Connection;

beforeAll(async () => {
  conn = await connectDb(testDbUri('contract'));
});
afterAll(async () => {
  await dropTestDb(conn);
  await conn.close();
});

const stockSchema = new Schema({ _id: String, stock: Number, claimed: Number }, { versionKey: false });
const claimSchema = new Schema({ templateId: String, memberId: String, seq: Number }, { versionKey: false });
claimSchema.index({ templateId: 1, memberId: 1, seq: 1 }, { unique: true, name: 'claims_template_member_seq' });
const profileSchema = new Schema({ key: String, hits: Number, createdBy: String }, { versionKey: false });
profileSchema.index({ key: 1 }, { unique: true, name: 'profiles_key_unique' });

test('guarded decrement by 200 concurrent clients never oversells', async () => {
  const Stock = conn.model('ContractStock', stockSchema);
  await Stock.create({ _id: 'tpl', stock: 37, claimed: 0 });
  const results = await parallel(200, () =>
    Stock.findOneAndUpdate({ _id: 'tpl', $expr: { $lt: ['$claimed', '$stock'] } }, { $inc: { claimed: 1 } }, { returnDocument: 'after' }).lean(),
  );
  const wins = results.filter(Boolean).length;
  const doc = await Stock.findById('tpl').lean();
  expect(wins).toBe(37);
  expect(doc!.claimed).toBe(37);
});

test('guarded decrement with a plain field guard (available ≥ n) never goes negative', async () => {
  const Stock = conn.model('ContractStock', stockSchema);
  await Stock.create({ _id: 'bal', stock: 1000, claimed: 0 });
  const results = await parallel(200, (i) =>
    Stock.findOneAndUpdate({ _id: 'bal', stock: { $gte: 7 + (i % 3) } }, { $inc: { stock: -(7 + (i % 3)) } }, { returnDocument: 'after' }).lean(),
  );
  const spent = results.reduce((sum, r, i) => sum + (r ? 7 + (i % 3) : 0), 0);
  const doc = await Stock.findById('bal').lean();
  expect(doc!.stock).toBeGreaterThanOrEqual(0);
  expect(doc!.stock).toBe(1000 - spent);
});

test('duplicate key on a unique compound index is recognised by index name', async () => {
  const Claim = conn.model('ContractClaim', claimSchema);
  await Claim.createIndexes();
  await Claim.create({ templateId: 't', memberId: 'm', seq: 1 });
  const err = await Claim.create({ templateId: 't', memberId: 'm', seq: 1 }).catch((e: unknown) => e);
  expect(isDuplicateKey(err)).toBe(true);
  expect(isDuplicateKey(err, 'claims_template_member_seq')).toBe(true);
  expect(isDuplicateKey(err, 'some_other_index')).toBe(false);
  // A different seq is a different claim.
  await expect(Claim.create({ templateId: 't', memberId: 'm', seq: 2 })).resolves.toBeTruthy();
});

test('per-member limit via unique (template, member, seq) under concurrency', async () => {
  const Claim = conn.model('ContractClaim', claimSchema);
  await Claim.createIndexes();
  const limit = 3;
  const outcomes = await parallel(60, (i) =>
    Claim.create({ templateId: 'lim', memberId: 'm1', seq: (i % limit) + 1 }).then(
      () => 'ok',
      (e) => (isDuplicateKey(e) ? 'dup' : 'other'),
    ),
  );
  expect(outcomes.filter((o) => o === 'ok')).toHaveLength(limit);
  expect(outcomes.filter((o) => o === 'other')).toHaveLength(0);
  expect(await Claim.countDocuments({ templateId: 'lim', memberId: 'm1' })).toBe(limit);
});

test('concurrent upsert creates exactly one document', async () => {
  const Profile = conn.model('ContractProfile', profileSchema);
  await Profile.createIndexes();
  const outcomes = await parallel(50, (i) =>
    Profile.findOneAndUpdate({ key: 'k1' }, { $setOnInsert: { createdBy: `c${i}` }, $inc: { hits: 1 } }, { upsert: true, returnDocument: 'after' })
      .lean()
      .then(
        (d) => d!.createdBy,
        (e) => (isDuplicateKey(e) ? 'dup' : `error:${(e as Error).message}`),
      ),
  );
  expect(outcomes.filter((o) => String(o).startsWith('error:'))).toEqual([]);
  expect(await Profile.countDocuments({ key: 'k1' })).toBe(1);
  const doc = await Profile.findOne({ key: 'k1' }).lean();
  // Every non-duplicate call incremented exactly once.
  expect(doc!.hits).toBe(outcomes.filter((o) => o !== 'dup').length);
});

test('sparse unique index allows many documents without the field', async () => {
  const s = new Schema({ a: String, u: String }, { versionKey: false });
  s.index({ u: 1 }, { unique: true, sparse: true, name: 'sparse_u' });
  const M = conn.model('ContractSparse', s);
  await M.createIndexes();
  await M.create([{ a: '1' }, { a: '2' }, { a: '3', u: 'x' }]);
  await expect(M.create({ a: '4', u: 'x' })).rejects.toMatchObject({ code: 11000 });
});

test('a filter holding a unique key plus more fields matches exactly what a scan would (the launcher plans it by the index)', async () => {
  const s = new Schema({ _id: String, a: String, n: Number, u: String, t: String, m: String, q: Number }, { versionKey: false });
  s.index({ u: 1 }, { unique: true, sparse: true, name: 'plan_u' });
  s.index({ t: 1, m: 1 }, { unique: true, sparse: true, name: 'plan_tm' });
  const M = conn.model('ContractPlan', s);
  await M.createIndexes();
  await M.create([
    { _id: 'p1', a: 'x', n: 5 },
    { _id: 'p2', a: 'x', n: 9, u: 'k2', t: 'T', m: 'M1' },
    { _id: 'p3', a: 'y', n: 1, u: 'k3', t: 'T', m: 'M2' },
  ]);
  const ids = async (f: Record<string, unknown>) => (await M.find(f, { _id: 1 }).sort({ _id: 1 }).lean()).map((d) => d._id);
  expect(await ids({ _id: 'p1', n: { $gte: 5 } })).toEqual(['p1']);
  expect(await ids({ _id: 'p1', n: { $gte: 6 } })).toEqual([]);
  expect(await ids({ _id: { $in: ['p1', 'p2', 'p3', 'nope'] }, a: 'x' })).toEqual(['p1', 'p2']);
  expect(await ids({ _id: { $gt: 'p1' }, a: 'x' })).toEqual(['p2']);
  // a sparse unique index does not hold the documents without the field: those must still be found
  expect(await ids({ u: null, a: 'x' })).toEqual(['p1']);
  expect(await ids({ u: { $exists: false }, n: 5 })).toEqual(['p1']);
  expect(await ids({ u: 'k3', a: 'y' })).toEqual(['p3']);
  expect(await ids({ u: 'k3', a: 'x' })).toEqual([]);
  expect(await ids({ t: 'T', m: 'M2', n: { $lt: 2 } })).toEqual(['p3']);
  expect(await ids({ t: 'T', m: { $in: ['M1', 'M2'] }, n: { $gt: 2 } })).toEqual(['p2']);
  // guarded updates through the same plan: the guard still decides
  expect(await M.findOneAndUpdate({ _id: 'p1', n: { $gte: 6 } }, { $inc: { n: -6 } }).lean()).toBeNull();
  expect((await M.findOneAndUpdate({ _id: 'p1', n: { $gte: 5 } }, { $inc: { n: -5 } }, { returnDocument: 'after' }).lean())!.n).toBe(0);
  expect((await M.updateMany({ _id: { $in: ['p2', 'p3'] }, n: { $gte: 2 } }, { $inc: { q: 1 } })).modifiedCount).toBe(1);
  expect((await M.deleteOne({ _id: 'p3', a: 'x' })).deletedCount).toBe(0);
  expect(await ids({ t: 'T', q: 1 })).toEqual(['p2']);
});

test('a non-unique index finds by its first field exactly what a scan would, through inserts, updates and deletes', async () => {
  const s = new Schema({ m: String, st: String, n: Number, tags: [String], at: Date }, { versionKey: false });
  s.index({ m: 1, st: 1, at: -1 }, { name: 'nu_m_st_at' });
  s.index({ tags: 1 }, { name: 'nu_tags' });
  const M = conn.model('ContractNonUnique', s);
  await M.createIndexes();
  const t = (d: number) => new Date(Date.UTC(2026, 0, d));
  const docs = await M.insertMany([
    { m: 'a', st: 'open', n: 1, tags: ['x', 'y'], at: t(1) },
    { m: 'b', st: 'open', n: 2, tags: [], at: t(2) },
    { m: 'a', st: 'used', n: 3, tags: ['y'], at: t(3) },
    { st: 'open', n: 4, at: t(4) },
    { m: 'a', st: 'open', n: 5, tags: ['z'], at: t(5) },
  ]);
  const ns = async (f: Record<string, unknown>, sort?: Record<string, 1 | -1>) => (await M.find(f).sort(sort ?? {}).lean()).map((d) => d.n);
  // natural order without a sort, as the scan gives it
  expect(await ns({ m: 'a' })).toEqual([1, 3, 5]);
  expect(await ns({ m: 'a', st: 'open', at: { $gte: t(1) } }, { at: -1 })).toEqual([5, 1]);
  expect(await ns({ m: { $in: ['a', 'b'] }, n: { $gt: 1 } })).toEqual([2, 3, 5]);
  expect(await ns({ m: null })).toEqual([4]);
  expect(await ns({ m: { $exists: false } })).toEqual([4]);
  expect(await ns({ m: { $ne: 'a' } })).toEqual([2, 4]);
  expect(await ns({ tags: 'y' })).toEqual([1, 3]);
  expect(await ns({ tags: { $in: ['z', 'x'] } })).toEqual([1, 5]);
  expect(await ns({ tags: [] })).toEqual([2, 4]); // mongoose gives n 4 an empty array too
  // the indexed field changes: found under the new value only
  await M.updateOne({ _id: docs[0]._id }, { $set: { m: 'b' }, $pull: { tags: 'y' } });
  await M.updateOne({ _id: docs[3]._id }, { $set: { m: 'a' } });
  expect(await ns({ m: 'a' })).toEqual([3, 4, 5]);
  expect(await ns({ m: 'b' })).toEqual([1, 2]);
  expect(await ns({ tags: 'y' })).toEqual([3]);
  await M.deleteMany({ m: 'a', st: 'open' });
  expect(await ns({ m: 'a' })).toEqual([3]);
  expect((await M.findOneAndUpdate({ m: 'b', n: { $gte: 2 } }, { $inc: { n: 10 } }, { returnDocument: 'after' }).lean())!.n).toBe(12);
  expect(await ns({ m: 'b' })).toEqual([1, 12]);
  await M.create({ m: 'a', st: 'open', n: 6, at: t(6) });
  expect(await ns({ m: 'a' }, { n: 1 })).toEqual([3, 6]);
  expect(await M.countDocuments({ m: 'a' })).toBe(2);
});

test('array operators, positional and arrayFilters updates', async () => {
  const s = new Schema({ _id: String, steps: [{ name: String, done: Boolean }], tags: [String] }, { versionKey: false });
  const M = conn.model('ContractSteps', s);
  await M.create({ _id: 'o1', steps: [{ name: 'coupon', done: false }, { name: 'points', done: false }], tags: [] });
  await M.updateOne({ _id: 'o1', 'steps.name': 'coupon' }, { $set: { 'steps.$.done': true } });
  await M.updateOne({ _id: 'o1' }, { $set: { 'steps.$[s].done': true } }, { arrayFilters: [{ 's.name': 'points' }] });
  await M.updateOne({ _id: 'o1' }, { $addToSet: { tags: 'a' } });
  await M.updateOne({ _id: 'o1' }, { $addToSet: { tags: 'a' } });
  await M.updateOne({ _id: 'o1' }, { $push: { tags: 'b' } });
  await M.updateOne({ _id: 'o1' }, { $pull: { tags: 'a' } });
  const d = await M.findById('o1').lean();
  expect(d!.steps.every((x) => x.done)).toBe(true);
  expect(d!.tags).toEqual(['b']);
});

test('aggregation stages used by reports: $match $group $sum $facet $lookup $addFields', async () => {
  const L = conn.model('ContractLedger', new Schema({ member: String, kind: String, amount: Number }, { versionKey: false }));
  const P = conn.model('ContractPeople', new Schema({ _id: String, name: String }, { versionKey: false }));
  await P.create([{ _id: 'a', name: '甲' }, { _id: 'b', name: '乙' }]);
  await L.create([
    { member: 'a', kind: 'earn', amount: 100 },
    { member: 'a', kind: 'spend', amount: -40 },
    { member: 'b', kind: 'earn', amount: 10 },
  ]);
  const rows = await L.aggregate([
    { $group: { _id: '$member', balance: { $sum: '$amount' }, n: { $sum: 1 } } },
    { $lookup: { from: P.collection.name, localField: '_id', foreignField: '_id', as: 'p' } },
    { $addFields: { name: { $arrayElemAt: ['$p.name', 0] } } },
    { $project: { p: 0 } },
    { $sort: { _id: 1 } },
  ]);
  expect(rows).toEqual([
    { _id: 'a', balance: 60, n: 2, name: '甲' },
    { _id: 'b', balance: 10, n: 1, name: '乙' },
  ]);
  const [facet] = await L.aggregate([{ $facet: { earn: [{ $match: { kind: 'earn' } }, { $count: 'n' }], all: [{ $count: 'n' }] } }]);
  expect(facet).toEqual({ earn: [{ n: 2 }], all: [{ n: 3 }] });
});

test('mongoose is not using the global default connection', () => {
  expect(mongoose.connection.readyState).toBe(0);
});
