import { InvalidInput } from '../../core/errors.ts';
import type { ScoringWindow } from '../campaign-context.ts';
import { DEFAULT_LEARNER, type FitUpliftOptions, fitUpliftAsync, type LearnerName } from '../fit-uplift.ts';
import type { UpliftDataset, UpliftModel } from '../learners/types.ts';
import { deserializeModel, serializeModel } from '../model-io.ts';
import type { FeatureBinning } from '../trees/binning.ts';

export const LEARNER_KINDS = ['t', 'x', 'dr', 'r', 'forest'] as const satisfies readonly LearnerName[];
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
  /**
   * The campaign window customers are scored with outside a campaign, when the model learned
   * from the window (src/causal/campaign-context.ts); saved with the model.
   */
  scoringWindow?: ScoringWindow | null;
}

/**
 * Fits a learner with its defaults (fit-uplift's LEARNER_DEFAULTS) under `options` (which win
 * field by field, e.g. a flat experiment's own settings), its independent parts in two
 * worker threads where it has them (the machine's two cores); the model is the same bit for bit
 * as a sequential fit.
 */
export function fitLearner(
  kind: LearnerKind,
  data: UpliftDataset,
  seed: number,
  options: Partial<FitUpliftOptions> = {},
): Promise<UpliftModel> {
  return fitUpliftAsync(data, { ...options, learner: kind, seed, threads: 2 } as FitUpliftOptions & {
    threads: number;
  });
}

export function serializeArtifact(a: UpliftArtifact): string {
  return serializeModel(a.model as Parameters<typeof serializeModel>[0], {
    binning: a.binning,
    meta: { learner: a.learner, ...(a.scoringWindow ? { scoring_window: a.scoringWindow } : {}) },
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
    scoringWindow: (saved.meta.scoring_window as ScoringWindow | undefined) ?? null,
  };
}
