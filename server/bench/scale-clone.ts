/**
 * Seeding for server/bench/scale.ts: capture one real member's documents in
 * the member-owned collections, then insert copies of them for N members.
 * Every id that belongs to the template (its member id, and the _id of every
 * document found through it, transitively) is rewritten per copy — as an
 * ObjectId where it was one, inside strings where it was embedded (keys such
 * as `order:<id>:points`) — and a unique key the rewrite left unchanged gets a
 * per-copy suffix, so the copies satisfy every unique index like real data.
 */
import { ObjectId } from 'mongodb';
import type { Connection } from 'mongoose';

/** member-owned history; scheduler, settings, rollups and sessions are not cloned */
const CLONED = ['members', 'points_entries', 'points_lots', 'points_owed', 'growth_entries', 'coupons', 'coupon_verifications', 'orders', 'order_numbers_taken', 'payment_intents', 'payment_notifications', 'payment_refunds', 'audit_log'];
const BATCH = 200;

type Doc = Record<string, unknown>;

export interface Template {
  docs: Map<string, Doc[]>;
  counts: Record<string, number>;
  /** old id (hex or string) → whether it was an ObjectId */
  ids: Map<string, boolean>;
  unique: Map<string, string[][]>;
  /** the _id of the last member copied (a lookup target for the baseline) */
  lastMemberId: unknown;
}

const isOid = (v: unknown): v is ObjectId => typeof v === 'object' && v !== null && (v as { _bsontype?: string })._bsontype === 'ObjectId';
const idText = (v: unknown) => (isOid(v) ? v.toHexString() : String(v));

export async function captureTemplate(conn: Connection, memberId: string): Promise<Template> {
  const db = conn.db!;
  const ids = new Map<string, boolean>([[memberId, true]]);
  const found = new Map<string, Map<string, Doc>>();
  for (let round = 0; round < 5; round++) {
    const before = ids.size;
    for (const name of CLONED) {
      const all = (await db.collection(name).find({}).toArray()) as Doc[];
      for (const doc of all) {
        const text = JSON.stringify(doc);
        if (![...ids.keys()].some((id) => text.includes(id))) continue;
        if (!found.has(name)) found.set(name, new Map());
        found.get(name)!.set(idText(doc._id), doc);
        ids.set(idText(doc._id), isOid(doc._id));
      }
    }
    if (ids.size === before) break;
  }
  const docs = new Map<string, Doc[]>();
  const counts: Record<string, number> = {};
  const unique = new Map<string, string[][]>();
  for (const [name, byId] of found) {
    docs.set(name, [...byId.values()]);
    counts[name] = byId.size;
    const indexes = await db.collection(name).indexes();
    unique.set(
      name,
      indexes.filter((ix) => ix.unique && ix.name !== '_id_').map((ix) => Object.keys(ix.key)),
    );
  }
  return { docs, counts, ids, unique, lastMemberId: null };
}

function getPath(doc: Doc, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Doc)[k] : undefined), doc);
}
function setPath(doc: Doc, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = doc;
  for (const k of keys.slice(0, -1)) o = o[k] as Doc;
  o[keys[keys.length - 1]] = value;
}

function rewrite(value: unknown, map: Map<string, string>, pattern: RegExp): unknown {
  if (isOid(value)) {
    const to = map.get(value.toHexString());
    return to ? new ObjectId(to) : value;
  }
  if (typeof value === 'string') return value.replace(pattern, (m) => map.get(m) ?? m);
  if (Array.isArray(value)) return value.map((v) => rewrite(v, map, pattern));
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value) || (value as { _bsontype?: string })._bsontype) return value;
  const out: Doc = {};
  for (const [k, v] of Object.entries(value as Doc)) out[k] = rewrite(v, map, pattern);
  return out;
}

/** Insert copies number `from` … `to - 1`; returns `to`. */
export async function cloneHistory(conn: Connection, t: Template, from: number, to: number, progress: (done: number) => void): Promise<number> {
  const db = conn.db!;
  const oldIds = [...t.ids.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(oldIds.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const memberHex = [...t.ids.entries()].find(([, oid]) => oid)?.[0];
  let nextReport = from + Math.max(BATCH, Math.floor((to - from) / 10));
  for (let start = from; start < to; start += BATCH) {
    const batch = new Map<string, Doc[]>();
    for (let n = start; n < Math.min(to, start + BATCH); n++) {
      const map = new Map<string, string>();
      for (const [old, oid] of t.ids) map.set(old, oid || /^[0-9a-f]{24}$/.test(old) ? new ObjectId().toHexString() : `${old}~${n}`);
      for (const [name, docs] of t.docs) {
        const list = batch.get(name) ?? [];
        for (const doc of docs) {
          const copy = rewrite(doc, map, pattern) as Doc;
          for (const paths of t.unique.get(name) ?? []) {
            if (paths.some((p) => String(getPath(copy, p)) !== String(getPath(doc, p)))) continue;
            const last = [...paths].reverse().find((p) => typeof getPath(copy, p) === 'string' || isOid(getPath(copy, p)));
            if (last) setPath(copy, last, isOid(getPath(copy, last)) ? new ObjectId() : `${getPath(copy, last)}~${n}`);
            // a unique number (the members' registration `seq`, a sparse index): the copy goes without it
            else if (paths.length === 1 && typeof getPath(copy, paths[0]) === 'number') delete copy[paths[0]];
          }
          list.push(copy);
        }
        batch.set(name, list);
      }
      if (memberHex) t.lastMemberId = new ObjectId(map.get(memberHex)!);
    }
    for (const [name, docs] of batch) await db.collection(name).insertMany(docs, { ordered: true });
    const done = Math.min(to, start + BATCH);
    if (done >= nextReport || done === to) {
      progress(done);
      nextReport = done + Math.max(BATCH, Math.floor((to - from) / 10));
    }
  }
  return to;
}
