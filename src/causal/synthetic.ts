import { InvalidInput } from '../core/errors.ts';
import { Rng } from '../core/rng.ts';
import type { UpliftDataset } from './learners/types.ts';
import {
  applyBinning,
  type BinnedMatrix,
  type FeatureBinning,
  fitBinning,
  type RawColumn,
} from './trees/binning.ts';

/**
 * Uplift problems with known answers, on typed arrays, for tests and benchmarks of the causal
 * core (the full market simulator lives in src/simulate; this one is deliberately small).
 *
 * Features x0..x{F-1} are uniform on [0, 1] (x3 has 5% missing values), plus a categorical
 * `segment` (a..e). The baseline log-odds are b(x) = -1.4 + 0.8 x0 - 0.6 x1 + segment effect.
 * Each arm k adds a shift s_k(x) to the log-odds (binary outcome) or to the mean (continuous:
 * E[y] = 3 + 2 (b + s_k), noise sd 1). Scenarios:
 * - `subgroup`: arm 1 helps (+1.2) only where x2 > 0.7; the other arms do nothing.
 * - `harmful`: arm 1 harms everyone (-1.0); arm 2 (if any) helps where x1 > 0.5.
 * - `dominant`: arm 1 (+0.8) beats every other arm (+0.3) everywhere.
 * - `mixed`: arm k helps in proportion to feature x_{(k-1) mod F} (1.6 (x - 0.5) - 0.1), so the
 *   best arm varies by customer and no arm helps where all those features are low; the last arm
 *   is harmful everywhere (-0.6).
 */
export type SyntheticScenario = 'subgroup' | 'harmful' | 'dominant' | 'mixed';

export interface SyntheticOptions {
  n: number;
  /** Treatment arms (K >= 1). */
  arms?: number;
  nNumeric?: number;
  scenario?: SyntheticScenario;
  outcome?: 'binary' | 'continuous';
  seed?: number | string;
  /**
   * Number of campaigns; each tests control plus a random subset of at least one arm, so arms
   * are unavailable to some rows (1 = every arm everywhere).
   */
  campaigns?: number;
  /** Control is favoured for customers with high x0 by exp(confounding * (x0 - 0.5)). */
  confounding?: number;
  /** Reuse a binning (e.g. the training one) instead of fitting one on this sample. */
  binning?: FeatureBinning[];
}

export interface SyntheticProblem {
  columns: RawColumn[];
  X: BinnedMatrix;
  data: UpliftDataset;
  /** True E[y | arm a, x] for a = 0..K. */
  trueMean: Float64Array[];
  /** True E[y | k] - E[y | control] for k = 1..K (index k - 1). */
  trueUplift: Float64Array[];
}

const SEGMENT_EFFECT: Record<string, number> = { a: 0.3, b: 0.1, c: 0, d: -0.2, e: -0.4 };

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function shift(scenario: SyntheticScenario, k: number, K: number, x: Float64Array[], i: number): number {
  switch (scenario) {
    case 'subgroup':
      return k === 1 && (x[2]![i] as number) > 0.7 ? 1.2 : 0;
    case 'harmful':
      if (k === 1) return -1.0;
      return k === 2 && (x[1]![i] as number) > 0.5 ? 0.6 : 0;
    case 'dominant':
      return k === 1 ? 0.8 : 0.3;
    case 'mixed': {
      if (k === K && K >= 3) return -0.6;
      const v = x[(k - 1) % x.length]![i] as number;
      return Number.isNaN(v) ? -0.1 : 1.6 * (v - 0.5) - 0.1;
    }
  }
}

export function makeUpliftProblem(opts: SyntheticOptions): SyntheticProblem {
  const n = opts.n;
  const K = opts.arms ?? 3;
  const F = opts.nNumeric ?? 6;
  const scenario = opts.scenario ?? 'mixed';
  const outcome = opts.outcome ?? 'binary';
  if (K < 1 || F < 4 || n < 1)
    throw new InvalidInput('synthetic problem needs n >= 1, arms >= 1, nNumeric >= 4');
  const rng = Rng.derive(opts.seed ?? 0, 'synthetic');
  const x = Array.from({ length: F }, () => new Float64Array(n));
  const segment: string[] = new Array(n);
  const segs = Object.keys(SEGMENT_EFFECT);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < F; f++) x[f]![i] = rng.next();
    if (rng.next() < 0.05) x[3]![i] = Number.NaN;
    segment[i] = segs[rng.int(segs.length)] as string;
  }
  // Campaigns and the arms each tested.
  const nCampaigns = Math.max(1, opts.campaigns ?? 1);
  const tested: number[][] = [];
  for (let c = 0; c < nCampaigns; c++) {
    if (nCampaigns === 1) tested.push(Array.from({ length: K + 1 }, (_, a) => a));
    else {
      const arms = [0];
      for (let k = 1; k <= K; k++) if (rng.next() < 0.6) arms.push(k);
      if (arms.length === 1) arms.push(1 + rng.int(K));
      tested.push(arms);
    }
  }
  const arm = new Int32Array(n);
  const propensity = new Float64Array(n);
  const campaign = new Int32Array(n);
  const y = new Float64Array(n);
  const trueMean = Array.from({ length: K + 1 }, () => new Float64Array(n));
  const conf = opts.confounding ?? 0;
  const weights = new Float64Array(K + 1);
  for (let i = 0; i < n; i++) {
    const c = rng.int(nCampaigns);
    campaign[i] = c;
    const arms = tested[c] as number[];
    weights.fill(0);
    let tot = 0;
    for (const a of arms) {
      const w = a === 0 ? Math.exp(conf * ((x[0]![i] as number) - 0.5)) : 1;
      weights[a] = w;
      tot += w;
    }
    const a = rng.weightedIndex(weights);
    arm[i] = a;
    propensity[i] = (weights[a] as number) / tot;
    const b =
      -1.4 +
      0.8 * (x[0]![i] as number) -
      0.6 * (x[1]![i] as number) +
      (SEGMENT_EFFECT[segment[i]!] as number);
    for (let k = 0; k <= K; k++) {
      const s = k === 0 ? 0 : shift(scenario, k, K, x, i);
      trueMean[k]![i] = outcome === 'binary' ? sigmoid(b + s) : 3 + 2 * (b + s);
    }
    const m = trueMean[a]![i] as number;
    y[i] = outcome === 'binary' ? (rng.next() < m ? 1 : 0) : m + rng.normal();
  }
  const columns: RawColumn[] = [
    ...x.map((values, f) => ({ name: `x${f}`, kind: 'numeric' as const, values })),
    { name: 'segment', kind: 'categorical', values: segment },
  ];
  const X = applyBinning(opts.binning ?? fitBinning(columns), columns);
  const armNames = ['control', ...Array.from({ length: K }, (_, k) => `arm${k + 1}`)];
  const trueUplift = Array.from({ length: K }, (_, k) => {
    const u = new Float64Array(n);
    for (let i = 0; i < n; i++) u[i] = (trueMean[k + 1]![i] as number) - (trueMean[0]![i] as number);
    return u;
  });
  return {
    columns,
    X,
    data: { X, arm, armNames, y, propensity, campaign: nCampaigns > 1 ? campaign : undefined },
    trueMean,
    trueUplift,
  };
}
