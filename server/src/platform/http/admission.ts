/**
 * Admission: how many requests one instance works on at once, and who goes first.
 *
 * Node runs every request on one event loop. When more arrive than the CPU can
 * serve, each one's steps queue behind everyone else's, and WeChat Pay's
 * notification (which must be answered within 5 s, or it is redelivered) waits
 * as long as a shopper's page load. So an instance works on at most `limit`
 * requests at once; the others wait their turn here, first come first served,
 * costing nothing but a promise, and `priority` requests never wait (in
 * app.ts: the payment notification, the health probes, and everything that is
 * not the API or the POS gateway, i.e. static files). Past `queueLimit` waiting, a
 * request is turned away at once with SERVICE_UNAVAILABLE and Retry-After: the
 * client retries, which is better than an answer that comes too late.
 *
 * This only orders the work of one process. Nothing here decides correctness:
 * every state change is still a guarded update, so any number of instances,
 * each with its own queue, stay correct.
 */
import type Koa from 'koa';
import { AppError } from '../errors';

export interface AdmissionOptions {
  /** requests worked on at once (0: no limit) */
  limit: number;
  /** requests waiting at most; beyond, SERVICE_UNAVAILABLE */
  queueLimit: number;
  /** requests that never wait */
  priority(path: string): boolean;
}

export interface Admission {
  middleware: Koa.Middleware;
  /** requests being worked on now (priority ones not counted) */
  readonly active: number;
  /** priority requests being worked on now */
  readonly priorityActive: number;
  /** requests waiting now */
  readonly waiting: number;
}

export function admission(opts: AdmissionOptions): Admission {
  let active = 0;
  let priorityActive = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active -= 1;
  };
  const middleware: Koa.Middleware = async (ctx, next) => {
    if (opts.priority(ctx.path)) {
      priorityActive += 1;
      try {
        return await next();
      } finally {
        priorityActive -= 1;
      }
    }
    if (opts.limit <= 0) return next();
    if (active >= opts.limit) {
      if (queue.length >= opts.queueLimit) {
        ctx.set('Retry-After', '1');
        throw new AppError('SERVICE_UNAVAILABLE', `admission queue full (${queue.length} waiting, ${active} active)`);
      }
      // the slot is handed over by release(): `active` stays counted for us
      await new Promise<void>((resolve) => queue.push(resolve));
    } else active += 1;
    try {
      await next();
    } finally {
      release();
    }
  };
  return {
    middleware,
    get active() {
      return active;
    },
    get priorityActive() {
      return priorityActive;
    },
    get waiting() {
      return queue.length;
    },
  };
}
