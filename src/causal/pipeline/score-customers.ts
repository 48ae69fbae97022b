import type { Channel, CostConfig } from '../../contracts/trigger-costs.ts';
import { TRIGGER_IDS, type TriggerId } from '../../contracts/triggers.ts';
import { InvalidInput } from '../../core/errors.ts';
import { note } from '../../core/progress.ts';
import { datasetAsOf } from '../../features/as-of.ts';
import { type FeatureFrame, pointInTimeFeatures } from '../../features/point-in-time.ts';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import type { Store } from '../../store/store.ts';
import type { UpliftPrediction } from '../learners/types.ts';
import { recommend } from '../policy/recommend.ts';
import { applyBinning } from '../trees/binning.ts';
import { expectedOrderValues, type Objective, valueTerms } from './economics.ts';
import { frameToRawColumns } from './exposure-data.ts';
import type { UpliftArtifact } from './uplift-artifact.ts';

/** Every customer's features as of the data set's as_of (what the engine scores today). */
export async function currentFeatures(store: Store): Promise<FeatureFrame> {
  const asOf = await datasetAsOf(store);
  if (!asOf)
    throw new InvalidInput('the store holds no data: run `aether generate` or `aether import` first');
  return pointInTimeFeatures(store, {
    sql: 'SELECT customer_id AS key, customer_id, $1::TIMESTAMP AS as_of FROM customers',
    params: [asOf],
  });
}

export interface CustomerScores {
  customerIds: string[];
  prediction: UpliftPrediction;
  recommendedArm: Int32Array;
  expectedIncrementalConversion: Float64Array;
  expectedIncrementalProfit: Float64Array;
}

export interface ScoreOptions {
  objective: Objective;
  costConfig: CostConfig;
  channel: Channel;
  excludeTriggers?: TriggerId[];
}

/** Predicts every trigger's uplift for the frame's rows and picks each row's best trigger. */
export function scoreFrame(
  artifact: UpliftArtifact,
  frame: FeatureFrame,
  options: ScoreOptions,
): CustomerScores {
  const model = artifact.model;
  const X = applyBinning(artifact.binning, frameToRawColumns(frame));
  const prediction = model.predict(X);
  const aov = frame.features.find((f) => f.name === 'aov_lifetime');
  const eov = expectedOrderValues(
    aov && aov.kind === 'numeric' ? aov.values : new Float64Array(frame.rowCount).fill(Number.NaN),
  );
  const triggers = model.armNames.slice(1) as TriggerId[];
  const excludeArms = (options.excludeTriggers ?? [])
    .map((t) => triggers.indexOf(t) + 1)
    .filter((k) => k > 0);
  const policy = recommend(prediction, {
    ...valueTerms(options.objective, triggers, eov, options.costConfig, options.channel),
    excludeArms,
  });
  // Profit of the recommended arm whatever the objective, so both figures are always reported.
  const profitTerms = valueTerms('profit', triggers, eov, options.costConfig, options.channel);
  const values = profitTerms.value as Float64Array[];
  const fixedCosts = profitTerms.fixedCost as number[];
  const perOutcomeCosts = profitTerms.costPerOutcome as Float64Array[];
  const profit = new Float64Array(frame.rowCount);
  for (let i = 0; i < frame.rowCount; i++) {
    const k = policy.arm[i];
    if (k === 0) continue;
    const u = prediction.uplift[k - 1][i];
    profit[i] =
      values[k - 1][i] * u - fixedCosts[k - 1] - perOutcomeCosts[k - 1][i] * (prediction.baseline[i] + u);
  }
  return {
    customerIds: frame.customerIds,
    prediction,
    recommendedArm: policy.arm,
    expectedIncrementalConversion: policy.incrementalOutcome,
    expectedIncrementalProfit: profit,
  };
}

/**
 * Writes a model version's scores: appended to a staging table first, then moved into
 * customer_scores inside the caller's transaction, so a failure leaves the previous scores intact.
 */
export async function stageScores(
  store: DuckDbStore,
  modelVersion: string,
  scores: CustomerScores,
): Promise<string> {
  const staging = `staging_scores_${process.pid}_${Date.now()}`;
  const upliftCols = TRIGGER_IDS.map((t) => `uplift_score_for_${t} DOUBLE`).join(', ');
  await store.run(
    `CREATE TABLE ${staging} (model_version VARCHAR, customer_id VARCHAR, baseline_conversion_probability DOUBLE,
      ${upliftCols}, recommended_trigger VARCHAR, expected_incremental_conversion DOUBLE, expected_incremental_profit DOUBLE)`,
  );
  const armNames = ['control', ...TRIGGER_IDS];
  const appender = await store.connection.createAppender(staging);
  const n = scores.customerIds.length;
  for (let i = 0; i < n; i++) {
    appender.appendVarchar(modelVersion);
    appender.appendVarchar(scores.customerIds[i]);
    appender.appendDouble(scores.prediction.baseline[i]);
    for (let k = 0; k < TRIGGER_IDS.length; k++) appender.appendDouble(scores.prediction.uplift[k][i]);
    appender.appendVarchar(armNames[scores.recommendedArm[i]]);
    appender.appendDouble(scores.expectedIncrementalConversion[i]);
    appender.appendDouble(scores.expectedIncrementalProfit[i]);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  note(`scores: staged ${n.toLocaleString('en-US')} customers`);
  return staging;
}

export async function publishScores(tx: Store, staging: string): Promise<void> {
  await tx.run(`INSERT INTO customer_scores SELECT * FROM ${staging}`);
}

export async function dropStaging(store: Store, staging: string): Promise<void> {
  await store.run(`DROP TABLE IF EXISTS ${staging}`);
}
