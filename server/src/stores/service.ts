import { Types, type Connection } from 'mongoose';
import type { StoreView } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { AuditService } from '../system/audit';
import { chainModel, DEFAULT_HOURS, storeModel, type StoreDoc } from './model';

export type { StoreDoc } from './model';

/** Opening hours of a store (the chain default when it has none). */
export const hoursOf = (store: StoreDoc) => store.hours ?? DEFAULT_HOURS;

export type StoreInput = Pick<StoreDoc, 'code' | 'name' | 'city' | 'address' | 'phone' | 'location'>;

export function toStoreView(s: StoreDoc): StoreView {
  return { id: String(s._id), code: s.code, name: s.name, city: s.city, address: s.address, phone: s.phone, location: s.location };
}

/** What the audit log keeps of a store (before → after). */
export const storeAuditView = (s: StoreDoc | null) =>
  s && { code: s.code, name: s.name, city: s.city, address: s.address, phone: s.phone, location: s.location, active: s.active, hours: s.hours, closedDates: s.closedDates, photos: s.photos, serviceArea: s.serviceArea };

/** `audit` records the console's writes (create, edit, profile); the seed and benches may leave it out. */
/** The guard of a console save: the revision the editor loaded (0 = never edited), none = unguarded (admin API, seed). */
const onRevision = (base?: number) => (base === undefined ? {} : { revision: base === 0 ? { $in: [0, null] } : base });

export function createStoresService(deps: { conn: Connection; clock: Clock; chainId: string; audit?: AuditService }) {
  const Store = storeModel(deps.conn);
  const Chain = chainModel(deps.conn);
  return {
    /** Every store of the chain, closed ones too (console). */
    async listAll(): Promise<StoreDoc[]> {
      return Store.find({ chainId: deps.chainId }).sort({ city: 1, code: 1 }).lean<StoreDoc[]>();
    },
    /** A new store (console): the code is unique per chain (STORE_CODE_TAKEN), enforced by the unique index. */
    async create(input: StoreInput, actorId: string): Promise<StoreDoc> {
      try {
        const doc = await Store.create({ ...input, chainId: deps.chainId, active: true, createdAt: deps.clock.now() });
        const created = doc.toObject() as StoreDoc;
        await deps.audit?.record(actorId, 'store.create', { storeId: String(created._id), before: null, after: storeAuditView(created) });
        return created;
      } catch (err) {
        if (isDuplicateKey(err, 'stores_chain_code_unique')) {
          throw new AppError('STORE_CODE_TAKEN', `store code ${input.code} exists`, { fields: [{ path: 'body.code', message: '门店编码已被使用' }] });
        }
        throw err;
      }
    },
    /** Name, address, coordinates, phone, open/closed (console); one update, audited before → after. */
    async update(storeId: string, input: Omit<StoreInput, 'code'> & { active: boolean }, actorId: string, baseRevision?: number): Promise<StoreDoc> {
      const before = await this.require(storeId);
      const after = await Store.findOneAndUpdate({ _id: before._id, chainId: deps.chainId, ...onRevision(baseRevision) }, { $set: input, $inc: { revision: 1 } }, { returnDocument: 'after', lean: true });
      if (!after) throw new AppError('STORE_CONFLICT', `store ${storeId} moved past revision ${baseRevision}`);
      await deps.audit?.record(actorId, 'store.update', { storeId, before: storeAuditView(before), after: storeAuditView(after as StoreDoc) });
      return after as StoreDoc;
    },
    async list(): Promise<StoreDoc[]> {
      return Store.find({ chainId: deps.chainId, active: true }).sort({ city: 1, code: 1 }).lean<StoreDoc[]>();
    },
    async get(storeId: string): Promise<StoreDoc | null> {
      if (!Types.ObjectId.isValid(storeId)) return null;
      return Store.findOne({ _id: storeId, chainId: deps.chainId }).lean<StoreDoc>();
    },
    /**
     * For another module's aggregation by its own `_id` (one command instead of two reads): the stage that joins
     * the store named by `localField` as the array `as`; `joined` takes it back out (this chain's store, or null).
     */
    joinStage: (localField: string, as: string) => ({ $lookup: { from: Store.collection.collectionName, localField, foreignField: '_id', as } }),
    joined(rows: StoreDoc[] | undefined): StoreDoc | null {
      const s = rows?.[0];
      return s && s.chainId === deps.chainId ? s : null;
    },
    async require(storeId: string): Promise<StoreDoc> {
      const s = await this.get(storeId);
      if (!s) throw new AppError('STORE_NOT_FOUND', `store ${storeId} not found`);
      return s;
    },
    async byIds(ids: string[]): Promise<Map<string, StoreDoc>> {
      const docs = await Store.find({ _id: { $in: ids.filter((i) => Types.ObjectId.isValid(i)) } }).lean<StoreDoc[]>();
      return new Map(docs.map((d) => [String(d._id), d]));
    },
    /** Create or update by (chain, code): idempotent, used by the seed. */
    async upsert(input: StoreInput): Promise<StoreDoc> {
      return (await Store.findOneAndUpdate(
        { chainId: deps.chainId, code: input.code },
        { $set: { ...input, active: true }, $inc: { revision: 1 }, $setOnInsert: { chainId: deps.chainId, createdAt: deps.clock.now() } },
        { upsert: true, returnDocument: 'after', lean: true },
      )) as StoreDoc;
    },
    /** Hours, closed dates, photos and service area (admin). */
    async setProfile(storeId: string, p: Pick<StoreDoc, 'hours' | 'closedDates' | 'photos' | 'serviceArea'>, actorId?: string, baseRevision?: number): Promise<StoreDoc> {
      const before = await this.require(storeId);
      const s = await Store.findOneAndUpdate({ _id: before._id, ...onRevision(baseRevision) }, { $set: p, $inc: { revision: 1 } }, { returnDocument: 'after', lean: true });
      if (!s) throw new AppError('STORE_CONFLICT', `store ${storeId} moved past revision ${baseRevision}`);
      if (actorId) await deps.audit?.record(actorId, 'store.profile', { storeId, before: storeAuditView(before), after: storeAuditView(s as StoreDoc) });
      return s as StoreDoc;
    },
    async upsertChain(name: string): Promise<void> {
      await Chain.updateOne(
        { _id: deps.chainId },
        { $set: { name }, $setOnInsert: { createdAt: deps.clock.now() } },
        { upsert: true },
      );
    },
    async chainName(): Promise<string | null> {
      return (await Chain.findById(deps.chainId).lean())?.name ?? null;
    },
  };
}

export type StoresService = ReturnType<typeof createStoresService>;
