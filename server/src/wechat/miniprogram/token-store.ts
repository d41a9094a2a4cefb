/**
 * The mini-program access token, cached in MongoDB and shared by every server
 * instance. Exactly one instance refreshes it per expiry: the refresher takes a
 * lease with a guarded update; the others wait for the new token (no stampede).
 */
import { randomUUID } from 'node:crypto';
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../../platform/db/connect';
import { isDuplicateKey } from '../../platform/errors';
import type { Clock } from '../../platform/clock';

interface TokenDoc {
  _id: string;
  accessToken: string | null;
  expiresAt: Date | null;
  leaseUntil: Date | null;
  leaseHolder: string | null;
  refreshedAt: Date | null;
}

const tokenSchema = new Schema<TokenDoc>(
  {
    _id: { type: String, required: true },
    accessToken: { type: String, default: null },
    expiresAt: { type: Date, default: null },
    leaseUntil: { type: Date, default: null },
    leaseHolder: { type: String, default: null },
    refreshedAt: { type: Date, default: null },
  },
  { collection: 'wechat_access_tokens', versionKey: false },
);

export interface FetchedToken {
  accessToken: string;
  expiresInSeconds: number;
}

const EARLY_REFRESH_MS = 5 * 60_000;
const LEASE_MS = 15_000;
const WAIT_STEP_MS = 100;

export function createTokenStore(deps: { conn: Connection; clock: Clock; appid: string; fetch: (force: boolean) => Promise<FetchedToken> }) {
  const Token = modelOn(deps.conn, 'WechatAccessToken', tokenSchema);
  const key = deps.appid;

  const usable = (doc: TokenDoc | null, now: Date, notToken?: string) =>
    doc?.accessToken && doc.expiresAt && doc.expiresAt.getTime() - EARLY_REFRESH_MS > now.getTime() && doc.accessToken !== notToken
      ? doc.accessToken
      : null;

  async function takeLease(holder: string, rejected?: string): Promise<boolean> {
    const now = deps.clock.now();
    try {
      // The lease is only granted while the token still needs replacing: a caller that read
      // the old state just before another instance stored a fresh token must not refresh again.
      const doc = await Token.findOneAndUpdate(
        {
          _id: key,
          $and: [
            { $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
            {
              $or: [
                { accessToken: null },
                { expiresAt: { $lt: new Date(now.getTime() + EARLY_REFRESH_MS) } },
                ...(rejected ? [{ accessToken: rejected }] : []),
              ],
            },
          ],
        },
        { $set: { leaseUntil: new Date(now.getTime() + LEASE_MS), leaseHolder: holder } },
        { upsert: true, returnDocument: 'after', lean: true },
      );
      return doc?.leaseHolder === holder;
    } catch (err) {
      if (isDuplicateKey(err)) return false; // the document exists and someone else holds the lease
      throw err;
    }
  }

  return {
    /**
     * A valid token. `rejected` is a token WeChat just answered 40001 for: it is
     * never returned again, and one refresh (force) replaces it.
     */
    async get(rejected?: string): Promise<string> {
      const deadline = Date.now() + LEASE_MS + 5_000;
      const holder = randomUUID();
      for (;;) {
        const doc = await Token.findById(key).lean<TokenDoc>();
        const token = usable(doc, deps.clock.now(), rejected);
        if (token) return token;
        if (await takeLease(holder, rejected)) {
          try {
            const fetched = await deps.fetch(Boolean(rejected));
            const now = deps.clock.now();
            await Token.updateOne(
              { _id: key, leaseHolder: holder },
              {
                $set: {
                  accessToken: fetched.accessToken,
                  expiresAt: new Date(now.getTime() + fetched.expiresInSeconds * 1000),
                  refreshedAt: now,
                  leaseUntil: null,
                  leaseHolder: null,
                },
              },
            );
            return fetched.accessToken;
          } catch (err) {
            await Token.updateOne({ _id: key, leaseHolder: holder }, { $set: { leaseUntil: null, leaseHolder: null } });
            throw err;
          }
        }
        if (Date.now() > deadline) throw new Error('timed out waiting for another instance to refresh the access token');
        await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
      }
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
