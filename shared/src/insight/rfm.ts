/**
 * RFM: recency (days since the last paid order, or attended booking when the
 * chain counts them), frequency (paid orders in the window), monetary (paid
 * fen in the window). Scores 1–5 by the chain's quintiles; the eight classic
 * groups by above/below the chain's mean. Pure, no I/O.
 */

export const RFM_GROUPS = ['重要价值', '重要发展', '重要保持', '重要挽留', '一般价值', '一般发展', '一般保持', '一般挽留'] as const;
export type RfmGroup = (typeof RFM_GROUPS)[number];

export interface RfmFacts {
  /** days since the last recency event (paid order or attended booking) */
  recencyDays: number;
  /** paid orders in the window */
  frequency: number;
  /** paid amount in the window, integer fen */
  monetaryFen: number;
}

export interface RfmScore {
  r: number;
  f: number;
  m: number;
  group: RfmGroup;
}

/** Index of the first element ≥ v in an ascending array. */
function lowerBound(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A quintile scorer over the chain's values (higher value = higher score).
 * score = 1 + ⌊5 · (values strictly below v) / n⌋: equal values always get the
 * same score (the one of their lowest rank), independent of input order.
 */
export function quintileScorer(values: readonly number[]): (v: number) => number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return (v) => (n === 0 ? 1 : Math.min(5, 1 + Math.floor((5 * lowerBound(sorted, v)) / n)));
}

/** ↑ = better than the chain's mean (recency: fewer days). */
export function rfmGroup(rUp: boolean, fUp: boolean, mUp: boolean): RfmGroup {
  const base = mUp ? '重要' : '一般';
  if (rUp && fUp) return `${base}价值` as RfmGroup;
  if (rUp) return `${base}发展` as RfmGroup;
  if (fUp) return `${base}保持` as RfmGroup;
  return `${base}挽留` as RfmGroup;
}

/**
 * The four cut values of a quintile scorer: score(v) = 1 + #{cuts c : v > c}.
 * Same scores as `quintileScorer` (cut s = the ⌈(s−1)·n/5⌉-th smallest value),
 * but small and serializable, so a resumed run scores with the same model.
 */
export function quintileCuts(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (!n) return [];
  return [2, 3, 4, 5].map((s) => sorted[Math.ceil(((s - 1) * n) / 5) - 1]);
}
export const scoreByCuts = (cuts: readonly number[], v: number) => 1 + cuts.filter((c) => v > c).length;

/** The chain's model as plain data (stored on the run document). */
export interface RfmParams {
  /** members scored */
  n: number;
  meanRecencyDays: number;
  meanFrequency: number;
  meanMonetaryFen: number;
  /** cuts of the negated recency days, of frequency, of monetary fen */
  cuts: { r: number[]; f: number[]; m: number[] };
}

export interface RfmModel extends RfmParams {
  score(f: RfmFacts): RfmScore;
}

/** Build the chain's model parameters from every scored member's facts (members with a recency event). */
export function rfmParams(all: readonly RfmFacts[]): RfmParams {
  const n = all.length;
  const mean = (pick: (f: RfmFacts) => number) => (n ? all.reduce((s, f) => s + pick(f), 0) / n : 0);
  // Recency: fewer days is better, so score the negated days.
  return {
    n,
    meanRecencyDays: mean((f) => f.recencyDays),
    meanFrequency: mean((f) => f.frequency),
    meanMonetaryFen: mean((f) => f.monetaryFen),
    cuts: { r: quintileCuts(all.map((f) => -f.recencyDays)), f: quintileCuts(all.map((f) => f.frequency)), m: quintileCuts(all.map((f) => f.monetaryFen)) },
  };
}

/** Score one member with the chain's parameters. */
export function rfmScore(p: RfmParams, f: RfmFacts): RfmScore {
  return {
    r: scoreByCuts(p.cuts.r, -f.recencyDays),
    f: scoreByCuts(p.cuts.f, f.frequency),
    m: scoreByCuts(p.cuts.m, f.monetaryFen),
    group: rfmGroup(f.recencyDays < p.meanRecencyDays, f.frequency > p.meanFrequency, f.monetaryFen > p.meanMonetaryFen),
  };
}

/** Build the chain's model from every scored member's facts (members with a recency event). */
export function rfmModel(all: readonly RfmFacts[]): RfmModel {
  const p = rfmParams(all);
  return { ...p, score: (f) => rfmScore(p, f) };
}
