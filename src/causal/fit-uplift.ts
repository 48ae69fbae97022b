import { InvalidInput } from '../core/errors.ts';
import { UpliftForest, type UpliftForestOptions } from './forest/uplift-forest.ts';
import { BaggedTLearner, type BaggedTLearnerOptions } from './learners/bagged-t-learner.ts';
import { DRLearner, type DRLearnerOptions } from './learners/dr-learner.ts';
import { RLearner, type RLearnerOptions } from './learners/r-learner.ts';
import { TLearner, type TLearnerOptions } from './learners/t-learner.ts';
import type { UpliftDataset } from './learners/types.ts';
import { XLearner, type XLearnerOptions } from './learners/x-learner.ts';

export type LearnerName = 't' | 'x' | 'dr' | 'r' | 'forest';

/**
 * The learner used when none is named: the T-learner over one shared outcome model (each arm's
 * model boosts from the pooled model, so an arm's effect is a small correction rather than the
 * difference of two independent fits), with slow, shallow, large-leaved trees. Chosen on the
 * simulated shop by `npm run -s bench -- learner-sweep` (docs/benchmarks.md, "Choosing the default
 * learner"), where the truth is known: on the reserved all-trigger campaign of the 100k-customer
 * data set it earned 49% of the oracle's incremental conversions against 43% for the tuned
 * DR-learner, 39% for the X-learner and 33-34% for the uplift forest at every leaf size tried, and
 * it fits its arms in parallel threads.
 */
export const DEFAULT_LEARNER: LearnerName = 't';

/**
 * Each learner's settings when the caller names none, measured by the same sweep (caller options
 * win, field by field). The outcome models of the meta-learners see binary outcomes around 4% with
 * effects of a point or two: deep trees with small leaves fit noise, so leaves hold hundreds of
 * rows and the learning rate is halved. The effect stage of the X- and DR-learners regresses
 * imputed effects or AIPW pseudo-outcomes, noisier still, so its trees are shallower again (the
 * sweep measured these settings on the DR-learner, 0.40 -> 0.43; the X-learner takes them for the
 * same reason, unmeasured on its own).
 */
export const LEARNER_DEFAULTS: { [K in LearnerName]: FitUpliftOptions } = {
  t: {
    learner: 't',
    sharedBase: true,
    gbdt: { learningRate: 0.05, minDataInLeaf: 1000, maxDepth: 4, maxLeaves: 15, nEstimators: 600 },
    // From LARGE_DATA_ROWS training rows up the arm models stop at 30 rounds (early stopping still
    // on; the base keeps up to 600; below that size the cap is dropped, see withDataDefaults). With
    // a shared base the arm models learn small departures from it and most stop within 30 rounds
    // anyway; an arm whose training campaigns differ from the population (the cart reminder on
    // data seed 1) ran on for 400+ rounds and carried its campaigns' level into every prediction.
    // Over six (data seed, model seed) fits at 100k customers (500k training rows) the cap raised
    // the mean share of the oracle's incremental conversions from 0.421 to 0.439 and the headroom
    // captured from 0.341 to 0.360, no pair worse by more than 0.001; 20 rounds gave 0.444 / 0.365,
    // the same within the fit-to-fit noise, but shrinks real departures more (docs/benchmarks.md,
    // "Capping the arm models" and "A second cap value, and the cap made the default").
    armGbdt: { nEstimators: 30 },
  },
  x: {
    learner: 'x',
    effectGbdt: { learningRate: 0.03, maxDepth: 3, maxLeaves: 8, minDataInLeaf: 1000, nEstimators: 400 },
  },
  dr: {
    learner: 'dr',
    effectGbdt: { learningRate: 0.03, maxDepth: 3, maxLeaves: 8, minDataInLeaf: 1000, nEstimators: 400 },
  },
  // The R-learner's m(x) and control baseline are outcome models like the T-learner's base (its
  // settings); its effect stage regresses noisy pseudo-outcomes, so it takes the DR-learner's
  // slower, shallower trees. Measured against the default in docs/benchmarks.md, "R-learner".
  r: {
    learner: 'r',
    gbdt: { learningRate: 0.05, minDataInLeaf: 1000, maxDepth: 4, maxLeaves: 15, nEstimators: 600 },
    effectGbdt: { learningRate: 0.03, maxDepth: 3, maxLeaves: 8, minDataInLeaf: 1000, nEstimators: 400 },
  },
  forest: { learner: 'forest' },
};

