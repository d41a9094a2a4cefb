/**
 * The checkout benchmark's baseline (checkout-roundtrip.ts): the raw driver, the same commands per order,
 * the same concurrency.
 * Command monitoring counted, during our measured run, every database command
 * by kind and collection. The baseline sends, per order and one after another,
 * as many commands of each (kind, collection) as our stack sent per order
 * (totals spread evenly over the orders), to a twin of each collection
 * (`raw_<name>`: the same indexes, reset before each run to the documents the
 * real one held when our measured run began, so scans and index upkeep cost
 * the same), shaped like ours:
 *   insert        → a clone of a real document of that collection (fresh _id,
 *                   fresh values for unique-index fields, the shopper's memberId)
 *   findAndModify → members: a guarded `$inc` on the shopper's document;
 *                   others: a guarded `$set` (lease-like) on the document this
 *                   order inserted there, else on one of the shopper's
 *   update        → the same target, an unguarded `$set` / `$inc`
 *   find          → members by _id; others by memberId, newest 20
 *   aggregate / count / distinct / delete / getMore → the same by memberId
 * Approximations: our reads that go through another unique key (clientKey,
 * outTradeNo, token) become memberId reads here; and the baseline runs
 * sequentially where our stack runs up to four reads at once (Promise.all),
 * so it is slightly pessimistic, i.e. the ratio flatters us a little. It does
 * no HTTP, no validation, no RSA/AES and no WeChat Pay round trips: the ratio
 * is what the whole stack costs over its bare database work.
 */
import { Types } from 'mongoose';
import type { Db, Document, IndexSpecification } from 'mongodb';
import { ms } from './support';

export interface RawRun {
  total: number[];
  seconds: number;
  ok: number;
}

function getPath(doc: Document, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Document)[k] : undefined), doc);
}
function setPath(doc: Document, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = doc;
  for (const k of keys.slice(0, -1)) at = at[k] && typeof at[k] === 'object' ? (at[k] = { ...at[k] }) : (at[k] = {});
  at[keys[keys.length - 1]] = value;
}

/**
 * `counts`: our commands by `kind\tcollection` over `countedOrders` orders; `snapshot`: each collection's
 * documents when our measured run began (the twins start from them on every run).
 */
