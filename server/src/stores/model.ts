import { Schema, type Connection, type Types } from 'mongoose';
import { modelOn } from '../platform/db/connect';

export interface StoreDoc {
  _id: Types.ObjectId;
  chainId: string;
  /** moved by every edit: a console save on an older one is refused (STORE_CONFLICT) */
  revision?: number;
  code: string;
  name: string;
  city: string;
  address: string;
  phone: string;
  location: { lat: number; lng: number };
  active: boolean;
  /** opening hours, Sunday first; [] = closed that weekday (null = the default hours) */
  hours: { open: string; close: string }[][] | null;
  closedDates: string[];
  photos: string[];
  /** where 上门量尺 is offered */
  serviceArea: { cities: string[]; districts: string[] } | null;
  createdAt: Date;
}

/** Until an admin sets them: 10:00–21:00 every day. */
export const DEFAULT_HOURS = Array.from({ length: 7 }, () => [{ open: '10:00', close: '21:00' }]);

const storeSchema = new Schema<StoreDoc>(
  {
    chainId: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    city: { type: String, required: true },
    address: { type: String, required: true },
    phone: { type: String, required: true },
    location: { lat: { type: Number, required: true }, lng: { type: Number, required: true } },
    active: { type: Boolean, default: true },
    hours: { type: Schema.Types.Mixed, default: null },
    closedDates: { type: [String], default: [] },
    photos: { type: [String], default: [] },
    serviceArea: { type: Schema.Types.Mixed, default: null },
    revision: { type: Number },
    createdAt: { type: Date, required: true },
  },
  { collection: 'stores', versionKey: false, minimize: false },
);
storeSchema.index({ chainId: 1, code: 1 }, { unique: true, name: 'stores_chain_code_unique' });

export const storeModel = (conn: Connection) => modelOn(conn, 'Store', storeSchema);

export interface ChainDoc {
  _id: string;
  name: string;
  createdAt: Date;
}

const chainSchema = new Schema<ChainDoc>(
  { _id: { type: String, required: true }, name: { type: String, required: true }, createdAt: { type: Date, required: true } },
  { collection: 'chains', versionKey: false },
);

export const chainModel = (conn: Connection) => modelOn(conn, 'Chain', chainSchema);
