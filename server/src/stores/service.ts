import { Types, type Connection } from 'mongoose';
import type { StoreView } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import { chainModel, DEFAULT_HOURS, storeModel, type StoreDoc } from './model';

export type { StoreDoc } from './model';

/** Opening hours of a store (the chain default when it has none). */
export const hoursOf = (store: StoreDoc) => store.hours ?? DEFAULT_HOURS;

export type StoreInput = Pick<StoreDoc, 'code' | 'name' | 'city' | 'address' | 'phone' | 'location'>;

export function toStoreView(s: StoreDoc): StoreView {
  return { id: String(s._id), code: s.code, name: s.name, city: s.city, address: s.address, phone: s.phone, location: s.location };
}

export function createStoresService(deps: { conn: Connection; clock: Clock; chainId: string }) {
  const Store = storeModel(deps.conn);
  const Chain = chainModel(deps.conn);
  return {
    async list(): Promise<StoreDoc[]> {
      return Store.find({ chainId: deps.chainId, active: true }).sort({ city: 1, code: 1 }).lean<StoreDoc[]>();
    },
    async get(storeId: string): Promise<StoreDoc | null> {
      if (!Types.ObjectId.isValid(storeId)) return null;
      return Store.findOne({ _id: storeId, chainId: deps.chainId }).lean<StoreDoc>();
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
        { $set: { ...input, active: true }, $setOnInsert: { chainId: deps.chainId, createdAt: deps.clock.now() } },
        { upsert: true, returnDocument: 'after', lean: true },
      )) as StoreDoc;
    },
    /** Hours, closed dates, photos and service area (admin). */
    async setProfile(storeId: string, p: Pick<StoreDoc, 'hours' | 'closedDates' | 'photos' | 'serviceArea'>): Promise<StoreDoc> {
      const s = await Store.findOneAndUpdate({ _id: (await this.require(storeId))._id }, { $set: p }, { returnDocument: 'after', lean: true });
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
