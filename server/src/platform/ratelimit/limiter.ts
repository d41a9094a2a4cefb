/**
 * Fixed-window rate limits whose state is in MongoDB, so they hold across
 * instances. A hit is one guarded upsert `$inc` on the window document keyed
 * by (limit, subject, window): no read-then-write, no in-process counters.
 *
 * Why not rate-limiter-flexible's Mongo store: it relies on a TTL index for
 * cleanup (never expires on the embedded engine, and our rules forbid TTL
 * indexes) and on the wall clock, which tests cannot move.
 */
import type { Connection } from 'mongoose';
import type { Clock } from '../clock';
import { AppError, isDuplicateKey } from '../errors';
import { rateWindowModel } from './model';

export interface Limit {
  /** counter name, shared by the routes that use it (e.g. `check-in:staff`) */
  name: string;
  max: number;
  windowSeconds: number;
}

export interface Hit {
  limit: Limit;
  /** who is counted: an IP, a staff member id, a store id */
  subject: string;
}

export function createRateLimiter(deps: { conn: Connection; clock: Clock }) {
  const Window = rateWindowModel(deps.conn);

  async function count(hit: Hit, now: number): Promise<{ count: number; resetAt: number }> {
    const ms = hit.limit.windowSeconds * 1000;
    const start = Math.floor(now / ms) * ms;
    const _id = `${hit.limit.name}:${hit.subject.slice(0, 100)}:${start}`;
    const update = {
      $inc: { count: 1 },
      $setOnInsert: { limit: hit.limit.name, windowStart: new Date(start), expiresAt: new Date(start + 2 * ms) },
    };
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await Window.findOneAndUpdate({ _id }, update, { upsert: true, returnDocument: 'after', lean: true });
        return { count: doc!.count, resetAt: start + ms };
      } catch (err) {
        // Two first hits of one window raced on the insert: the other one created it, count again.
        if (!isDuplicateKey(err) || attempt >= 2) throw err;
      }
    }
  }

  return {
    /** Count the hits; RATE_LIMITED (with the seconds to wait) if any limit is over. */
    async hit(hits: Hit[]): Promise<void> {
      if (!hits.length) return;
      const now = deps.clock.now().getTime();
      const results = await Promise.all(hits.map((h) => count(h, now)));
      const over = results.map((r, i) => ({ ...r, hit: hits[i] })).filter((r) => r.count > r.hit.limit.max);
      if (!over.length) return;
      const retryAfterSeconds = Math.max(1, Math.ceil((Math.max(...over.map((o) => o.resetAt)) - now) / 1000));
      const names = over.map((o) => `${o.hit.limit.name}=${o.count}/${o.hit.limit.max}`).join(', ');
      throw new RateLimitedError(`rate limit exceeded: ${names}`, retryAfterSeconds);
    },
    /** Delete windows that ended (the purge job). */
    async purge(): Promise<number> {
      const r = await Window.deleteMany({ expiresAt: { $lt: deps.clock.now() } });
      return r.deletedCount ?? 0;
    },
  };
}

export class RateLimitedError extends AppError {
  constructor(detail: string, readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', detail);
  }
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
