export { type AipwOptions, aipwScores, armMeans } from './aipw.ts';
export { type BootstrapOptions, bootstrapMean, type Estimate } from './bootstrap.ts';
export { type CalibrationBin, upliftCalibration } from './calibration.ts';
export {
  comparePolicies,
  drContributions,
  ipwContributions,
  type LoggedData,
  type PolicyValue,
  policyValue,
  type ReferencePolicies,
  referencePolicies,
} from './policy-value.ts';
export { type QiniResult, qiniByArm, qiniMetrics, type UpliftCurve } from './qini.ts';
