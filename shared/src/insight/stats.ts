/**
 * Campaign statistics (treated vs control). Pure. Money sums stay integer fen
 * in the inputs; means, variances and intervals are statistics (floats), and
 * the incremental sales figure is rounded back to whole fen.
 */

export const Z_975 = 1.959963984540054;

export interface Interval {
  diff: number;
  low: number;
  high: number;
  /** false when the 95 % interval contains 0 (「不显著」) */
  significant: boolean;
}

function interval(diff: number, half: number): Interval {
  const low = diff - half;
  const high = diff + half;
  return { diff, low, high, significant: !(low <= 0 && high >= 0) };
}

/** p1 − p2 with the normal-approximation 95 % interval: ± 1.96 √(p1(1−p1)/n1 + p2(1−p2)/n2). */
export function diffOfProportions(x1: number, n1: number, x2: number, n2: number): Interval | null {
  if (n1 < 1 || n2 < 1) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  return interval(p1 - p2, Z_975 * se);
}

/** Running moments of one group (count, sum, sum of squares as floats). */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

export const emptyMoments = (): Moments => ({ n: 0, sum: 0, sumSq: 0 });
export function addValue(m: Moments, v: number): void {
  m.n += 1;
  m.sum += v;
  m.sumSq += v * v;
}
export const meanOf = (m: Moments) => (m.n ? m.sum / m.n : 0);
/** Sample variance (n − 1). */
export const varianceOf = (m: Moments) => (m.n > 1 ? Math.max(0, (m.sumSq - (m.sum * m.sum) / m.n) / (m.n - 1)) : 0);

// --- Student's t quantile (for Welch) -------------------------------------------------------------
function lnGamma(x: number): number {
  const c = [76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.001208650973866179, -0.5395239384953e-5];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const ci of c) ser += ci / ++y;
  return -tmp + Math.log((2.5066282746310007 * ser) / x);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 / (Math.abs(1 + aa * d) < tiny ? tiny : 1 + aa * d);
    c = Math.abs(1 + aa / c) < tiny ? tiny : 1 + aa / c;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 / (Math.abs(1 + aa * d) < tiny ? tiny : 1 + aa * d);
    c = Math.abs(1 + aa / c) < tiny ? tiny : 1 + aa / c;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-12) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (t ≥ 0). */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The t with P(T ≤ t) = p, p in (0.5, 1), by bisection. */
export function studentTQuantile(p: number, df: number): number {
  if (!Number.isFinite(df) || df > 1e7) return Z_975;
  let lo = 0;
  let hi = 1e4;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface WelchResult extends Interval {
  df: number;
}

/** Welch's 95 % interval on mean1 − mean2 (unequal variances, Welch–Satterthwaite df). */
export function welchInterval(a: Moments, b: Moments): WelchResult | null {
  if (a.n < 2 || b.n < 2) return null;
  const va = varianceOf(a) / a.n;
  const vb = varianceOf(b) / b.n;
  const diff = meanOf(a) - meanOf(b);
  const se2 = va + vb;
  if (se2 === 0) return { ...interval(diff, 0), df: a.n + b.n - 2 };
  const df = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  return { ...interval(diff, studentTQuantile(0.975, df) * Math.sqrt(se2)), df };
}

/** Incremental sales ≈ (mean treated − mean control) × treated count, with its interval, in whole fen. */
export function incrementalSales(treated: Moments, control: Moments): { fen: number; lowFen: number; highFen: number; significant: boolean } | null {
  const w = welchInterval(treated, control);
  if (!w) return null;
  return { fen: Math.round(w.diff * treated.n), lowFen: Math.round(w.low * treated.n), highFen: Math.round(w.high * treated.n), significant: w.significant };
}
