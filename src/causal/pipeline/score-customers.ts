import type { TriggerId } from '../../contracts/triggers.ts';
import { InvalidInput } from '../../core/errors.ts';
import { datasetAsOf } from '../../features/as-of.ts';
import { type AsOfQuery, type FeatureFrame, pointInTimeFeatures } from '../../features/point-in-time.ts';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import type { SqlValue, Store } from '../../store/store.ts';
import { scoringContextColumns } from '../campaign-context.ts';
import type { UpliftPrediction } from '../learners/types.ts';
import { PredictPool } from '../predict-pool.ts';
import { applyBinning, type BinnedMatrix } from '../trees/binning.ts';
import { frameToRawColumns } from './exposure-data.ts';
import { type CustomerScores, policyTerms, recommendRows, type ScoreOptions } from './recommend-rows.ts';
import { dropStaging, ScoreStaging } from './score-staging.ts';
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

/**
 * Rows per prediction batch: the unit in which recommending and staging overlap the predictions
 * (a batch is split across the prediction threads).
 */
const PREDICT_BATCH_ROWS = 131_072;

/** Rows [from, to) of X: subarray views, copied once into shared memory by the pool. */
function rowRange(X: BinnedMatrix, from: number, to: number): BinnedMatrix {
  return { ...X, nRows: to - from, columns: X.columns.map((c) => c.subarray(from, to)) };
}

/**
 * The frame's rows binned as the model was trained. A model that learned from the campaign's
 * context gets it too: a campaign's exposures carry their own (exposure-data.ts); customers scored
 * outside a campaign get the model's stored scoring window and the season of their as-of time.
 */
export function modelMatrix(artifact: UpliftArtifact, frame: FeatureFrame): BinnedMatrix {
  const raw = frameToRawColumns(frame);
  raw.push(
    ...scoringContextColumns(
      artifact.binning.map((b) => b.name),
      raw,
      frame.asOf,
      artifact.scoringWindow ?? null,
    ),
  );
  return applyBinning(artifact.binning, raw);
}

function aovOf(frame: FeatureFrame): Float64Array {
  const aov = frame.features.find((f) => f.name === 'aov_lifetime');
  return aov && aov.kind === 'numeric' ? aov.values : new Float64Array(frame.rowCount).fill(Number.NaN);
}

/** Predicts every trigger's uplift for the frame's rows and picks each row's best trigger (one thread). */
export function scoreFrame(
  artifact: UpliftArtifact,
  frame: FeatureFrame,
  options: ScoreOptions,
): CustomerScores {
  const prediction = artifact.model.predict(modelMatrix(artifact, frame));
  const triggers = artifact.model.armNames.slice(1) as TriggerId[];
  return recommendRows(policyTerms(triggers, aovOf(frame), options), frame.customerIds, prediction);
}

export interface ScoreAllOptions extends ScoreOptions {
  /**
   * Customers per chunk (default 500,000): the unit in which features and predictions overlap,
   * and what bounds memory. DuckDB computes one chunk's features at a time, on fewer than all
   * cores on average, while the workers predict the chunk before; every chunk's query scans the
   * event tables again, so smaller chunks cost more CPU. At 1M customers on 2 cores two chunks
   * took 40.5 s and 71 CPU s against 60.3 s and 88 CPU s for one (docs/benchmarks.md); at 100k
   * (one chunk) chunks of a quarter had cost 20-30% more than one.
   */
  chunkRows?: number;
  /** Prediction threads (default: the machine's cores). */
  threads?: number;
}

/**
 * Where a scoring run's time went. The stages overlap, so each is given as the moment it was done
 * (seconds since the start), plus the threads' own time.
 */
export interface ScoringSeconds {
  /** The last chunk's features read (DuckDB computes them while earlier chunks are predicted). */
  features_done: number;
  /** The last batch predicted (recommending and staging the earlier batches meanwhile). */
  predictions_done: number;
  /** The staging table written. */
  staged: number;
  /** Wall seconds the workers spent predicting, summed over the threads (more than CPU seconds on shared cores). */
  predict_thread_seconds: number;
  /** Main-thread seconds spent recommending and staging. */
  recommend_and_stage_seconds: number;
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
 * pipeline in which DuckDB computes the features of the next chunk while the workers predict the
 * current one (DuckDB's query leaves part of the cores idle, the workers fill them). The
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
  const starts = await chunkStarts(store, Math.max(1, Math.floor(options.chunkRows ?? 500_000)));
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
    frames.push(fetch(0));
    const customerIds: string[][] = [];
    const aov: Float64Array[] = [];
    const predictions: Promise<UpliftPrediction>[] = [];
    for (let j = 0; j < starts.length; j++) {
      const frame = await frames[j];
      // One chunk's query at a time: DuckDB already runs one on every core it has, and two at
      // once would finish both late, leaving the workers nothing to predict meanwhile.
      if (j + 1 < starts.length) frames[j + 1] = fetch(j + 1);
      customerIds.push(frame.customerIds);
      aov.push(aovOf(frame));
      const X = modelMatrix(artifact, frame);
      for (let from = 0; from < X.nRows; from += PREDICT_BATCH_ROWS) {
        const prediction = pool.predict(rowRange(X, from, Math.min(X.nRows, from + PREDICT_BATCH_ROWS)));
        prediction.catch(() => {}); // awaited below in order; this only keeps an early failure handled
        predictions.push(prediction);
      }
    }
    const featuresDone = since();
    const ids = customerIds.flat();
    const terms = policyTerms(artifact.model.armNames.slice(1) as TriggerId[], concatFloat64(aov), options);
    const staging = await ScoreStaging.open(store);
    let busy = 0;
    let predictionsDone = 0;
    try {
      // Batches arrive in row order; each is recommended and staged while the workers predict the next.
      for (const next of predictions) {
        const prediction = await next;
        predictionsDone = since();
        const t0 = performance.now();
        const at = staging.rowCount;
        const m = prediction.baseline.length;
        staging.append(recommendRows(terms, ids.slice(at, at + m), prediction, at));
        busy += performance.now() - t0;
      }
      staging.close();
    } catch (e) {
      await dropStaging(store, staging.table);
      throw e;
    }
    return {
      staging: staging.table,
      customers: staging.rowCount,
      seconds: {
        features_done: featuresDone,
        predictions_done: predictionsDone,
        staged: since(),
        predict_thread_seconds: pool.busySeconds,
        recommend_and_stage_seconds: busy / 1000,
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
