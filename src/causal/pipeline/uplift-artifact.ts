import { InvalidInput } from '../../core/errors.ts';
import { DRLearner, type DRLearnerState } from '../learners/dr-learner.ts';
import { TLearner, type TLearnerState } from '../learners/t-learner.ts';
import type { UpliftDataset, UpliftModel } from '../learners/types.ts';
import { XLearner, type XLearnerState } from '../learners/x-learner.ts';
import type { FeatureBinning } from '../trees/binning.ts';

export const LEARNER_KINDS = ['dr', 't', 'x'] as const;
export type LearnerKind = (typeof LEARNER_KINDS)[number];

type LearnerState = DRLearnerState | TLearnerState | XLearnerState;

/**
 * What a stored uplift model version holds: the bin edges its features were binned with (scoring
 * bins new data with the same edges) and the learner's fitted state. JSON, so a reloaded model
 * predicts exactly what it predicted before.
 */
export interface UpliftArtifact {
  format: 1;
  learner: LearnerKind;
  binning: FeatureBinning[];
  state: LearnerState;
}

export function fitLearner(
  kind: LearnerKind,
  data: UpliftDataset,
  seed: number,
): UpliftModel & { toState(): LearnerState } {
  switch (kind) {
    case 'dr':
      return DRLearner.fit(data, { seed });
    case 't':
      return TLearner.fit(data, { seed });
    case 'x':
      return XLearner.fit(data, { seed });
  }
}

export function modelFromArtifact(artifact: UpliftArtifact): UpliftModel {
  if (artifact.format !== 1)
    throw new InvalidInput(`unknown model artifact format ${String(artifact.format)}`);
  switch (artifact.state.kind) {
    case 'dr-learner':
      return DRLearner.fromState(artifact.state);
    case 't-learner':
      return TLearner.fromState(artifact.state);
    case 'x-learner':
      return XLearner.fromState(artifact.state);
  }
}
