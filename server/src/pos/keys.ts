/**
 * Stores' POS API keys: created by an admin (the secret is returned once),
 * listed without secrets, revoked (refused at once: every request looks its
 * key up). Secrets are stored AES-256-GCM encrypted under a key derived from
 * the session secret, so a database dump alone cannot sign POS requests.
 * Changing SESSION_SECRET therefore invalidates every POS key (create new ones).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import type { PosKeyView } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { StoresService } from '../stores/service';
import type { AuditService } from '../system/audit';
import { posKeyModel, type PosKeyDoc } from './model';

const ENC_VERSION = 'v1';

export function createPosKeys(deps: { conn: Connection; clock: Clock; logger: Logger; sessionSecret: string; stores: StoresService; audit: AuditService }) {
  const Key = posKeyModel(deps.conn);
  const encKey = Buffer.from(hkdfSync('sha256', deps.sessionSecret, 'homeclub', 'pos-key-secret v1', 32));

  function encrypt(secret: string, keyId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', encKey, iv);
    cipher.setAAD(Buffer.from(keyId));
    const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [ENC_VERSION, iv, ct, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** The secret, or null when it cannot be decrypted (session secret changed, or tampered). */
  function decrypt(doc: Pick<PosKeyDoc, 'secretEnc' | 'keyId'>): string | null {
    const [v, iv, ct, tag] = doc.secretEnc.split('.');
    if (v !== ENC_VERSION || !iv || !ct || !tag) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(doc.keyId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  const view = (k: PosKeyDoc): PosKeyView => ({
    keyId: k.keyId,
    storeId: String(k.storeId),
    label: k.label,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
  });

  return {
    view,
    async create(storeId: string, label: string, actorId: string): Promise<PosKeyView & { secret: string }> {
      await deps.stores.require(storeId);
      for (;;) {
        const keyId = `pk_${randomBytes(12).toString('hex')}`;
        const secret = `sk_${randomBytes(32).toString('base64url')}`;
        try {
          const doc = await Key.create({ keyId, storeId: new Types.ObjectId(storeId), label, secretEnc: encrypt(secret, keyId), createdBy: actorId, createdAt: deps.clock.now() });
          await deps.audit.record(actorId, 'pos_key.create', { storeId, keyId, label });
          return { ...view(doc.toObject()), secret };
        } catch (err) {
          if (!isDuplicateKey(err, 'pos_keys_key_id_unique')) throw err; // 96 random bits: practically never
        }
      }
    },
    async list(storeId: string): Promise<PosKeyView[]> {
      const keys = await Key.find({ storeId: new Types.ObjectId(storeId) }).sort({ createdAt: -1 }).lean<PosKeyDoc[]>();
      return keys.map(view);
    },
    async revoke(storeId: string, keyId: string, actorId: string): Promise<PosKeyView> {
      const filter = { keyId, storeId: new Types.ObjectId(storeId) };
      const revoked = await Key.findOneAndUpdate({ ...filter, revokedAt: null }, { $set: { revokedAt: deps.clock.now(), revokedBy: actorId } }, { returnDocument: 'after', lean: true });
      if (revoked) {
        await deps.audit.record(actorId, 'pos_key.revoke', { storeId, keyId });
        return view(revoked as PosKeyDoc);
      }
      const existing = await Key.findOne(filter).lean<PosKeyDoc>();
      if (!existing) throw new AppError('NOT_FOUND', `no POS key ${keyId} at store ${storeId}`);
      return view(existing);
    },
    /** An active key with its secret (for request verification), or null. */
    async active(keyId: string): Promise<{ keyId: string; storeId: string; secret: string } | null> {
      const k = await Key.findOne({ keyId }).lean<PosKeyDoc>();
      if (!k || k.revokedAt) return null;
      const secret = decrypt(k);
      if (secret === null) {
        deps.logger.warn({ keyId }, 'POS key secret cannot be decrypted (was SESSION_SECRET changed?)');
        return null;
      }
      return { keyId: k.keyId, storeId: String(k.storeId), secret };
    },
    /** The active key of a store with this label, with its secret (the demo key file). */
    async activeByLabel(storeId: string, label: string): Promise<(PosKeyView & { secret: string }) | null> {
      const k = await Key.findOne({ storeId: new Types.ObjectId(storeId), label, revokedAt: null }).sort({ createdAt: -1 }).lean<PosKeyDoc>();
      const secret = k ? decrypt(k) : null;
      return k && secret !== null ? { ...view(k), secret } : null;
    },
  };
}

export type PosKeys = ReturnType<typeof createPosKeys>;
