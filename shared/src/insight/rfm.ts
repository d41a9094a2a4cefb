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

export interface RfmModel {
  /** members scored */
  n: number;
  meanRecencyDays: number;
  meanFrequency: number;
  meanMonetaryFen: number;
  score(f: RfmFacts): RfmScore;
}

/** Build the chain's model from every scored member's facts (members with a recency event). */
export function rfmModel(all: readonly RfmFacts[]): RfmModel {
  const n = all.length;
  const mean = (pick: (f: RfmFacts) => number) => (n ? all.reduce((s, f) => s + pick(f), 0) / n : 0);
  const meanR = mean((f) => f.recencyDays);
  const meanF = mean((f) => f.frequency);
  const meanM = mean((f) => f.monetaryFen);
  // Recency: fewer days is better, so score the negated days.
  const rScore = quintileScorer(all.map((f) => -f.recencyDays));
  const fScore = quintileScorer(all.map((f) => f.frequency));
  const mScore = quintileScorer(all.map((f) => f.monetaryFen));
  return {
    n,
    meanRecencyDays: meanR,
    meanFrequency: meanF,
    meanMonetaryFen: meanM,
    score: (f) => ({
      r: rScore(-f.recencyDays),
      f: fScore(f.frequency),
      m: mScore(f.monetaryFen),
      group: rfmGroup(f.recencyDays < meanR, f.frequency > meanF, f.monetaryFen > meanM),
    }),
  };
}
