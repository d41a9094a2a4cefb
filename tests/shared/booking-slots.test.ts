import { addDays, beforeCutoff, bookableDates, bookableSlots, daySlots, findBookableSlot, shanghaiDay, shanghaiInstant, shanghaiWall, shanghaiWallInstant, weekdayOf, type WeeklyHours } from '@homeclub/shared';

const open = (o: string, c: string) => ({ open: o, close: c });
/** Sunday … Saturday; Monday closed; Saturday with a lunch break */
const HOURS: WeeklyHours = [[open('10:00', '18:00')], [], [open('10:00', '21:00')], [open('10:00', '21:00')], [open('10:00', '21:00')], [open('10:00', '21:00')], [open('09:00', '12:00'), open('13:30', '17:00')]];
const DESIGN = { durationMin: 60, intervalMin: 30, leadMinutes: 120, horizonDays: 14 };

describe('Asia/Shanghai calendar (UTC+8 all year, no DST)', () => {
  test.each([
    ['2026-11-22T15:59:59.999Z', '2026-11-22'],
    ['2026-11-22T16:00:00.000Z', '2026-11-23'],
    ['2026-03-08T10:00:00.000Z', '2026-03-08'], // US DST change day: no effect here
    ['2026-10-25T01:00:00.000Z', '2026-10-25'], // EU DST change day
    ['2028-02-28T16:30:00.000Z', '2028-02-29'], // leap day
  ])('%s is %s in Shanghai', (iso, day) => {
    expect(shanghaiDay(new Date(iso))).toBe(day);
  });
  test('local midnight and weekdays', () => {
    expect(shanghaiInstant('2026-11-23', 0).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(shanghaiInstant('2026-11-23', 10 * 60 + 30).toISOString()).toBe('2026-11-23T02:30:00.000Z');
    expect(weekdayOf('2026-11-22')).toBe(0); // Sunday
    expect(weekdayOf('2026-11-28')).toBe(6);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
  test.each([
    ['2026-11-22T16:00:00.000Z', '2026-11-23T00:00:00'],
    ['2026-12-31T16:30:05.000Z', '2027-01-01T00:30:05'],
    ['2026-03-08T10:00:00.000Z', '2026-03-08T18:00:00'],
    ['2028-02-28T16:30:00.000Z', '2028-02-29T00:30:00'],
  ])('the instant %s reads %s on a Shanghai clock, and back', (iso, wall) => {
    expect(shanghaiWall(iso)).toBe(wall);
    expect(shanghaiWall(new Date(iso))).toBe(wall);
    expect(shanghaiWallInstant(wall).toISOString()).toBe(iso);
  });
  test('a wall time without seconds; malformed ones are refused', () => {
    expect(shanghaiWallInstant('2026-11-23T10:30').toISOString()).toBe('2026-11-23T02:30:00.000Z');
    for (const bad of ['2026-11-23', '2026-11-23T24:00', '2026-11-23T10:60', '2026-13-01T10:00', '2026-11-23T10:30Z', 'now'])
      expect(() => shanghaiWallInstant(bad)).toThrow('bad wall time');
    expect(() => shanghaiWall('soon')).toThrow('bad instant');
  });
});

describe('slots of a day', () => {
  test.each([
    // date, rules, count, first label, last label
    ['2026-11-22', DESIGN, 15, '10:00', '17:00'], // Sunday 10–18: starts 10:00…17:00 every 30 min
    ['2026-11-23', DESIGN, 0, null, null], // Monday closed
    ['2026-11-24', DESIGN, 21, '10:00', '20:00'],
    ['2026-11-28', DESIGN, 5 + 6, '09:00', '16:00'], // lunch break: 09:00–11:00 (5), 13:30–16:00 (6)
    ['2026-11-24', { ...DESIGN, durationMin: 120, intervalMin: 120 }, 5, '10:00', '18:00'], // 10,12,14,16,18 (ends 20:00; 20:00 would end 22:00)
    ['2026-11-24', { ...DESIGN, durationMin: 660, intervalMin: 60 }, 1, '10:00', '10:00'], // exactly the whole day
    ['2026-11-24', { ...DESIGN, durationMin: 661, intervalMin: 60 }, 0, null, null],
  ])('%s %j → %i slots', (date, rules, count, first, last) => {
    const slots = daySlots(date, HOURS, [], rules);
    expect(slots).toHaveLength(count);
    if (count) {
      expect(slots[0].label).toBe(first);
      expect(slots[slots.length - 1].label).toBe(last);
      for (const s of slots) expect(Date.parse(s.end) - Date.parse(s.start)).toBe(rules.durationMin * 60_000);
    }
  });
  test('closed dates have no slots; starts are ISO instants at +08:00', () => {
    expect(daySlots('2026-11-24', HOURS, ['2026-11-24'], DESIGN)).toEqual([]);
    expect(daySlots('2026-11-24', HOURS, [], DESIGN)[0]).toEqual({ start: '2026-11-24T02:00:00.000Z', end: '2026-11-24T03:00:00.000Z', label: '10:00' });
  });
  test('overlapping intervals do not repeat a start', () => {
    const h: WeeklyHours = Array.from({ length: 7 }, () => [open('10:00', '12:00'), open('11:00', '13:00')]);
    expect(daySlots('2026-11-24', h, [], { durationMin: 60, intervalMin: 60 }).map((s) => s.label)).toEqual(['10:00', '11:00', '12:00']);
  });
  test('bad input is refused', () => {
    expect(() => daySlots('2026-13-01', HOURS, [], DESIGN)).toThrow();
    expect(() => daySlots('2026-11-24', HOURS, [], { durationMin: 0, intervalMin: 30 })).toThrow();
  });
});

describe('what a shopper can book now', () => {
  const now = new Date('2026-11-24T03:10:00.000Z'); // Tuesday 11:10 in Shanghai
  test('lead time: nothing sooner than 2 h from now', () => {
    const slots = bookableSlots('2026-11-24', now, HOURS, [], DESIGN);
    expect(slots[0].label).toBe('13:30'); // 13:10 earliest → 13:30
  });
  test('horizon: today … today + 13', () => {
    const dates = bookableDates(now, 14);
    expect(dates[0]).toBe('2026-11-24');
    expect(dates[13]).toBe('2026-12-07');
    expect(bookableSlots('2026-12-08', now, HOURS, [], DESIGN)).toEqual([]);
    expect(bookableSlots('2026-11-23', now, HOURS, [], DESIGN)).toEqual([]); // yesterday
  });
  test('a start must be exactly one of the slots', () => {
    expect(findBookableSlot('2026-11-25T02:00:00.000Z', now, HOURS, [], DESIGN)?.label).toBe('10:00');
    expect(findBookableSlot('2026-11-25T10:00:00+08:00', now, HOURS, [], DESIGN)?.label).toBe('10:00');
    expect(findBookableSlot('2026-11-25T02:10:00.000Z', now, HOURS, [], DESIGN)).toBeNull();
    expect(findBookableSlot('2026-11-24T03:30:00.000Z', now, HOURS, [], DESIGN)).toBeNull(); // inside the lead time
    expect(findBookableSlot('not a date', now, HOURS, [], DESIGN)).toBeNull();
  });
  test('cut-off: changes allowed until 2 h before', () => {
    const start = '2026-11-24T06:00:00.000Z';
    expect(beforeCutoff(start, new Date('2026-11-24T04:00:00.000Z'), 120)).toBe(true);
    expect(beforeCutoff(start, new Date('2026-11-24T04:00:00.001Z'), 120)).toBe(false);
  });
});
