/**
 * Modules: each domain folder exports one `module.ts` (`defineModule({ name, create, routes?, jobs? })`) and
 * `server/src/modules.ts` lists them once, in dependency order. services.ts, app.ts and jobs.ts walk that list:
 *
 * - `create(deps, s)` builds the module's services (the keys of the object it returns become `services.<key>`).
 *   `s` holds every service created so far. Read a service while creating only if its module is earlier in the
 *   list; a later one (a cycle such as coupons ↔ membership) only inside a function that runs after start.
 *   Reading one that does not exist yet throws at start, naming both modules.
 * - `routes(api, s, app)` binds the module's HTTP routes (thin: validate, authorize, call the service).
 * - `jobs` are its background jobs on the MongoDB scheduler: `every` (ms) arms them as recurring, `firstRunAt`
 *   picks the first run (e.g. 01:00 Asia/Shanghai); a job without `every` is defined only (run on demand).
 * `Services` is inferred from the list, so `app.services.<key>` stays typed.
 */
import type Router from '@koa/router';
import type { Connection } from 'mongoose';
import type { Config } from './config';
import type { Clock } from './clock';
import type { Logger } from './logger';
import type { AppState } from './http/context';
import type { ImageStore } from './images/store';
import type { JobContext, Scheduler } from './jobs/scheduler';
import type { MiniProgramClient } from '../wechat/miniprogram/client';
import type { WechatPay } from '../wechat/pay';

/** What every module is created from (main.ts wires the real ones, tests their own). */
export interface CoreDeps {
  config: Config;
  conn: Connection;
  clock: Clock;
  logger: Logger;
  wechat: MiniProgramClient;
  wechatPay: WechatPay;
  sessionSecret: string;
  instanceId?: string;
}

/** What routes see besides the services: the app's own dependencies. */
export interface RouteContext extends CoreDeps {
  engine: { kind: string; persistent: boolean };
  images: ImageStore;
}

export interface JobTimes {
  now: Date;
  /** hour (Asia/Shanghai) of the daily WeChat Pay reconciliation */
  reconcileHour: number;
}

export interface JobDef<S> {
  name: string;
  run(s: S, ctx: JobContext): Promise<void>;
  /** how long one run may hold the lock (default 60 s) */
  lockMs?: number;
  /** recurring: armed once per database to run every this many ms */
  every?: number;
  /** first run of a recurring job (default: at once) */
  firstRunAt?(t: JobTimes): Date;
}

type NoNeeds = Record<never, never>;

export interface ModuleDef<N extends object, P extends object> {
  name: string;
  create(deps: CoreDeps, s: N): P;
  routes?(api: Router<AppState>, s: N & P, app: RouteContext): void;
  jobs?: readonly JobDef<N & P>[];
}

export function defineModule<P extends object, N extends object = NoNeeds>(m: ModuleDef<N, P>): ModuleDef<N, P> {
  return m;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of modules with different needs
export type AnyModule = ModuleDef<any, any>;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** The services a list of modules provides: the intersection of what each `create` returns. */
export type ProvidedBy<R extends readonly AnyModule[]> = UnionToIntersection<{ [K in keyof R]: R[K] extends ModuleDef<object, infer P> ? P : never }[number]>;

/**
 * Creates every module's services in list order. Returns the plain object (for callers) and the guarded view
 * handed to modules, which throws on a service that no module created (yet).
 */
export function createModules<R extends readonly AnyModule[]>(registry: R, deps: CoreDeps): { services: ProvidedBy<R>; view: ProvidedBy<R> } {
  const built: Record<string, unknown> = {};
  const ownerOf = new Map<string, string>();
  let creating: string | null = null;
  const view = new Proxy(built, {
    get(target, key) {
      if (typeof key === 'string' && !(key in target)) {
        throw new Error(
          creating
            ? `module "${creating}" reads service "${key}" while it is created, before any module provides it: move that module earlier in server/src/modules.ts, or read it inside a function`
            : `no module provides service "${key}" (server/src/modules.ts)`,
        );
      }
      return Reflect.get(target, key);
    },
  });
  for (const m of registry) {
    creating = m.name;
    const provided = m.create(deps, view) as Record<string, unknown>;
    for (const [key, service] of Object.entries(provided)) {
      if (ownerOf.has(key)) throw new Error(`modules "${ownerOf.get(key)}" and "${m.name}" both provide service "${key}"`);
      ownerOf.set(key, m.name);
      built[key] = service;
    }
  }
  creating = null;
  return { services: built as ProvidedBy<R>, view: view as ProvidedBy<R> };
}

export function bindRoutes(registry: readonly AnyModule[], api: Router<AppState>, services: object, app: RouteContext): void {
  for (const m of registry) m.routes?.(api, services, app);
}

export function defineJobs(registry: readonly AnyModule[], scheduler: Scheduler, services: object): void {
  for (const m of registry) {
    for (const job of (m.jobs ?? []) as readonly JobDef<object>[]) {
      scheduler.define(job.name, (ctx) => job.run(services, ctx), job.lockMs ? { lockMs: job.lockMs } : {});
    }
  }
}

/** Recurring schedules, armed once per database (idempotent across instances). */
export async function armJobs(registry: readonly AnyModule[], scheduler: Scheduler, t: JobTimes): Promise<void> {
  for (const m of registry) {
    for (const job of (m.jobs ?? []) as readonly JobDef<object>[]) {
      if (job.every) await scheduler.every(job.name, job.every, job.firstRunAt ? { firstRunAt: job.firstRunAt(t) } : {});
    }
  }
}
