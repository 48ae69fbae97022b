import { InvalidInput } from '../../core/errors.ts';
import { DEFAULT_LEARNER, type FitUpliftOptions, fitUplift, type LearnerName } from '../fit-uplift.ts';
import type { UpliftDataset, UpliftModel } from '../learners/types.ts';
import { deserializeModel, serializeModel } from '../model-io.ts';
import type { FeatureBinning } from '../trees/binning.ts';

export const LEARNER_KINDS = ['t', 'x', 'dr', 'forest'] as const satisfies readonly LearnerName[];
export type LearnerKind = (typeof LEARNER_KINDS)[number];
export { DEFAULT_LEARNER };

/**
 * A fitted uplift model with the bin edges its features were binned with (scoring bins new data
 * with the same edges). Stored as model-io's JSON, which keeps every double bit for bit, so a
 * reloaded model predicts exactly what it predicted before.
 */
export interface UpliftArtifact {
  learner: LearnerKind;
  binning: FeatureBinning[];
  model: UpliftModel;
}

export function fitLearner(kind: LearnerKind, data: UpliftDataset, seed: number): UpliftModel {
  return fitUplift(data, { learner: kind, seed } as FitUpliftOptions);
}

export function serializeArtifact(a: UpliftArtifact): string {
  return serializeModel(a.model as Parameters<typeof serializeModel>[0], {
    binning: a.binning,
    meta: { learner: a.learner },
  });
}

export function deserializeArtifact(text: string): UpliftArtifact {
  const saved = deserializeModel(text);
  if (!saved.binning) throw new InvalidInput('stored uplift model has no bin edges');
  if (!('predict' in saved.model) || !('armNames' in saved.model))
    throw new InvalidInput('stored model is not an uplift model');
  return {
    learner: (saved.meta.learner as LearnerKind) ?? 't',
    binning: saved.binning,
    model: saved.model as unknown as UpliftModel,
  };
}
