/** The guide domain's pure rules, as tables: binding verdicts, protection, refund shares of a credit, transfer targets, follow-up tasks. */
import { GUIDE_CODE_PATTERN } from '@homeclub/shared';
import {
  bindVerdict,
  creditReversal,
  followUpTasks,
  guideCodeFrom,
  periodOf,
  protectedUntil,
  spreadTarget,
  type CustomerFacts,
} from '../../server/src/guides/rules';

const NOW = new Date('2026-06-10T04:00:00Z'); // 12:00 in Shanghai
const DAY = 86400_000;
const permanent = { mode: 'permanent' as const, protectDays: 30 };
const prot = { mode: 'protected' as const, protectDays: 30 };

describe('bindVerdict', () => {
  const past = new Date(NOW.getTime() - 1);
  const future = new Date(NOW.getTime() + DAY);
  test.each([
    ['unbound → bind', permanent, 'm', 'g1', null, 'bind'],
    ['own code → self', permanent, 'g1', 'g1', null, 'self'],
    ['own code while bound elsewhere → self', prot, 'g1', 'g1', { guideId: 'g2', protectedUntil: past }, 'self'],
    ['permanent, other guide → taken', permanent, 'm', 'g2', { guideId: 'g1', protectedUntil: null }, 'taken'],
    [
      'permanent ignores a stored end (mode changed) → taken',
      permanent,
      'm',
      'g2',
      { guideId: 'g1', protectedUntil: past },
      'taken',
    ],
    ['permanent, same guide → already yours', permanent, 'm', 'g1', { guideId: 'g1', protectedUntil: null }, 'already_yours'],
    ['protected, running → taken', prot, 'm', 'g2', { guideId: 'g1', protectedUntil: future }, 'taken'],
    ['protected, lapsed → bind', prot, 'm', 'g2', { guideId: 'g1', protectedUntil: past }, 'bind'],
    ['protected, lapsed exactly now → bind', prot, 'm', 'g2', { guideId: 'g1', protectedUntil: NOW }, 'bind'],
    [
      'protected, same guide running → already yours',
      prot,
      'm',
      'g1',
      { guideId: 'g1', protectedUntil: future },
      'already_yours',
    ],
    ['protected, same guide lapsed → renew', prot, 'm', 'g1', { guideId: 'g1', protectedUntil: past }, 'renew'],
    ['protected, bound while permanent (no end) → taken', prot, 'm', 'g2', { guideId: 'g1', protectedUntil: null }, 'taken'],
  ] as const)('%s', (_name, s, member, guide, current, expected) => {
    expect(bindVerdict(s, member, guide, current, NOW)).toBe(expected);
  });

  test('protection end', () => {
    expect(protectedUntil(permanent, NOW)).toBeNull();
    expect(protectedUntil({ mode: 'protected', protectDays: 7 }, NOW)!.getTime()).toBe(NOW.getTime() + 7 * DAY);
  });
});

describe('creditReversal: proportional, rounded down, exact at the end', () => {
  test.each([
    // credit, weight, weights so far, basis, full, reversed
    [10000, 3000, [3000], 10000, false, 3000],
    [9999, 3333, [3333], 10000, false, 3332], // 3332.67 → 3332
    [9999, 3333, [3333, 3334, 3333], 10000, true, 3334], // 3332 + remainder 2 (9999 − 3332 − 3333 − 3332)
    [100, 1, [1], 3, false, 33],
    [100, 1, [1, 1, 1], 3, true, 34],
    [0, 500, [500], 1000, false, 0],
    [5000, 5000, [5000], 5000, true, 5000],
    [5000, 0, [0], 5000, false, 0],
  ])('credit %i, refund %i of %j / %i (full %s) → %i', (credit, weight, weights, basis, full, expected) => {
    expect(creditReversal(credit, { weight, weights, basis, full })).toBe(expected);
  });

  test('three refunds finishing in any order add up to the credit', () => {
    const weights = [3333, 3333, 3334];
    const parts = weights.map((w, i) =>
      creditReversal(9999, { weight: w, weights: weights.slice(0, i + 1), basis: 10000, full: i === 2 }),
    );
    expect(parts.reduce((s, x) => s + x, 0)).toBe(9999);
  });
});

describe('spreadTarget', () => {
  test('deterministic per (transfer, member), spread over every target', () => {
    const targets = ['a', 'b', 'c'];
    const seen = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const t = spreadTarget('t1', `m${i}`, targets);
      expect(spreadTarget('t1', `m${i}`, targets)).toBe(t);
      seen.set(t, (seen.get(t) ?? 0) + 1);
    }
    for (const t of targets) expect(seen.get(t)).toBeGreaterThan(60);
    expect(spreadTarget('t1', 'm1', ['only'])).toBe('only');
    expect(() => spreadTarget('t1', 'm1', [])).toThrow();
  });
});

