export {
  type Cohort,
  CohortQuery,
  cohortOfCriteria,
  cohortOfIds,
  dataAsOf,
  EVERYONE,
  withMaterializedCohort,
} from './cohort.ts';
export { compareCohort, FEATURES } from './comparisons.ts';
export { economicsOf, rankTriggers } from './economics.ts';
export { campaignEvidence, pooledRiskDifference, riskDifference } from './evidence.ts';
export { comparisonSentence, type ExplainOptions, explainSegment } from './explain-segment.ts';
export { modelView } from './model-view.ts';
