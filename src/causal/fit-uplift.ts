import { InvalidInput } from '../core/errors.ts';
import { UpliftForest, type UpliftForestOptions } from './forest/uplift-forest.ts';
import { DRLearner, type DRLearnerOptions } from './learners/dr-learner.ts';
import { TLearner, type TLearnerOptions } from './learners/t-learner.ts';
import type { UpliftDataset } from './learners/types.ts';
import { XLearner, type XLearnerOptions } from './learners/x-learner.ts';

export type LearnerName = 't' | 'x' | 'dr' | 'forest';

/**
 * The learner used when none is named: the uplift random forest with the CTS criterion. Chosen by
 * bench/causal-core.ts (docs/benchmarks.md, "Causal core"): the highest true policy value of all
 * learners on the synthetic problems (50k rows: 75-79% of the oracle's incremental conversions
 * against 61-64% for the T-learner and 70-71% for the X-learner; 1M rows: 93.6% against 91.6%),
 * never recommends the harmful arm, and one forest scores all arms at once (1M customers x 10
 * arms in 14 CPU seconds; fitting 1M rows took 184 CPU seconds over 2 threads).
 */
export const DEFAULT_LEARNER: LearnerName = 'forest';

export type FitUpliftOptions =
  | ({ learner?: undefined } & UpliftForestOptions)
  | ({ learner: 't' } & TLearnerOptions)
  | ({ learner: 'x' } & XLearnerOptions)
  | ({ learner: 'dr' } & DRLearnerOptions)
  | ({ learner: 'forest' } & UpliftForestOptions);

/**
 * Like `fitUplift`, with the independent parts fitted in `threads` worker threads where the
 * learner supports it (forest trees, T-learner arm models); the model is identical.
 */
export async function fitUpliftAsync(
  d: UpliftDataset,
  opts: FitUpliftOptions & { threads?: number } = {},
): Promise<TLearner | XLearner | DRLearner | UpliftForest> {
  const learner = opts.learner ?? DEFAULT_LEARNER;
  if (learner === 'forest')
    return UpliftForest.fitAsync(d, opts as UpliftForestOptions & { threads?: number });
  if (learner === 't') return TLearner.fitAsync(d, opts as TLearnerOptions & { threads?: number });
  return fitUplift(d, opts);
}

/** Fit an uplift model by name; the default learner when none is given. */
export function fitUplift(
  d: UpliftDataset,
  opts: FitUpliftOptions = {},
): TLearner | XLearner | DRLearner | UpliftForest {
  const learner = opts.learner ?? DEFAULT_LEARNER;
  switch (learner) {
    case 't':
      return TLearner.fit(d, opts as TLearnerOptions);
    case 'x':
      return XLearner.fit(d, opts as XLearnerOptions);
    case 'dr':
      return DRLearner.fit(d, opts as DRLearnerOptions);
    case 'forest':
      return UpliftForest.fit(d, opts as UpliftForestOptions);
    default:
      throw new InvalidInput(`unknown learner "${learner as string}" (t, x, dr, forest)`);
  }
}
