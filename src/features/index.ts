export { datasetAsOf } from './as-of.ts';
export { type CustomerProfile, getProfile, type RefreshResult, refreshProfiles } from './profile.ts';
export { customerProfilesViewSql, PROFILE_VIEW_COLUMNS } from './profile-sql.ts';