describe('followUpTasks', () => {
  const base: CustomerFacts = { memberId: 'm', birthday: null, bookings: [], lastPaidAt: null, coupons: [] };
  const rules = (f: Partial<CustomerFacts>) =>
    followUpTasks({ ...base, ...f }, NOW, '陈晓').map((t) => `${t.rule}:${t.occasion}`);
  const tomorrow = new Date('2026-06-11T02:00:00Z'); // 10:00 Shanghai tomorrow
  test.each([
    ['nothing', {}, []],
    [
      'booking tomorrow → confirm',
      { bookings: [{ id: 'b1', state: 'booked', start: tomorrow, attendedAt: null }] },
      ['booking_tomorrow:b1'],
    ],
    [
      'booking the day after → nothing',
      { bookings: [{ id: 'b1', state: 'booked', start: new Date(tomorrow.getTime() + DAY), attendedAt: null }] },
      [],
    ],
    [
      'cancelled booking tomorrow → nothing',
      { bookings: [{ id: 'b1', state: 'cancelled', start: tomorrow, attendedAt: null }] },
      [],
    ],
    [
      'visited 3 days ago, no purchase → follow up',
      {
        bookings: [
          {
            id: 'b2',
            state: 'attended',
            start: new Date(NOW.getTime() - 3 * DAY),
            attendedAt: new Date(NOW.getTime() - 3 * DAY),
          },
        ],
      },
      ['visit_no_purchase:b2'],
    ],
    [
      'visited 2 days ago → not yet',
      { bookings: [{ id: 'b2', state: 'attended', start: NOW, attendedAt: new Date(NOW.getTime() - 2 * DAY) }] },
      [],
    ],
    [
      'visited 20 days ago → too old',
      { bookings: [{ id: 'b2', state: 'attended', start: NOW, attendedAt: new Date(NOW.getTime() - 20 * DAY) }] },
      [],
    ],
    [
      'visited 4 days ago, bought after → nothing',
      {
        bookings: [{ id: 'b2', state: 'attended', start: NOW, attendedAt: new Date(NOW.getTime() - 4 * DAY) }],
        lastPaidAt: new Date(NOW.getTime() - 3 * DAY),
      },
      [],
    ],
    [
      'visited 4 days ago, bought before → follow up',
      {
        bookings: [{ id: 'b2', state: 'attended', start: NOW, attendedAt: new Date(NOW.getTime() - 4 * DAY) }],
        lastPaidAt: new Date(NOW.getTime() - 9 * DAY),
      },
      ['visit_no_purchase:b2'],
    ],
    ['birthday this month → once this year', { birthday: '1990-06-28' }, ['birthday:2026']],
    ['birthday next month → nothing', { birthday: '1990-07-01' }, []],
    [
      'coupon ends in 2 days → remind',
      { coupons: [{ id: 'c1', name: '满300减50', validTo: new Date(NOW.getTime() + 2 * DAY) }] },
      ['coupon_expiring:c1'],
    ],
    [
      'coupon ends in 5 days → nothing',
      { coupons: [{ id: 'c1', name: '满300减50', validTo: new Date(NOW.getTime() + 5 * DAY) }] },
      [],
    ],
    ['coupon ended → nothing', { coupons: [{ id: 'c1', name: '满300减50', validTo: new Date(NOW.getTime() - 1) }] }, []],
  ] as const)('%s', (_name, facts, expected) => {
    expect(rules(facts as Partial<CustomerFacts>)).toEqual(expected);
  });

  test('titles are Chinese and name the customer', () => {
    const [t] = followUpTasks({ ...base, birthday: '1990-06-01' }, NOW, '陈晓');
    expect(t!.title).toBe('陈晓 本月生日，送上祝福');
  });
});

test('guide codes and periods', () => {
  expect(guideCodeFrom(new Uint8Array([0, 1, 2, 3, 4]))).toBe('G23456');
  for (let i = 0; i < 50; i++)
    expect(guideCodeFrom(new Uint8Array(Array.from({ length: 5 }, () => Math.floor(Math.random() * 256))))).toMatch(
      GUIDE_CODE_PATTERN,
    );
  expect(periodOf(NOW, {})).toEqual({ from: '2026-06-01', to: '2026-06-10' });
  expect(periodOf(NOW, { from: '2026-05-01', to: '2026-05-31' })).toEqual({ from: '2026-05-01', to: '2026-05-31' });
});
