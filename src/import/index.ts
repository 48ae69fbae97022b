export {
  type ArmBalance,
  BALANCE_FAMILY_ALPHA,
  BALANCE_SMD_THRESHOLD,
  type BalanceReport,
  type FeatureBalance,
} from './balance.ts';
export { convertSql } from './convert.ts';
export {
  type ExperimentArm,
  type ExperimentData,
  type ExperimentFeature,
  type ExperimentFeatureInfo,
  type ExperimentImportOptions,
  type ExperimentSummary,
  importExperiment,
  listExperiments,
  loadExperiment,
} from './experiment.ts';
export {
  type ImportOptions,
  type ImportResult,
  importTable,
  MAX_REPORTED_ERRORS,
  type OnError,
} from './import-table.ts';
export { detectFormat, FILE_FORMATS, type FileFormat, type RowError, stageFile } from './stage-file.ts';
export { IMPORTABLE_TABLES, type ImportableTable } from './table-specs.ts';
