/**
 * Exact phone lookups go by a unique key (member_phones, `_id` = phone; members/phones.ts): accounts sharing a
 * phone and moving to another one, a crash between the two writes, phones written before the index existed
 * (found by the fallback, then indexed once by the job), and after that every read is by `_id` only.
 */
import type { CommandStartedEvent } from 'mongodb';
import { dropTestDb, testDbUri } from '../support/db';
import { startTestApp, type TestApp } from '../support/app';
import { memberModel } from '../../server/src/members/model';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ dbUri: `${testDbUri('phones')}?monitorCommands=true` });
}, 30_000);
afterAll(async () => {
  await dropTestDb(app.conn);
  await app.close();
});

const member = async (openid: string) => String((await app.services.members.upsertByOpenid({ openid })).member._id);
const cn = (phone: string) => ({ purePhoneNumber: phone, countryCode: '86' });
const ids = async (phone: string) => (await app.services.members.findByPhone(phone)).map((m) => String(m._id)).sort();
const entry = (phone: string) => app.conn.collection('member_phones').findOne({ _id: phone as never });

/** the filters of every find sent while `fn` runs, per collection */
async function finds(fn: () => Promise<unknown>): Promise<{ coll: string; filter: Record<string, unknown> }[]> {
  const seen: { coll: string; filter: Record<string, unknown> }[] = [];
  const client = app.conn.getClient();
  const listener = (e: CommandStartedEvent) => {
    if (e.commandName === 'find') seen.push({ coll: String(e.command.find), filter: e.command.filter ?? {} });
  };
  client.on('commandStarted', listener);
  try {
    await fn();
  } finally {
    client.off('commandStarted', listener);
  }
  return seen;
}

test('phones written before the index: found by the fallback, indexed once by the job, then read by _id only', async () => {
  const old = await member('phones-old');
  await memberModel(app.conn).updateOne({ _id: old }, { $set: { phone: '13700000001', phoneCountryCode: '86' } });
  expect(await ids('13700000001')).toEqual([old]);
  const job = await app.services.scheduler.schedule('members.phone-index', app.clock.now(), {});
  expect(job).toBeTruthy();
  await app.services.scheduler.runDue();
  expect(await app.services.members.phones.backfilled()).toBe(true);
  expect((await entry('13700000001'))?.memberIds.map(String)).toEqual([old]);
  expect(await app.services.members.phones.backfill()).toBe(0); // done once

  const sent = await finds(async () => {
    expect(await ids('13700000001')).toEqual([old]);
    expect(await ids('13799999999')).toEqual([]);
    expect((await app.services.membersConsole.findByPhonesOrCards(['13700000001'], [])).map((m) => String(m._id))).toEqual([old]);
  });
  expect(sent.length).toBeGreaterThan(0);
  for (const f of sent) {
    expect(['members', 'member_phones']).toContain(f.coll);
    expect(Object.keys(f.filter)).toEqual(['_id']);
  }
});

test('two accounts on one phone, one moves to another phone: each lookup finds exactly the current holders', async () => {
  const [a, b] = [await member('phones-a'), await member('phones-b')];
  await app.services.members.bindPhone(a, cn('13700000002'));
  const bound = await app.services.members.bindPhone(b, cn('13700000002'));
  expect(bound.phone).toBe('13700000002');
  expect(await ids('13700000002')).toEqual([a, b].sort());
  await app.services.members.bindPhone(b, cn('13700000003'));
  expect(await ids('13700000002')).toEqual([a]);
  expect(await ids('13700000003')).toEqual([b]);
  expect((await entry('13700000002'))?.memberIds.map(String)).toEqual([a]);
});

test('a crash after the phone entry, before the member write, leaves an extra id that reads drop', async () => {
  const c = await member('phones-c');
  await app.services.members.phones.add('13700000004', c); // step 1 only
  expect(await ids('13700000004')).toEqual([]);
  await app.services.members.bindPhone(c, cn('13700000004')); // the retry converges
  expect(await ids('13700000004')).toEqual([c]);
  expect((await entry('13700000004'))?.memberIds.map(String)).toEqual([c]);
});
