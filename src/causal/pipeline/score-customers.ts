import { DOUBLE, DuckDBDataChunk, INTEGER, VARCHAR } from '@duckdb/node-api';
import type { Channel, CostConfig } from '../../contracts/trigger-costs.ts';
import { TRIGGER_IDS, type TriggerId } from '../../contracts/triggers.ts';
import { InvalidInput } from '../../core/errors.ts';
import { note } from '../../core/progress.ts';
import { datasetAsOf } from '../../features/as-of.ts';
import { type AsOfQuery, type FeatureFrame, pointInTimeFeatures } from '../../features/point-in-time.ts';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import type { SqlValue, Store } from '../../store/store.ts';
import type { UpliftPrediction } from '../learners/types.ts';
import { recommend } from '../policy/recommend.ts';
import { PredictPool } from '../predict-pool.ts';
import { applyBinning, type BinnedMatrix } from '../trees/binning.ts';
import { expectedOrderValues, type Objective, valueTerms } from './economics.ts';
import { ARM_NAMES, frameToRawColumns } from './exposure-data.ts';
import type { UpliftArtifact } from './uplift-artifact.ts';

/** The request rows that score every customer as of the data set's as_of (or one key range of them). */
function customersAsOf(asOf: string, range: { from?: string; to?: string } = {}): AsOfQuery {
  const params: SqlValue[] = [asOf];
  const where: string[] = [];
  if (range.from !== undefined) {
    params.push(range.from);
    where.push(`customer_id >= $${params.length}`);
  }
  if (range.to !== undefined) {
    params.push(range.to);
    where.push(`customer_id < $${params.length}`);
  }
  return {
    sql: `SELECT customer_id AS key, customer_id, $1::TIMESTAMP AS as_of FROM customers${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
    params,
  };
}

async function requireAsOf(store: Store): Promise<string> {
  const asOf = await datasetAsOf(store);
  if (!asOf)
    throw new InvalidInput('the store holds no data: run `aether generate` or `aether import` first');
  return asOf;
}

/** Every customer's features as of the data set's as_of (what the engine scores today). */
export async function currentFeatures(store: Store): Promise<FeatureFrame> {
  return pointInTimeFeatures(store, customersAsOf(await requireAsOf(store)));
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

function modelMatrix(artifact: UpliftArtifact, frame: FeatureFrame): BinnedMatrix {
  return applyBinning(artifact.binning, frameToRawColumns(frame));
}

function aovOf(frame: FeatureFrame): Float64Array {
  const aov = frame.features.find((f) => f.name === 'aov_lifetime');
  return aov && aov.kind === 'numeric' ? aov.values : new Float64Array(frame.rowCount).fill(Number.NaN);
}

/**
 * Each row's best trigger from the predictions. Needs the whole population at once: a customer
 * without an order is valued at the population's median order value.
 */
function recommendScores(
  triggers: TriggerId[],
  customerIds: string[],
  prediction: UpliftPrediction,
  aov: Float64Array,
  options: ScoreOptions,
): CustomerScores {
  const n = customerIds.length;
  const eov = expectedOrderValues(aov);
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
  const profit = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = policy.arm[i];
    if (k === 0) continue;
    const u = prediction.uplift[k - 1][i];
    profit[i] =
      values[k - 1][i] * u - fixedCosts[k - 1] - perOutcomeCosts[k - 1][i] * (prediction.baseline[i] + u);
  }
  return {
    customerIds,
    prediction,
    recommendedArm: policy.arm,
    expectedIncrementalConversion: policy.incrementalOutcome,
    expectedIncrementalProfit: profit,
  };
}

/** Predicts every trigger's uplift for the frame's rows and picks each row's best trigger (one thread). */
export function scoreFrame(
  artifact: UpliftArtifact,
  frame: FeatureFrame,
  options: ScoreOptions,
): CustomerScores {
  const prediction = artifact.model.predict(modelMatrix(artifact, frame));
  const triggers = artifact.model.armNames.slice(1) as TriggerId[];
  return recommendScores(triggers, frame.customerIds, prediction, aovOf(frame), options);
}

export interface ScoreAllOptions extends ScoreOptions {
  /**
   * Customers per chunk (default 1,000,000): the unit in which features, predictions and reads
   * overlap, and what bounds memory. Not smaller by default: every chunk's feature query scans the
   * event tables again, and at 100k customers on 2 cores chunks of a quarter cost 20-30% more CPU
   * and wall time than one chunk (docs/benchmarks.md), more than the overlap saved.
   */
  chunkRows?: number;
  /** Prediction threads (default: the machine's cores). */
  threads?: number;
}

/**
 * Where a scoring run's time went. The stages overlap, so each is given as the moment it was done
 * (seconds since the start), plus the worker threads' own time spent predicting.
 */
export interface ScoringSeconds {
  /** The last chunk's features read (DuckDB computes them while earlier chunks are predicted). */
  features_done: number;
  /** The last chunk predicted. */
  predictions_done: number;
  /** Recommendations made (they need the whole population). */
  recommended: number;
  /** The staging table written. */
  staged: number;
  /** Wall seconds the workers spent predicting, summed over the threads (more than CPU seconds on shared cores). */
  predict_thread_seconds: number;
}

export interface StagedScores {
  staging: string;
  customers: number;
  seconds: ScoringSeconds;
}

/** Lower bounds of consecutive key ranges of `chunkRows` customers each, in key order. */
async function chunkStarts(store: Store, chunkRows: number): Promise<string[]> {
  const rows = await store.query<{ customer_id: string }>(
    `SELECT customer_id FROM (SELECT customer_id, row_number() OVER (ORDER BY customer_id) - 1 AS rn FROM customers)
     WHERE rn % $1 = 0 ORDER BY customer_id`,
    [chunkRows],
  );
  return rows.map((r) => r.customer_id);
}

/**
 * Scores every customer and writes the scores to a staging table (see stageScores), the same
 * scores as `scoreFrame(currentFeatures())` bit for bit, in less wall time on several cores: the
 * predictions run on worker threads (PredictPool), and customers go in key-range chunks through a
 * pipeline in which DuckDB computes the features of the next chunks (on two connections of its
 * own, so one chunk's query runs while the other's result is read) while the workers predict the
 * current one; with the default chunk of a million, that pipeline matters beyond 1M customers. The
 * recommendations wait for the last chunk: they need the whole population's median order value.
 */
export async function scoreAllCustomers(
  store: DuckDbStore,
  artifact: UpliftArtifact,
  options: ScoreAllOptions,
): Promise<StagedScores> {
  const started = performance.now();
  const since = () => (performance.now() - started) / 1000;
  const asOf = await requireAsOf(store);
  const starts = await chunkStarts(store, Math.max(1, Math.floor(options.chunkRows ?? 1_000_000)));
  const readers = [await store.fork(), await store.fork()];
  const pool = PredictPool.start(artifact.model, options.threads);
  const frames: Promise<FeatureFrame>[] = [];
  try {
    const fetch = (j: number) => {
      const request = customersAsOf(asOf, { from: starts[j], to: starts[j + 1] });
      const frame = pointInTimeFeatures(readers[j % 2] as DuckDbStore, request);
      frame.catch(() => {}); // awaited below in chunk order; this only keeps an early failure handled
      return frame;
    };
    frames.push(...starts.slice(0, 2).map((_, j) => fetch(j)));
    const customerIds: string[][] = [];
    const aov: Float64Array[] = [];
    const predictions: Promise<UpliftPrediction>[] = [];
    for (let j = 0; j < starts.length; j++) {
      const frame = await frames[j];
      // The reader just freed takes the chunk after next, so both keep DuckDB busy.
      if (j + 2 < starts.length) frames[j + 2] = fetch(j + 2);
      customerIds.push(frame.customerIds);
      aov.push(aovOf(frame));
      const X = modelMatrix(artifact, frame);
      const prediction = pool.predict(X);
      prediction.catch(() => {});
      predictions.push(prediction);
    }
    const featuresDone = since();
    const prediction = concatPredictions(await Promise.all(predictions), artifact.model.armNames.length - 1);
    const predictionsDone = since();
    const triggers = artifact.model.armNames.slice(1) as TriggerId[];
    const scores = recommendScores(triggers, customerIds.flat(), prediction, concatFloat64(aov), options);
    const recommended = since();
    const staging = await stageScores(store, scores);
    return {
      staging,
      customers: scores.customerIds.length,
      seconds: {
        features_done: featuresDone,
        predictions_done: predictionsDone,
        recommended,
        staged: since(),
        predict_thread_seconds: pool.busySeconds,
      },
    };
  } finally {
    // A failed run may leave a chunk's query running: let it end before its connection closes.
    await Promise.allSettled(frames);
    await pool.close();
    for (const r of readers) await r.close();
  }
}

function concatFloat64(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function concatPredictions(parts: UpliftPrediction[], K: number): UpliftPrediction {
  return {
    baseline: concatFloat64(parts.map((p) => p.baseline)),
    uplift: Array.from({ length: K }, (_, k) => concatFloat64(parts.map((p) => p.uplift[k]))),
  };
}

/**
 * Writes scores to a staging table, from which publishScores moves them into customer_scores
 * inside the caller's transaction, so a failure leaves the previous scores intact. Rows go in as
 * data chunks of whole columns (the doubles copied straight from the typed arrays) rather than
 * value by value, which cost seconds at a million customers; the trigger goes in as its arm
 * index and the version is added when publishing, so only the customer ids travel as strings.
 */
export async function stageScores(store: DuckDbStore, scores: CustomerScores): Promise<string> {
  const staging = `staging_scores_${process.pid}_${Date.now()}`;
  const upliftCols = TRIGGER_IDS.map((t) => `uplift_score_for_${t} DOUBLE`).join(', ');
  await store.run(
    `CREATE TABLE ${staging} (customer_id VARCHAR, baseline_conversion_probability DOUBLE, ${upliftCols},
      recommended_arm INTEGER, expected_incremental_conversion DOUBLE, expected_incremental_profit DOUBLE)`,
  );
  const { prediction } = scores;
  const doubles = (a: Float64Array, from: number, to: number) => a.subarray(from, to) as unknown as number[];
  const types = [VARCHAR, DOUBLE, ...TRIGGER_IDS.map(() => DOUBLE), INTEGER, DOUBLE, DOUBLE];
  const appender = await store.connection.createAppender(staging);
  const n = scores.customerIds.length;
  const rowsPerChunk = 2048; // DuckDB's vector size: the most rows a data chunk holds
  for (let from = 0; from < n; from += rowsPerChunk) {
    const to = Math.min(n, from + rowsPerChunk);
    const chunk = DuckDBDataChunk.create(types, to - from);
    chunk.setColumns([
      scores.customerIds.slice(from, to),
      doubles(prediction.baseline, from, to),
      ...prediction.uplift.map((u) => doubles(u, from, to)),
      scores.recommendedArm.subarray(from, to) as unknown as number[],
      doubles(scores.expectedIncrementalConversion, from, to),
      doubles(scores.expectedIncrementalProfit, from, to),
    ]);
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
  note(`scores: staged ${n.toLocaleString('en-US')} customers`);
  return staging;
}

/** Moves staged scores into customer_scores as the given model version's. */
export async function publishScores(tx: Store, staging: string, modelVersion: string): Promise<void> {
  const uplift = TRIGGER_IDS.map((t) => `uplift_score_for_${t}`).join(', ');
  // Arm k is ARM_NAMES[k]: DuckDB lists are 1-based.
  await tx.run(
    `INSERT INTO customer_scores (model_version, customer_id, baseline_conversion_probability, ${uplift},
       recommended_trigger, expected_incremental_conversion, expected_incremental_profit)
     SELECT $1, customer_id, baseline_conversion_probability, ${uplift}, list_extract($2::VARCHAR[], recommended_arm + 1),
       expected_incremental_conversion, expected_incremental_profit FROM ${staging}`,
    [modelVersion, [...ARM_NAMES]],
  );
}

export async function dropStaging(store: Store, staging: string): Promise<void> {
  await store.run(`DROP TABLE IF EXISTS ${staging}`);
}
