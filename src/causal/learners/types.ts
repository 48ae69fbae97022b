import { InvalidInput } from '../../core/errors.ts';
import type { BinnedMatrix } from '../trees/binning.ts';
import type { GbdtOptions } from '../trees/gbdt.ts';

/**
 * One row per exposure. `arm` 0 is control, 1..K the treatments; `armNames[a]` names arm a
 * (so armNames[0] is the control's name). `propensity[i]` is the logged probability that row i
 * received the arm it received, which is all that inverse-propensity terms need.
 */
export interface UpliftDataset {
  X: BinnedMatrix;
  arm: Int32Array;
  armNames: string[];
  y: Float64Array;
  propensity: Float64Array;
  weight?: Float64Array;
  /**
   * Optional experiment/campaign id per row. Campaigns tested different subsets of arms; an arm
   * counts as available to a row when its campaign assigned it to someone. Learners that need
   * positivity (DR) fit each arm's effect only on rows where that arm was available.
   */
  campaign?: Int32Array;
  /**
   * Optional group id per row (0..G-1), e.g. the customer of an exposure when a customer appears in
   * several campaigns: learners that subsample (BaggedTLearner) put a group's rows on one side.
   */
  group?: Int32Array;
}

/** Per-row predictions: E[y | control] and, per treatment arm k = 1..K, E[y | k] - E[y | control]. */
export interface UpliftPrediction {
  baseline: Float64Array;
  /** uplift[k - 1] is arm k's effect. */
  uplift: Float64Array[];
}

export type OutcomeKind = 'binary' | 'continuous';

export interface ArmReport {
  arm: string;
  rows: number;
  /** 'fitted', or 'too_few_rows' when the arm had fewer than minArmRows rows and its effect is set to 0. */
  status: 'fitted' | 'too_few_rows';
}

export interface LearnerReport {
  outcome: OutcomeKind;
  arms: ArmReport[];
}

export interface LearnerOptions {
  /** 'auto' picks binary when every outcome is 0 or 1. */
  outcome?: OutcomeKind | 'auto';
  /** Base learner settings (objective is set by the learner). */
  gbdt?: Partial<Omit<GbdtOptions, 'objective' | 'validation'>>;
  /**
   * Settings of the effect-stage regressions of the two-stage learners (X, DR), over `gbdt`. Their
   * targets (imputed effects, AIPW pseudo-outcomes) are far noisier than the outcomes, so they
   * want slower, shallower, larger-leaved trees than the outcome models do.
   */
  effectGbdt?: Partial<Omit<GbdtOptions, 'objective' | 'validation'>>;
  seed?: number | string;
  /** Arms (including control) with fewer rows are not modelled: effect 0, reported. */
  minArmRows?: number;
}

export const DEFAULT_LEARNER_GBDT: Partial<GbdtOptions> = {
  nEstimators: 300,
  learningRate: 0.1,
  maxLeaves: 31,
  maxDepth: 6,
  minDataInLeaf: 50,
  lambdaL2: 1,
  earlyStoppingRounds: 20,
  validationFraction: 0.15,
};

export interface UpliftModel {
  readonly kind: string;
  readonly armNames: string[];
  readonly report: LearnerReport;
  predict(X: BinnedMatrix): UpliftPrediction;
}

/**
 * Which arms get a model: control always, a treatment arm when it has at least `minRows` rows
 * (an arm with fewer keeps an effect of 0 and says so in the report).
 */
export function armReports(d: UpliftDataset, armRows: readonly Uint32Array[], minRows: number): ArmReport[] {
  return armRows.map((rows, a) => ({
    arm: d.armNames[a] as string,
    rows: rows.length,
    status: rows.length >= minRows || a === 0 ? 'fitted' : 'too_few_rows',
  }));
}

/** Each row's weight over its logged assignment probability (inverse-propensity weights). */
export function inversePropensityWeights(d: UpliftDataset): Float64Array {
  const w = new Float64Array(d.X.nRows);
  for (let i = 0; i < w.length; i++)
    w[i] = (d.weight ? (d.weight[i] as number) : 1) / (d.propensity[i] as number);
  return w;
}

