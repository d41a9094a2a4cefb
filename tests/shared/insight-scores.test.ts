import { quintileCuts, quintileScorer, rfmGroup, rfmModel, rfmParams, rfmScore, scoreByCuts, RFM_GROUPS } from '../../shared/src/insight/rfm';
import { DEFAULT_STAGE_THRESHOLDS, lifecycleStage, stageThresholdProblems, type StageFacts } from '../../shared/src/insight/stage';
import { hash32, inHoldout } from '../../shared/src/insight/holdout';

describe('quintile scores', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i);
  test.each([
    [0, 1],
    [19, 1],
    [20, 2],
    [39, 2],
    [40, 3],
    [60, 4],
    [79, 4],
    [80, 5],
    [99, 5],
    [1000, 5],
    [-5, 1],
  ])('value %i of 0..99 scores %i', (v, s) => {
    expect(quintileScorer(hundred)(v)).toBe(s);
  });

  test('ties score the same whatever the input order', () => {
    const values = [1, 1, 1, 1, 1, 1, 1, 2, 2, 3];
    const a = quintileScorer(values);
    const b = quintileScorer([...values].reverse());
    expect(values.map(a)).toEqual(values.map(b));
    expect(a(1)).toBe(1);
    expect(a(2)).toBe(4); // 7 of 10 below → 1 + ⌊3.5⌋
    expect(a(3)).toBe(5);
  });

  test.each([
    ['0..99', Array.from({ length: 100 }, (_, i) => i)],
    ['ties', [1, 1, 1, 1, 1, 1, 1, 2, 2, 3]],
    ['one value', [42]],
    ['seven', [5, 3, 9, 3, 1, 8, 8]],
    ['pseudo-random 997', Array.from({ length: 997 }, (_, i) => (i * 7919) % 311)],
  ])('the four cuts score exactly like the full scorer (%s)', (_name, values) => {
    const full = quintileScorer(values);
    const cuts = quintileCuts(values);
    expect(cuts).toHaveLength(4);
    for (const v of [...values, -1, 1e9, 2.5]) expect(scoreByCuts(cuts, v)).toBe(full(v));
  });

  test('all equal → everyone 1; empty chain → 1', () => {
    expect(scoreByCuts(quintileCuts([7, 7, 7]), 7)).toBe(1);
    expect(scoreByCuts(quintileCuts([]), 3)).toBe(1);
    expect(quintileScorer([7, 7, 7])(7)).toBe(1);
    expect(quintileScorer([])(3)).toBe(1);
  });
});

describe('the eight RFM groups', () => {
  test.each([
    [true, true, true, '重要价值'],
    [true, false, true, '重要发展'],
    [false, true, true, '重要保持'],
    [false, false, true, '重要挽留'],
    [true, true, false, '一般价值'],
    [true, false, false, '一般发展'],
    [false, true, false, '一般保持'],
    [false, false, false, '一般挽留'],
  ])('R↑%s F↑%s M↑%s → %s', (r, f, m, g) => {
    expect(rfmGroup(r, f, m)).toBe(g);
  });

  test('model: recency scored fewer-days-better, groups against the means', () => {
    const facts = [
      { recencyDays: 10, frequency: 3, monetaryFen: 900000 },
      { recencyDays: 400, frequency: 1, monetaryFen: 500000 },
      { recencyDays: 30, frequency: 1, monetaryFen: 20000 },
      { recencyDays: 300, frequency: 2, monetaryFen: 10000 },
      { recencyDays: 200, frequency: 1, monetaryFen: 70000 },
    ];
    const model = rfmModel(facts);
    expect(model.meanRecencyDays).toBe(188);
    expect(model.meanFrequency).toBeCloseTo(1.6);
    expect(model.meanMonetaryFen).toBe(300000);
    const scored = facts.map(model.score);
    expect(scored.map((s) => s.r)).toEqual([5, 1, 4, 2, 3]);
    expect(scored.map((s) => s.f)).toEqual([5, 1, 1, 4, 1]);
    expect(scored.map((s) => s.m)).toEqual([5, 4, 2, 1, 3]);
    expect(scored.map((s) => s.group)).toEqual(['重要价值', '重要挽留', '一般发展', '一般保持', '一般挽留']);
    for (const s of scored) expect(RFM_GROUPS).toContain(s.group);
    // The parameters survive a round trip through JSON (a resumed run scores with the stored model).
    const stored = JSON.parse(JSON.stringify(rfmParams(facts)));
    expect(facts.map((f) => rfmScore(stored, f))).toEqual(scored);
  });
});