/** The caller's options over the learner's defaults; nested tree settings merge field by field. */
export function withLearnerDefaults<O extends FitUpliftOptions>(opts: O): O {
  const learner = (opts.learner ?? DEFAULT_LEARNER) as LearnerName;
  const d = LEARNER_DEFAULTS[learner] as Record<string, unknown> | undefined;
  if (!d) return opts;
  const o = opts as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...d, ...o, learner };
  for (const key of ['gbdt', 'armGbdt', 'effectGbdt', 'propensityGbdt'])
    if (d[key] || o[key]) merged[key] = { ...(d[key] as object), ...(o[key] as object) };
  return merged as O;
}

/** From this many training rows up, the large leaves of LEARNER_DEFAULTS apply unchanged. */
export const LARGE_DATA_ROWS = 100_000;
/** The smallest leaf the defaults shrink to. */
const MIN_DEFAULT_LEAF = 300;

/**
 * The leaf size of the default's boosted trees for a data set of `rows` training rows whose
 * smallest fitted arm has `smallestArmRows`. The large leaves (1,000 rows) were chosen on 515k
 * training exposures. Below 100k rows they shrink to a quarter of the smallest arm, so that its
 * model can still split (an arm of 1,000 rows cannot be split into 1,000-row leaves at all: every
 * customer got the same uplift), but never below 300 rows: on 10k and 30k sampled exposures of
 * the simulated shop 300-row leaves did as well as 1,000-row ones (share of the oracle's
 * incremental conversions 0.276 / 0.272 and 0.269 / 0.267) and 200-row leaves worse (0.226,
 * 0.202), and on a 12k-row experiment they already gave a harmful arm to a few customers
 * (docs/benchmarks.md, "Leaf size on smaller data").
 */
export function defaultLeafSize(
  rows: number,
  smallestArmRows: number,
  largeLeaf: number,
  floor: number = MIN_DEFAULT_LEAF,
): number {
  if (rows >= LARGE_DATA_ROWS) return largeLeaf;
  return Math.min(largeLeaf, Math.max(floor, Math.floor(smallestArmRows / 4)));
}

/**
 * The learner's defaults for this data set: withLearnerDefaults, with the leaf size of the boosted
 * stages that the defaults set (and the caller did not) scaled to the data (defaultLeafSize).
 * The T-learner is never bagged by default: the mean of four half-sample members (BaggedTLearner,
 * `bags: 4`) earned 0.363 / 0.493 / 0.396 of the oracle's incremental conversions on the three
 * uplift-targets data seeds against 0.298 / 0.515 / 0.492 for one model (docs/benchmarks.md,
 * "Bagging the default T-learner"), worse on average.
 */
export function withDataDefaults<O extends FitUpliftOptions>(d: UpliftDataset, opts: O): O {
  const merged = withLearnerDefaults(opts) as Record<string, unknown>;
  const learner = (merged.learner ?? DEFAULT_LEARNER) as LearnerName;
  const defaults = LEARNER_DEFAULTS[learner] as Record<string, { minDataInLeaf?: number } | undefined>;
  const given = opts as Record<string, { minDataInLeaf?: number } | undefined>;
  const counts = new Map<number, number>();
  for (let i = 0; i < d.arm.length; i++)
    counts.set(d.arm[i] as number, (counts.get(d.arm[i] as number) ?? 0) + 1);
  // Arms below the learners' minimum (100 rows) are not fitted, so they do not bound the leaf.
  const fitted = [...counts.values()].filter((n) => n >= 100);
  const smallest = fitted.length ? Math.min(...fitted) : d.arm.length;
  // The T-learner's cap on its arm models' rounds only where it was measured to help (at 500k
  // training rows). Capping stops an arm model after a fixed number of shrunk steps, so it also
  // shrinks real departures from the base: on a 3,000-row experiment whose arm helps a subgroup by
  // 0.107, the estimated gap was 0.112 uncapped, 0.083 / 0.072 / 0.062 with 50 / 30 / 20 rounds;
  // on the 20k-row shop of the pipeline tests, 30 rounds cut free shipping's model (120 trees)
  // and with it the cart features it had learned (docs/causal-engine.md, "Feature importance").
  // Below LARGE_DATA_ROWS (the leaf-size boundary, not tuned for this) the arm models are
  // early-stopped as before, unless the caller set the cap.
  const arm = merged.armGbdt as { nEstimators?: number } | undefined;
  const givenArm = (opts as { armGbdt?: { nEstimators?: number } }).armGbdt;
  if (arm && d.arm.length < LARGE_DATA_ROWS && givenArm?.nEstimators === undefined) {
    const { nEstimators: _cap, ...rest } = arm;
    if (Object.keys(rest).length > 0) merged.armGbdt = rest;
    else delete merged.armGbdt;
  }
  // Arm-model settings for small data only (the flat experiments' 5 folds): below LARGE_DATA_ROWS
  // under the caller's armGbdt, field by field; from that size up dropped (see smallDataArmGbdt).
  const small = merged.smallDataArmGbdt as object | undefined;
  delete merged.smallDataArmGbdt;
  if (small && learner === 't' && d.arm.length < LARGE_DATA_ROWS)
    merged.armGbdt = { ...small, ...(merged.armGbdt as object | undefined) };
  for (const key of ['gbdt', 'effectGbdt']) {
    const largeLeaf = defaults[key]?.minDataInLeaf;
    if (largeLeaf === undefined || given[key]?.minDataInLeaf !== undefined) continue;
    merged[key] = {
      ...(merged[key] as object),
      minDataInLeaf: defaultLeafSize(
        d.arm.length,
        smallest,
        largeLeaf,
        merged.leafFloor as number | undefined,
      ),
    };
  }
  return merged as O;
}

