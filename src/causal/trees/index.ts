export {
  applyBinning,
  assertSameFeatures,
  type BinnedMatrix,
  type BinningOptions,
  binColumns,
  categoryOfBin,
  type FeatureBinning,
  type FeatureKind,
  fitBinning,
  MISSING_BIN,
  numericThreshold,
  OTHER_CATEGORY_BIN,
  type RawColumn,
  takeRows,
} from './binning.ts';
export { addEnsemblePrediction, addEnsemblesPrediction } from './ensemble-predict.ts';
export {
  DEFAULT_GBDT,
  featureImportance,
  fitGbdt,
  type GbdtModel,
  type GbdtObjective,
  type GbdtOptions,
  predictGbdt,
  predictGbdtRaw,
  predictGbdtRawMany,
} from './gbdt.ts';
export {
  DEFAULT_TREE_PARAMS,
  growTree,
  leafIndex,
  type Tree,
  type TreeParams,
} from './tree.ts';