describe('lifecycle stage', () => {
  const now = new Date('2026-12-06T04:00:00Z');
  const ago = (days: number) => new Date(now.getTime() - days * 86400_000);
  const none: StageFacts = { firstPaidAt: null, lastPaidAt: null, lastEngagedAt: null };
  test.each([
    ['registered only', none, null, '潜客'],
    ['booked, never bought', { ...none, lastEngagedAt: ago(3) }, null, '意向'],
    ['first purchase 10 days ago', { firstPaidAt: ago(10), lastPaidAt: ago(10), lastEngagedAt: null }, null, '新客'],
    ['first purchase 89 days ago', { firstPaidAt: ago(89), lastPaidAt: ago(89), lastEngagedAt: null }, null, '新客'],
    ['bought 200 days ago, first 2 years ago', { firstPaidAt: ago(700), lastPaidAt: ago(200), lastEngagedAt: null }, null, '活跃'],
    ['a visit keeps a buyer active', { firstPaidAt: ago(700), lastPaidAt: ago(500), lastEngagedAt: ago(20) }, null, '活跃'],
    ['nothing for 365 days', { firstPaidAt: ago(365), lastPaidAt: ago(365), lastEngagedAt: null }, null, '沉睡'],
    ['nothing for 730 days', { firstPaidAt: ago(900), lastPaidAt: ago(730), lastEngagedAt: ago(731) }, null, '流失'],
    ['back after 沉睡', { firstPaidAt: ago(900), lastPaidAt: ago(2), lastEngagedAt: null }, { stage: '沉睡' as const, since: ago(100) }, '回流'],
    ['back after 流失', { firstPaidAt: ago(900), lastPaidAt: ago(2), lastEngagedAt: null }, { stage: '流失' as const, since: ago(100) }, '回流'],
    ['回流 within 180 days stays', { firstPaidAt: ago(900), lastPaidAt: ago(50), lastEngagedAt: null }, { stage: '回流' as const, since: ago(179) }, '回流'],
    ['回流 after 180 days → 活跃', { firstPaidAt: ago(900), lastPaidAt: ago(50), lastEngagedAt: null }, { stage: '回流' as const, since: ago(180) }, '活跃'],
    ['回流 going quiet again → 沉睡', { firstPaidAt: ago(900), lastPaidAt: ago(400), lastEngagedAt: null }, { stage: '回流' as const, since: ago(30) }, '沉睡'],
  ])('%s', (_name, facts, prev, stage) => {
    expect(lifecycleStage(facts as StageFacts, now, prev)).toBe(stage);
  });

  test('thresholds are configurable and checked', () => {
    const short = { newDays: 30, sleepDays: 90, lostDays: 180, returnDays: 30 };
    expect(lifecycleStage({ firstPaidAt: ago(100), lastPaidAt: ago(100), lastEngagedAt: null }, now, null, short)).toBe('沉睡');
    expect(stageThresholdProblems(DEFAULT_STAGE_THRESHOLDS)).toEqual([]);
    expect(stageThresholdProblems({ ...short, sleepDays: 200 })).toEqual(['沉睡天数必须小于流失天数']);
    expect(stageThresholdProblems({ ...short, newDays: 0 })).toHaveLength(1);
  });
});

describe('holdout split', () => {
  const ids = Array.from({ length: 20000 }, (_, i) => `65a01b2c3d4e${(i * 7919).toString(16).padStart(12, '0')}`);
  test('stable: the same campaign and member always land on the same side', () => {
    for (const id of ids.slice(0, 200)) expect(inHoldout('c1', id)).toBe(inHoldout('c1', id));
    expect(hash32('c1:abc')).toBe(hash32('c1:abc'));
  });
  test.each([0.1, 0.05, 0.3])('close to the share %p over 20,000 members', (share) => {
    const n = ids.filter((id) => inHoldout('campaign-42', id, share)).length;
    // 4 standard deviations of a binomial count
    expect(Math.abs(n - share * ids.length)).toBeLessThan(4 * Math.sqrt(ids.length * share * (1 - share)));
  });
  test('another campaign picks other members; share 0 and 1 are exact', () => {
    const a = ids.filter((id) => inHoldout('A', id));
    const b = new Set(ids.filter((id) => inHoldout('B', id)));
    const overlap = a.filter((id) => b.has(id)).length;
    expect(overlap).toBeLessThan(a.length * 0.2);
    expect(ids.some((id) => inHoldout('A', id, 0))).toBe(false);
    expect(ids.every((id) => inHoldout('A', id, 1))).toBe(true);
  });
});
