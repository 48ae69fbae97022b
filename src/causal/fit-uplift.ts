import { InvalidInput } from '../core/errors.ts';
import { UpliftForest, type UpliftForestOptions } from './forest/uplift-forest.ts';
import { DRLearner, type DRLearnerOptions } from './learners/dr-learner.ts';
import { TLearner, type TLearnerOptions } from './learners/t-learner.ts';
import type { UpliftDataset } from './learners/types.ts';
import { XLearner, type XLearnerOptions } from './learners/x-learner.ts';

export type LearnerName = 't' | 'x' | 'dr' | 'forest';

/**
 * The learner used when none is named. Chosen by bench/causal-core.ts (quality on the synthetic
 * problems and speed at 1M rows; figures in docs/benchmarks.md, "Causal core").
 */
export const DEFAULT_LEARNER: LearnerName = 't';

export type FitUpliftOptions =
  | ({ learner?: 't' } & TLearnerOptions)
  | ({ learner: 'x' } & XLearnerOptions)
  | ({ learner: 'dr' } & DRLearnerOptions)
  | ({ learner: 'forest' } & UpliftForestOptions);

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
