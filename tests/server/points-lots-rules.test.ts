/** The account's lots (points/lots.calc.ts): what is left of each is the balance allocated newest expiry first. */
import { earliestExpiry, lotExpiry, lotKey, openLots, uncovered } from '../../server/src/points/lots.calc';

const d = (iso: string) => new Date(iso);
const k = (iso: string) => lotKey(d(iso));

test.each([
  ['nothing consumed', { [k('2026-12-31')]: 100, [k('2027-12-31')]: 50 }, 150, [100, 50]],
  ['the oldest consumed first', { [k('2026-12-31')]: 100, [k('2027-12-31')]: 50 }, 90, [40, 50]],
  ['the oldest used up, the next partly', { [k('2026-12-31')]: 100, [k('2027-12-31')]: 50 }, 30, [0, 30]],
  ['a lot without expiry is the newest', { never: 10, [k('2026-12-31')]: 100 }, 50, [40, 10]],
  ['no balance', { [k('2026-12-31')]: 100 }, 0, [0]],
  ['order of the map does not matter', { [k('2027-12-31')]: 50, [k('2026-12-31')]: 100 }, 90, [40, 50]],
] as const)('%s', (_name, lots, balance, remaining) => {
  expect(openLots(lots, balance).map((l) => l.remaining)).toEqual(remaining);
});

test('keys round-trip to their expiry; a lot map that does not cover the balance is reported', () => {
  expect(lotExpiry(k('2026-12-31T15:59:59.999Z'))).toEqual(d('2026-12-31T15:59:59.999Z'));
  expect(lotKey(null)).toBe('never');
  expect(lotExpiry('never')).toBeNull();
  expect(lotKey(new Date(8640000000000000))).toBe('never');
  expect(uncovered({ [k('2026-12-31')]: 100 }, 120)).toBe(20);
  expect(uncovered({ [k('2026-12-31')]: 100 }, 80)).toBe(0);
  expect(earliestExpiry({ never: 5, [k('2027-12-31')]: 1, [k('2026-12-31')]: 1 })).toEqual(d('2026-12-31'));
  expect(earliestExpiry({ never: 5 })).toBeNull();
  expect(openLots(undefined, 10)).toEqual([]);
});
