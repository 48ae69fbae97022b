export { datasetAsOf } from './as-of.ts';
export {
  type AsOfQuery,
  type AsOfRow,
  type CategoricalFeature,
  type FeatureColumn,
  type FeatureFrame,
  type FeatureKind,
  type NumericFeature,
  type PointInTimeOptions,
  pointInTimeFeatureSchema,
  pointInTimeFeatures,
} from './point-in-time.ts';
export {
  type CustomerProfile,
  ensureProfiles,
  getProfile,
  type RefreshResult,
  refreshProfiles,
} from './profile.ts';
export { customerProfilesViewSql, PROFILE_VIEW_COLUMNS } from './profile-sql.ts';