export type FitUpliftOptions = (
  | ({ learner?: undefined } & BaggedTLearnerOptions)
  | ({ learner: 't' } & BaggedTLearnerOptions)
  | ({ learner: 'x' } & XLearnerOptions)
  | ({ learner: 'dr' } & DRLearnerOptions)
  | ({ learner: 'r' } & RLearnerOptions)
  | ({ learner: 'forest' } & UpliftForestOptions)
) & {
  /**
   * The smallest leaf the data-scaled default leaf size (defaultLeafSize: a quarter of the smallest
   * arm) may shrink to below LARGE_DATA_ROWS rows; default 300 (MIN_DEFAULT_LEAF).
   */
  leafFloor?: number;
  /**
   * T-learner arm-model settings that apply below LARGE_DATA_ROWS training rows only, under
   * `armGbdt` field by field (withDataDefaults), like the default's 30-round cap above that size.
   * The flat experiments' 5 folds (EXPERIMENT_SMALL_DATA_ARM_GBDT): at 1,000,000 rows, where the
   * arm models are capped at 30 rounds anyway, they took the train step from 53 to 124 s of CPU for
   * the same policy (docs/benchmarks.md, "Arm-model folds at 1,000,000 rows").
   */
  smallDataArmGbdt?: TLearnerOptions['armGbdt'];
};

/**
 * Like `fitUplift`, with the independent parts fitted in `threads` worker threads where the
 * learner supports it (forest trees, T-learner arm models, R-learner fold and effect models); the model is identical.
 */
export async function fitUpliftAsync(
  d: UpliftDataset,
  opts: FitUpliftOptions & { threads?: number } = {},
): Promise<TLearner | BaggedTLearner | XLearner | DRLearner | RLearner | UpliftForest> {
  opts = withDataDefaults(d, opts);
  const learner = opts.learner ?? DEFAULT_LEARNER;
  if (learner === 'forest')
    return UpliftForest.fitAsync(d, opts as UpliftForestOptions & { threads?: number });
  if (learner === 't' && ((opts as BaggedTLearnerOptions).bags ?? 1) > 1)
    return BaggedTLearner.fitAsync(d, opts as BaggedTLearnerOptions & { threads?: number });
  if (learner === 't') return TLearner.fitAsync(d, opts as TLearnerOptions & { threads?: number });
  if (learner === 'r') return RLearner.fitAsync(d, opts as RLearnerOptions & { threads?: number });
  return fitUplift(d, opts);
}

/** Fit an uplift model by name; the default learner when none is given. */
export function fitUplift(
  d: UpliftDataset,
  opts: FitUpliftOptions = {},
): TLearner | BaggedTLearner | XLearner | DRLearner | RLearner | UpliftForest {
  opts = withDataDefaults(d, opts);
  const learner = opts.learner ?? DEFAULT_LEARNER;
  switch (learner) {
    case 't':
      if (((opts as BaggedTLearnerOptions).bags ?? 1) > 1)
        return BaggedTLearner.fit(d, opts as BaggedTLearnerOptions);
      return TLearner.fit(d, opts as TLearnerOptions);
    case 'x':
      return XLearner.fit(d, opts as XLearnerOptions);
    case 'dr':
      return DRLearner.fit(d, opts as DRLearnerOptions);
    case 'r':
      return RLearner.fit(d, opts as RLearnerOptions);
    case 'forest':
      return UpliftForest.fit(d, opts as UpliftForestOptions);
    default:
      throw new InvalidInput(`unknown learner "${learner as string}" (t, x, dr, r, forest)`);
  }
}
