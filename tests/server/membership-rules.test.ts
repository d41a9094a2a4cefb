/** Pure membership rules: which greetings are due (welcome, tier upgrade) and when the birthday gift is due. */
import { birthdayGiftYear } from '../../server/src/membership/birthday.calc';
import { dueGreetings, WELCOME_DAYS } from '../../server/src/membership/greetings.calc';
import { DEFAULT_TIERS } from '../../server/src/membership/tier.calc';

const now = new Date('2026-12-06T04:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86400_000);

test.each([
  // createdAt, tier, seen, welcome?, tier celebrated
  [daysAgo(0), 'normal', [], true, null],
  [daysAgo(0), 'normal', ['welcome'], false, null],
  [daysAgo(WELCOME_DAYS), 'normal', [], true, null],
  [daysAgo(WELCOME_DAYS + 1), 'normal', [], false, null],
  [daysAgo(3), 'silver', ['welcome'], false, 'silver'],
  [daysAgo(3), 'silver', ['welcome', 'tier:silver'], false, null],
  [daysAgo(300), 'gold', ['tier:silver'], false, 'gold'],
  // downgraded from gold to silver at the review: silver is no upgrade
  [daysAgo(400), 'silver', ['tier:gold'], false, null],
  [daysAgo(400), 'diamond', ['tier:gold'], false, 'diamond'],
  // an unknown tier code celebrates nothing
  [daysAgo(1), 'vip', [], true, null],
] as const)('created %s, tier %s, seen %j → welcome %s, tier %s', (createdAt, tierCode, seen, welcome, tier) => {
  const due = dueGreetings({ createdAt, now, tierCode, tiers: DEFAULT_TIERS, seen: [...seen] });
  expect(due.welcome).toBe(welcome);
  expect(due.tier?.code ?? null).toBe(tier);
});

test('the lowest tier is never celebrated, whatever the order the tiers are configured in', () => {
  const reversed = [...DEFAULT_TIERS].reverse();
  expect(dueGreetings({ createdAt: now, now, tierCode: 'normal', tiers: reversed, seen: [] }).tier).toBeNull();
  expect(dueGreetings({ createdAt: now, now, tierCode: 'silver', tiers: reversed, seen: [] }).tier?.code).toBe('silver');
});

test.each([
  // birthday, today (Shanghai), granted year → year granted now
  ['1990-12-15', '2026-12-06', null, 2026],
  ['1990-12-15', '2026-12-31', 2025, 2026],
  ['1990-12-15', '2026-12-06', 2026, null],
  ['1990-11-15', '2026-12-06', null, null],
  ['1990-01-01', '2026-12-06', null, null],
  ['2000-02-29', '2027-02-01', null, 2027],
  [null, '2026-12-06', null, null],
])('birthday %s on %s, granted %s → %s', (birthday, today, grantedYear, year) => {
  expect(birthdayGiftYear({ birthday, today, grantedYear })).toBe(year);
});
