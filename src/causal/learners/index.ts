export {
  BaggedTLearner,
  type BaggedTLearnerOptions,
  type BaggedTLearnerState,
} from './bagged-t-learner.ts';
export { crossFitOutcomes, DRLearner, type DRLearnerOptions, type DRLearnerState } from './dr-learner.ts';
export { pairPropensities, RLearner, type RLearnerOptions, type RLearnerState } from './r-learner.ts';
export { TLearner, type TLearnerOptions, type TLearnerState } from './t-learner.ts';
export {
  type ArmReport,
  armAvailability,
  DEFAULT_LEARNER_GBDT,
  type LearnerOptions,
  type LearnerReport,
  type OutcomeKind,
  type UpliftDataset,
  type UpliftModel,
  type UpliftPrediction,
  validateDataset,
} from './types.ts';
export { XLearner, type XLearnerOptions, type XLearnerState } from './x-learner.ts';
