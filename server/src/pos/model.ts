import { Schema, type Connection, type Types } from 'mongoose';
import { modelOn } from '../platform/db/connect';

/**
 * A store POS system's API key. `keyId` is public (sent on every request);
 * the secret is kept encrypted (AES-256-GCM, key derived from the session
 * secret, the key id as associated data) and shown once, at creation.
 */
export interface PosKeyDoc {
  _id: Types.ObjectId;
  keyId: string;
  storeId: Types.ObjectId;
  label: string;
  secretEnc: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

const posKeySchema = new Schema<PosKeyDoc>(
  {
    keyId: { type: String, required: true },
    storeId: { type: Schema.Types.ObjectId, required: true },
    label: { type: String, required: true },
    secretEnc: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    revokedBy: { type: String, default: null },
  },
  { collection: 'pos_keys', versionKey: false },
);
posKeySchema.index({ keyId: 1 }, { unique: true, name: 'pos_keys_key_id_unique' });
posKeySchema.index({ storeId: 1, createdAt: -1 }, { name: 'pos_keys_store' });

export const posKeyModel = (conn: Connection) => modelOn(conn, 'PosKey', posKeySchema);

/**
 * A nonce seen with a key (after its signature verified). The unique index
 * makes a replay — even concurrent — fail; the `pos.purge-nonces` job deletes
 * nonces older than 10 minutes (a request is only accepted within ±5 minutes
 * of its timestamp, so an older nonce can no longer be replayed). No TTL index:
 * the embedded engine does not expire documents.
 */
export interface PosNonceDoc {
  _id: Types.ObjectId;
  keyId: string;
  nonce: string;
  createdAt: Date;
}

const posNonceSchema = new Schema<PosNonceDoc>(
  {
    keyId: { type: String, required: true },
    nonce: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'pos_nonces', versionKey: false },
);
posNonceSchema.index({ keyId: 1, nonce: 1 }, { unique: true, name: 'pos_nonces_key_nonce_unique' });
posNonceSchema.index({ createdAt: 1 }, { name: 'pos_nonces_created' });

export const posNonceModel = (conn: Connection) => modelOn(conn, 'PosNonce', posNonceSchema);
