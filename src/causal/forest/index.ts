export {
  chiDivergence,
  ctsValue,
  entropy,
  euclideanDivergence,
  gini,
  klDivergence,
  nodeDivergence,
  type SplitCriterion,
  splitNormalization,
} from './criteria.ts';
export {
  UpliftForest,
  type UpliftForestOptions,
  type UpliftForestState,
  type UpliftTreeData,
} from './uplift-forest.ts';
