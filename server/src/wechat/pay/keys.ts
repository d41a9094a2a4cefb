/**
 * WeChat Pay's verification keys: serial → public key. Holds both kinds at
 * once (a merchant may be migrating): the WeChat Pay public key named by its
 * PUB_KEY_ID_…, and platform certificates downloaded from /v3/certificates,
 * stored in MongoDB (shared by every instance) and refreshed by a job.
 * The in-process copy is only a read cache of the database: an unknown serial
 * re-reads the database (rate-limited), it never decides correctness.
 */
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../../platform/db/connect';
import type { Clock } from '../../platform/clock';

interface CertDoc {
  _id: string;
  pem: string;
  effectiveTime: Date;
  expireTime: Date;
  fetchedAt: Date;
}

const certSchema = new Schema<CertDoc>(
  {
    _id: { type: String, required: true },
    pem: { type: String, required: true },
    effectiveTime: { type: Date, required: true },
    expireTime: { type: Date, required: true },
    fetchedAt: { type: Date, required: true },
  },
  { collection: 'wechatpay_platform_certs', versionKey: false },
);

export interface PlatformCertificate {
  serial: string;
  pem: string;
  effectiveTime: Date;
  expireTime: Date;
}

const RELOAD_EVERY_MS = 30_000;

export function createPayKeyStore(deps: { conn: Connection; clock: Clock; publicKeyId?: string; publicKeyPem?: string }) {
  const Cert = modelOn(deps.conn, 'WechatPayPlatformCert', certSchema);
  const fixed = new Map<string, KeyObject>();
  if (deps.publicKeyId && deps.publicKeyPem) fixed.set(deps.publicKeyId, createPublicKey(deps.publicKeyPem));
  let certs = new Map<string, KeyObject>();
  let loadedAt = 0;

  async function reload(): Promise<void> {
    const now = deps.clock.now();
    const docs = await Cert.find({ expireTime: { $gt: now } }).lean<CertDoc[]>();
    certs = new Map(docs.map((d) => [d._id, new X509Certificate(d.pem).publicKey]));
    loadedAt = Date.now();
  }

  return {
    /** The key for a `Wechatpay-Serial`, or undefined when we do not know that serial. */
    async get(serial: string): Promise<KeyObject | undefined> {
      const k = fixed.get(serial) ?? certs.get(serial);
      if (k) return k;
      if (Date.now() - loadedAt > 1000 || loadedAt === 0) await reload();
      return certs.get(serial);
    },
    async ensureLoaded(): Promise<void> {
      if (Date.now() - loadedAt > RELOAD_EVERY_MS) await reload();
    },
    /** Store certificates fetched (and decrypted) from /v3/certificates. */
    async storeCertificates(list: PlatformCertificate[]): Promise<number> {
      for (const c of list) {
        const parsed = new X509Certificate(c.pem);
        const norm = (x: string) => x.toUpperCase().replace(/^0+/, '');
        if (norm(parsed.serialNumber) !== norm(c.serial)) {
          throw new Error(`certificate serial ${parsed.serialNumber} does not match announced ${c.serial}`);
        }
        await Cert.updateOne(
          { _id: c.serial },
          { $set: { pem: c.pem, effectiveTime: c.effectiveTime, expireTime: c.expireTime, fetchedAt: deps.clock.now() } },
          { upsert: true },
        );
      }
      await reload();
      return list.length;
    },
    knownSerials(): string[] {
      return [...fixed.keys(), ...certs.keys()];
    },
  };
}

export type PayKeyStore = ReturnType<typeof createPayKeyStore>;
