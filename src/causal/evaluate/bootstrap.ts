import { Rng } from '../../core/rng.ts';

/** An estimate with a percentile bootstrap confidence interval (Efron & Tibshirani 1993). */
export interface Estimate {
  value: number;
  ci_low: number;
  ci_high: number;
}

export interface BootstrapOptions {
  replicates?: number;
  /** Two-sided level, default 0.95. */
  level?: number;
  seed?: number | string;
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/**
 * Mean of per-row contributions with a percentile bootstrap interval: rows are resampled with
 * replacement. Every estimator here (IPW, DR, their paired differences) is such a mean, so one
 * routine serves them all; pairing comes from passing per-row differences.
 */
export function bootstrapMean(contrib: Float64Array, opts: BootstrapOptions = {}): Estimate {
  const n = contrib.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += contrib[i] as number;
  const value = n > 0 ? s / n : Number.NaN;
  const B = opts.replicates ?? 200;
  const level = opts.level ?? 0.95;
  if (n < 2 || B < 2) return { value, ci_low: value, ci_high: value };
  const rng = Rng.derive(opts.seed ?? 0, 'bootstrap');
  const reps = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let t = 0;
    for (let j = 0; j < n; j++) t += contrib[(rng.nextUint32() % n) >>> 0] as number;
    reps[b] = t / n;
  }
  reps.sort();
  return { value, ci_low: quantile(reps, (1 - level) / 2), ci_high: quantile(reps, 1 - (1 - level) / 2) };
}
