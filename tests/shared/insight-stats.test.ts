import { addValue, diffOfProportions, emptyMoments, incrementalSales, studentTQuantile, welchInterval, type Moments } from '../../shared/src/insight/stats';

const moments = (values: number[]): Moments => {
  const m = emptyMoments();
  for (const v of values) addValue(m, v);
  return m;
};

// Reference values from scipy.stats.t.ppf(0.975, df).
test.each([
  [1, 12.706204736174694],
  [2, 4.302652729749462],
  [5, 2.5705818356363146],
  [10, 2.228138851986274],
  [30, 2.0422724563012378],
  [100, 1.9839715185235518],
])('t quantile 0.975 at df %i', (df, t) => {
  expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 6);
});

test.each([
  // x1, n1, x2, n2, diff, low, high, significant
  [30, 100, 20, 100, 0.1, -0.01921995, 0.21921995, false],
  [300, 1000, 200, 1000, 0.1, 0.06229934, 0.13770066, true],
  [0, 50, 0, 50, 0, 0, 0, false],
  [45, 900, 5, 100, 0, -0.04502707, 0.04502707, false],
])('difference of proportions %i/%i vs %i/%i', (x1, n1, x2, n2, diff, low, high, significant) => {
  const r = diffOfProportions(x1, n1, x2, n2)!;
  expect(r.diff).toBeCloseTo(diff, 6);
  expect(r.low).toBeCloseTo(low, 5);
  expect(r.high).toBeCloseTo(high, 5);
  expect(r.significant).toBe(significant);
});

test('no interval without members on both sides', () => {
  expect(diffOfProportions(1, 0, 1, 10)).toBeNull();
  expect(welchInterval(moments([1]), moments([1, 2]))).toBeNull();
});

// Reference values from scipy.stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95).
test.each([
  [[12000, 0, 0, 5000, 30000, 0, 8000, 0, 0, 15000], [0, 0, 3000, 0, 0, 9000, 0, 0], 5500, -1753.0300026470268, 12753.030002647027, 11.301321443962943, false],
  [[50000, 42000, 61000, 39000, 55000, 47000], [30000, 28000, 35000, 31000, 29000, 33000, 30500], 18071.428571428572, 9517.027522041706, 26625.82962081544, 5.732891580236541, true],
])('Welch interval %#', (a, b, diff, low, high, df, significant) => {
  const r = welchInterval(moments(a as number[]), moments(b as number[]))!;
  expect(r.diff).toBeCloseTo(diff as number, 6);
  expect(r.df).toBeCloseTo(df as number, 6);
  expect(r.low).toBeCloseTo(low as number, 4);
  expect(r.high).toBeCloseTo(high as number, 4);
  expect(r.significant).toBe(significant);
});

test('incremental sales: mean difference × treated count, in whole fen', () => {
  const treated = moments([12000, 0, 0, 5000, 30000, 0, 8000, 0, 0, 15000]);
  const control = moments([0, 0, 3000, 0, 0, 9000, 0, 0]);
  const r = incrementalSales(treated, control)!;
  expect(r).toEqual({ fen: 55000, lowFen: Math.round(-1753.0300026470268 * 10), highFen: Math.round(12753.030002647027 * 10), significant: false });
  expect(Number.isInteger(r.fen)).toBe(true);
});
