import { extname, resolve } from 'node:path';
import { TRIGGER_IDS } from '../../contracts/triggers.ts';
import { InvalidInput } from '../../core/errors.ts';
import { filePathLiteral } from '../../store/sql-literal.ts';
import type { Store } from '../../store/store.ts';
import { activeUpliftModel } from './active-model.ts';

export const SCORE_COLUMNS = [
  'customer_id',
  'baseline_conversion_probability',
  ...TRIGGER_IDS.map((t) => `uplift_score_for_${t}`),
  'recommended_trigger',
  'expected_incremental_conversion',
  'expected_incremental_profit',
] as const;

/**
 * Writes the active model's stored per-customer outputs for everyone to CSV or Parquet (by the
 * file's extension), streamed by DuckDB, so they can be checked or loaded elsewhere.
 */
export async function exportScores(
  store: Store,
  out: string,
  modelVersion?: string,
): Promise<{ file: string; rows: number; model_version: string; format: string }> {
  const model = await activeUpliftModel(store, modelVersion);
  const ext = extname(out).toLowerCase();
  const format = ext === '.csv' ? 'CSV, HEADER' : ext === '.parquet' ? 'PARQUET' : null;
  if (!format)
    throw new InvalidInput(`--out must end in .csv or .parquet, not "${ext || out}"`, [
      { name: 'out', reason: 'unknown format' },
    ]);
  const file = resolve(out);
  // COPY takes no parameters for its target or its query, so the score table is filtered
  // into a temporary table first (with the version bound as a parameter).
  const tmp = `export_scores_${process.pid}_${Date.now()}`;
  await store.run(
    `CREATE TEMP TABLE ${tmp} AS SELECT ${SCORE_COLUMNS.join(', ')} FROM customer_scores WHERE model_version = $1 ORDER BY customer_id`,
    [model.model_version],
  );
  try {
    await store.run(`COPY ${tmp} TO ${filePathLiteral(file)} (FORMAT ${format})`);
    const [{ n }] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM ${tmp}`);
    return { file, rows: n, model_version: model.model_version, format: ext.slice(1) };
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${tmp}`);
  }
}
