/**
 * The console's member list pages by registration number (members/list.ts): newest first through every member
 * exactly once, filters applied within a bounded number of members per request, older members numbered by the
 * job (the plain query serves until then), and in number mode no read scans or sorts the members collection.
 */
import type { CommandStartedEvent } from 'mongodb';
import { Types } from 'mongoose';
import { dropTestDb, testDbUri } from '../support/db';
import { startTestApp, type TestApp } from '../support/app';
import { memberModel } from '../../server/src/members/model';
import type { Identity } from '../../server/src/platform/http/context';

let app: TestApp;
const storeA = new Types.ObjectId();
const storeB = new Types.ObjectId();
const admin: Identity = { memberId: new Types.ObjectId().toHexString(), sessionId: 's', roles: ['member', 'admin'], staffStoreId: null, channel: 'console' } as Identity;
const created: string[] = [];
beforeAll(async () => {
  app = await startTestApp({ dbUri: `${testDbUri('member_list')}?monitorCommands=true` });
  for (let i = 0; i < 12; i++) {
    const { member } = await app.services.members.upsertByOpenid({ openid: `list-${i}` });
    await memberModel(app.conn).updateOne({ _id: member._id }, { $set: { preferredStoreId: i % 3 === 0 ? storeB : storeA, nickname: i === 5 ? '王小明' : `会员${i}` } });
    created.push(String(member._id));
  }
}, 30_000);
afterAll(async () => {
  await dropTestDb(app.conn);
  await app.close();
});

const all = async (q: Parameters<TestApp['services']['membersConsole']['page']>[0]) => {
  const ids: string[] = [];
  let after: string | undefined;
  for (let n = 0; n < 50; n++) {
    const page = await app.services.membersConsole.page({ ...q, after });
    ids.push(...page.items.map((m) => String(m._id)));
    if (!page.next) break;
    after = page.next;
  }
  return ids;
};

test('an older member without a number: the plain query serves until the job numbers everyone', async () => {
  const old = new Types.ObjectId();
  await memberModel(app.conn).collection.insertOne({ _id: old, openid: 'list-old', nickname: '老会员', roles: ['member'], preferredStoreId: storeA, createdAt: new Date(Date.now() - 86400_000), lastLoginAt: new Date() });
  expect(await app.services.members.list.page({ storeId: null }, undefined, 5)).toBeNull();
  expect(await all({ storeId: null, limit: 5 })).toContain(String(old));
  await app.services.scheduler.schedule('members.sequence', app.clock.now(), {});
  await app.services.scheduler.runDue();
  expect((await memberModel(app.conn).findById(old).lean())?.seq).toBeGreaterThan(12);
  created.push(String(old));
});

test('pages of 5 go newest number first through every member exactly once; filters keep their own members', async () => {
  const ids = await all({ storeId: null, limit: 5 });
  expect(ids.length).toBe(created.length);
  expect(new Set(ids)).toEqual(new Set(created));
  const seqs = (await memberModel(app.conn).find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }, { seq: 1 }).lean()).map((m) => [String(m._id), m.seq!] as const);
  const seqOf = new Map(seqs);
  expect(ids.map((id) => seqOf.get(id)!)).toEqual([...ids.map((id) => seqOf.get(id)!)].sort((a, b) => b - a));
  const b = await all({ storeId: String(storeB), limit: 2 });
  expect(b).toEqual(created.filter((_, i) => i < 12 && i % 3 === 0).reverse());
  expect(await all({ storeId: null, nickname: '小明', limit: 5 })).toEqual([created[5]]);
});

test('in number mode the list reads members by their unique number or _id only (no scan, no sort)', async () => {
  const seen: { filter: Record<string, unknown>; sort?: unknown }[] = [];
  const client = app.conn.getClient();
  const listener = (e: CommandStartedEvent) => {
    if (e.commandName === 'find' && e.command.find === 'members') seen.push({ filter: e.command.filter ?? {}, sort: e.command.sort });
  };
  client.on('commandStarted', listener);
  try {
    const first = await app.services.consoleViews.members(admin, { limit: 5 });
    expect(first.items).toHaveLength(5);
    await app.services.consoleViews.members(admin, { limit: 5, after: first.next!, storeId: String(storeA) });
  } finally {
    client.off('commandStarted', listener);
  }
  expect(seen.length).toBeGreaterThan(0);
  for (const f of seen) {
    expect(f.sort).toBeUndefined();
    expect(Object.keys(f.filter).length).toBe(1);
    expect(['seq', '_id']).toContain(Object.keys(f.filter)[0]);
  }
});

test('a filter that matches nobody is bounded: at most 1000 members are examined per request, then `next` continues', async () => {
  const docs = Array.from({ length: 1100 }, (_, i) => ({ _id: new Types.ObjectId(), openid: `bulk-${i}`, nickname: `批量${i}`, roles: ['member'], createdAt: new Date(), lastLoginAt: new Date() }));
  await memberModel(app.conn).collection.insertMany(docs);
  expect(await app.services.members.list.backfill()).toBe(1100);
  const first = await app.services.membersConsole.page({ storeId: null, nickname: '不存在', limit: 20 });
  expect(first.items).toEqual([]);
  expect(first.next).not.toBeNull();
  const second = await app.services.membersConsole.page({ storeId: null, nickname: '不存在', limit: 20, after: first.next! });
  expect(second).toEqual({ items: [], next: null });
});
