import { DOUBLE, type DuckDBAppender, DuckDBDataChunk, INTEGER, VARCHAR } from '@duckdb/node-api';
import { TRIGGER_IDS } from '../../contracts/triggers.ts';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import type { Store } from '../../store/store.ts';
import { ARM_NAMES } from './exposure-data.ts';
import type { CustomerScores } from './recommend-rows.ts';

const CHUNK_TYPES = [VARCHAR, DOUBLE, ...TRIGGER_IDS.map(() => DOUBLE), INTEGER, DOUBLE, DOUBLE];
const ROWS_PER_CHUNK = 2048; // DuckDB's vector size: the most rows a data chunk holds

/**
 * A staging table of scores, from which publishScores moves them into customer_scores inside the
 * caller's transaction, so a failure leaves the previous scores intact. Scores may be appended in
 * pieces (while later customers are still being predicted). Rows go in as data chunks of whole
 * columns, the doubles copied straight from the typed arrays, rather than value by value, which
 * cost seconds at a million customers; the trigger goes in as its arm index and the version is
 * added when publishing, so only the customer ids travel as strings.
 */
export class ScoreStaging {
  private rows = 0;

  private constructor(
    readonly table: string,
    private readonly appender: DuckDBAppender,
  ) {}

  static async open(store: DuckDbStore): Promise<ScoreStaging> {
    const table = `staging_scores_${process.pid}_${Date.now()}`;
    const upliftCols = TRIGGER_IDS.map((t) => `uplift_score_for_${t} DOUBLE`).join(', ');
    await store.run(
      `CREATE TABLE ${table} (customer_id VARCHAR, baseline_conversion_probability DOUBLE, ${upliftCols},
        recommended_arm INTEGER, expected_incremental_conversion DOUBLE, expected_incremental_profit DOUBLE)`,
    );
    return new ScoreStaging(table, await store.connection.createAppender(table));
  }

  get rowCount(): number {
    return this.rows;
  }

  append(scores: CustomerScores): void {
    const { prediction } = scores;
    const doubles = (a: Float64Array, from: number, to: number) =>
      a.subarray(from, to) as unknown as number[];
    const n = scores.customerIds.length;
    for (let from = 0; from < n; from += ROWS_PER_CHUNK) {
      const to = Math.min(n, from + ROWS_PER_CHUNK);
      const chunk = DuckDBDataChunk.create(CHUNK_TYPES, to - from);
      chunk.setColumns([
        scores.customerIds.slice(from, to),
        doubles(prediction.baseline, from, to),
        ...prediction.uplift.map((u) => doubles(u, from, to)),
        scores.recommendedArm.subarray(from, to) as unknown as number[],
        doubles(scores.expectedIncrementalConversion, from, to),
        doubles(scores.expectedIncrementalProfit, from, to),
      ]);
      this.appender.appendDataChunk(chunk);
    }
    this.rows += n;
  }

  /** Writes what is appended; the table is then ready for publishScores. */
  close(): string {
    this.appender.flushSync();
    this.appender.closeSync();
    return this.table;
  }
}

/** Moves staged scores into customer_scores as the given model version's. */
export async function publishScores(tx: Store, staging: string, modelVersion: string): Promise<void> {
  const uplift = TRIGGER_IDS.map((t) => `uplift_score_for_${t}`).join(', ');
  // Arm k is ARM_NAMES[k]; DuckDB lists are 1-based.
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