/** Validate a dataset; returns the outcome kind and the rows of each arm. */
export function validateDataset(
  d: UpliftDataset,
  outcome: OutcomeKind | 'auto' = 'auto',
): { outcome: OutcomeKind; armRows: Uint32Array[] } {
  const n = d.X.nRows;
  const check = (name: string, len: number) => {
    if (len !== n)
      throw new InvalidInput(`${name} has ${len} rows, X has ${n}`, [{ name, reason: 'length mismatch' }]);
  };
  check('arm', d.arm.length);
  check('y', d.y.length);
  check('propensity', d.propensity.length);
  if (d.weight) check('weight', d.weight.length);
  if (d.campaign) check('campaign', d.campaign.length);
  if (d.group) check('group', d.group.length);
  if (d.armNames.length < 2)
    throw new InvalidInput('armNames must name the control (index 0) and at least one treatment');
  if (n === 0) throw new InvalidInput('the dataset has no rows');
  const K1 = d.armNames.length;
  const counts = new Uint32Array(K1);
  let binary = true;
  for (let i = 0; i < n; i++) {
    const a = d.arm[i] as number;
    if (!(a >= 0 && a < K1))
      throw new InvalidInput(`row ${i}: unknown arm id ${a} (arms are 0..${K1 - 1})`, [
        { name: `arm[${i}]`, reason: 'unknown arm id' },
      ]);
    counts[a]++;
    const y = d.y[i] as number;
    if (!Number.isFinite(y))
      throw new InvalidInput(`row ${i}: outcome is ${y}`, [
        { name: `y[${i}]`, reason: 'outcome must be a finite number' },
      ]);
    if (y !== 0 && y !== 1) binary = false;
    const p = d.propensity[i] as number;
    if (!(p > 0 && p <= 1))
      throw new InvalidInput(`row ${i}: propensity is ${p}`, [
        { name: `propensity[${i}]`, reason: 'propensity must be within (0, 1]' },
      ]);
    if (d.weight) {
      const w = d.weight[i] as number;
      if (!(w >= 0 && Number.isFinite(w)))
        throw new InvalidInput(`row ${i}: weight is ${w}`, [
          { name: `weight[${i}]`, reason: 'weight must be >= 0' },
        ]);
    }
  }
  if (outcome === 'binary' && !binary) throw new InvalidInput('outcome "binary" needs every y to be 0 or 1');
  const armRows = Array.from(counts, (c) => new Uint32Array(c));
  const fill = new Uint32Array(K1);
  for (let i = 0; i < n; i++) {
    const a = d.arm[i] as number;
    (armRows[a] as Uint32Array)[fill[a]++] = i;
  }
  if (counts[0] === 0) throw new InvalidInput('no control rows (arm 0): effects cannot be estimated');
  return { outcome: outcome === 'auto' ? (binary ? 'binary' : 'continuous') : outcome, armRows };
}

/** For each arm, whether it was available to each row (its campaign assigned it to someone). */
export function armAvailability(d: UpliftDataset): Uint8Array[] {
  const K1 = d.armNames.length;
  const n = d.X.nRows;
  if (!d.campaign) return Array.from({ length: K1 }, () => new Uint8Array(n).fill(1));
  const tested = new Map<number, Set<number>>();
  for (let i = 0; i < n; i++) {
    const c = d.campaign[i] as number;
    let s = tested.get(c);
    if (!s) {
      s = new Set();
      tested.set(c, s);
    }
    s.add(d.arm[i] as number);
  }
  return Array.from({ length: K1 }, (_, a) => {
    const av = new Uint8Array(n);
    for (let i = 0; i < n; i++) av[i] = tested.get(d.campaign![i] as number)!.has(a) ? 1 : 0;
    return av;
  });
}

export function emptyPrediction(n: number, K: number): UpliftPrediction {
  return { baseline: new Float64Array(n), uplift: Array.from({ length: K }, () => new Float64Array(n)) };
}
