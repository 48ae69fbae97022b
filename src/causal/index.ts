/**
 * The causal learning core: typed-array algorithms, independent of where data comes from.
 * See docs/causal-engine.md.
 */
export {
  CAMPAIGN_CONTEXT_FEATURES,
  contextColumns,
  informativeColumns,
  isContextFeature,
  type ScoringWindow,
  scoringContextColumns,
} from './campaign-context.ts';
export * from './evaluate/index.ts';
export {
  DEFAULT_LEARNER,
  type FitUpliftOptions,
  fitUplift,
  fitUpliftAsync,
  type LearnerName,
} from './fit-uplift.ts';
export * from './forest/index.ts';
export * from './learners/index.ts';
export { type CausalModel, deserializeModel, type SavedModel, serializeModel } from './model-io.ts';
export * from './policy/index.ts';
export {
  makeUpliftProblem,
  type SyntheticOptions,
  type SyntheticProblem,
  type SyntheticScenario,
} from './synthetic.ts';
export * from './trees/index.ts';
