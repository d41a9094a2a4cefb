/** Pure insight rules of the server: segment rule → profile query, campaign run keys, quiet hours, tag CSV. */
import { segmentFilter, conditionFilter } from '../../server/src/insight/segment-filter';
import { dueRunKey, segmentEntry } from '../../server/src/insight/schedule.calc';
import { inQuietHours, quietHoursEnd } from '../../server/src/insight/settings';
import { parseTagCsv } from '../../server/src/insight/segments';

const now = new Date('2026-12-26T02:30:00Z'); // 10:30 Asia/Shanghai
const ago = (d: number) => new Date(now.getTime() - d * 86400_000);

test.each([
  [{ field: 'stage', in: ['沉睡', '流失'] }, { stage: { $in: ['沉睡', '流失'] } }],
  [{ field: 'r', min: 4, max: 2 }, { r: { $gte: 2, $lte: 4 } }],
  [{ field: 'registeredAt', from: '2026-01-01', to: '2026-01-31' }, { registeredAt: { $gte: new Date('2025-12-31T16:00:00Z'), $lt: new Date('2026-01-31T16:00:00Z') } }],
  [{ field: 'lastPurchase', withinDays: 30 }, { lastPaidAt: { $ne: null, $gte: ago(30) } }],
  [{ field: 'lastVisit', olderThanDays: 90 }, { lastAttendedAt: { $ne: null, $lt: ago(90) } }],
  [{ field: 'bookedNotBought', withinDays: 14 }, { bookedNotBoughtAt: { $gte: ago(14) } }],
  [{ field: 'partner', is: false }, { partner: false }],
  [{ field: 'tags', any: ['设计师'] }, { tags: { $in: ['设计师'] } }],
  [{ field: 'birthdayMonth', in: [12] }, { birthdayMonth: { $in: [12] } }],
  [{ field: 'guide', has: 'any' }, { guideId: { $ne: null } }],
  [{ field: 'guide', has: 'none' }, { guideId: null }],
  [{ field: 'guide', has: ['0123456789abcdef01234567'] }, { guideId: { $in: ['0123456789abcdef01234567'] } }],
] as const)('condition %j', (c, filter) => {
  expect(conditionFilter(c as never, now)).toEqual(filter);
});

test('AND / OR with one nested group', () => {
  const f = segmentFilter({ op: 'and', rules: [{ field: 'tier', in: ['gold'] }, { op: 'or', rules: [{ field: 'stage', in: ['沉睡'] }, { field: 'rfmGroup', in: ['重要挽留'] }] }] }, now);
  expect(f).toEqual({ $and: [{ tierCode: { $in: ['gold'] } }, { $or: [{ stage: { $in: ['沉睡'] } }, { rfmGroup: { $in: ['重要挽留'] } }] }] });
});

test.each([
  [{ kind: 'once', at: '2026-12-26T02:00:00Z' }, now, false, 'once'],
  [{ kind: 'once', at: '2026-12-26T03:00:00Z' }, now, false, null],
  // 会员日 on the 26th at 10:00 Shanghai
  [{ kind: 'monthly', day: 26, hour: 10 }, now, false, '2026-12'],
  [{ kind: 'monthly', day: 26, hour: 11 }, now, false, null],
  [{ kind: 'monthly', day: 26, hour: 10 }, new Date('2026-12-25T23:00:00Z'), false, null], // 07:00 on the 26th, before 10:00
  [{ kind: 'monthly', day: 20, hour: 10 }, now, false, '2026-12'],
  [{ kind: 'trigger', on: { kind: 'stage', stage: '沉睡' } }, now, false, null],
  [{ kind: 'trigger', on: { kind: 'stage', stage: '沉睡' } }, now, true, 'stage:2026-12-26'],
  [{ kind: 'trigger', on: { kind: 'birthday' } }, now, true, 'birthday:2026'],
  [{ kind: 'trigger', on: { kind: 'segment' } }, now, true, 'segment:2026-12-26'],
  [{ kind: 'trigger', on: { kind: 'segment' } }, now, false, null],
  [{ kind: 'trigger', on: { kind: 'attended_no_purchase', days: 7 } }, now, true, 'attended_no_purchase:2026-12-26'],
] as const)('run key of %j at %s (scored today %s) → %s', (s, at, scored, key) => {
  expect(dueRunKey(s as never, at, scored)).toBe(key);
});

test.each([
  [{ start: 21, end: 9 }, '2026-12-26T14:00:00Z', true], // 22:00
  [{ start: 21, end: 9 }, '2026-12-26T00:59:00Z', true], // 08:59
  [{ start: 21, end: 9 }, '2026-12-26T01:00:00Z', false], // 09:00
  [{ start: 12, end: 14 }, '2026-12-26T04:30:00Z', true], // 12:30
  [{ start: 0, end: 0 }, '2026-12-26T04:30:00Z', false],
])('quiet hours %j at %s → %s', (q, at, quiet) => {
  expect(inQuietHours(new Date(at), q)).toBe(quiet);
});

test('quiet hours end: the next end hour in Shanghai', () => {
  expect(quietHoursEnd(new Date('2026-12-26T14:00:00Z'), { start: 21, end: 9 }).toISOString()).toBe('2026-12-27T01:00:00.000Z');
  expect(quietHoursEnd(new Date('2026-12-26T00:00:00Z'), { start: 21, end: 9 }).toISOString()).toBe('2026-12-26T01:00:00.000Z');
});

test('tag CSV: header skipped, bad ids and empty tags reported by line', () => {
  const id = '0123456789abcdef01234567';
  expect(parseTagCsv(`memberId,tags\n${id},大客户, 设计师\nxyz,a\n${id}\n\n`)).toEqual({ rows: [{ memberId: id, tags: ['大客户', '设计师'] }], badLines: [3, 4] });
});

test.each([
  ['first run: the baseline, no entry', null, '2026-12-26', null, false, { seen: '2026-12-26', since: null }],
  ['first run seen again (resumed)', { seen: '2026-12-26', since: null }, '2026-12-26', null, false, { seen: '2026-12-26', since: null }],
  ['new in the segment', null, '2026-12-27', '2026-12-26', true, { seen: '2026-12-27', since: '2026-12-27' }],
  ['in at the previous run: continuing', { seen: '2026-12-26', since: null }, '2026-12-27', '2026-12-26', false, { seen: '2026-12-27', since: null }],
  ['continuing keeps the entry date', { seen: '2026-12-27', since: '2026-12-20' }, '2026-12-28', '2026-12-27', false, { seen: '2026-12-28', since: '2026-12-20' }],
  ['left and came back: a new entry', { seen: '2026-12-20', since: '2026-12-18' }, '2026-12-28', '2026-12-27', true, { seen: '2026-12-28', since: '2026-12-28' }],
  ['entered, seen again in the same run (resumed)', { seen: '2026-12-28', since: '2026-12-28' }, '2026-12-28', '2026-12-27', true, { seen: '2026-12-28', since: '2026-12-28' }],
] as const)('segment entry: %s', (_name, rec, date, prev, entered, next) => {
  expect(segmentEntry(rec, date, prev)).toEqual({ entered, rec: next });
});
