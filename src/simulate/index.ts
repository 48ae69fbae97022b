export { AS_OF_ISO } from './calendar.ts';
export { type CampaignPlan, planCampaigns } from './campaigns.ts';
export { ARM_IDS, type ArmId, armProbabilities, type CausalState } from './causal-model.ts';
export {
  type CounterfactualOptions,
  type CounterfactualResult,
  expectedProfit,
  loadTruth,
  type OracleArm,
  oracleAssignment,
  oracleBestArms,
  simulateCampaign,
  type TruthPopulation,
} from './counterfactual.ts';
export {
  countRows,
  type GenerateOptions,
  type GenerateResult,
  generateDataset,
  validateGenerateOptions,
} from './generate.ts';
export { type StoredTraits, TRUTH_WINDOW_DAYS } from './ground-truth.ts';
export { buildDataReport, CAUSAL_BANDS, type DataReport, REALISM_BANDS } from './report.ts';