export async function createRawBaseline(opts: { db: Db; counts: Map<string, number>; snapshot: Map<string, Document[]>; shoppers: { memberId: string }[]; countedOrders: number }) {
  const { db, counts, snapshot, shoppers, countedOrders } = opts;
  const plan = [...counts.entries()]
    .filter(([k]) => k !== 'other')
    .map(([k, total]) => {
      const [cmd, coll] = k.split('\t');
      return { cmd, coll, total };
    });
  const KIND_ORDER = ['find', 'insert', 'findAndModify', 'update', 'aggregate', 'count', 'distinct', 'delete', 'getMore'];
  plan.sort((x, y) => KIND_ORDER.indexOf(x.cmd) - KIND_ORDER.indexOf(y.cmd) || x.coll.localeCompare(y.coll));
  const twinOf = (coll: string) => db.collection(`raw_${coll}`);
  const templates = new Map<string, Document | null>();
  const uniqueFields = new Map<string, string[]>();
  for (const coll of new Set(plan.map((o) => o.coll))) {
    const real = db.collection(coll);
    const twin = twinOf(coll);
    await twin.drop().catch(() => undefined);
    const fields = new Set<string>();
    for (const ix of await real.indexes().catch(() => [])) {
      if (ix.name === '_id_') continue;
      await twin.createIndex(ix.key as IndexSpecification, {
        name: ix.name,
        ...(ix.unique ? { unique: true } : {}),
        ...(ix.sparse ? { sparse: true } : {}),
        ...(ix.partialFilterExpression ? { partialFilterExpression: ix.partialFilterExpression } : {}),
      });
      if (ix.unique) for (const f of Object.keys(ix.key)) if (f !== '_id' && f !== 'memberId') fields.add(f);
    }
    uniqueFields.set(coll, [...fields]);
    templates.set(coll, await real.findOne({}, { sort: { _id: -1 } }));
  }
  async function resetTwins(): Promise<void> {
    for (const coll of templates.keys()) {
      await twinOf(coll).deleteMany({});
      const docs = snapshot.get(coll) ?? [];
      if (docs.length) await twinOf(coll).insertMany(docs.map((d) => ({ ...d })));
    }
  }
  const share = (total: number, i: number, n: number) => Math.floor(((i + 1) * total) / n) - Math.floor((i * total) / n);
  let rawSeq = 0;
  const fresh = (like: unknown) =>
    like instanceof Types.ObjectId
      ? new Types.ObjectId()
      : typeof like === 'number'
        ? 1e12 + rawSeq
        : like instanceof Date
          ? new Date(Date.now() + rawSeq)
          : `raw-${rawSeq}`;
  async function rawOp(cmd: string, coll: string, memberId: Types.ObjectId, mine: Map<string, Types.ObjectId>): Promise<void> {
    const twin = twinOf(coll);
    const target = coll === 'members' ? { _id: memberId } : mine.has(coll) ? { _id: mine.get(coll)! } : { memberId };
    rawSeq += 1;
    switch (cmd) {
      case 'insert': {
        const doc: Document = { ...(templates.get(coll) ?? {}), _id: new Types.ObjectId() };
        if ('memberId' in doc) doc.memberId = memberId;
        for (const f of uniqueFields.get(coll) ?? []) setPath(doc, f, fresh(getPath(doc, f)));
        await twin.insertOne(doc);
        mine.set(coll, doc._id as Types.ObjectId);
        return;
      }
      case 'findAndModify':
        if (coll === 'members')
          await twin.findOneAndUpdate(
            { _id: memberId, 'points.available': { $gte: 0 } },
            { $inc: { 'points.rawSeq': 1 } },
            { returnDocument: 'after' },
          );
        else
          await twin.findOneAndUpdate(
            { ...target, leaseToken: { $ne: `t${rawSeq}` } },
            { $set: { leaseUntil: new Date(), leaseToken: `t${rawSeq}` } },
            { returnDocument: 'after' },
          );
        return;
      case 'update':
        await twin.updateOne(
          target,
          coll === 'members' ? { $inc: { 'points.rawSeq': 1 } } : { $set: { rawTouchedAt: new Date() } },
        );
        return;
      case 'find':
      case 'getMore':
        if (coll === 'members') await twin.findOne({ _id: memberId });
        else await twin.find({ memberId }).sort({ _id: -1 }).limit(20).toArray();
        return;
      case 'aggregate':
        await twin.aggregate([{ $match: { memberId } }, { $group: { _id: null, n: { $sum: 1 } } }]).toArray();
        return;
      case 'count':
        await twin.countDocuments({ memberId });
        return;
      case 'distinct':
        await twin.distinct('_id', { memberId });
        return;
      case 'delete':
        await twin.deleteOne({ _id: new Types.ObjectId() });
        return;
    }
  }
  async function run(rounds: number): Promise<RawRun> {
    await resetTwins();
    const raw: RawRun = { total: [], seconds: 0, ok: 0 };
    const n = shoppers.length * rounds;
    const perRun = countedOrders; // the totals were counted over this many orders
    let next = 0;
    const t0 = process.hrtime.bigint();
    await Promise.all(
      shoppers.map(async (s) => {
        const memberId = new Types.ObjectId(s.memberId);
        for (let r = 0; r < rounds; r++) {
          const i = next++;
          const t1 = process.hrtime.bigint();
          const mine = new Map<string, Types.ObjectId>();
          for (const o of plan)
            for (let k = share(o.total, i % perRun, perRun); k > 0; k--) await rawOp(o.cmd, o.coll, memberId, mine);
          raw.total.push(ms(t1));
        }
      }),
    );
    raw.seconds = ms(t0) / 1000;
    raw.ok = n;
    return raw;
  }
  return { plan, run };
}
